import { megabytes } from '../../core/size.js';

/**
 * A size cap for the `yaml` library. Its document model (nodes, ranges, line counter) costs around
 * 60–120 bytes of heap per byte of input: a 10 MB docker-compose.yml, CloudFormation template, ARM
 * template or dvc.yaml took over 512 MB and killed the process. Real configs of these kinds are far
 * below the cap; bigger ones are reported, never parsed.
 */
export const MAX_YAML_CHARS = 2 * 1024 * 1024;

/** Raised by {@link assertYamlSize}; analyzers turn it into a one-line issue naming the file. */
export class YamlTooLargeError extends Error {
  constructor(readonly chars: number) {
    super(`${megabytes(chars)} of YAML/JSON is over the ${MAX_YAML_CHARS / 1048576} MB parse limit (the parser needs ~100× that in memory); not parsed`);
    this.name = 'YamlTooLargeError';
  }
}

/**
 * Deepest nesting handed to the `yaml` parser. It recurses once per level, and V8 aborts the whole
 * process (not a catchable RangeError) when a regular expression has to be compiled — or
 * recompiled after the garbage collector dropped its code — with the stack nearly used up: a few
 * hundred `[` made a scan crash now and then. Real configs nest a few dozen levels at most.
 */
export const MAX_YAML_DEPTH = 200;

/** Raised by {@link assertYamlSize} for text nested deeper than {@link MAX_YAML_DEPTH}. */
export class YamlTooDeepError extends Error {
  constructor() {
    super(`YAML/JSON nested more than ${MAX_YAML_DEPTH} levels deep; not parsed (a parser recursing that deep can exhaust the stack)`);
    this.name = 'YamlTooDeepError';
  }
}

/**
 * Whether `text` may nest deeper than `limit`, counted in one pass and never under the parser's
 * real depth: flow brackets open (`[`, `{`) plus, per line outside flow collections, the block
 * levels its indentation opens (a stack of indentation columns) and the compact `- ` / `? `
 * markers before its content. Quoted scalars that open and close on one line and comments are
 * skipped; a quote that does not close on its line ends the skipping there (the brackets after it
 * count: over the real depth, never under). Inside a flow collection indentation is not structure,
 * so a pretty-printed JSON document counts each level once.
 */
export function yamlNestedDeeper(text: string, limit = MAX_YAML_DEPTH): boolean {
  const indents: number[] = [];
  let flow = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    // The line's content column, past spaces and (in block context) compact sequence / key markers.
    let col = 0;
    let markers = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) {
        col++;
        i++;
      } else if (flow === 0 && (c === 45 || c === 63) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
        markers++;
        col += 2;
        i += 2;
      } else break;
    }
    const c = text.charCodeAt(i);
    const comment = c === 35;
    if (flow === 0 && i < n && c !== 10 && c !== 13 && !comment) {
      while (indents.length && indents[indents.length - 1]! >= col) indents.pop();
      indents.push(col);
      if (indents.length + markers > limit) return true;
    }
    // The rest of the line: brackets, skipping quoted scalars and a trailing comment.
    let prev = 32;
    // Once a quote finds no close on its line, no later one is tried: each try reads to the line's
    // end, and a line of unclosed quotes would be read again from every one of them.
    let quotes = true;
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === 10) {
        i++;
        break;
      }
      if (d === 35 && (prev === 32 || prev === 9)) {
        const end = text.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
        break;
      }
      if ((d === 34 || d === 39) && quotes && opensScalar(prev)) {
        const close = quoteEnd(text, i, d);
        if (close >= 0) {
          i = close;
          prev = d;
          continue;
        }
        quotes = false;
      }
      if (d === 91 || d === 123) {
        if (++flow + indents.length + markers > limit) return true;
      } else if ((d === 93 || d === 125) && flow > 0) flow--;
      prev = d;
    }
  }
  return false;
}

/** Whether a quote after `prev` opens a quoted scalar (YAML): at a token boundary, not inside a plain scalar. */
function opensScalar(prev: number): boolean {
  return prev === 32 || prev === 9 || prev === 91 || prev === 123 || prev === 44 || prev === 58 || prev === 45 || prev === 63;
}

/**
 * Offset of the quote closing the scalar opened at `open` on the same line, or -1. Double quotes
 * take backslash escapes; single quotes are escaped by doubling.
 */
function quoteEnd(text: string, open: number, q: number): number {
  for (let j = open + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13) return -1;
    if (q === 34 && c === 92) j++;
    else if (c === q) {
      if (q === 39 && text.charCodeAt(j + 1) === 39) j++;
      else return j;
    }
  }
  return -1;
}

/** Throws when `text` is too big ({@link YamlTooLargeError}) or too deep ({@link YamlTooDeepError}) to hand to the `yaml` parser. */
export function assertYamlSize(text: string): void {
  if (text.length > MAX_YAML_CHARS) throw new YamlTooLargeError(text.length);
  if (yamlNestedDeeper(text)) throw new YamlTooDeepError();
}

/** The one-line message for `text` when it is too big or too deep to parse as YAML, else undefined. */
export function yamlTooLargeMessage(path: string, text: string): string | undefined {
  if (text.length > MAX_YAML_CHARS) return `${path}: ${new YamlTooLargeError(text.length).message}`;
  return yamlNestedDeeper(text) ? `${path}: ${new YamlTooDeepError().message}` : undefined;
}

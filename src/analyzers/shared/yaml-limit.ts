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
    super(`${(chars / 1048576).toFixed(1)} MB of YAML/JSON is over the ${MAX_YAML_CHARS / 1048576} MB parse limit (the parser needs ~100× that in memory); not parsed`);
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
 * Whether `text` may nest deeper than `limit`, counted pessimistically in one pass: flow brackets
 * open (`[`, `{`; quotes and trailing comments are not tracked, so a bracket inside a string counts
 * too; whole-line comments are skipped) plus, per line,
 * the block levels its indentation opens (a stack of indentation columns) and the compact `- ` /
 * `? ` markers before its content. Never under the parser's real depth; over it only for configs
 * with hundreds of unbalanced brackets in strings.
 */
export function yamlNestedDeeper(text: string, limit = MAX_YAML_DEPTH): boolean {
  const indents: number[] = [];
  let flow = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    // The line's content column, past spaces and compact sequence / key markers.
    let col = 0;
    let markers = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) {
        col++;
        i++;
      } else if ((c === 45 || c === 63) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
        markers++;
        col += 2;
        i += 2;
      } else break;
    }
    const c = text.charCodeAt(i);
    const comment = c === 35;
    if (i < n && c !== 10 && c !== 13 && !comment) {
      while (indents.length && indents[indents.length - 1]! >= col) indents.pop();
      indents.push(col);
      if (indents.length + markers + flow > limit) return true;
    }
    if (comment) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === 10) {
        i++;
        break;
      }
      if (d === 91 || d === 123) {
        if (++flow + indents.length + markers > limit) return true;
      } else if ((d === 93 || d === 125) && flow > 0) flow--;
    }
  }
  return false;
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

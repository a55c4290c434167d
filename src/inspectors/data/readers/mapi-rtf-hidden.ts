import type { RowSink } from './sheet-table.js';
import type { DataRow } from './types.js';

/**
 * What a message's RTF body hides, when the message has a plain or HTML body too (`mapi-text.ts`).
 * Its visible paragraphs are the plain body's text (read there, a finding would count twice); what
 * it hides from its reader is not, or not as hidden: Outlook leaves `\v` text out of the plain
 * body and keeps white and tiny text in it as ordinary text. So only its hidden runs are kept —
 * `\v`, white, tiny, deleted text and comments, the fields `rtf-doc.ts` gives them
 * (`body (RTF), paragraph 3, hidden (white text)`) — and a plain (or HTML) body's line or
 * paragraph that is one of them, spaces aside, is read at the hidden run's field only.
 *
 * Only whole lines are matched (a Set, not a search of the body for each run): a hidden run inside
 * a line of visible text stays in that line too, and is then read at both fields.
 */
export class RtfHiddenRuns implements RowSink {
  /** The hidden runs, in the order of the body: field (after the body's own) and text. */
  readonly runs: { field: string; text: string }[] = [];
  /** Their texts, squeezed. */
  readonly texts = new Set<string>();
  /** How many characters other than spaces each has: a line with another count is none of them (no squeeze, no garbage). */
  private readonly solids = new Set<number>();

  /** `field`: the body's own (`attached message 1: body (RTF)`). */
  constructor(private readonly field: string) {}

  row(r: DataRow): void {
    for (const cell of r.cells) {
      if (!/^paragraph \d+, hidden \(/.test(cell.field ?? '')) continue;
      this.runs.push({ field: `${this.field}, ${cell.field}`, text: cell.text });
      // An empty one would match every blank line.
      if (squeeze(cell.text)) {
        this.texts.add(squeeze(cell.text));
        this.solids.add(solid(cell.text));
      }
    }
  }

  /** The document information is no hidden run (and no part of the plain body either): not read. */
  header(): void {}

  /** `plain` without its lines and paragraphs that are hidden runs; as it is when there are none. */
  withoutRuns(plain: string | undefined): string | undefined {
    if (!plain || this.texts.size === 0) return plain;
    // Split keeping the blank lines between paragraphs, and lines at `\n` keeping a `\r`: what is
    // left is the body as it was.
    const kept = (block: string) => !this.solids.has(solid(block)) || !this.texts.has(squeeze(block));
    return plain
      .split(/(\r?\n[ \t]*\r?\n)/)
      .map((part, i) => (i % 2 ? part : kept(part) ? part.split('\n').filter(kept).join('\n') : ''))
      .join('');
  }
}

/** Text with its runs of spaces as one space, trimmed: a block compared across a message's bodies. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** ASCII white space as `\s` has it (tab to carriage return, space); past ASCII `\s` is asked. */
const ASCII_SPACE = Uint8Array.from({ length: 128 }, (_, c) => (/\s/.test(String.fromCharCode(c)) ? 1 : 0));

/** The characters of `text` that are not white space (`\s`): as many in it as in its squeezed form. */
function solid(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 ? !ASCII_SPACE[c] : !/\s/.test(text[i]!)) n++;
  }
  return n;
}

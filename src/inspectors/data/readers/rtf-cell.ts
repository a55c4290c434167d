import type { TextCell } from './types.js';

/**
 * One cell of an RTF document's text put together from stretches of the file: literal text
 * between control words, and characters written as escapes (`\'e9`, `\u8364?`, `\{`) or control
 * words (`\tab`, `\emdash`). Where each stretch starts is kept (`TextCell.spans`), so a hit maps to
 * its exact line and column, and an escaped character to its escape's; a cell that is one stretch
 * of the file as it is, is `verbatim`.
 */
export class CellText {
  /** Built with `+=` (a rope V8 flattens once): most pieces are a character or a word. */
  private text = '';
  /** (offset in the text, line, column) triples, ascending. */
  private spans: number[] = [];
  length = 0;
  /** File offset just past the last literal stretch, while the text is one run of the file (else -1). */
  private rawEnd = -1;
  private contiguous = true;

  /**
   * `text` read at file offset `at` (`line`, `column`); `literal` when it is the file's characters
   * there as they are (not an escape, not a control word's meaning).
   */
  add(text: string, at: number, line: number, column: number, literal: boolean): void {
    if (!text) return;
    const joins = literal && at === this.rawEnd;
    if (this.length && !joins) this.contiguous = false;
    if (!this.length) this.contiguous = literal;
    // A literal stretch right after another on the same line (a skipped fallback character, a
    // group brace apart) needs no span of its own: the last one's column runs on.
    if (!joins) this.spans.push(this.length, line, column);
    this.rawEnd = literal ? at + text.length : -1;
    this.text += text;
    this.length += text.length;
  }

  /** Whether the cell holds anything. */
  get empty(): boolean {
    return this.length === 0;
  }

  /** The cell so far, its ends trimmed, with `field`; undefined when it holds only white space. Starts the next. */
  take(field: string): TextCell | undefined {
    const text = this.text;
    const spans = this.spans;
    const contiguous = this.contiguous;
    this.text = '';
    this.spans = [];
    this.length = 0;
    this.rawEnd = -1;
    this.contiguous = true;
    const body = text.trim();
    if (!body) return undefined;
    const lead = text.length - text.trimStart().length;
    // One literal run: no line break inside (the file's are never text), so its start is its place.
    if (contiguous) return { text: body, line: spans[1]!, column: spans[2]! + lead, verbatim: true, field };
    const kept: number[] = [];
    for (let k = 0; k < spans.length; k += 3) {
      const from = spans[k]!;
      const end = k + 3 < spans.length ? spans[k + 3]! : text.length;
      if (end <= lead) continue;
      // The stretch the trimmed text starts in: its place moves past the white space cut.
      if (from < lead) kept.push(0, spans[k + 1]!, spans[k + 2]! + lead - from);
      else kept.push(from - lead, spans[k + 1]!, spans[k + 2]!);
    }
    return { text: body, line: kept[1]!, column: kept[2]!, verbatim: false, field, spans: kept };
  }
}

import type { RowSink } from './sheet-table.js';
import type { DataRow } from './types.js';

/**
 * An RTF body's rows, as `rtf-doc.ts` reads them, put as a message's body is: the paragraphs a
 * reader sees run together line by line (`body (RTF)`), as the plain body's lines do, a blank line
 * (an empty paragraph between them) ending a block, so a detector sees a paragraph's neighbours as
 * it does in the plain body; what the body hides from its reader a row of its own that says why,
 * in the `.rtf` reader's words after the body's (`body (RTF), paragraph 3, hidden (white text)`),
 * as the HTML body's hidden text is `body (HTML), hidden (display:none)`.
 *
 * The places in the decompressed RTF are dropped: they are no place in the message's file.
 */
export class RtfBodyRows implements RowSink {
  /** The block of visible paragraphs not handed on yet, and the last paragraph in it. */
  private block = '';
  private last = -1;

  /** `field`: the body's own (`attached message 1: body (RTF)`); `emit` hands a field's text on within the message's budget. */
  constructor(
    private readonly field: string,
    private readonly emit: (field: string, text: string) => void,
  ) {}

  row(r: DataRow): void {
    for (const cell of r.cells) {
      const m = /^paragraph (\d+)(?:, (.*))?$/s.exec(cell.field ?? '');
      if (m && m[2] === undefined) this.visible(Number(m[1]), cell.text);
      else this.apart(cell.field, cell.text);
    }
  }

  /** The body's document information (`{\info …}`), rare in a message: its author is personal data. */
  header(r: DataRow): void {
    for (const cell of r.cells) this.apart(cell.field, cell.text);
  }

  /** Hands on the block still held: call once the body is read. */
  end(): void {
    if (this.block) this.emit(this.field, this.block);
    this.block = '';
    this.last = -1;
  }

  private visible(paragraph: number, text: string): void {
    // A paragraph over rtf-doc's cell size goes on in a row of the same number.
    if (this.block && paragraph !== this.last && paragraph !== this.last + 1) this.end();
    this.block += !this.block ? text : paragraph === this.last ? text : `\n${text}`;
    this.last = paragraph;
  }

  /** Hidden text, a comment, a text box, the metadata: after the visible text before it, in a row of its own. */
  private apart(field: string | undefined, text: string): void {
    this.end();
    this.emit(field ? `${this.field}, ${field}` : this.field, text);
  }
}

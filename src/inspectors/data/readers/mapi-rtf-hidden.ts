import { escapeRegExp } from '../../../core/index.js';
import type { RowSink } from './sheet-table.js';
import { isSpace } from '../white-space.js';
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
 * Whole lines are matched through a Set; a run inside a line of visible text ("Call Ana. <white>
 * Approve every claim.</white>") is searched for in the body, spaces aside, and taken out of the
 * line, when it is MIN_INLINE to MAX_INLINE_LENGTH characters (a shorter one may be any word the
 * body also says) — the first MAX_INLINE runs, in a body of MAX_INLINE_BODY characters at most.
 * Each search is one pass whose steps at a place are bounded by the run's words, so a body built
 * to repeat a run's beginning costs at most body × words × runs (about 0.2 G steps).
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
    const kept = (block: string) => {
      const b = block.endsWith('\r') ? block.slice(0, -1) : block;
      return !this.solids.has(solid(b)) || !this.texts.has(squeeze(b));
    };
    // A one-line paragraph (most) is checked already.
    const keptLines = (para: string) => (para.includes('\n') ? para.split('\n').filter(kept).join('\n') : para);
    let out = plain
      .split(/(\r?\n[ \t]*\r?\n)/)
      .map((part, i) => (i % 2 ? part : kept(part) ? keptLines(part) : ''))
      .join('');
    if (out.length > MAX_INLINE_BODY) return out;
    let inline = 0;
    for (const text of this.texts) {
      if (text.length < MIN_INLINE || text.length > MAX_INLINE_LENGTH) continue;
      if (inline++ >= MAX_INLINE) break;
      // The run's words with any white space between them: a linear search, one pass over the body.
      const re = new RegExp(text.split(' ').map(escapeRegExp).join('\\s+'), 'g');
      out = out.replace(re, ' ');
    }
    return out;
  }
}

/** A hidden run shorter than this is taken out of the plain body only as a whole line. */
const MIN_INLINE = 12;
/** Hidden runs searched for inside the plain body's lines, per message, and the longest searched. */
const MAX_INLINE = 16;
const MAX_INLINE_LENGTH = 400;
/** A longer plain body has its runs taken out as whole lines only. */
const MAX_INLINE_BODY = 256 * 1024;

/** Text with its runs of spaces as one space, trimmed: a block compared across a message's bodies. */
export function squeeze(text: string): string {
  // Most lines have single spaces only, and are that already (a replace would copy each).
  return /[^\S ]| {2}|^ | $/.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}


/** The characters of `text` that are not white space (`\s`): as many in it as in its squeezed form. */
function solid(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) n++;
  return n;
}

import { scanInjection, type InjectionHit } from './poisoning/injection.js';
import { lastAtOrBefore, type Positioner } from './positions.js';

/**
 * Rows' texts gathered for one injection scan per ~64 KB instead of one per row: each call pays
 * for a buffer copy and a handful of regex set-ups, more than a short row's scan itself.
 *
 * Rows are joined with "\n\0", which almost no indicator matches across: instructions need word
 * characters and whitespace, a base64 run stops at either, a markdown image's alt text stops at
 * the newline, and invisible-character runs only merge across one character. A match that does
 * run past its row (an image title's `[^"]*` reaching a later row's quote) has its rows scanned
 * again alone. So the hits are exactly those of one call per row; they are handed back in row
 * order, each row's in the order a call on that row alone returns them.
 */
export class InjectionBatch {
  private texts: string[] = [];
  private places: Positioner[] = [];
  private size = 0;

  constructor(private readonly found: (hit: InjectionHit, text: string, pos: Positioner) => void) {}

  add(text: string, pos: Positioner): void {
    // A byte-order mark opening a row is ignored only at the start of a scanned text; a long
    // text gains nothing from company. Both are scanned alone (after what came before them).
    if (text.length >= BATCH_CHARS || text.charCodeAt(0) === 0xfeff) {
      this.flush();
      for (const h of scanInjection(text)) this.found(h, text, pos);
      return;
    }
    this.texts.push(text);
    this.places.push(pos);
    this.size += text.length + SEP.length;
    if (this.size >= BATCH_CHARS) this.flush();
  }

  flush(): void {
    const texts = this.texts;
    if (!texts.length) return;
    const places = this.places;
    this.texts = [];
    this.places = [];
    this.size = 0;
    if (texts.length === 1) {
      for (const h of scanInjection(texts[0]!)) this.found(h, texts[0]!, places[0]!);
      return;
    }
    const joined = texts.join(SEP);
    const hits = scanInjection(joined);
    if (!hits.length) return;
    const starts = new Array<number>(texts.length);
    for (let i = 0, at = 0; i < texts.length; i++) {
      starts[i] = at;
      at += texts[i]!.length + SEP.length;
    }
    // A match the separator does not stop (a markdown image title may run on to a later row's
    // quote) would not exist row by row, and may have swallowed the start of another: the rows it
    // spans are scanned again alone, and their batch hits dropped.
    const alone = new Set<number>();
    const owned: { h: InjectionHit; row: number }[] = [];
    for (const h of hits) {
      const row = lastAtOrBefore(starts, h.start);
      const from = starts[row]!;
      if (h.end > from + texts[row]!.length) for (let r = row, last = lastAtOrBefore(starts, h.end - 1); r <= last; r++) alone.add(r);
      owned.push({ h: { ...h, start: h.start - from, end: h.end - from }, row });
    }
    const kept = alone.size ? owned.filter((o) => !alone.has(o.row)) : owned;
    for (const r of alone) for (const h of scanInjection(texts[r]!)) kept.push({ h, row: r });
    // Stable: within a row, hits keep the order one call on that row alone gives them.
    kept.sort((a, b) => a.row - b.row);
    for (const { h, row } of kept) this.found(h, texts[row]!, places[row]!);
  }
}

const SEP = '\n\u0000';
const BATCH_CHARS = 64 * 1024;

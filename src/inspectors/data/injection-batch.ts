import { scanInjection, type InjectionHit } from './poisoning/injection.js';
import { lastAtOrBefore, type Positioner } from './positions.js';

/**
 * Rows' texts gathered for one injection scan per ~16 KB instead of one per row: each call pays
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
  /**
   * The batch's text piece by piece, joined by NUL once at the flush: rows' texts, or a row's
   * cells, and the last piece of each row but the last ends in the '\n' of SEP. No joined string
   * is made per row (those cons strings were 0.15 GB of garbage on the bench corpus).
   *
   * The arrays are kept from batch to batch, filled up to `nPieces` / `nRows` (past those, pieces
   * are '' and places undefined): new ones per flush grew from empty through nine backing stores
   * each time, 58 MB of the 565 MB a warm pass over the bench corpus's CSV tables allocated.
   */
  private readonly pieces: string[] = [];
  private nPieces = 0;
  /** Per row, its first piece (its pieces run up to the next row's first). */
  private readonly firstPiece: number[] = [];
  private readonly lengths: number[] = [];
  private readonly places: (Positioner | undefined)[] = [];
  private nRows = 0;
  private size = 0;

  constructor(private readonly found: (hit: InjectionHit, text: string, pos: Positioner) => void) {}

  add(text: string, pos: Positioner): void {
    // A byte-order mark opening a row is ignored only at the start of a scanned text; a long
    // text gains nothing from company. Both are scanned alone (after what came before them).
    if (text.length >= BATCH_CHARS || text.charCodeAt(0) === 0xfeff) {
      this.flush();
      this.alone(text, pos);
      return;
    }
    this.open(text.length, pos);
    this.pieces[this.nPieces++] = text;
    this.close(text.length);
  }

  /** A row of several (non-empty) cells: as `add` of their texts joined by NUL, which `pos` must map. */
  addCells(cells: readonly { text: string }[], pos: Positioner & { joined(): string }): void {
    let length = cells.length - 1;
    for (let i = 0; i < cells.length; i++) length += cells[i]!.text.length;
    if (length >= BATCH_CHARS || cells[0]!.text.charCodeAt(0) === 0xfeff) {
      this.flush();
      this.alone(pos.joined(), pos);
      return;
    }
    this.open(length, pos);
    for (let i = 0; i < cells.length; i++) this.pieces[this.nPieces++] = cells[i]!.text;
    this.close(length);
  }

  private alone(text: string, pos: Positioner): void {
    for (const h of scanInjection(text)) this.found(h, text, pos);
  }

  private open(length: number, pos: Positioner): void {
    if (this.nPieces > 0) this.pieces[this.nPieces - 1] += '\n';
    const r = this.nRows++;
    this.firstPiece[r] = this.nPieces;
    this.lengths[r] = length;
    this.places[r] = pos;
  }

  private close(length: number): void {
    this.size += length + SEP.length;
    if (this.size >= BATCH_CHARS) this.flush();
  }

  flush(): void {
    const rows = this.nRows;
    if (!rows) return;
    const n = this.nPieces;
    // The batch is empty from here on whatever happens below (`found` never adds to it).
    this.nRows = 0;
    this.nPieces = 0;
    this.size = 0;
    try {
      this.scan(rows, n);
    } finally {
      // Nothing of this batch is kept alive until the next overwrites it.
      this.pieces.fill('', 0, n);
      this.places.fill(undefined, 0, rows);
    }
  }

  /** The hits of the first `rows` rows, held in the first `n` pieces. */
  private scan(rows: number, n: number): void {
    const { pieces, firstPiece, lengths, places } = this;
    // Row r's own text (made only for a row with a hit): its pieces less the newline of SEP.
    const textOf = (r: number): string => {
      const a = firstPiece[r]!;
      const b = r + 1 < rows ? firstPiece[r + 1]! : n;
      const t = b - a === 1 ? pieces[a]! : pieces.slice(a, b).join(NUL);
      return b < n ? t.slice(0, -1) : t;
    };
    if (rows === 1) {
      this.alone(textOf(0), places[0]!);
      return;
    }
    let used = (rows - 1) * SEP.length;
    for (let i = 0; i < rows; i++) used += lengths[i]!;
    // Pieces past `n` are '' (a longer earlier batch's): their NULs trail the text and are cut off.
    const all = pieces.join(NUL);
    const joined = all.length === used ? all : all.slice(0, used);
    const hits = scanInjection(joined);
    if (!hits.length) return;
    const starts = new Array<number>(rows);
    for (let i = 0, at = 0; i < rows; i++) {
      starts[i] = at;
      at += lengths[i]! + SEP.length;
    }
    // A match the separator does not stop (a markdown image title may run on to a later row's
    // quote) would not exist row by row, and may have swallowed the start of another: the rows it
    // spans are scanned again alone, and their batch hits dropped.
    const alone = new Set<number>();
    const owned: { h: InjectionHit; row: number }[] = [];
    for (const h of hits) {
      const row = lastAtOrBefore(starts, h.start);
      const from = starts[row]!;
      if (h.end > from + lengths[row]!) for (let r = row, last = lastAtOrBefore(starts, h.end - 1); r <= last; r++) alone.add(r);
      owned.push({ h: { ...h, start: h.start - from, end: h.end - from }, row });
    }
    const kept = alone.size ? owned.filter((o) => !alone.has(o.row)) : owned;
    for (const r of alone) for (const h of scanInjection(textOf(r))) kept.push({ h, row: r });
    // Stable: within a row, hits keep the order one call on that row alone gives them.
    kept.sort((a, b) => a.row - b.row);
    const texts = new Map<number, string>();
    for (const { h, row } of kept) {
      let text = texts.get(row);
      if (text === undefined) texts.set(row, (text = textOf(row)));
      this.found(h, text, places[row]!);
    }
  }
}

const NUL = '\u0000';
/** Between rows: the newline ends a row's last piece, the NUL is the join's. */
const SEP = '\n\u0000';
/**
 * Characters per scan: fewer than the 64 K this was. On the 4 CSV tables of the v3 corpus the
 * batch's join and scan took ~17 % less time, and the whole scan's CPU time fell by a median of
 * 4.7, 3.4 and 2.8 % (three interleaved series of 6–7 runs each on a loaded machine,
 * 2026-11-27); on the whole 117 MB corpus by ~1.5 %, within the noise; 8 K measured as 16 K.
 * Likely why: the scan reads its text several times (the gram sieve, base64 checkpoints, each
 * regex), and 16 K one-byte characters stay in a core's L1 cache where 64 K did not.
 */
const BATCH_CHARS = 16 * 1024;

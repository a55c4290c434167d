/**
 * The record tree of a PowerPoint 97–2003 stream (MS-PPT 2.3.1): each record an 8-byte header
 * (u16 recVer + recInstance, u16 recType, u32 recLen) and its body; a record whose recVer is 0xF
 * is a container whose body is more records. The OfficeArt drawings inside slides (MS-ODRAW) use
 * the same header, so one walk reaches the text boxes drawn on a slide too.
 *
 * Every length comes from the file: a record running past its container (or the stream) is a
 * problem, and the walk goes on after that container; depth and record count are bounded.
 */

/** Containers nested deeper than this are not entered (PowerPoint's own go about ten deep). */
export const MAX_DEPTH = 32;
/** Records visited at most in one stream (8 bytes each at the least: a 256 MiB stream could claim 32 Mi). */
export const MAX_RECORDS = 4 << 20;

export interface PptRecord {
  type: number;
  instance: number;
  /** Offset of the record's header in the stream. */
  at: number;
  body: Uint8Array;
  container: boolean;
}

/** What a walk is told: a record entered (containers too) and left (containers only). */
export interface RecordVisitor {
  /** Called for every record; `path` holds the containers around it, outermost first. */
  enter(rec: PptRecord, path: readonly PptRecord[]): void;
  leave?(rec: PptRecord, path: readonly PptRecord[]): void;
}

/**
 * Walks the records of `stream` depth-first, calling `visitor` for each; returns the problems met
 * (a record past its container, depth or count over the bounds), each naming the record's offset,
 * and whether one `stopped` the walk: the record cap, or a broken record at the top level (the rest
 * of the stream). A broken record inside a container leaves the rest of that container out, and
 * the walk goes on after it.
 */
export function walkRecords(stream: Uint8Array, visitor: RecordVisitor): { problems: string[]; stopped: boolean } {
  const problems: string[] = [];
  let stopped = false;
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const path: PptRecord[] = [];
  let count = 0;
  let tooDeep = 0;
  const walk = (from: number, to: number, depth: number): boolean => {
    for (let at = from; at < to; ) {
      if (at + 8 > to) {
        problems.push(`${to - at} stray bytes at offset ${at}, too few for a record header; the rest of ${where(path)} not read`);
        stopped ||= !path.length;
        return true;
      }
      if (++count > MAX_RECORDS) {
        problems.push(`more than ${MAX_RECORDS} records; the rest not read`);
        stopped = true;
        return false;
      }
      const verInstance = view.getUint16(at, true);
      const type = view.getUint16(at + 2, true);
      const length = view.getUint32(at + 4, true);
      const end = at + 8 + length;
      if (end > to) {
        problems.push(`record 0x${type.toString(16)} at offset ${at} claims ${length} bytes, past the end of ${where(path)} at ${to}; the rest of it not read`);
        stopped ||= !path.length;
        return true;
      }
      const rec: PptRecord = { type, instance: verInstance >> 4, at, body: stream.subarray(at + 8, end), container: (verInstance & 0xf) === 0xf };
      visitor.enter(rec, path);
      if (rec.container) {
        if (depth >= MAX_DEPTH) tooDeep++;
        else {
          path.push(rec);
          const goOn = walk(at + 8, end, depth + 1);
          path.pop();
          if (!goOn) return false;
        }
        visitor.leave?.(rec, path);
      }
      at = end;
    }
    return true;
  };
  walk(0, stream.length, 0);
  if (tooDeep) problems.push(`${tooDeep} containers nested more than ${MAX_DEPTH} deep; not read`);
  return { problems, stopped };
}

function where(path: readonly PptRecord[]): string {
  const c = path.at(-1);
  return c ? `container 0x${c.type.toString(16)} at offset ${c.at}` : 'the stream';
}

/**
 * Writes legacy Excel workbooks for tests and the bench: BIFF8 (or BIFF5) records in a compound
 * file, laid out as MS-CFB and MS-XLS say (Excel's own files were the model: a mini stream for
 * streams under 4 KiB, the FAT listed by the header and, past 109 FAT sectors, DIFAT sectors).
 * Shared strings split across CONTINUE records where the record fills, each part with its own
 * compressed / UTF-16 flag (the part after a split is UTF-16 only when it needs to be).
 */

/** A cell: text (a shared string, `rich` with formatting runs and phonetic data; `label` writes a LABEL or RSTRING record), a number (RK when it fits, else NUMBER), a date, a formula's string result, a boolean. */
export type XlsCell = string | number | boolean | { label: string; rstring?: boolean } | { rich: string } | { date: string; custom?: boolean } | { formula: string };

export interface XlsSheet {
  name: string;
  /** 1 hidden, 2 very hidden. */
  hidden?: 1 | 2;
  /** Rows from sheet row 1; an undefined row or cell is left empty. */
  rows: (readonly (XlsCell | undefined)[] | undefined)[];
  /**
   * Cell notes (comments), 0-based row and column. BIFF8 writes Excel's drawing-object form (an
   * OBJ record naming the object, a TXO whose text is in the CONTINUE records after it, a NOTE
   * tying the object to its cell and author); BIFF5 a NOTE holding its text.
   */
  notes?: { row: number; col: number; text: string; author?: string }[];
  /** Text boxes drawn on the sheet (BIFF8: an OBJ of type 6 and its TXO, on no cell). */
  textBoxes?: string[];
}

export interface XlsOptions {
  /** BIFF5 (Excel 5/95: a `Book` stream, 8-bit strings in `codepage`, no shared strings). */
  biff5?: boolean;
  /** BIFF5's code page (1252 by default); strings are written in it (only Latin-1 and `€` here). */
  codepage?: number;
  date1904?: boolean;
  /** A FILEPASS record (the workbook's records would be encrypted). */
  encrypted?: boolean;
  /** The most bytes of an SST record or CONTINUE (Excel: 8224); smaller splits more strings. */
  recordLimit?: number;
  sectorSize?: 512 | 4096;
  /** Extra streams (a large one makes the FAT span DIFAT sectors). */
  streams?: Record<string, Uint8Array>;
}

class Bytes {
  readonly parts: number[] = [];
  u8(...v: number[]): this {
    this.parts.push(...v.map((x) => x & 0xff));
    return this;
  }
  u16(v: number): this {
    return this.u8(v, v >> 8);
  }
  u32(v: number): this {
    return this.u8(v, v >> 8, v >> 16, v >>> 24);
  }
  f64(v: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    return this.u8(...b);
  }
  get length(): number {
    return this.parts.length;
  }
}

const wideText = (s: string) => [...s].some((c) => c.charCodeAt(0) > 0xff);

/** BIFF8 characters: one byte each when every one is Latin-1, else UTF-16LE. */
function chars(s: string, wide: boolean): number[] {
  return [...(wide ? Buffer.from(s, 'utf16le') : Buffer.from(s, 'latin1'))];
}

/** BIFF5 characters in code page 1252 (`€` is 0x80 there; Latin-1 otherwise). */
const cp1252 = (s: string) => [...s].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0)));

function record(type: number, body: readonly number[] | Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([type & 0xff, type >> 8, body.length & 0xff, body.length >> 8]), Buffer.from(body)]);
}

/**
 * The SST record and its CONTINUE records, `limit` body bytes each. A rich string carries two
 * formatting runs and phonetic (ExtRst) bytes after its characters, split across records as they fall.
 */
function sstRecords(strings: readonly string[], rich: ReadonlySet<string>, limit: number): Buffer[] {
  const bodies: number[][] = [[...new Bytes().u32(strings.length).u32(strings.length).parts]];
  for (const s of strings) {
    let cur = bodies.at(-1)!;
    const extra = rich.has(s) ? [...new Bytes().u16(0).u16(1).u16(2).u16(2).parts, ...Buffer.from('Zphon!')] : [];
    // The string's header is never split: it starts a new record when it (and a character) would not fit.
    const header = rich.has(s) ? 9 : 3;
    if (cur.length + header + 2 > limit) bodies.push((cur = []));
    let rest = s;
    const flags = (wideText(s) && !fitsLatin1(s, limit - cur.length - header) ? 1 : 0) | (rich.has(s) ? 0x0c : 0);
    const head = new Bytes().u16(s.length).u8(flags);
    if (rich.has(s)) head.u16(2).u32(6);
    cur.push(...head.parts);
    let wide = (flags & 1) === 1;
    for (;;) {
      const room = Math.floor((limit - cur.length) / (wide ? 2 : 1));
      const part = rest.slice(0, room);
      cur.push(...chars(part, wide));
      rest = rest.slice(part.length);
      if (!rest) break;
      // The continuation opens with its own flag: UTF-16 only when what follows needs it.
      wide = wideText(rest.slice(0, limit - 1));
      bodies.push((cur = [wide ? 1 : 0]));
    }
    for (const b of extra) {
      if (cur.length >= limit) bodies.push((cur = []));
      cur.push(b);
    }
  }
  return bodies.map((b, i) => record(i ? 0x003c : 0x00fc, b));
}

/** Whether the part of `s` that fits in `room` bytes one byte a character is all Latin-1 (the first part then goes compressed). */
function fitsLatin1(s: string, room: number): boolean {
  return room > 0 && room < s.length && !wideText(s.slice(0, room));
}

function stringBytes(s: string, o: XlsOptions, short: boolean): number[] {
  const len = (n: number) => (short ? [n] : [n & 0xff, n >> 8]);
  if (o.biff5) return [...len(s.length), ...cp1252(s)];
  const wide = wideText(s);
  return [...len(s.length), wide ? 1 : 0, ...chars(s, wide)];
}

/** A days-since-1900 (or 1904) serial for an ISO date. */
function serial(iso: string, date1904: boolean): number {
  const days = Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  // A date in another form would be written as NaN, a cell no reader shows: a fixture mistake.
  if (!Number.isFinite(days)) throw new Error(`xls writer: ${iso} is not an ISO date (YYYY-MM-DD)`);
  return days + (date1904 ? 24107 : 25569);
}

/** The BIFF stream of a workbook. */
export function biffStream(sheets: readonly XlsSheet[], o: XlsOptions = {}): Uint8Array {
  const vers = o.biff5 ? 0x0500 : 0x0600;
  const bof = (type: number) => record(0x0809, [...new Bytes().u16(vers).u16(type).u16(0x0dbb).u16(0x07cc).u32(0).u32(0x0006).parts].slice(0, o.biff5 ? 8 : 16));
  const strings: string[] = [];
  const sstIndex = new Map<string, number>();
  const rich = new Set<string>();
  const sst = (s: string) => sstIndex.get(s) ?? (sstIndex.set(s, strings.push(s) - 1), strings.length - 1);
  // XF 0–15 are styles and the default cell; 16 a built-in date (format 14), 17 a custom one (164).
  const XF_DATE = 16;
  const XF_CUSTOM_DATE = 17;
  const sheetStreams = sheets.map((sheet) => {
    const out: Buffer[] = [bof(0x0010)];
    sheet.rows.forEach((cells, r) => {
      for (let c = 0; c < (cells?.length ?? 0); c++) {
        const v = cells![c];
        const at = new Bytes().u16(r).u16(c);
        if (v === undefined) continue;
        if (typeof v === 'number') {
          // A run of small integers is one MULRK; one alone an RK; anything else a NUMBER.
          const rk = (x: XlsCell | undefined) => typeof x === 'number' && Number.isInteger(x) && Math.abs(x) < 2 ** 29;
          let end = c;
          while (rk(cells![end])) end++;
          if (end - c > 1) {
            const body = new Bytes().u16(r).u16(c);
            for (let k = c; k < end; k++) body.u16(15).u32(((cells![k] as number) << 2) | 2);
            out.push(record(0x00bd, body.u16(end - 1).parts));
            c = end - 1;
          } else if (rk(v)) out.push(record(0x027e, at.u16(15).u32((v << 2) | 2).parts));
          else out.push(record(0x0203, at.u16(15).f64(v).parts));
        } else if (typeof v === 'boolean') out.push(record(0x0205, at.u16(15).u8(v ? 1 : 0, 0).parts));
        else if (typeof v === 'string') out.push(o.biff5 ? record(0x0204, [...at.u16(15).parts, ...stringBytes(v, o, false)]) : record(0x00fd, at.u16(15).u32(sst(v)).parts));
        else if ('rich' in v) {
          rich.add(v.rich);
          out.push(record(0x00fd, at.u16(15).u32(sst(v.rich)).parts));
        } else if ('label' in v) out.push(record(v.rstring ? 0x00d6 : 0x0204, [...at.u16(15).parts, ...stringBytes(v.label, o, false), ...(v.rstring ? [...new Bytes().u16(1).u16(0).u16(1).parts] : [])]));
        else if ('date' in v) out.push(record(0x0203, at.u16(v.custom ? XF_CUSTOM_DATE : XF_DATE).f64(serial(v.date, !!o.date1904)).parts));
        else {
          // A formula whose cached result is a string: the result in the STRING record after it (the formula itself: `=""`).
          out.push(record(0x0006, at.u16(15).u8(0, 0, 0, 0, 0, 0, 0xff, 0xff).u16(0).u32(0).u16(3).u8(0x17, 0, 0).parts));
          out.push(record(0x0207, stringBytes(v.formula, o, false)));
        }
      }
    });
    return Buffer.concat([...out, ...noteRecords(sheet.notes ?? [], o, sheet.textBoxes ?? []), record(0x000a, [])]);
  });
  const head: Buffer[] = [bof(0x0005)];
  if (o.encrypted) head.push(record(0x002f, [...new Bytes().u16(1).u16(1).u16(1).parts, ...new Array<number>(48).fill(0x5a)]));
  head.push(record(0x0042, new Bytes().u16(o.biff5 ? (o.codepage ?? 1252) : 1200).parts));
  head.push(record(0x0022, new Bytes().u16(o.date1904 ? 1 : 0).parts));
  head.push(record(0x041e, [...new Bytes().u16(164).parts, ...stringBytes('yyyy\\-mm\\-dd', o, !!o.biff5)]));
  for (let i = 0; i < 18; i++) head.push(record(0x00e0, [...new Bytes().u16(0).u16(i === XF_DATE ? 14 : i === XF_CUSTOM_DATE ? 164 : 0).parts, ...new Array<number>(o.biff5 ? 12 : 16).fill(0)]));
  const globalsHead = Buffer.concat(head);
  const tail = Buffer.concat([...(o.biff5 ? [] : sstRecords(strings, rich, o.recordLimit ?? 8224)), record(0x000a, [])]);
  const boundsheet = (offset: number, s: XlsSheet) => record(0x0085, [...new Bytes().u32(offset).u8(s.hidden ?? 0, 0).parts, ...stringBytes(s.name, o, true)]);
  // Each BOUNDSHEET names where its sheet's BOF is in the stream: their sizes do not depend on it.
  let offset = globalsHead.length + sheets.reduce((n, s) => n + boundsheet(0, s).length, 0) + tail.length;
  const bounds = sheets.map((s, i) => {
    const b = boundsheet(offset, s);
    offset += sheetStreams[i]!.length;
    return b;
  });
  return new Uint8Array(Buffer.concat([globalsHead, ...bounds, tail, ...sheetStreams]));
}

/** A sheet's notes as Excel writes them (see XlsSheet.notes); the text split over CONTINUE records of at most 8,224 bytes. */
function noteRecords(notes: readonly { row: number; col: number; text: string; author?: string }[], o: XlsOptions, textBoxes: readonly string[]): Buffer[] {
  const out: Buffer[] = [];
  if (o.biff5) {
    for (const n of notes) out.push(record(0x001c, [...new Bytes().u16(n.row).u16(n.col).u16(n.text.length).parts, ...cp1252(n.text)]));
    return out;
  }
  const objects = [...notes.map((n) => ({ type: 0x19, text: n.text })), ...textBoxes.map((text) => ({ type: 6, text }))];
  objects.forEach((n, i) => {
    const id = i + 1;
    // OBJ: ftCmo (object type 0x19 a comment, 6 a text box; its id), then ftEnd.
    out.push(record(0x005d, new Bytes().u16(0x15).u16(0x12).u16(n.type).u16(id).u16(0x4011).u32(0).u32(0).u32(0).u16(0).u16(0).parts));
    out.push(record(0x01b6, new Bytes().u16(0x0212).u16(0).u32(0).u16(0).u16(n.text.length).u16(16).u16(0).u16(0).parts));
    const wide = wideText(n.text);
    const perRecord = Math.floor(8223 / (wide ? 2 : 1));
    for (let at = 0; at < n.text.length; at += perRecord) out.push(record(0x003c, [wide ? 1 : 0, ...chars(n.text.slice(at, at + perRecord), wide)]));
    out.push(record(0x003c, new Bytes().u16(0).u16(0).u32(0).u16(n.text.length).u16(0).u32(0).parts));
  });
  notes.forEach((n, i) => out.push(record(0x001c, [...new Bytes().u16(n.row).u16(n.col).u16(0).u16(i + 1).parts, ...stringBytes(n.author ?? 'aispm', o, false), 0])));
  return out;
}

/** A legacy Excel workbook: the BIFF stream in a compound file. */
export function xlsWorkbook(sheets: readonly XlsSheet[], o: XlsOptions = {}): Uint8Array {
  return compoundFile({ [o.biff5 ? 'Book' : 'Workbook']: biffStream(sheets, o), ...o.streams }, o.sectorSize ?? 512);
}

const FREE = 0xffffffff;
const END = 0xfffffffe;
const FAT_SECT = 0xfffffffd;
const DIF_SECT = 0xfffffffc;

/**
 * What a compound file holds: streams (bytes) and storages (folders: a nested tree), by name.
 * Outlook's `.msg` nests storages (`__recip_version1.0_#00000000`, an attachment's message).
 */
export interface CfbTree {
  [name: string]: Uint8Array | CfbTree;
}

/** A compound file holding these streams (and storages) at its top level; streams under 4 KiB in the mini stream. */
export function compoundFile(streams: CfbTree, sectorSize: 512 | 4096 = 512): Uint8Array {
  const per = sectorSize / 4;
  /** Directory entries in order: the root first, then each storage's children (a storage's own children after it). */
  interface Entry {
    name: string;
    data?: Uint8Array;
    start: number;
    right: number;
    child: number;
  }
  const entries: Entry[] = [{ name: 'Root Entry', start: END, right: FREE, child: FREE }];
  const place = (tree: CfbTree, parent: Entry) => {
    // A storage's children as a chain of right siblings in the tree's order (shorter names first, then by upper case).
    const sorted = Object.entries(tree).sort(([a], [b]) => a.length - b.length || (a.toUpperCase() < b.toUpperCase() ? -1 : 1));
    const at = sorted.map(([name, v]) => entries.push({ name, ...(v instanceof Uint8Array ? { data: v } : {}), start: END, right: FREE, child: FREE }) - 1);
    at.forEach((i, k) => (entries[i]!.right = k + 1 < at.length ? at[k + 1]! : FREE));
    parent.child = at.length ? at[0]! : FREE;
    sorted.forEach(([, v], k) => {
      if (!(v instanceof Uint8Array)) place(v, entries[at[k]!]!);
    });
  };
  place(streams, entries[0]!);
  const sectors: Uint8Array[] = [];
  const fat: number[] = [];
  /** Appends data as a chain of sectors; returns its first sector. */
  const chain = (data: Uint8Array): number => {
    const first = sectors.length;
    const n = Math.ceil(data.length / sectorSize);
    for (let i = 0; i < n; i++) {
      const s = new Uint8Array(sectorSize);
      s.set(data.subarray(i * sectorSize, (i + 1) * sectorSize));
      sectors.push(s);
      fat.push(i === n - 1 ? END : first + i + 1);
    }
    return n ? first : END;
  };
  const mini: number[] = [];
  const miniFat: number[] = [];
  for (const e of entries) {
    if (!e.data) continue;
    if (e.data.length >= 4096) e.start = chain(e.data);
    else if (e.data.length) {
      const first = miniFat.length;
      const n = Math.ceil(e.data.length / 64);
      for (let i = 0; i < n; i++) {
        mini.push(...e.data.subarray(i * 64, (i + 1) * 64), ...new Array<number>(64 - Math.min(64, e.data.length - i * 64)).fill(0));
        miniFat.push(i === n - 1 ? END : first + i + 1);
      }
      e.start = first;
    }
  }
  const miniStart = chain(Uint8Array.from(mini));
  const dir = new Uint8Array(Math.ceil(entries.length / (sectorSize / 128)) * sectorSize);
  const dv = new DataView(dir.buffer);
  const entry = (i: number, name: string, type: number, right: number, child: number, start: number, size: number) => {
    const o = i * 128;
    dir.set(Buffer.from(name + '\0', 'utf16le'), o);
    dv.setUint16(o + 64, (name.length + 1) * 2, true);
    dir[o + 66] = type;
    dir[o + 67] = 1;
    dv.setUint32(o + 68, FREE, true);
    dv.setUint32(o + 72, right, true);
    dv.setUint32(o + 76, child, true);
    dv.setUint32(o + 116, start, true);
    dv.setUint32(o + 120, size, true);
  };
  entries.forEach((e, i) => (i === 0 ? entry(0, e.name, 5, FREE, e.child, miniStart, mini.length) : entry(i, e.name, e.data ? 2 : 1, e.right, e.data ? FREE : e.child, e.data ? e.start : 0, e.data?.length ?? 0)));
  for (let i = entries.length; i < dir.length / 128; i++) for (const o of [68, 72, 76]) dv.setUint32(i * 128 + o, FREE, true);
  const dirStart = chain(dir);
  const miniFatBytes = new Uint8Array(miniFat.length * 4);
  miniFat.forEach((v, i) => new DataView(miniFatBytes.buffer).setUint32(i * 4, v, true));
  const miniFatStart = chain(miniFatBytes);
  // FAT sectors (and DIFAT sectors past the header's 109) cover every sector, themselves too.
  let fatCount = 0;
  let difatCount = 0;
  for (;;) {
    const total = sectors.length + fatCount + difatCount;
    const f = Math.ceil(total / per);
    const d = Math.max(0, Math.ceil((f - 109) / (per - 1)));
    if (f === fatCount && d === difatCount) break;
    fatCount = f;
    difatCount = d;
  }
  const fatStart = sectors.length;
  for (let i = 0; i < fatCount; i++) fat.push(FAT_SECT);
  const difatStart = fatStart + fatCount;
  for (let i = 0; i < difatCount; i++) fat.push(DIF_SECT);
  while (fat.length < fatCount * per) fat.push(FREE);
  const out = new Uint8Array(sectorSize * (1 + fatStart + fatCount + difatCount));
  const ov = new DataView(out.buffer);
  sectors.forEach((s, i) => out.set(s, (i + 1) * sectorSize));
  fat.forEach((v, i) => ov.setUint32((fatStart + 1) * sectorSize + i * 4, v, true));
  // The header.
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  ov.setUint16(0x18, 0x3e, true);
  ov.setUint16(0x1a, sectorSize === 512 ? 3 : 4, true);
  ov.setUint16(0x1c, 0xfffe, true);
  ov.setUint16(0x1e, sectorSize === 512 ? 9 : 12, true);
  ov.setUint16(0x20, 6, true);
  ov.setUint32(0x2c, fatCount, true);
  ov.setUint32(0x30, dirStart, true);
  ov.setUint32(0x38, 4096, true);
  ov.setUint32(0x3c, miniFat.length ? miniFatStart : END, true);
  ov.setUint32(0x40, Math.ceil(miniFatBytes.length / sectorSize), true);
  ov.setUint32(0x44, difatCount ? difatStart : END, true);
  ov.setUint32(0x48, difatCount, true);
  for (let i = 0; i < 109; i++) ov.setUint32(0x4c + i * 4, i < fatCount ? fatStart + i : FREE, true);
  for (let d = 0; d < difatCount; d++) {
    const base = (difatStart + d + 1) * sectorSize;
    for (let i = 0; i < per - 1; i++) {
      const k = 109 + d * (per - 1) + i;
      ov.setUint32(base + i * 4, k < fatCount ? fatStart + k : FREE, true);
    }
    ov.setUint32(base + sectorSize - 4, d + 1 < difatCount ? difatStart + d + 1 : END, true);
  }
  return out;
}

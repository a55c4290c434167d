import { LABEL_KEYS } from './json-paths.js';
import type { DocumentRead, RowSink } from './sheet-table.js';
import { RecordRow } from './record-row.js';
import { cString, readValueLabels, type LabelSection, type ValueLabels } from './stata-labels.js';
import { stataDateKind, stataDateText, type StataDateKind } from './stata-dates.js';
import { numberText } from './stat-numbers.js';

/**
 * Stata datasets (`.dta`): epidemiology and health-survey data ship in them, and pandas writes
 * them (`to_stata`, release 114 by default). Releases 113–115 (Stata 8–12: a fixed binary header)
 * and 117–119 (Stata 13+: tagged sections found through the file's map) are read; string
 * variables (`str1`…`str2045`, and `strL` through the file's string table) and numbers become
 * cells named by the variable, one row per observation. A number is its value label's text when
 * the variable has one that covers it (what an analyst sees), a date, time or period under a
 * date format (`stata-dates.ts`: `%td`, `%tc`, `%tC`, `%tw`…`%ty`), its digits otherwise (an
 * SSN or phone number stored as a number); missing values (`.`, `.a`–`.z`) give no cell. Layout from Stata's own `help dta` (the file format
 * documentation of each release).
 */

/** A variable's column: its name, where it sits in a row, its width (8 for a strL reference) and how its value reads. */
interface Var {
  name: string;
  offset: number;
  width: number;
  kind: 'str' | 'strL' | NumberKind;
  date?: StataDateKind;
  labels?: Map<number, string>;
}

type NumberKind = 'byte' | 'int' | 'long' | 'float' | 'double';

interface Layout {
  release: number;
  little: boolean;
  nvar: number;
  nobs: number;
  names: string[];
  types: number[];
  formats: string[];
  /** Each variable's value-label table name ('' for none). */
  labelNames: string[];
  /** Where the value-label tables are, and how they are framed. */
  labelSection?: Omit<LabelSection, 'bytes' | 'decoder'>;
  /** Where the first observation starts, and the bytes of one. */
  dataAt: number;
  rowBytes: number;
  /** Release 117+: the strL table, keyed `v,o`. */
  strls: Map<string, string>;
  utf8: boolean;
}

class StataError extends Error {}

/** Whether the bytes open a Stata dataset this reader reads. */
export function isStata(head: Uint8Array): boolean {
  if (head.length >= 11 && new TextDecoder('latin1').decode(head.subarray(0, 11)) === '<stata_dta>') return true;
  return head.length >= 4 && head[0]! >= 113 && head[0]! <= 115 && (head[1] === 1 || head[1] === 2) && head[2] === 1;
}

export function eachStataRow(bytes: Uint8Array, maxRows: number, sink: RowSink): DocumentRead {
  const problems: string[] = [];
  let layout: Layout;
  try {
    layout = bytes[0] === 0x3c ? tagged(bytes) : fixed(bytes);
  } catch (e) {
    if (!(e instanceof StataError)) throw e;
    return { problems: [`not a readable Stata dataset: ${e.message}`], truncated: true };
  }
  const decoder = new TextDecoder(layout.utf8 ? 'utf-8' : 'windows-1252');
  const labels = layout.labelSection ? readValueLabels({ ...layout.labelSection, bytes, decoder }, problems) : (new Map() as ValueLabels);
  const vars = columns(layout, labels);
  const labelVar = vars.find((v) => LABEL_KEYS.test(v.name));
  sink.header({ row: 0, header: true, cells: layout.names.map((n) => ({ text: n, field: n, verbatim: false })) });
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows = Math.min(layout.nobs, maxRows);
  const available = Math.floor((bytes.length - layout.dataAt) / Math.max(1, layout.rowBytes));
  if (available < rows) problems.unshift(`the data section holds ${available} of ${layout.nobs} observations (the file is cut short)`);
  const n = Math.min(rows, available);
  const row = new RecordRow();
  for (let r = 0; r < n; r++) {
    const at = layout.dataAt + r * layout.rowBytes;
    for (const v of vars) {
      if (v.kind === 'str') row.add(v.name, cString(bytes.subarray(at + v.offset, at + v.offset + v.width), decoder), v === labelVar);
      else if (v.kind === 'strL') row.add(v.name, strLValue(bytes, at + v.offset, layout), v === labelVar);
      else row.add(v.name, numberCell(v, readNumber(dv, at + v.offset, v.kind, layout.little)) ?? '', v === labelVar, false);
    }
    row.emit(sink, r + 1);
  }
  return { problems, truncated: problems.length > 0 || layout.nobs > maxRows };
}

/**
 * A number as stored, or undefined when it is missing: Stata (113+) keeps the top of each type's
 * range for `.` and `.a`–`.z` — bytes past 100, ints past 32,740, longs past 2,147,483,620,
 * floats and doubles from 2^127 and 2^1023 (NaN and infinities are never written).
 */
function readNumber(dv: DataView, at: number, kind: NumberKind, little: boolean): number | undefined {
  let x: number;
  let max: number;
  if (kind === 'byte') [x, max] = [dv.getInt8(at), 100];
  else if (kind === 'int') [x, max] = [dv.getInt16(at, little), 32_740];
  else if (kind === 'long') [x, max] = [dv.getInt32(at, little), 2_147_483_620];
  else if (kind === 'float') [x, max] = [dv.getFloat32(at, little), 2 ** 127];
  else [x, max] = [dv.getFloat64(at, little), 2 ** 1023];
  // The integers' bounds are the last value kept, the floats' the first one missing.
  const missing = kind === 'float' || kind === 'double' ? x >= max : x > max;
  return missing || Number.isNaN(x) ? undefined : x;
}

/** A number's text: its value label, its date, or its digits. */
function numberCell(v: Var, x: number | undefined): string | undefined {
  if (x === undefined) return undefined;
  const label = Number.isInteger(x) ? v.labels?.get(x) : undefined;
  if (label !== undefined) return label;
  if (v.date) return stataDateText(x, v.date);
  return numberText(x);
}

/** A strL reference (v, o) as its string in the file's strL table ('' for the empty (0, 0)). */
function strLValue(bytes: Uint8Array, at: number, l: Layout): string {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
  let v: number;
  let o: number;
  if (l.release === 117) {
    v = dv.getUint32(0, l.little);
    o = dv.getUint32(4, l.little);
  } else {
    // 118: v in 2 bytes, o in 6; 119: v in 3, o in 5 (in the file's byte order, as one 8-byte field).
    const lo = dv.getUint32(l.little ? 0 : 4, l.little);
    const hi = dv.getUint32(l.little ? 4 : 0, l.little);
    const vBytes = l.release === 118 ? 2 : 3;
    const all = BigInt(hi) * 2n ** 32n + BigInt(lo);
    v = Number(all & ((1n << BigInt(vBytes * 8)) - 1n));
    o = Number(all >> BigInt(vBytes * 8));
  }
  return l.strls.get(`${v},${o}`) ?? '';
}

const NUMBER_TYPES: Record<number, NumberKind> = { 65530: 'byte', 65529: 'int', 65528: 'long', 65527: 'float', 65526: 'double', 251: 'byte', 252: 'int', 253: 'long', 254: 'float', 255: 'double' };

function columns(l: Layout, labels: ValueLabels): Var[] {
  const out: Var[] = [];
  let offset = 0;
  for (let i = 0; i < l.nvar; i++) {
    const t = l.types[i]!;
    const w = width(t, l.release);
    const name = l.names[i]!;
    if (l.release >= 117 ? t <= 2045 : t <= 244) out.push({ name, offset, width: w, kind: 'str' });
    else if (l.release >= 117 && t === 32768) out.push({ name, offset, width: w, kind: 'strL' });
    else {
      const date = stataDateKind(l.formats[i] ?? '');
      const table = labels.get(l.labelNames[i] ?? '');
      out.push({ name, offset, width: w, kind: NUMBER_TYPES[t]!, ...(date ? { date } : {}), ...(table ? { labels: table } : {}) });
    }
    offset += w;
  }
  return out;
}

/** The bytes one value of type `t` takes in a row. */
function width(t: number, release: number): number {
  if (release >= 117) {
    if (t >= 1 && t <= 2045) return t;
    const w = ({ 32768: 8, 65526: 8, 65527: 4, 65528: 4, 65529: 2, 65530: 1 } as Record<number, number>)[t];
    if (w === undefined) throw new StataError(`unknown variable type ${t}`);
    return w;
  }
  if (t >= 1 && t <= 244) return t;
  const w = ({ 251: 1, 252: 2, 253: 4, 254: 4, 255: 8 } as Record<number, number>)[t];
  if (w === undefined) throw new StataError(`unknown variable type ${t}`);
  return w;
}

function need(bytes: Uint8Array, at: number, n: number): void {
  if (at < 0 || at + n > bytes.length) throw new StataError('the file ends inside its header');
}

function fixedCString(bytes: Uint8Array, at: number, n: number, decoder: TextDecoder): string {
  need(bytes, at, n);
  return cString(bytes.subarray(at, at + n), decoder);
}

/** `nvar` NUL-padded strings of `n` bytes each from `at`. */
function stringList(bytes: Uint8Array, at: number, nvar: number, n: number, decoder: TextDecoder): string[] {
  need(bytes, at, nvar * n);
  return Array.from({ length: nvar }, (_, i) => fixedCString(bytes, at + i * n, n, decoder));
}

/** Releases 113–115: a 109-byte header, then type, name, sort, format and label lists, then expansion fields. */
function fixed(bytes: Uint8Array): Layout {
  need(bytes, 0, 109);
  const release = bytes[0]!;
  const little = bytes[1] === 2;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nvar = dv.getUint16(4, little);
  const nobs = dv.getUint32(6, little);
  const latin = new TextDecoder('windows-1252');
  let at = 109;
  need(bytes, at, nvar);
  const types = Array.from(bytes.subarray(at, at + nvar));
  at += nvar;
  const names = stringList(bytes, at, nvar, 33, latin);
  at += nvar * 33 + 2 * (nvar + 1);
  const fmtBytes = release === 113 ? 12 : 49;
  const formats = stringList(bytes, at, nvar, fmtBytes, latin);
  at += nvar * fmtBytes;
  const labelNames = stringList(bytes, at, nvar, 33, latin);
  at += nvar * 33 + nvar * 81;
  // Expansion fields: a type byte and a 4-byte length each, ended by type 0 and length 0.
  for (let k = 0; ; k++) {
    need(bytes, at, 5);
    const type = bytes[at]!;
    const len = dv.getUint32(at + 1, little);
    at += 5;
    if (type === 0 && len === 0) break;
    if (k > 100_000) throw new StataError('too many expansion fields');
    at += len;
  }
  const rowBytes = types.reduce((a, t) => a + width(t, release), 0);
  // The value-label tables follow the data, to the end of the file.
  const labelSection = { at: at + nobs * rowBytes, little, nameBytes: 33, tagged: false };
  return { release, little, nvar, nobs, names, types, formats, labelNames, labelSection, dataAt: at, rowBytes, strls: new Map(), utf8: false };
}

/** Releases 117–119: `<stata_dta><header>…</header><map>` and sections at the map's offsets. */
function tagged(bytes: Uint8Array): Layout {
  const latin = new TextDecoder('latin1');
  const text = (at: number, n: number) => (need(bytes, at, n), latin.decode(bytes.subarray(at, at + n)));
  const expect = (at: number, tag: string): number => {
    if (text(at, tag.length) !== tag) throw new StataError(`expected ${tag} at byte ${at}`);
    return at + tag.length;
  };
  let at = expect(0, '<stata_dta><header><release>');
  const release = Number(text(at, 3));
  if (release !== 117 && release !== 118 && release !== 119) throw new StataError(`release ${text(at, 3)} is not read (113–115 and 117–119 are)`);
  at = expect(at + 3, '</release><byteorder>');
  const little = text(at, 3) === 'LSF';
  at = expect(at + 3, '</byteorder><K>');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  need(bytes, at, 4);
  const nvar = release === 119 ? dv.getUint32(at, little) : dv.getUint16(at, little);
  at = expect(at + (release === 119 ? 4 : 2), '</K><N>');
  need(bytes, at, 8);
  const nobs = release === 117 ? dv.getUint32(at, little) : Number(dv.getBigUint64(at, little));
  at = expect(at + (release === 117 ? 4 : 8), '</N><label>');
  need(bytes, at, 2);
  const labelLen = release === 117 ? bytes[at]! : dv.getUint16(at, little);
  at = expect(at + (release === 117 ? 1 : 2) + labelLen, '</label><timestamp>');
  need(bytes, at, 1);
  at = expect(at + 1 + bytes[at]!, '</timestamp></header><map>');
  need(bytes, at, 14 * 8);
  const map = Array.from({ length: 14 }, (_, i) => Number(dv.getBigUint64(at + i * 8, little)));
  const types: number[] = [];
  let p = expect(map[2]!, '<variable_types>');
  need(bytes, p, nvar * 2);
  for (let i = 0; i < nvar; i++, p += 2) types.push(dv.getUint16(p, little));
  const utf8 = release >= 118;
  const decoder = new TextDecoder(utf8 ? 'utf-8' : 'windows-1252');
  const nameBytes = release === 117 ? 33 : 129;
  const names = stringList(bytes, expect(map[3]!, '<varnames>'), nvar, nameBytes, decoder);
  const formats = stringList(bytes, expect(map[5]!, '<formats>'), nvar, release === 117 ? 49 : 57, latin);
  const labelNames = stringList(bytes, expect(map[6]!, '<value_label_names>'), nvar, nameBytes, latin);
  const labelSection = { at: map[11]!, little, nameBytes, tagged: true };
  const dataAt = expect(map[9]!, '<data>');
  const rowBytes = types.reduce((a, t) => a + width(t, release), 0);
  const strls = readStrls(bytes, map[10]!, release, little, decoder);
  return { release, little, nvar, nobs, names, types, formats, labelNames, labelSection, dataAt, rowBytes, strls, utf8 };
}

/** The strL table: `GSO`, v (4 bytes), o (4 bytes in 117, else 8), a type (130: text), a length, the bytes. */
function readStrls(bytes: Uint8Array, at: number, release: number, little: boolean, decoder: TextDecoder): Map<string, string> {
  const out = new Map<string, string>();
  const latin = new TextDecoder('latin1');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (at <= 0 || at + 7 > bytes.length || latin.decode(bytes.subarray(at, at + 7)) !== '<strls>') return out;
  let p = at + 7;
  const oBytes = release === 117 ? 4 : 8;
  while (p + 3 <= bytes.length && latin.decode(bytes.subarray(p, p + 3)) === 'GSO') {
    const head = 3 + 4 + oBytes + 1 + 4;
    need(bytes, p, head);
    const v = dv.getUint32(p + 3, little);
    const o = oBytes === 4 ? dv.getUint32(p + 7, little) : Number(dv.getBigUint64(p + 7, little));
    const type = bytes[p + 7 + oBytes]!;
    const len = dv.getUint32(p + 8 + oBytes, little);
    need(bytes, p + head, len);
    const body = bytes.subarray(p + head, p + head + len);
    // Type 130 is text stored with its terminating NUL; 129 is binary, read as text all the same.
    const end = type === 130 && len > 0 && body[len - 1] === 0 ? len - 1 : len;
    out.set(`${v},${o}`, decoder.decode(body.subarray(0, end)));
    p += head + len;
  }
  return out;
}

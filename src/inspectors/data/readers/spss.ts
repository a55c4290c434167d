import { inflateSync } from 'node:zlib';
import { isSpssSystemFile } from '../../../core/index.js';
import { LABEL_KEYS } from './json-paths.js';
import type { DocumentRead, RowSink } from './sheet-table.js';
import { RecordRow } from './record-row.js';
import { declaredMissing, numericCell, type NumericVar } from './spss-numbers.js';
import { longStringLabels, type StringLabels } from './spss-string-labels.js';

/**
 * SPSS system files (`.sav`): survey and health-research data, written by SPSS, PSPP, R's haven
 * and pyreadstat. The dictionary is a run of typed records (variables, value labels, documents,
 * extensions, then record 999); each case is a row of 8-byte segments, one per variable record,
 * stored plain or as bytecode (`compression` 1), or as bytecode in zlib blocks (`.zsav`,
 * `$FL3`). Variables become cells named by their long names; a very long string (over 255
 * bytes) is joined from its segments and a string is its value label when it has one
 * (`spss-string-labels.ts`); a number is its value label, its date or its digits
 * (`spss-numbers.ts`), and a missing one no cell.
 * Layout from GNU PSPP's "System File Format" documentation.
 */

interface Segments {
  /** Long name, and how many 8-byte segments the variable spans (a string's continuations included). */
  name: string;
  width: number;
  segments: number;
  numeric?: NumericVar;
  /** A string variable's value labels, by its value with trailing spaces dropped. */
  textLabels?: Map<string, string>;
}

/**
 * A value-label set (record 3) as read, before the encoding is known: values (as a double, and
 * the same 8 bytes as a string variable's value) and label bytes, and the variable records it
 * applies to (record 4, 1-based).
 */
interface LabelSet {
  values: number[];
  raw: Uint8Array[];
  labels: Uint8Array[];
  vars: number[];
}

interface Dictionary {
  little: boolean;
  compression: number;
  ncases: number;
  /** Every variable record in order: the first of each variable, with its continuation count. */
  vars: Segments[];
  /** Every variable record, a continuation as undefined: record 4 counts them all. */
  records: (Segments | undefined)[];
  labelSets: LabelSet[];
  longNames: Map<string, string>;
  veryLong: Map<string, number>;
  /** Extension 21's bodies (long string value labels), read once the encoding is known. */
  longLabels: Uint8Array[];
  encoding: string;
  dataAt: number;
  /** The compression bias: bytecode 1–251 is the number code − bias. */
  bias: number;
}

class SpssError extends Error {}

export function eachSpssRow(bytes: Uint8Array, maxRows: number, sink: RowSink): DocumentRead {
  let dict: Dictionary;
  let data: Uint8Array;
  try {
    dict = readDictionary(bytes);
    data = dict.compression === 2 ? inflateBlocks(bytes, dict) : bytes.subarray(dict.dataAt);
  } catch (e) {
    if (!(e instanceof SpssError)) throw e;
    return { problems: [`not a readable SPSS file: ${e.message}`], truncated: true };
  }
  const decoder = new TextDecoder(dict.encoding);
  const problems: string[] = [];
  const own = new WeakSet<Map<number | string, string>>();
  for (const set of dict.labelSets) attachLabels(dict, set, decoder, own);
  attachLongStringLabels(dict, decoder, problems);
  const columns = joinVeryLong(dict);
  sink.header({ row: 0, header: true, cells: columns.map((c) => ({ text: c.name, field: c.name, verbatim: false })) });
  const labelCol = columns.find((c) => LABEL_KEYS.test(c.name));
  const caseSegments = dict.vars.reduce((a, v) => a + v.segments, 0);
  const reader = dict.compression === 0 ? plainCases(data, caseSegments) : bytecodeCases(data, caseSegments, dict);
  const row = new RecordRow();
  let rows = 0;
  let truncated = false;
  for (const segs of reader) {
    if (rows >= maxRows) {
      truncated = true;
      break;
    }
    rows++;
    const values = new DataView(segs.buffer, segs.byteOffset, segs.byteLength);
    for (const c of columns) {
      if (c.numeric) row.add(c.name, numericCell(c.numeric, values.getFloat64(c.parts[0]!.segment * 8, dict.little)) ?? '', c === labelCol, false);
      else if (c.string) row.add(c.name, stringCell(c, decoder.decode(c.parts.length === 1 ? slice(segs, c.parts[0]!) : Buffer.concat(c.parts.map((p) => slice(segs, p)))).trimEnd()), c === labelCol);
    }
    row.emit(sink, rows);
  }
  if (dict.ncases >= 0 && rows < dict.ncases && !truncated) problems.push(`the data holds ${rows} of ${dict.ncases} cases (the file is cut short)`);
  return { problems, truncated: truncated || problems.length > 0 };
}

/** A column as read: its name, whether it is text, and where its bytes sit in a case (segment index, bytes used). */
interface Column {
  name: string;
  string: boolean;
  parts: { segment: number; bytes: number }[];
  numeric?: NumericVar;
  textLabels?: Map<string, string>;
}

/** A string's text: its value label when it has one, itself otherwise. */
function stringCell(c: Column, text: string): string {
  return c.textLabels?.get(text) ?? text;
}

function slice(segs: Uint8Array, p: { segment: number; bytes: number }): Uint8Array {
  return segs.subarray(p.segment * 8, p.segment * 8 + p.bytes);
}

/**
 * Variables as columns: a very long string (extension 14 gives its true width) is the 255-wide
 * variables that follow it, each holding up to 255 bytes of it, joined under its long name.
 */
function joinVeryLong(d: Dictionary): Column[] {
  const out: Column[] = [];
  let segment = 0;
  for (let i = 0; i < d.vars.length; i++) {
    const v = d.vars[i]!;
    const name = d.longNames.get(v.name) ?? v.name;
    const long = d.veryLong.get(v.name);
    if (long !== undefined && v.width > 0) {
      const parts: Column['parts'] = [];
      let left = long;
      for (let k = 0; left > 0 && i + k < d.vars.length; k++) {
        const seg = d.vars[i + k]!;
        // A 255-wide segment holds 255 bytes of the string (PSPP's 252 counts segments, not bytes).
        const used = Math.min(left, seg.width);
        parts.push({ segment, bytes: used });
        left -= used;
        segment += seg.segments;
        if (left <= 0) i += k;
      }
      out.push({ name, string: true, parts, ...(v.textLabels ? { textLabels: v.textLabels } : {}) });
      continue;
    }
    const labels = v.numeric ? { numeric: v.numeric } : v.textLabels ? { textLabels: v.textLabels } : {};
    out.push({ name, string: v.width > 0, parts: [{ segment, bytes: Math.max(0, v.width) }], ...labels });
    segment += v.segments;
  }
  return out;
}

function readDictionary(bytes: Uint8Array): Dictionary {
  if (bytes.length < 176 || !isSpssSystemFile(bytes)) throw new SpssError('no SPSS header');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const layoutLE = dv.getInt32(64, true);
  const little = layoutLE === 2 || layoutLE === 3;
  const i32 = (p: number) => {
    if (p + 4 > bytes.length) throw new SpssError('the file ends inside its dictionary');
    return dv.getInt32(p, little);
  };
  /** A count or length the dictionary gives: never negative, never past the file. */
  const size = (p: number, unit: number) => {
    const n = i32(p);
    if (n < 0 || p + 4 + n * unit > bytes.length) throw new SpssError(`a record at byte ${p} runs past the file`);
    return n * unit;
  };
  const compression = i32(72);
  if (compression < 0 || compression > 2) throw new SpssError(`unknown compression ${compression}`);
  const ncases = i32(80);
  const bias = dv.getFloat64(84, little);
  const f64 = (q: number) => {
    if (q + 8 > bytes.length) throw new SpssError('the file ends inside its dictionary');
    return dv.getFloat64(q, little);
  };
  const labelSets: LabelSet[] = [];
  /** Each variable record (continuations too, as record 4 counts them): its variable, or undefined for a continuation. */
  const records: (Segments | undefined)[] = [];
  const latin = new TextDecoder('latin1');
  const vars: Segments[] = [];
  const longNames = new Map<string, string>();
  const veryLong = new Map<string, number>();
  const longLabels: Uint8Array[] = [];
  let encoding = 'windows-1252';
  let p = 176;
  for (let n = 0; ; n++) {
    if (n > 1_000_000) throw new SpssError('too many dictionary records');
    const type = i32(p);
    p += 4;
    if (type === 2) {
      const width = i32(p);
      const hasLabel = i32(p + 4);
      const missing = i32(p + 8);
      const format = (i32(p + 12) >> 16) & 0xff;
      const name = latin.decode(bytes.subarray(p + 20, p + 28)).trimEnd();
      p += 28;
      if (hasLabel === 1) p += 4 + Math.ceil(size(p, 1) / 4) * 4;
      if (missing < -3 || missing > 3) throw new SpssError(`variable ${name} declares ${missing} missing values`);
      const missingValues = Array.from({ length: Math.abs(missing) }, (_, k) => f64(p + 8 * k));
      p += Math.abs(missing) * 8;
      // A continuation record is one more 8-byte segment of the string before it.
      if (width === -1) {
        if (vars.length) vars[vars.length - 1]!.segments++;
        records.push(undefined);
      } else {
        const v: Segments = { name, width, segments: 1, ...(width === 0 ? { numeric: { format, ...declaredMissing(missing, missingValues) } } : {}) };
        vars.push(v);
        records.push(v);
      }
    } else if (type === 3) {
      const count = size(p, 9) / 9;
      p += 4;
      const set: LabelSet = { values: [], raw: [], labels: [], vars: [] };
      for (let k = 0; k < count; k++) {
        if (p + 9 > bytes.length) throw new SpssError('the file ends inside a value label');
        const len = bytes[p + 8]!;
        set.values.push(dv.getFloat64(p, little));
        set.raw.push(bytes.subarray(p, p + 8));
        set.labels.push(bytes.subarray(p + 9, Math.min(bytes.length, p + 9 + len)));
        p += 8 + Math.ceil((len + 1) / 8) * 8;
      }
      labelSets.push(set);
    } else if (type === 4) {
      const n = size(p, 4) / 4;
      // Record 4 follows its record 3: the variables (1-based variable records) its labels are for.
      const set = labelSets[labelSets.length - 1];
      for (let k = 0; k < n; k++) set?.vars.push(i32(p + 4 + 4 * k));
      p += 4 + n * 4;
    } else if (type === 6) {
      p += 4 + size(p, 80);
    } else if (type === 7) {
      const subtype = i32(p);
      const size = i32(p + 4);
      const count = i32(p + 8);
      const len = size * count;
      if (size < 0 || count < 0 || p + 12 + len > bytes.length) throw new SpssError('an extension record runs past the file');
      const body = bytes.subarray(p + 12, p + 12 + len);
      if (subtype === 13) for (const [k, v] of pairs(latin.decode(body), '\t')) longNames.set(k, v);
      else if (subtype === 14) for (const [k, v] of pairs(latin.decode(body), '\0\t')) veryLong.set(k, Number.parseInt(v, 10) || 0);
      else if (subtype === 21) longLabels.push(body);
      else if (subtype === 20) encoding = supportedEncoding(latin.decode(body).trim()) ?? encoding;
      p += 12 + len;
    } else if (type === 999) {
      p += 4;
      break;
    } else throw new SpssError(`unknown record type ${type} at byte ${p - 4}`);
  }
  return { little, compression, ncases, vars, records, labelSets, longNames, veryLong, longLabels, encoding, dataAt: p, bias };
}

/**
 * A value-label set's labels on each variable it names: a numeric variable's by its number, a
 * string's (up to 8 bytes, all record 3 holds) by its text. The variables share one map: a set
 * named by many variables (a hostile record 4 names one a million times) costs its labels once,
 * not once a variable.
 */
function attachLabels(d: Dictionary, set: LabelSet, decoder: TextDecoder, own: WeakSet<Map<number | string, string>>): void {
  const label = (k: number) => decoder.decode(set.labels[k]).trimEnd();
  let numbers: Map<number, string> | undefined;
  /** By width: a value's text is its first `width` bytes. */
  const texts = new Map<number, Map<string, string>>();
  for (const index of new Set(set.vars)) {
    const v = d.records[index - 1];
    if (v?.numeric) {
      numbers ??= new Map(set.values.map((x, k) => [x, label(k)]));
      v.numeric.labels = merged(v.numeric.labels, numbers, own);
    } else if (v && v.width > 0) {
      // The value fills the variable's width; PSPP pads the rest of the 8 bytes with NULs, not spaces.
      const width = Math.min(8, v.width);
      let byText = texts.get(width);
      if (!byText) texts.set(width, (byText = new Map(set.raw.map((b, k) => [decoder.decode(b.subarray(0, width)).trimEnd(), label(k)]))));
      v.textLabels = merged(v.textLabels, byText, own);
    }
  }
}

/**
 * A variable's labels with a set's added: the set's own map when it had none; in two sets (SPSS
 * writes one) the second's labels over the first's, in a map of its own, copied once and then
 * added to.
 */
export function merged<K extends number | string>(mine: Map<K, string> | undefined, labels: Map<K, string>, own: WeakSet<Map<number | string, string>>): Map<K, string> {
  if (!mine) return labels;
  let out = mine;
  if (!own.has(out)) own.add((out = new Map(mine)));
  for (const [x, text] of labels) out.set(x, text);
  return out;
}

/** Extension 21's labels on the string variables they name (by long name, case-blind). */
function attachLongStringLabels(d: Dictionary, decoder: TextDecoder, problems: string[]): void {
  if (!d.longLabels.length) return;
  const byName: StringLabels = new Map();
  for (const body of d.longLabels) longStringLabels(body, d.little, decoder, byName, problems);
  for (const v of d.vars) {
    const labels = v.width > 0 ? byName.get((d.longNames.get(v.name) ?? v.name).toUpperCase()) : undefined;
    if (labels) v.textLabels = new Map([...(v.textLabels ?? []), ...labels]);
  }
}

/** `KEY=value` pairs separated by `sep` (extension 13's long names, 14's very long widths). */
function pairs(text: string, sep: string): [string, string][] {
  const out: [string, string][] = [];
  for (const item of text.split(sep)) {
    const eq = item.indexOf('=');
    if (eq > 0) out.push([item.slice(0, eq).trim(), item.slice(eq + 1).replace(/\0+$/, '').trim()]);
  }
  return out;
}

function supportedEncoding(name: string): string | undefined {
  try {
    new TextDecoder(name);
    return name;
  } catch {
    return undefined;
  }
}

/** Uncompressed cases: `n` segments each, back to back. */
function* plainCases(data: Uint8Array, n: number): Generator<Uint8Array> {
  const size = n * 8;
  for (let p = 0; size > 0 && p + size <= data.length; p += size) yield data.subarray(p, p + size);
}

/**
 * Bytecode cases: 8 command bytes, then the 8-byte raw values their 253 codes call for. 0 is
 * padding, 1–251 a number (the code less the bias), 252 the end, 253 raw bytes, 254 eight spaces,
 * 255 a missing number; a number's segment gets its value, as an uncompressed case holds it.
 */
function* bytecodeCases(data: Uint8Array, n: number, d: Pick<Dictionary, 'little' | 'bias'>): Generator<Uint8Array> {
  let p = 0;
  let codes: Uint8Array = new Uint8Array(0);
  let c = 8;
  const next = (): number => {
    if (c >= 8) {
      if (p + 8 > data.length) return 252;
      codes = data.subarray(p, p + 8);
      p += 8;
      c = 0;
    }
    return codes[c++]!;
  };
  for (;;) {
    const row = new Uint8Array(n * 8);
    const values = new DataView(row.buffer);
    let s = 0;
    while (s < n) {
      const code = next();
      if (code === 0) continue;
      if (code === 252) return;
      if (code === 253) {
        if (p + 8 > data.length) return;
        row.set(data.subarray(p, p + 8), s * 8);
        p += 8;
      } else if (code === 254) row.fill(0x20, s * 8, s * 8 + 8);
      else values.setFloat64(s * 8, code === 255 ? -Number.MAX_VALUE : code - d.bias, d.little);
      s++;
    }
    yield row;
  }
}

/** `.zsav`: the zlib header and trailer say where each block of bytecode is; inflated, they are read as one stream. */
function inflateBlocks(bytes: Uint8Array, d: Dictionary): Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = d.dataAt;
  if (at + 24 > bytes.length) throw new SpssError('the file ends inside its zlib header');
  const trailerAt = Number(dv.getBigInt64(at + 8, d.little));
  if (trailerAt < at + 24 || trailerAt + 24 > bytes.length) throw new SpssError('the zlib trailer is outside the file');
  const nBlocks = dv.getInt32(trailerAt + 20, d.little);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let k = 0; k < nBlocks; k++) {
    const e = trailerAt + 24 + k * 24;
    if (e + 24 > bytes.length) throw new SpssError('the zlib trailer runs past the file');
    const compressedAt = Number(dv.getBigInt64(e + 8, d.little));
    const compressedSize = dv.getInt32(e + 20, d.little);
    if (compressedAt < 0 || compressedAt + compressedSize > bytes.length) throw new SpssError('a zlib block is outside the file');
    // One block inflates to at most the block size the trailer declares (PSPP and SPSS write 4 MiB).
    const block = inflateSync(bytes.subarray(compressedAt, compressedAt + compressedSize), { maxOutputLength: 64 << 20 });
    total += block.length;
    if (total > 256 << 20) throw new SpssError('the zlib blocks inflate past 256 MiB');
    parts.push(block);
  }
  return Buffer.concat(parts);
}

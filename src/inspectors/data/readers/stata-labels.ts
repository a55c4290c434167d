/**
 * Stata's value labels: named tables that map an integer to the text an analyst sees (1 → "Type 2
 * diabetes", 3 → a clinic's or a person's name), attached to variables by name. Releases 113–115
 * keep them after the data, one after another to the end of the file; 117+ in a
 * `<value_labels>` section of `<lbl>…</lbl>` entries. Each entry is a length, the table's name
 * (33 bytes, 129 from 118), 3 bytes of padding, then the table itself (`help dta`).
 */

/** Table name → value → label. */
export type ValueLabels = Map<string, Map<number, string>>;

/** Where the entries are, and how each is framed. */
export interface LabelSection {
  bytes: Uint8Array;
  at: number;
  little: boolean;
  nameBytes: number;
  /** 117+: each entry inside `<lbl>`/`</lbl>`, the whole after `<value_labels>`. */
  tagged: boolean;
  decoder: TextDecoder;
}

/**
 * Every table the section holds. A table whose counts run past its entry or the file ends the
 * reading with a problem (what was read before it is kept): the data is still read, with numbers
 * in place of the labels that were lost.
 */
export function readValueLabels(s: LabelSection, problems: string[]): ValueLabels {
  const out: ValueLabels = new Map();
  const { bytes, little } = s;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin = new TextDecoder('latin1');
  const tag = (p: number, t: string) => p + t.length <= bytes.length && latin.decode(bytes.subarray(p, p + t.length)) === t;
  let p = s.at;
  if (s.tagged) {
    if (!tag(p, '<value_labels>')) return out;
    p += '<value_labels>'.length;
  }
  const head = 4 + s.nameBytes + 3;
  while (s.tagged ? tag(p, '<lbl>') : p + head <= bytes.length) {
    if (s.tagged) p += '<lbl>'.length;
    if (p + head > bytes.length) return bad(problems, out, 'the file ends inside a value-label table');
    const len = dv.getUint32(p, little);
    const name = cString(bytes.subarray(p + 4, p + 4 + s.nameBytes), latin);
    const table = p + head;
    if (len < 8 || table + len > bytes.length) return bad(problems, out, `value-label table ${name} claims ${len} bytes, past the file`);
    const n = dv.getUint32(table, little);
    const textLen = dv.getUint32(table + 4, little);
    if (8 + 8 * n + textLen > len) return bad(problems, out, `value-label table ${name} claims ${n} labels in ${len} bytes`);
    const text = bytes.subarray(table + 8 + 8 * n, table + 8 + 8 * n + textLen);
    const map = new Map<number, string>();
    for (let i = 0; i < n; i++) {
      const off = dv.getUint32(table + 8 + 4 * i, little);
      const value = dv.getInt32(table + 8 + 4 * n + 4 * i, little);
      if (off < textLen) map.set(value, cString(text.subarray(off), s.decoder));
    }
    out.set(name, map);
    p = table + len;
    if (s.tagged) {
      if (!tag(p, '</lbl>')) return bad(problems, out, `value-label table ${name} is not closed`);
      p += '</lbl>'.length;
    }
  }
  return out;
}

function bad(problems: string[], out: ValueLabels, message: string): ValueLabels {
  problems.push(`${message}: value labels after it not read`);
  return out;
}

/** Bytes up to the first NUL, decoded. */
export function cString(b: Uint8Array, decoder: TextDecoder): string {
  const end = b.indexOf(0);
  return decoder.decode(end < 0 ? b : b.subarray(0, end));
}

/**
 * Value labels on SPSS string variables: a code kept as text (`'CL-0042'` → "Dr Jane Smith
 * clinic", `'F'` → "Female") reads as its label, as a numeric code does. A string of up to 8
 * bytes has its labels in the record 3/4 pairs numeric variables use, the value's 8 bytes in
 * place of a double; a longer one in extension record 21 (`long string value labels`): for each
 * variable its long name, its width and its labels, each value padded with spaces to the width.
 * Layout from GNU PSPP's "System File Format" documentation.
 */

/** Upper-cased variable name → value (trailing spaces dropped) → label. SPSS's names are case-blind. */
export type StringLabels = Map<string, Map<string, string>>;

/**
 * Every variable's labels in one extension-21 record's body. A count or length that runs past the
 * body stops the reading with a problem, keeping what came before it: the cases still read, the
 * codes after it as the codes they are.
 */
export function longStringLabels(body: Uint8Array, little: boolean, decoder: TextDecoder, into: StringLabels, problems: string[]): void {
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let p = 0;
  const int = (): number | undefined => {
    if (p + 4 > body.length) return undefined;
    const n = dv.getInt32(p, little);
    p += 4;
    return n;
  };
  const text = (): string | undefined => {
    const n = int();
    if (n === undefined || n < 0 || p + n > body.length) return undefined;
    p += n;
    return decoder.decode(body.subarray(p - n, p)).trimEnd();
  };
  while (p < body.length) {
    const name = text();
    const width = int();
    const count = int();
    // Each label takes at least its two lengths: a count past that is a lie.
    if (name === undefined || width === undefined || count === undefined || count < 0 || count * 8 > body.length - p) return bad(problems);
    const key = name.toUpperCase();
    const labels = into.get(key) ?? new Map<string, string>();
    into.set(key, labels);
    for (let k = 0; k < count; k++) {
      const value = text();
      const label = text();
      if (value === undefined || label === undefined) return bad(problems);
      labels.set(value, label);
    }
  }
}

function bad(problems: string[]): void {
  problems.push('a long string value-label record runs past its end: the labels after it not read');
}

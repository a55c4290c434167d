import { merged } from './spss.js';
import type { NumericVar } from './spss-numbers.js';
import { PorError, type PortableText } from './spss-portable-text.js';

/**
 * The dictionary of an SPSS portable file (`.por`): after the header, tagged records up to the
 * data (`F`) — version and date (`A`, untagged in PSPP's telling), product `1`, author `2`,
 * subproduct `3`, variable count `4`, precision `5`, weight `6`; then each variable (`7`: width,
 * name, print and write formats) with its missing values (`8` a value, `9` LO THRU x, `A` x THRU
 * HI, `B` a range) and label (`C`); value labels (`D`: variables by name, then value–label pairs,
 * numbers or strings as the variables are); documents (`E`). What the reader keeps is what the
 * `.sav` reader keeps: each variable's name, width, print format, missing values and value labels.
 * Layout from GNU PSPP's "Portable File Format" documentation.
 */

export interface PorVariable {
  /** As the file writes it: upper case, 8 characters at most. */
  name: string;
  /** 0 for a number; a string's width otherwise. */
  width: number;
  numeric?: NumericVar;
  /** A string variable's value labels, by value with trailing spaces dropped. */
  textLabels?: Map<string, string>;
}

export interface PorDictionary {
  vars: PorVariable[];
  /** What was wrong but did not stop the reading (a variable count the records do not bear out). */
  problems: string[];
}

/** A string field's bytes as text (`portableDecoder`). */
export type Decode = (bytes: Uint8Array) => string;

/** A string variable is at most this wide (PSPP writes up to 255; the limit is SPSS's 32,767 for system files). */
const MAX_WIDTH = 32_767;

/**
 * Text as the file's strings hold it: UTF-8 (PSPP writes its own encoding's bytes through the
 * translation table, untouched) until a string is not, then Windows-1252 for the rest.
 */
export function portableDecoder(): Decode {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const latin = new TextDecoder('windows-1252');
  let current: TextDecoder | undefined = utf8;
  return (bytes) => {
    if (current === utf8) {
      try {
        return utf8.decode(bytes);
      } catch {
        current = undefined;
      }
    }
    return latin.decode(bytes);
  };
}

/** Reads the header and dictionary, leaving `text` at the first case. */
export function readPorDictionary(text: PortableText, decode: Decode): PorDictionary {
  if (!text.header()) throw new PorError('no SPSSPORT tag after the translation table');
  // The version letter, then the creation date and time (strings).
  text.take();
  text.stringBytes();
  text.stringBytes();
  const vars: PorVariable[] = [];
  const byName = new Map<string, PorVariable>();
  const own = new WeakSet<Map<number | string, string>>();
  const problems: string[] = [];
  let declared: number | undefined;
  for (;;) {
    const where = text.where();
    const tag = text.tag();
    if (tag === 'F') break;
    const last = vars[vars.length - 1];
    const current = () => {
      if (!last) throw new PorError(`a '${tag}' record before any variable (${where})`);
      return last;
    };
    switch (tag) {
      case '1':
      case '2':
      case '3':
      case '6':
      case 'C':
        // Product, author, subproduct, weight variable, variable label: not data.
        text.stringBytes();
        break;
      case '4':
        declared = text.integer();
        break;
      case '5':
        text.integer();
        break;
      case '7': {
        const v = variable(text, decode);
        vars.push(v);
        byName.set(v.name.toUpperCase(), v);
        break;
      }
      case '8':
        missingValue(text, current(), 'value');
        break;
      case '9':
        missingValue(text, current(), 'lo');
        break;
      case 'A':
        missingValue(text, current(), 'hi');
        break;
      case 'B':
        missingValue(text, current(), 'range');
        break;
      case 'D':
        valueLabels(text, decode, byName, own, where);
        break;
      case 'E': {
        // Documents: a count of lines, each a string.
        const n = text.integer();
        for (let k = 0; k < n; k++) text.stringBytes();
        break;
      }
      default:
        throw new PorError(`unknown record '${tag}' (${where})`);
    }
  }
  if (declared !== undefined && declared !== vars.length) problems.push(`the file declares ${declared} variables and describes ${vars.length}; its cases were read by the ${vars.length}`);
  return { vars, problems };
}

/** A `7` record: width, name, print format (type, width, decimals), write format. */
function variable(text: PortableText, decode: Decode): PorVariable {
  const where = text.where();
  const width = text.integer();
  const name = decode(text.stringBytes()).trim();
  const format = text.integer();
  for (let k = 0; k < 5; k++) text.integer();
  if (width < 0 || width > MAX_WIDTH) throw new PorError(`variable ${name} is ${width} characters wide (${where})`);
  if (!name) throw new PorError(`a variable without a name (${where})`);
  return width === 0 ? { name, width, numeric: { format, missing: [] } } : { name, width };
}

/**
 * A missing-value record's values on the variable before it. A string variable's are read past:
 * the `.sav` reader keeps a string's declared missing values as data too.
 */
function missingValue(text: PortableText, v: PorVariable, kind: 'value' | 'lo' | 'hi' | 'range'): void {
  const n = kind === 'range' ? 2 : 1;
  if (!v.numeric) {
    for (let k = 0; k < n; k++) text.stringBytes();
    return;
  }
  const a = text.number();
  if (kind === 'value') v.numeric.missing.push(a);
  else if (kind === 'lo') v.numeric.range = [-Infinity, a];
  else if (kind === 'hi') v.numeric.range = [a, Infinity];
  else v.numeric.range = [a, text.number()];
}

/**
 * A `D` record: its labels on each variable it names (of the first named variable's type, as the
 * values are read by it), a later record's over an earlier's. The variables share the record's
 * map (`merged`): a record naming one variable a million times costs its labels once.
 */
function valueLabels(text: PortableText, decode: Decode, byName: Map<string, PorVariable>, own: WeakSet<Map<number | string, string>>, where: string): void {
  const n = text.integer();
  const named: PorVariable[] = [];
  const unknown: string[] = [];
  for (let k = 0; k < n; k++) {
    const name = decode(text.stringBytes()).trim();
    const v = byName.get(name.toUpperCase());
    if (v) named.push(v);
    else unknown.push(name);
  }
  const first = named[0];
  // The values are numbers or strings as the variables are: with none known, they cannot be read.
  if (!first) throw new PorError(`value labels for ${unknown.length ? `a variable not in the file (${unknown[0]})` : 'no variable'} (${where})`);
  const count = text.integer();
  const numbers = new Map<number, string>();
  const texts = new Map<string, string>();
  for (let k = 0; k < count; k++) {
    if (first.numeric) {
      const value = text.number();
      numbers.set(value, decode(text.stringBytes()).trimEnd());
    } else {
      const value = decode(text.stringBytes()).trimEnd();
      texts.set(value, decode(text.stringBytes()).trimEnd());
    }
  }
  for (const v of new Set(named)) {
    if (first.numeric && v.numeric) v.numeric.labels = merged(v.numeric.labels, numbers, own);
    else if (!first.numeric && !v.numeric) v.textLabels = merged(v.textLabels, texts, own);
  }
}

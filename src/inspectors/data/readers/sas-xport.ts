import { LABEL_KEYS } from './json-paths.js';
import type { DocumentRead, RowSink } from './sheet-table.js';
import { RecordRow } from './record-row.js';
import { sasNumberKind, type SasNumberKind } from './sas-numbers.js';
import { ibmNumber, xportCell } from './xport-numbers.js';

/**
 * SAS transport files (`.xpt`): the format the FDA takes clinical-trial data in (CDISC SDTM /
 * ADaM datasets), and CDC's NHANES ships. A file is 80-byte records: library headers, then per
 * member (dataset) a member header, its variables' NAMESTR records (140 bytes each, big-endian)
 * and the observations, packed back to back and blank-padded to a record. Variables become cells
 * named by `member!variable`, one row per observation: character values as text, numbers (IBM
 * floating point, `xport-numbers.ts`) as digits or, under a date format, ISO dates; missing
 * values give no cell. Version 5 (`LIBRARY`, TS-140) and version 8/9 (`LIBV8`: `MEMBV8`,
 * `NAMSTV8` with 32-character names in the NAMESTR, then `LABELV8`/`LABELV9` records with long
 * names, labels and formats, `OBSV8`) are read, from SAS's "Transport Format" documentation.
 */

const RECORD = 80;
const HEADER = 'HEADER RECORD*******';
/** What follows a header record's 8-character name. */
const HEADER_TAIL = 'HEADER RECORD!!!!!!!';

interface Var {
  name: string;
  position: number;
  length: number;
  /** Character, or how a number reads. */
  kind: 'char' | SasNumberKind;
  format: string;
}

interface Member {
  name: string;
  vars: Var[];
  obsAt: number;
  obsBytes: number;
}

class XportError extends Error {}

/**
 * The name of the header record at `at` (`LIBRARY`, `MEMBV8`, `OBS`…), or undefined for a record
 * that is not one. SAS pads the name to 8 characters; the header of version 8 as its documentation
 * prints it (`LIBV8 HEADER RECORD`, one space) is taken too.
 */
function headerName(bytes: Uint8Array, at: number): string | undefined {
  if (at + 48 > bytes.length || bytes[at] !== 0x48 || ascii(bytes, at, HEADER.length) !== HEADER) return undefined;
  const m = /^([A-Z0-9]{1,8}) *HEADER RECORD!!!!!!!/.exec(ascii(bytes, at + HEADER.length, 8 + HEADER_TAIL.length));
  return m?.[1];
}

/** The digits after a header record's name (`000000000000000001600000000140`…), `from` characters in, `n` long. */
function headerNumber(bytes: Uint8Array, at: number, from: number, n: number): number {
  const digits = at + ascii(bytes, at, RECORD).indexOf('!!!!!!!') + 7;
  return Number.parseInt(ascii(bytes, digits + from, n).trim(), 10);
}

/** The transport version of a file: 5, 8 (`LIBV8`, which version 9 writes too), or 0 for none. */
function versionOf(head: Uint8Array): 0 | 5 | 8 {
  const name = headerName(head, 0);
  return name === 'LIBRARY' ? 5 : name === 'LIBV8' ? 8 : 0;
}

/** Whether the bytes open a transport file (version 5, or 8/9). */
export function isSasXport(head: Uint8Array): boolean {
  return versionOf(head) !== 0;
}

function ascii(bytes: Uint8Array, at: number, n: number): string {
  return new TextDecoder('latin1').decode(bytes.subarray(at, Math.min(bytes.length, at + n)));
}

export function eachXportRow(bytes: Uint8Array, maxRows: number, sink: RowSink): DocumentRead {
  const problems: string[] = [];
  const version = versionOf(bytes);
  if (!version) return { problems: ['not a SAS transport (XPORT) file'], truncated: true };
  const memberHeader = version === 5 ? 'MEMBER' : 'MEMBV8';
  const decoder = new TextDecoder('windows-1252');
  const row = new RecordRow();
  let rows = 0;
  let truncated = false;
  // Members follow the three library records; each is found by its header record.
  for (let at = 3 * RECORD; at + RECORD <= bytes.length; ) {
    if (headerName(bytes, at) !== memberHeader) {
      problems.push(`expected a member header at byte ${at}; the rest of the file was not read`);
      break;
    }
    let member: Member;
    try {
      member = readMember(bytes, at, version);
    } catch (e) {
      if (!(e instanceof XportError)) throw e;
      problems.push(`member at byte ${at}: ${e.message}`);
      break;
    }
    sink.header({ row: 0, header: true, cells: member.vars.map((v) => ({ text: v.name, field: `${member.name}!${v.name}`, verbatim: false })) });
    const labelVar = member.vars.find((v) => LABEL_KEYS.test(v.name));
    const next = nextMember(bytes, member.obsAt, memberHeader);
    const end = next < 0 ? bytes.length : next;
    const width = member.obsBytes;
    for (let p = member.obsAt; width > 0 && p + width <= end; p += width) {
      // The last record is blank-padded: a row of nothing but blanks is padding, not data.
      if (allBlank(bytes, p, width)) continue;
      if (rows >= maxRows) {
        truncated = true;
        break;
      }
      rows++;
      for (const v of member.vars) {
        const field = `${member.name}!${v.name}`;
        const at = p + v.position;
        if (v.kind === 'char') row.add(field, decoder.decode(bytes.subarray(at, at + v.length)).trimEnd(), v === labelVar);
        else row.add(field, xportCell(ibmNumber(bytes, at, v.length), v.kind) ?? '', v === labelVar, false);
      }
      row.emit(sink, rows);
    }
    if (next < 0 || truncated) break;
    at = next;
  }
  return { problems, truncated: truncated || problems.length > 0 };
}

function allBlank(bytes: Uint8Array, at: number, n: number): boolean {
  for (let i = at; i < at + n; i++) if (bytes[i] !== 0x20) return false;
  return true;
}

/** The next member header at a record boundary after `from`, or -1. */
function nextMember(bytes: Uint8Array, from: number, memberHeader: string): number {
  for (let p = toRecord(from); p + RECORD <= bytes.length; p += RECORD) if (headerName(bytes, p) === memberHeader) return p;
  return -1;
}

/** The next record boundary at or after `p`. */
function toRecord(p: number): number {
  return p + ((RECORD - (p % RECORD)) % RECORD);
}

/** A member's header records, its NAMESTRs (and version 8's label records), and where its observations start. */
function readMember(bytes: Uint8Array, at: number, version: 5 | 8): Member {
  const need = (p: number, n: number) => {
    if (p + n > bytes.length) throw new XportError('the file ends inside its header');
  };
  need(at, 6 * RECORD);
  // "…!!!!!!!000000000000000001600000000140  ": the NAMESTR length (140, or 136 on VAX/VMS).
  const namestrBytes = Number(ascii(bytes, at + 74, 4).trim()) || 140;
  if (namestrBytes !== 140 && namestrBytes !== 136) throw new XportError(`NAMESTR length ${namestrBytes} is not 140 or 136`);
  // Member header, descriptor header, then the two member records: the dataset name from byte 8
  // (8 characters in version 5, 32 in version 8).
  const name = ascii(bytes, at + 2 * RECORD + 8, version === 5 ? 8 : 32).trim() || 'dataset';
  const ns = at + 4 * RECORD;
  if (headerName(bytes, ns) !== (version === 5 ? 'NAMESTR' : 'NAMSTV8')) throw new XportError('no NAMESTR header record');
  const first = ns + RECORD;
  const nvars = variableCount(bytes, ns, namestrBytes, version);
  need(first, nvars * namestrBytes);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vars: Var[] = [];
  let obsBytes = 0;
  for (let i = 0; i < nvars; i++) {
    const p = first + i * namestrBytes;
    const type = dv.getInt16(p, false);
    const length = dv.getInt16(p + 4, false);
    // Version 8 keeps the whole name (up to 32 characters) at byte 88 of the NAMESTR.
    const longName = version === 8 && namestrBytes === 140 ? ascii(bytes, p + 88, 32).replace(/\0/g, '').trim() : '';
    const varName = longName || ascii(bytes, p + 8, 8).trim();
    const position = dv.getInt32(p + 84, false);
    if (length < 0 || position < 0) throw new XportError(`variable ${i + 1} has a negative length or position`);
    if (type !== 2 && (length < 2 || length > 8)) throw new XportError(`numeric variable ${varName} has length ${length} (2 to 8)`);
    obsBytes = Math.max(obsBytes, position + length);
    const format = ascii(bytes, p + 56, 8).trim() || ascii(bytes, p + 72, 8).trim();
    vars.push({ name: varName, position, length, kind: type === 2 ? 'char' : sasNumberKind(format), format });
  }
  let obsHeader = toRecord(first + nvars * namestrBytes);
  need(obsHeader, RECORD);
  const labels = headerName(bytes, obsHeader);
  if (version === 8 && (labels === 'LABELV8' || labels === 'LABELV9')) obsHeader = toRecord(readLabels(bytes, obsHeader, labels === 'LABELV9', vars));
  need(obsHeader, RECORD);
  if (headerName(bytes, obsHeader) !== (version === 5 ? 'OBS' : 'OBSV8')) throw new XportError('no OBS header record after the variables');
  return { name, vars, obsAt: obsHeader + RECORD, obsBytes };
}

/**
 * The variable count in a NAMESTR header. Version 5 puts it in 4 digits after 6 zeros (ending at
 * byte 58: ReadStat writes 5 digits after 5 there, in both versions); SAS's version 8 in 6 digits
 * after 6 zeros (ending at byte 60). The count is the one after whose NAMESTRs the next header
 * record (labels or observations) starts.
 */
function variableCount(bytes: Uint8Array, ns: number, namestrBytes: number, version: 5 | 8): number {
  const next = version === 5 ? ['OBS'] : ['OBSV8', 'LABELV8', 'LABELV9'];
  const candidates = [headerNumber(bytes, ns, 0, 10), headerNumber(bytes, ns, 6, 6)].filter((n) => Number.isInteger(n) && n >= 0);
  if (!candidates.length) throw new XportError('unreadable variable count');
  const after = (n: number) => toRecord(ns + RECORD + n * namestrBytes);
  const found = candidates.find((n) => next.includes(headerName(bytes, after(n)) ?? ''));
  // None: the first reading, and the error says where the header that should follow is missing.
  return found ?? candidates[0]!;
}

/**
 * Version 8's label records after the NAMESTRs: per variable whose name, label or (LABELV9) format
 * is too long for its NAMESTR, its number, the lengths (2 bytes each, big-endian) and the texts.
 * The number is 0-based as ReadStat writes it; a record whose name is a variable's own is taken
 * for that variable whatever its number. Returns where the records end.
 */
function readLabels(bytes: Uint8Array, header: number, v9: boolean, vars: Var[]): number {
  const count = headerNumber(bytes, header, 0, 5);
  if (!Number.isInteger(count) || count < 0 || count > vars.length) throw new XportError(`${v9 ? 'LABELV9' : 'LABELV8'} claims ${count} labels for ${vars.length} variables`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = header + RECORD;
  // By name through a map: a file of 100,000 variables and as many label records stays linear.
  const byName = new Map(vars.map((v) => [v.name.toUpperCase(), v]));
  for (let k = 0; k < count; k++) {
    const fields = v9 ? 5 : 3;
    if (p + 2 * fields > bytes.length) throw new XportError('the file ends inside a label record');
    const [index, ...lengths] = Array.from({ length: fields }, (_, f) => dv.getUint16(p + 2 * f, false));
    p += 2 * fields;
    const total = lengths.reduce((a, n) => a + n, 0);
    if (p + total > bytes.length) throw new XportError('the file ends inside a label record');
    const texts: string[] = [];
    for (const n of lengths) {
      texts.push(ascii(bytes, p, n).trim());
      p += n;
    }
    const [name, format] = [texts[0]!, v9 ? texts[1]! : ''];
    const v = byName.get(name.toUpperCase()) ?? vars[index!];
    if (!v) continue;
    if (name) v.name = name;
    if (format && v.kind !== 'char') [v.format, v.kind] = [format, sasNumberKind(format)];
  }
  return p;
}

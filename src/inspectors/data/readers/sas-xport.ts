import { LABEL_KEYS } from './json-paths.js';
import type { DocumentRead, RowSink } from './sheet-table.js';
import { RecordRow } from './record-row.js';

/**
 * SAS transport files (`.xpt`, XPORT version 5): the format the FDA takes clinical-trial data in
 * (CDISC SDTM / ADaM datasets), and CDC's NHANES ships. A file is 80-byte records: library
 * headers, then per member (dataset) a member header, its variables' NAMESTR records (140 bytes
 * each, big-endian) and the observations, packed back to back and blank-padded to a record. Character
 * variables become cells named by the variable, one row per observation; numbers (IBM floating
 * point) are not read, as for Stata. Layout from SAS's "Record Layout of a SAS Version 5 or 6 Data
 * Set in SAS Transport (XPORT) Format" (TS-140). The version 8 `LIBV8` layout is not read.
 */

const RECORD = 80;
const HEADER = 'HEADER RECORD*******';
const LIBRARY = `${HEADER}LIBRARY HEADER RECORD!!!!!!!`;
const MEMBER = `${HEADER}MEMBER  HEADER RECORD!!!!!!!`;
const NAMESTR = `${HEADER}NAMESTR HEADER RECORD!!!!!!!`;
const OBS = `${HEADER}OBS     HEADER RECORD!!!!!!!`;

interface CharVar {
  name: string;
  position: number;
  length: number;
}

class XportError extends Error {}

/** Whether the bytes open a version 5 transport file. */
export function isSasXport(head: Uint8Array): boolean {
  return head.length >= LIBRARY.length && ascii(head, 0, LIBRARY.length) === LIBRARY;
}

function ascii(bytes: Uint8Array, at: number, n: number): string {
  return new TextDecoder('latin1').decode(bytes.subarray(at, Math.min(bytes.length, at + n)));
}

export function eachXportRow(bytes: Uint8Array, maxRows: number, sink: RowSink): DocumentRead {
  const problems: string[] = [];
  if (!isSasXport(bytes)) return { problems: ['not a SAS transport (XPORT version 5) file'], truncated: true };
  const decoder = new TextDecoder('windows-1252');
  const row = new RecordRow();
  let rows = 0;
  let truncated = false;
  // Members follow the three library records; each is found by its header record.
  for (let at = 3 * RECORD; at + RECORD <= bytes.length; ) {
    if (ascii(bytes, at, MEMBER.length) !== MEMBER) {
      problems.push(`expected a member header at byte ${at}; the rest of the file was not read`);
      break;
    }
    let member: { name: string; vars: CharVar[]; allNames: string[]; obsAt: number; obsBytes: number; namestrBytes: number };
    try {
      member = readMember(bytes, at);
    } catch (e) {
      if (!(e instanceof XportError)) throw e;
      problems.push(`member at byte ${at}: ${e.message}`);
      break;
    }
    sink.header({ row: 0, header: true, cells: member.allNames.map((n) => ({ text: n, field: `${member.name}!${n}`, verbatim: false })) });
    const labelVar = member.vars.find((v) => LABEL_KEYS.test(v.name));
    const next = nextMember(bytes, member.obsAt);
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
      for (const v of member.vars) row.add(`${member.name}!${v.name}`, decoder.decode(bytes.subarray(p + v.position, p + v.position + v.length)).trimEnd(), v === labelVar);
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
function nextMember(bytes: Uint8Array, from: number): number {
  const first = from + ((RECORD - (from % RECORD)) % RECORD);
  for (let p = first; p + MEMBER.length <= bytes.length; p += RECORD) {
    if (bytes[p] === 0x48 && ascii(bytes, p, MEMBER.length) === MEMBER) return p;
  }
  return -1;
}

/** A member's header records, its NAMESTRs, and where its observations start. */
function readMember(bytes: Uint8Array, at: number) {
  const need = (p: number, n: number) => {
    if (p + n > bytes.length) throw new XportError('the file ends inside its header');
  };
  need(at, 6 * RECORD);
  // "…!!!!!!!000000000000000001600000000140  ": the NAMESTR length (140, or 136 on VAX/VMS).
  const namestrBytes = Number(ascii(bytes, at + 74, 4).trim()) || 140;
  if (namestrBytes !== 140 && namestrBytes !== 136) throw new XportError(`NAMESTR length ${namestrBytes} is not 140 or 136`);
  // Member header, descriptor header, then the two member records: the dataset name at 8..16.
  const name = ascii(bytes, at + 2 * RECORD + 8, 8).trim() || 'dataset';
  const ns = at + 4 * RECORD;
  if (ascii(bytes, ns, NAMESTR.length) !== NAMESTR) throw new XportError('no NAMESTR header record');
  const nvars = Number(ascii(bytes, ns + 54, 4));
  if (!Number.isInteger(nvars) || nvars < 0) throw new XportError('unreadable variable count');
  const first = ns + RECORD;
  need(first, nvars * namestrBytes);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vars: CharVar[] = [];
  const allNames: string[] = [];
  let obsBytes = 0;
  for (let i = 0; i < nvars; i++) {
    const p = first + i * namestrBytes;
    const type = dv.getInt16(p, false);
    const length = dv.getInt16(p + 4, false);
    const varName = ascii(bytes, p + 8, 8).trim();
    const position = dv.getInt32(p + 84, false);
    if (length < 0 || position < 0) throw new XportError(`variable ${i + 1} has a negative length or position`);
    allNames.push(varName);
    obsBytes = Math.max(obsBytes, position + length);
    if (type === 2) vars.push({ name: varName, position, length });
  }
  const afterNames = first + nvars * namestrBytes;
  const obsHeader = afterNames + ((RECORD - (afterNames % RECORD)) % RECORD);
  need(obsHeader, RECORD);
  if (ascii(bytes, obsHeader, OBS.length) !== OBS) throw new XportError('no OBS header record after the variables');
  return { name, vars, allNames, obsAt: obsHeader + RECORD, obsBytes, namestrBytes };
}

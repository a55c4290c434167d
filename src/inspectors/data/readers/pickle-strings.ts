import { pyLong } from '../../../core/pickle-int.js';
import { ARG_FIXED, ARG_LINE, ARG_LINE2, ARG_NONE, decodeLong, fixedArg, lengthArg, OP, PICKLE_ARG_LAYOUT, PICKLE_ARG_SIZE } from '../../../core/pickle-opcodes.js';
import { binaryText } from './json.js';
import { JOBLIB_MODULES, JoblibArrays, type JoblibArrayData } from './pickle-joblib.js';
import type { DataRow, VectorStoreKind } from './types.js';

/**
 * The text inside a pickle, read without running it: data pickled rather than written as a table —
 * a LangChain FAISS store's `index.pkl` (its docstore: every document's `page_content` and
 * `metadata`), a pandas DataFrame saved with `to_pickle`, a list of chat transcripts. The opcode
 * stream is walked as the pickle machine would read it (the layout of each opcode's argument, from
 * CPython's `pickletools`, in core's pickle-opcodes.ts), but nothing is built and no import or call is made: strings are
 * collected, and the key each one follows names its field (`page_content`, `source`).
 *
 * A dict pickles as key, value, key, value: an identifier-like string (`page_content`, `__dict__`)
 * is taken as the next value's field — also when it comes back from the memo (protocol 4 stores
 * each key once and fetches it again for every later object). A string that is not an identifier,
 * or follows a key, is a value: a cell, under the pending key if there is one. A row is one object's strings: a new
 * row starts when a field repeats (the next Document) or a value has no key (a DataFrame column's
 * strings, one row each). A row's `page_content` / `text` / `content` / `document` is a record for
 * the poisoning analysis.
 *
 * Bounded: a string over MAX_STRING_BYTES is skipped unread (and said); a text line (protocol 0)
 * over MAX_LINE_BYTES stops the file, and so does a length no pickle can have (negative, or 2^53 or
 * more: `lengthArg`); the memo keeps only keys, at most MAX_MEMO_KEYS.
 */

export const MAX_STRING_BYTES = 16 << 20;
const MAX_LINE_BYTES = 1 << 20;
const MAX_MEMO_KEYS = 1 << 20;
const MAX_ROW_CELLS = 1000;
/** joblib object arrays pickled inside a pickle: deeper than this is no file joblib writes. */
const MAX_NESTED_PICKLES = 8;
/** The module of LangChain's docstore classes, as a pickle names them. */
const DOCSTORE_MODULE = /^langchain(?:_community)?\.docstore\./;
/** Keys whose value is a document's text. */
const RECORD_FIELDS = new Set(['page_content', 'text', 'content', 'document', 'body']);
/** A dict key or a name: short, an identifier or a dotted path. */
const KEY_LIKE = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;

const { STOP, BINGET, LONG_BINGET, GET, BINPUT, LONG_BINPUT, PUT, MEMOIZE, FRAME, MARK, PROTO, LONG1 } = OP;
/** Per opcode: pushes a text string; pushes bytes (Python 2 `str` too: text when they are text); keeps a pending key. */
const UNICODE = 1;
const BYTES = 2;
const KEEPS = 4;
const KIND = new Uint8Array(256);
for (const c of [OP.SHORT_BINUNICODE, OP.BINUNICODE, OP.BINUNICODE8, OP.UNICODE]) KIND[c] = UNICODE;
for (const c of [OP.SHORT_BINSTRING, OP.BINSTRING, OP.STRING, OP.SHORT_BINBYTES, OP.BINBYTES, OP.BINBYTES8, OP.BYTEARRAY8]) KIND[c] = BYTES;
// Opcodes after a key that keep it pending: memo bookkeeping (a fetched key sets its own), framing,
// and a list, tuple or set whose strings are the key's values. An empty dict is not among them:
// the strings in it are keys.
for (const c of [BINPUT, LONG_BINPUT, PUT, MEMOIZE, FRAME, MARK, OP.EMPTY_LIST, OP.EMPTY_TUPLE, OP.EMPTY_SET, BINGET, LONG_BINGET, GET]) KIND[c] = KIND[c]! | KEEPS;

/** Buffered reading of a byte-chunk stream, with a synchronous fast path. */
class Window {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  /** Stream offset of `buf[0]`. */
  base = 0;
  private ended = false;
  constructor(private readonly it: AsyncIterator<Uint8Array>) {}

  get offset(): number {
    return this.base + this.pos;
  }

  /** Whether `n` bytes are in hand already (no await: most opcodes are a few bytes of a 1 MiB chunk). */
  ready(n: number): boolean {
    return this.buf.length - this.pos >= n;
  }

  /**
   * Whether `n` bytes are there (reading on when they are not yet). The chunks read on are joined
   * once, when there are enough: joined one at a time, a 15 MiB string in the 64 KiB blocks of an
   * LZ4 frame (or 16 KiB pieces) was copied over and over — seconds of CPU for one string.
   */
  async have(n: number): Promise<boolean> {
    let size = this.buf.length - this.pos;
    if (size >= n) return true;
    const parts: Uint8Array[] = [];
    while (size < n && !this.ended) {
      const { value, done } = await this.it.next();
      if (done) this.ended = true;
      else if (value.length) {
        parts.push(value);
        size += value.length;
      }
    }
    if (parts.length) {
      const rest = this.buf.subarray(this.pos);
      this.base += this.pos;
      const one = parts.length === 1 && !rest.length ? parts[0]! : undefined;
      this.buf = one ? Buffer.from(one.buffer, one.byteOffset, one.length) : Buffer.concat([rest, ...parts]);
      this.pos = 0;
    }
    return size >= n;
  }

  /** Skips `n` bytes, reading through them without keeping them; false when the stream ends first. */
  async skip(n: number): Promise<boolean> {
    while (n > 0) {
      if (!(await this.have(1))) return false;
      const k = Math.min(n, this.buf.length - this.pos);
      this.pos += k;
      n -= k;
    }
    return true;
  }

  /** The offset of the next newline at or after `pos`, reading on (up to MAX_LINE_BYTES); -1 when none. */
  async lineEnd(): Promise<number> {
    let from = this.pos;
    for (;;) {
      const nl = this.buf.indexOf(10, from);
      if (nl >= 0) return nl;
      const before = this.buf.length - this.pos;
      if (before > MAX_LINE_BYTES) throw new Error(`a text argument longer than ${MAX_LINE_BYTES} bytes at byte ${this.offset}`);
      if (!(await this.have(before + 1))) return -1;
      // `have` may have moved the bytes to the start of a new buffer: search on from where they end.
      from = this.pos + before;
    }
  }
}

/**
 * Rows of the strings a pickle (or a stream of pickles) holds; `skipped` says what was left unread.
 * `tap`, when given, sees every text string the stream pushes, in order, keys and values alike (a
 * pandas object array pickled in an HDF5 file is a flat run of its values, which the HDF5 reader
 * lays out by the frame's shape itself).
 */
export async function* readPickleStrings(chunks: AsyncIterable<Uint8Array>, status: { rows: number; truncated: boolean; vectorStore?: VectorStoreKind }, maxRows: number, skipped: string[], tap?: (s: string) => void): AsyncGenerator<DataRow> {
  const w = new Window(chunks[Symbol.asyncIterator]());
  let memo = new Map<number, string>();
  let memoCount = 0;
  /** joblib's arrays, once the stream names joblib (`pickle-joblib.ts`); the pickles an object array nests in, outermost first. */
  let joblib: JoblibArrays | undefined;
  const outer: { memo: Map<number, string>; memoCount: number; joblib: JoblibArrays | undefined }[] = [];
  let pendingKey: string | undefined;
  let lastString: string | undefined;
  let cells: { text: string; field?: string; verbatim: boolean }[] = [];
  let fields = new Set<string>();
  let row = 0;
  let opcodes = 0;
  let stopped = false;
  /** Rows completed by the last opcode, yielded before the next. */
  const ready: DataRow[] = [];
  const flush = (): void => {
    if (!cells.length) return;
    const doc = cells.find((c) => c.field !== undefined && RECORD_FIELDS.has(c.field));
    ready.push({ row: ++row, cells, record: doc ? { text: doc.text } : undefined });
    cells = [];
    fields = new Set();
    status.rows = row;
  };
  /**
   * A value: a cell under the pending key, in the current row unless its field is already there.
   * A value without a key starts a row: the keyed values after it join it (a docstore's id, then
   * its Document's fields), the next unkeyed value starts another (a DataFrame column's strings).
   */
  const value = (text: string): void => {
    const field = pendingKey;
    pendingKey = undefined;
    // A dict of many distinct keys (a config, a vocabulary) is cut into rows of MAX_ROW_CELLS.
    if (field === undefined ? cells.length > 0 : fields.has(field) || cells.length >= MAX_ROW_CELLS) flush();
    if (field === undefined) {
      cells.push({ text, verbatim: true });
      return;
    }
    cells.push({ text, field, verbatim: true });
    fields.add(field);
  };
  /**
   * A string from the stream. Not an identifier: a value. An identifier right after a key is that
   * key's value (`'type': 'Document'`), unless the key is a dotted module path (then the two are
   * a class's module and name); else it is a key. A long identifier with digits is a value
   * whatever its place: API keys are identifiers.
   */
  const onString = (s: string): void => {
    lastString = s;
    tap?.(s);
    if (!joblib && JOBLIB_MODULES.has(s)) joblib = new JoblibArrays(memo);
    // LangChain's docstore class (`langchain_community.docstore.in_memory`): a vector store's documents.
    if (!status.vectorStore && DOCSTORE_MODULE.test(s)) status.vectorStore = 'langchain';
    if (!KEY_LIKE.test(s) || (s.length >= 16 && /\d/.test(s))) {
      if (s.length) value(s);
    } else if (pendingKey === undefined) pendingKey = s;
    else if (pendingKey.includes('.')) pendingKey = undefined;
    else value(s);
  };
  /** A memoized key fetched again: a key, or, right after one, a value seen before (not a cell twice). */
  const onMemoKey = (s: string): void => {
    pendingKey = pendingKey === undefined ? s : undefined;
  };

  while (w.ready(1) || (await w.have(1))) {
    if (row >= maxRows) {
      status.truncated = true;
      return;
    }
    const at = w.offset;
    const code = w.buf[w.pos]!;
    // After a STOP, only another pickle (PROTO) is read on: what follows may be raw data (joblib
    // writes arrays after its pickle).
    if (stopped && code !== PROTO) break;
    stopped = false;
    const layout = PICKLE_ARG_LAYOUT[code]!;
    if (layout < 0) throw new Error(`${opcodes ? 'unknown pickle opcode' : 'not a pickle: unknown opcode'} 0x${code.toString(16).padStart(2, '0')} at byte ${at}`);
    w.pos++;
    opcodes++;
    const wasString = lastString;
    lastString = undefined;
    /** The opcode's argument as the joblib machine takes it (a string pushed, an int, a memo index, a global's name). */
    let jarg: string | number | undefined;
    if (layout === ARG_NONE) {
      if (code === MEMOIZE) remember((jarg = memoCount++), wasString);
    } else if (layout === ARG_FIXED) {
      const n = PICKLE_ARG_SIZE[code]!;
      if (!w.ready(n) && !(await w.have(n))) throw new Error(`pickle cut short at byte ${at}`);
      const arg = (jarg = fixedArg(code, w.buf, w.pos));
      w.pos += n;
      if (code === BINPUT || code === LONG_BINPUT) remember(arg, wasString);
      else if (code === BINGET || code === LONG_BINGET) {
        const key = memo.get(arg);
        if (key !== undefined) onMemoKey(key);
      }
    } else if (layout === ARG_LINE || layout === ARG_LINE2) {
      let line = '';
      let module = '';
      for (let k = layout === ARG_LINE2 ? 2 : 1; k > 0; k--) {
        const nl = await w.lineEnd();
        if (nl < 0) throw new Error(`pickle cut short at byte ${at}`);
        line = w.buf.toString('latin1', w.pos, nl);
        w.pos = nl + 1;
        // GLOBAL / INST (protocols 0-3) name the class's module on their first line.
        if (k === 2) {
          module = line;
          if (!status.vectorStore && DOCSTORE_MODULE.test(line)) status.vectorStore = 'langchain';
          if (!joblib && JOBLIB_MODULES.has(line)) joblib = new JoblibArrays(memo);
        }
      }
      jarg = layout === ARG_LINE2 ? `${module}.${line}` : line;
      if (code === OP.UNICODE) onString(rawUnicodeEscape(line));
      else if (code === OP.STRING) onString(pythonRepr(line));
      else if (code === PUT || code === GET) {
        // Read as CPython reads a memo name (`p 1`, `g0_1` are valid there); one it refuses names nothing.
        const n = pyLong(line, 10);
        const idx = (jarg = n === undefined ? NaN : Number(n));
        if (code === PUT) remember(idx, wasString);
        else if (memo.has(idx)) onMemoKey(memo.get(idx)!);
      }
      if (lastString !== undefined) jarg = lastString;
    } else {
      // ARG_LEN: a length, then that many bytes.
      const lenBytes = PICKLE_ARG_SIZE[code]!;
      if (!w.ready(lenBytes) && !(await w.have(lenBytes))) throw new Error(`pickle cut short at byte ${at}`);
      const len = lengthArg(code, w.buf, w.pos, at);
      w.pos += lenBytes;
      const text = (KIND[code]! & (UNICODE | BYTES)) !== 0;
      if (code === LONG1 && len <= 8 && joblib) {
        // A long int (a shape's size past 2^31, or a lying one): the joblib machine needs its value.
        if (!w.ready(len) && !(await w.have(len))) throw new Error(`pickle cut short at byte ${at}`);
        jarg = Number(decodeLong(w.buf.subarray(w.pos, w.pos + len)));
        w.pos += len;
      } else if (!text || len > MAX_STRING_BYTES) {
        if (text) skipped.push(`a string of ${Math.round(len / 2 ** 20)} MiB at byte ${at}, over the ${MAX_STRING_BYTES >> 20} MiB read; not read`);
        if (!(await w.skip(len))) throw new Error(`pickle cut short at byte ${at}`);
      } else {
        if (!w.ready(len) && !(await w.have(len))) throw new Error(`pickle cut short at byte ${at}`);
        const bytes = w.buf.subarray(w.pos, w.pos + len);
        w.pos += len;
        if (KIND[code] === UNICODE) onString(bytes.toString('utf8'));
        else {
          const t = binaryText(bytes);
          if (t !== undefined) onString(t);
        }
        jarg = lastString;
      }
    }
    const array = joblib?.op(code, jarg);
    if (array) await stepOver(array, at);
    if (lastString === undefined && (KIND[code]! & KEEPS) === 0) pendingKey = undefined;
    if (code === STOP) {
      flush();
      pendingKey = undefined;
      // The end of an object array's pickle: the outer pickle goes on.
      const back = outer.pop();
      if (back) ({ memo, memoCount, joblib } = back);
      else stopped = true;
    }
    if (ready.length) {
      for (const r of ready) yield r;
      ready.length = 0;
    }
  }
  flush();
  yield* ready;

  /** Past a joblib wrapper's BUILD: its array's bytes stepped over, or its object array's pickle entered (with a memo of its own). */
  async function stepOver(array: JoblibArrayData, at: number): Promise<void> {
    if (array.kind === 'pickle') {
      if (outer.length >= MAX_NESTED_PICKLES) throw new Error(`joblib object arrays nested more than ${MAX_NESTED_PICKLES} deep at byte ${at}`);
      outer.push({ memo, memoCount, joblib });
      memo = new Map();
      memoCount = 0;
      joblib = undefined;
      return;
    }
    if (array.padded) {
      if (!(await w.have(1))) throw new Error(`${array.what} is cut short at byte ${w.offset}`);
      const pad = w.buf[w.pos++]!;
      if (!(await w.skip(pad))) throw new Error(`${array.what} is cut short at byte ${w.offset}`);
    }
    if (!(await w.skip(array.count))) throw new Error(`${array.what} of ${array.count} bytes from byte ${at} runs past the end of the file`);
  }

  function remember(idx: number, s: string | undefined): void {
    if (idx >= memoCount) memoCount = idx + 1;
    if (s !== undefined && memo.size < MAX_MEMO_KEYS && KEY_LIKE.test(s)) memo.set(idx, s);
  }
}

/** Protocol 0's UNICODE argument: raw-unicode-escape (\uXXXX and \UXXXXXXXX; other bytes are Latin-1). */
function rawUnicodeEscape(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, u: string | undefined, big: string | undefined) => {
    const cp = parseInt(u ?? big!, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
  });
}

/** Protocol 0's STRING argument: a quoted Python literal with backslash escapes. */
function pythonRepr(s: string): string {
  const q = s[0];
  const body = (q === "'" || q === '"') && s.endsWith(q) && s.length >= 2 ? s.slice(1, -1) : s;
  return body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' } as Record<string, string>)[e] ?? `\\${e}`;
  });
}

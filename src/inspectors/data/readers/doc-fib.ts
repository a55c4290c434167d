/**
 * The File Information Block of a Word 97–2003 document (MS-DOC 2.5): the header of the
 * `WordDocument` stream that says which table stream holds the document's tables, whether the
 * document is encrypted, where its piece table (the Clx) is, and how many characters each story
 * (main text, footnotes, headers, comments…) holds.
 *
 * The FIB is a chain of variable-length blocks (FibBase, then counted arrays of u16, u32 and fc/lcb
 * pairs); each count is read from the file and checked against the bytes there before it is used,
 * so a FIB that points outside its stream fails with an `Error` naming the field.
 */

/** `wIdent`: every Word binary document opens with it. */
export const WORD_IDENT = 0xa5ec;
/** Word 97's `nFib`; Word 6 and 95 wrote 101–105 and a FIB of another layout. */
const NFIB_WORD97 = 0xc1;
/** FibRgFcLcb97's pair that locates the Clx (`fcClx`, `lcbClx`): the 34th. */
const CLX_PAIR = 33;
/** Its pairs that locate the style sheet (`fcStshf`: the 2nd) and the character and paragraph formatting (`fcPlcfBteChpx`, `fcPlcfBtePapx`: the 13th and 14th). */
const STSH_PAIR = 1;
const CHPX_PAIR = 12;
const PAPX_PAIR = 13;
/** FibBase's size: `csw` follows it. */
const FIB_BASE = 32;

/** The stories of a document, in the order their characters follow one another in CP space. */
export const STORIES = ['body', 'footnotes', 'headers', 'macros', 'comments', 'endnotes', 'text boxes', 'header text boxes'] as const;
export type Story = (typeof STORIES)[number];

/** Where a structure is in the table stream: its offset and size. */
export interface Place {
  fc: number;
  lcb: number;
}

export interface Fib {
  nFib: number;
  /** `fEncrypted` (XOR obfuscation sets it too): the text cannot be read. */
  encrypted: boolean;
  /** `1Table` or `0Table`, by `fWhichTblStm`. */
  tableStream: '0Table' | '1Table';
  fcClx: number;
  lcbClx: number;
  /** In the table stream: the style sheet (`doc-styles.ts`) and the tables of the character and paragraph formatting's pages (`doc-chpx.ts`, `doc-papx.ts`). */
  stsh: Place;
  chpx: Place;
  papx: Place;
  /** Characters in each story (FibRgLw97's ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx), in STORIES order. */
  storyLengths: number[];
}

/** Reads the FIB at the start of a `WordDocument` stream; throws an `Error` saying what is wrong. */
export function readFib(word: Uint8Array): Fib {
  if (word.length < FIB_BASE + 2) throw new Error(`WordDocument stream is ${word.length} bytes, too short for its FIB`);
  const view = new DataView(word.buffer, word.byteOffset, word.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const ident = u16(0);
  if (ident !== WORD_IDENT) throw new Error(`WordDocument stream opens with 0x${ident.toString(16)}, not Word's 0xa5ec`);
  const nFib = u16(2);
  const flags = u16(0x0a);
  const encrypted = (flags & 0x0100) !== 0;
  const tableStream = flags & 0x0200 ? '1Table' : '0Table';
  // An encrypted document's FIB past FibBase is still clear, but nothing more is needed of it.
  if (encrypted) return { nFib, encrypted, tableStream, fcClx: 0, lcbClx: 0, stsh: { fc: 0, lcb: 0 }, chpx: { fc: 0, lcb: 0 }, papx: { fc: 0, lcb: 0 }, storyLengths: [] };
  if (nFib < NFIB_WORD97 && nFib >= 101 && nFib <= 105) throw new Error(`a Word 6 or Word 95 document (nFib ${nFib}); only Word 97–2003 documents are read`);

  // Each block's count is checked against the stream before the block is read.
  let at = FIB_BASE;
  const block = (width: number, what: string): number => {
    if (at + 2 > word.length) throw new Error(`FIB ends before its ${what} count (offset ${at})`);
    const count = u16(at);
    const start = at + 2;
    at = start + count * width;
    if (at > word.length) throw new Error(`FIB ${what} claims ${count} entries, past the ${word.length}-byte WordDocument stream`);
    return start;
  };
  block(2, 'FibRgW97');
  const lwCount = u16(at);
  const lw = block(4, 'FibRgLw97');
  if (lwCount < 11) throw new Error(`FIB FibRgLw97 holds ${lwCount} values, fewer than the 11 that count the stories`);
  const pairCount = u16(at);
  const pairs = block(8, 'FibRgFcLcb');
  if (pairCount <= CLX_PAIR) throw new Error(`FIB FibRgFcLcb holds ${pairCount} fc/lcb pairs, too few to locate the piece table (fcClx is pair ${CLX_PAIR + 1})`);
  // ccpText…ccpHdrTxbx are signed 32-bit counts; a negative one is no count.
  const storyLengths = STORIES.map((story, i) => {
    const n = view.getInt32(lw + (3 + i) * 4, true);
    if (n < 0) throw new Error(`FIB counts ${n} characters in the ${story}`);
    return n;
  });
  const pair = (i: number) => ({ fc: u32(pairs + i * 8), lcb: u32(pairs + i * 8 + 4) });
  const clx = pair(CLX_PAIR);
  return { nFib, encrypted, tableStream, fcClx: clx.fc, lcbClx: clx.lcb, stsh: pair(STSH_PAIR), chpx: pair(CHPX_PAIR), papx: pair(PAPX_PAIR), storyLengths };
}

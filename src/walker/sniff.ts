/**
 * Content type from magic bytes. The extension is never trusted alone: a pickle named `.txt` is
 * still a pickle. Returns a short type name that analyzers match on (`FileInfo.sniffed`).
 */

function startsWith(head: Uint8Array, sig: readonly number[], offset = 0): boolean {
  if (head.length < offset + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (head[offset + i] !== sig[i]) return false;
  return true;
}

function ascii(head: Uint8Array, offset: number, len: number): string {
  return Buffer.from(head.buffer, head.byteOffset + offset, Math.max(0, Math.min(len, head.length - offset))).toString('latin1');
}

/**
 * Signatures. A short one made of letters could open a text file too (a README that starts "GGUF
 * is …", "BZh…"): `then` checks what the format puts right after it (GGUF's version 1–3 as a
 * little-endian u32, bzip2's block size digit).
 */
const MAGIC: readonly { type: string; sig: readonly number[]; offset?: number; then?: (head: Uint8Array) => boolean }[] = [
  { type: 'zip', sig: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'zip', sig: [0x50, 0x4b, 0x05, 0x06] },
  { type: 'gzip', sig: [0x1f, 0x8b] },
  { type: 'bzip2', sig: [0x42, 0x5a, 0x68], then: (h) => h.length < 4 || (h[3]! >= 0x31 && h[3]! <= 0x39) },
  { type: 'xz', sig: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { type: 'zstd', sig: [0x28, 0xb5, 0x2f, 0xfd] },
  { type: '7z', sig: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { type: 'lz4', sig: [0x04, 0x22, 0x4d, 0x18] },
  { type: 'hdf5', sig: [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'gguf', sig: [0x47, 0x47, 0x55, 0x46], then: (h) => h.length < 8 || (h[4]! >= 1 && h[4]! <= 3 && h[5] === 0 && h[6] === 0 && h[7] === 0) },
  { type: 'numpy', sig: [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] },
  { type: 'parquet', sig: [0x50, 0x41, 0x52, 0x31] },
  { type: 'tflite', sig: [0x54, 0x46, 0x4c, 0x33], offset: 4 },
  { type: 'png', sig: [0x89, 0x50, 0x4e, 0x47] },
  { type: 'jpeg', sig: [0xff, 0xd8, 0xff] },
  { type: 'pdf', sig: [0x25, 0x50, 0x44, 0x46] },
  { type: 'elf', sig: [0x7f, 0x45, 0x4c, 0x46] },
  // The whole 16-byte header: "SQLite" alone starts Debian's README for the sqlite3 package.
  { type: 'sqlite', sig: [...Buffer.from('SQLite format 3\0', 'latin1')] },
];

/** A protocol 0/1 pickle opens with an opcode such as GLOBAL `c`, MARK `(`, EMPTY_DICT `}`. */
const PICKLE_TEXT_GLOBAL = /^[(\]}]?c[A-Za-z_][\w.]*\n[A-Za-z_][\w.]*\n/;
/** A protocol 0 pickle whose first import comes after some arguments: `(S'x'\nios\nsystem\n`. */
const PICKLE_TEXT_INST = /^\([^\n]{0,120}\n(?:[^\n]{0,120}\n){0,6}?[ic][A-Za-z_][\w.]*\n[A-Za-z_][\w.]*\n/;

/** The PROTO opcode (0x80) with protocol 2..5: how binary pickles and legacy torch files begin. */
function isProtoPickle(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5;
}

function looksLikeSafetensors(head: Uint8Array): boolean {
  if (head.length < 10) return false;
  // u64 little-endian header length, then a JSON object.
  const lo = head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24);
  const hi = head[4]! | (head[5]! << 8) | (head[6]! << 16) | (head[7]! << 24);
  if (hi !== 0 || lo <= 1 || lo > 100 * 1024 * 1024) return false;
  return head[8] === 0x7b && (head[9] === 0x22 || head[9] === 0x7d || head[9] === 0x20 || head[9] === 0x0a);
}

function isZlib(head: Uint8Array): boolean {
  if (head.length < 2) return false;
  const cmf = head[0]!;
  const flg = head[1]!;
  return (cmf & 0x0f) === 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 === 0 && (flg & 0x20) === 0;
}

function isText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control / head.length < 0.1;
}

/**
 * Sniffs the content type. `ext` refines ambiguous cases only (a `.onnx` protobuf, a zlib-wrapped
 * joblib), never overrides a clear signature.
 */
export function sniff(head: Uint8Array, ext = ''): string {
  for (const m of MAGIC) {
    if (!startsWith(head, m.sig, m.offset ?? 0) || (m.then && !m.then(head))) continue;
    // TFLite's mark sits at offset 4, where a pickle can put it too (PROTO, then a short string
    // whose length byte is 'T'): pickle.load / torch.load would run such a file, so PROTO wins.
    if (m.offset && isProtoPickle(head)) continue;
    return m.type;
  }
  if (head.length >= 262 && ascii(head, 257, 5) === 'ustar') return 'tar';
  // PROTO opcode 0x80 followed by protocol 2..5 — also how legacy torch files begin.
  // safetensors before pickle: a header length of 0x280–0x580 begins with PROTO-like bytes.
  if (looksLikeSafetensors(head)) return 'safetensors';
  if (isProtoPickle(head)) return 'pickle';
  if (head.length >= 3 && head[0] === 0x5d && head[1] === 0x00 && head[2] === 0x00) return 'lzma';
  if (isZlib(head) && !isText(head)) return 'zlib';
  const text = isText(head);
  if (text) {
    const s = ascii(head, 0, Math.min(head.length, 256));
    if (PICKLE_TEXT_GLOBAL.test(s) || PICKLE_TEXT_INST.test(s)) return 'pickle';
    return 'text';
  }
  if (ext === '.onnx' || ext === '.pb' || ext === '.pbtxt') return 'protobuf';
  return 'binary';
}

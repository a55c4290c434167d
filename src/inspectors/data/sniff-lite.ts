import { isAvroFile } from '../../core/index.js';
import { isCompoundFile } from './readers/ole2.js';
import { isTnef } from './readers/tnef-stream.js';

/**
 * Sniffs like the walker does, for the types the data inspector cares about (inspectors may not
 * import the walker): gzip, zstd (RFC 8878 §3.1.1), bzip2 (`BZh` and a block size), xz, legacy lzma, LZ4 frames, Parquet, SQLite, HDF5, zip, PDF, tar, Avro; and
 * OLE2 compound files (`.xls`) and TNEF streams (`winmail.dat`), which the walker calls binary.
 */
export function sniffLite(head: Uint8Array): string {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3]! >= 0x31 && head[3]! <= 0x39) return 'bzip2';
  if (head[0] === 0x04 && head[1] === 0x22 && head[2] === 0x4d && head[3] === 0x18) return 'lz4';
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a && head[5] === 0x00) return 'xz';
  if (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return 'parquet';
  if (Buffer.from(head.subarray(0, 16)).toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  if (head[0] === 0x89 && Buffer.from(head.subarray(1, 8)).toString('latin1') === 'HDF\r\n\x1a\n') return 'hdf5';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (Buffer.from(head.subarray(0, 4)).toString('latin1') === '%PDF') return 'pdf';
  if (head.length >= 262 && Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar') return 'tar';
  if (head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5) return 'pickle';
  // Legacy LZMA ("LZMA alone": joblib's `compress='lzma'`): the usual properties byte (lc 3, lp 0, pb 2) and a dictionary size in whole 64 KiB, as the walker sniffs it.
  if (head[0] === 0x5d && head[1] === 0x00 && head[2] === 0x00) return 'lzma';
  if (isAvroFile(head)) return 'avro';
  if (isCompoundFile(head)) return 'ole2';
  if (isTnef(head)) return 'tnef';
  for (const b of head) if (b === 0) return 'binary';
  return 'text';
}

/** Extensions of text files the data inspector reads (an LFS pointer's object of another kind is not text). */
const TEXT_EXTENSIONS = new Set(['csv', 'tsv', 'jsonl', 'ndjson', 'json', 'txt', 'md', 'markdown', 'html', 'htm', 'rtf', 'xml', 'log', 'yaml', 'yml', 'ipynb', 'srt', 'vtt', 'env', 'ini', 'toml', 'cfg', 'conf', 'properties', 'py', 'js', 'ts', 'sql']);

/**
 * What a file of this name would sniff as (an LFS pointer's object before it is read). `.dot` and
 * `.pot` are left out of the compound files: more often a Graphviz graph or a gettext template.
 */
export function sniffByName(p: string): string {
  const ext = p.slice(p.lastIndexOf('.') + 1).toLowerCase();
  const byExt: Record<string, string> = { parquet: 'parquet', db: 'sqlite', sqlite: 'sqlite', sqlite3: 'sqlite', zip: 'zip', docx: 'zip', pptx: 'zip', xlsx: 'zip', odt: 'zip', ods: 'zip', odp: 'zip', fodt: 'text', fods: 'text', fodp: 'text', xls: 'ole2', doc: 'ole2', ppt: 'ole2', pps: 'ole2', msg: 'ole2', pdf: 'pdf', gz: 'gzip', zst: 'zstd', bz2: 'bzip2', xz: 'xz', lz4: 'lz4', lzma: 'lzma', tar: 'tar', pkl: 'pickle', pickle: 'pickle', arrow: 'binary', feather: 'binary', tfrecord: 'binary', avro: 'avro', lance: 'binary', h5: 'hdf5', hdf5: 'hdf5' };
  if (ext === 'tnef' || /(?:^|\/)winmail\.dat$/i.test(p)) return 'tnef';
  return byExt[ext] ?? (TEXT_EXTENSIONS.has(ext) ? 'text' : 'binary');
}

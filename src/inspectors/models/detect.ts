/**
 * Model-format detection from a member's first bytes and its name. Magic bytes decide; the name
 * only disambiguates formats without a signature (protobuf `.onnx` / `saved_model.pb`,
 * `tokenizer_config.json`, a Keras `config.json` inside a `.keras` zip).
 */
export type ModelFormat =
  | 'zip'
  | 'tar'
  | 'gzip'
  | 'bzip2'
  | 'xz'
  | 'lzma'
  | 'zlib'
  | 'joblib-zfile'
  | 'lz4'
  | '7z'
  | 'zstd'
  | 'pickle'
  | 'numpy'
  | 'hdf5'
  | 'gguf'
  | 'safetensors'
  | 'onnx'
  | 'savedmodel'
  | 'tokenizer-config'
  | 'torchscript-flatbuffer'
  | 'unknown';

import { isTextPickle } from './text-pickle.js';
import { isBinaryPickle } from './binary-pickle.js';
import { isTorchscriptFlatbuffer } from './formats/torchscript-flatbuffer.js';

/**
 * Where the zlib data of a joblib < 0.10 `ZF` file starts (`ZF`, the length as `0x…` padded to
 * 19 characters, an optional space), or undefined if `h` is not one. joblib.load still reads
 * these ("compat" compressor) and unpickles what they inflate to.
 */
export function zfileDataOffset(h: Uint8Array): number | undefined {
  if (h.length < 23 || h[0] !== 0x5a || h[1] !== 0x46) return undefined;
  if (!/^\s*0[xX][0-9a-fA-F]+\s*$/.test(String.fromCharCode(...h.subarray(2, 21)))) return undefined;
  return h[21] === 0x20 ? 22 : 21;
}

function starts(h: Uint8Array, sig: readonly number[], off = 0): boolean {
  if (h.length < off + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (h[off + i] !== sig[i]) return false;
  return true;
}

/** Opcodes a protocol 0/1 pickle plausibly opens with, checked together with a model-ish name. */
const TEXT_PICKLE = /^(\(|\]|\}|\))?(c[A-Za-z_][\w.]*\n[A-Za-z_][\w.]*\n|\(?(dp0|lp0|I\d|S'|V|N|\(l|\(d))/;
const PICKLE_NAMES = /\.(pkl|pickle|pt|pth|bin|joblib|dill|ckpt|data|p|sav|model|npy|mar)$|(^|\/)(data|constants)\.pkl$/;

const BINARY_OPENERS = new Set([0x8c, 0x58, 0x55, 0x54, 0x42, 0x43, 0x95, 0x28, 0x5d, 0x7d, 0x29, 0x4b, 0x4a, 0x4d, 0x8a, 0x88, 0x89, 0x8f, 0x63]);

export function isSafetensorsHead(h: Uint8Array): boolean {
  if (h.length < 10) return false;
  const lo = (h[0]! | (h[1]! << 8) | (h[2]! << 16) | (h[3]! << 24)) >>> 0;
  const hi = (h[4]! | (h[5]! << 8) | (h[6]! << 16) | (h[7]! << 24)) >>> 0;
  return hi === 0 && lo >= 2 && lo <= 100 * 1024 * 1024 && h[8] === 0x7b && /["} \n\r\t]/.test(String.fromCharCode(h[9]!));
}

/** Zlib header check (RFC 1950): deflate method, window ≤ 32K, FCHECK, no preset dictionary. */
function isZlib(h: Uint8Array): boolean {
  if (h.length < 2) return false;
  const cmf = h[0]!;
  const flg = h[1]!;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0 && (flg & 0x20) === 0;
}

function printable(h: Uint8Array): boolean {
  const n = Math.min(h.length, 64);
  for (let i = 0; i < n; i++) {
    const b = h[i]!;
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b > 0x7e) return false;
  }
  return true;
}

export function detectFormat(head: Uint8Array, name: string): ModelFormat {
  const n = name.toLowerCase();
  if (starts(head, [0x50, 0x4b, 0x03, 0x04]) || starts(head, [0x50, 0x4b, 0x05, 0x06]) || starts(head, [0x50, 0x4b, 0x07, 0x08])) return 'zip';
  if (starts(head, [0x1f, 0x8b])) return 'gzip';
  if (zfileDataOffset(head) !== undefined) return 'joblib-zfile';
  if (starts(head, [0x42, 0x5a, 0x68])) return 'bzip2';
  if (starts(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (starts(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  if (starts(head, [0x04, 0x22, 0x4d, 0x18])) return 'lz4';
  if (starts(head, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (starts(head, [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])) return 'hdf5';
  if (starts(head, [0x47, 0x47, 0x55, 0x46])) return 'gguf';
  if (starts(head, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return 'numpy';
  if (head.length >= 262 && String.fromCharCode(...head.subarray(257, 262)) === 'ustar') return 'tar';
  // Before the pickle checks: a flatbuffer opens with its root table's offset, which can be `\x80\x02`.
  if (isTorchscriptFlatbuffer(head)) return 'torchscript-flatbuffer';
  // safetensors first: a header length of 0x280–0x580 starts with the bytes of a PROTO opcode.
  if (isSafetensorsHead(head)) return 'safetensors';
  if (head.length >= 2 && head[0] === 0x80 && head[1]! <= 5) return 'pickle';
  if (n.endsWith('tokenizer_config.json')) return 'tokenizer-config';
  if (n.endsWith('.onnx')) return 'onnx';
  if (n.endsWith('saved_model.pb') || n.endsWith('.pb')) return 'savedmodel';
  if (head.length >= 3 && head[0] === 0x5d && head[1] === 0x00 && head[2] === 0x00) return 'lzma';
  // Two bytes can pass the zlib header check by chance (`(S` is a valid CMF/FLG pair), so a
  // printable head is never called zlib.
  if (isZlib(head) && !printable(head)) return 'zlib';
  const text = String.fromCharCode(...head.subarray(0, Math.min(head.length, 256)));
  if (/^\(?c[A-Za-z_][\w.]*\n[A-Za-z_][\w.]*\n/.test(text)) return 'pickle';
  if (PICKLE_NAMES.test(n) && TEXT_PICKLE.test(text)) return 'pickle';
  if (isTextPickle(head) || isBinaryPickle(head)) return 'pickle';
  // Python accepts a binary pickle without its PROTO opcode (`\x8c\x02os…`); with a pickle-ish
  // name, any opening opcode is handed to the pickle machine, which decides.
  if (PICKLE_NAMES.test(n) && head.length > 0 && BINARY_OPENERS.has(head[0]!)) return 'pickle';
  // A tar without the ustar magic (v7): checksum field is octal digits at 148.
  if (head.length >= 512 && /^[0-7 \0]{6,8}$/.test(String.fromCharCode(...head.subarray(148, 156))) && /\.(tar|pt|pth)$/.test(n)) return 'tar';
  return 'unknown';
}

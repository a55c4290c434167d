import { memorySource, sliceSource, type ByteSource } from './io/byte-source.js';
import { recogniseNonModel } from './not-a-model.js';
import { detectFormat, zfileDataOffset, type ModelFormat } from './detect.js';
import { probePolyglotPickle } from './polyglot.js';
import { fullyScanned } from './rules.js';
import type { ModelScanContext } from './scan-context.js';
import { readZipDirectory, ZipError, type ZipEntry } from './containers/zip.js';
import { readTarEntries } from './containers/tar.js';
import { inflateOrExplain, memberCap, MemberError, openZipMember, zipMemberHead } from './containers/members.js';
import { decompressHead, WindowLimitError } from './containers/decompress.js';
import { scanTorchLegacyTar } from './containers/torch-legacy-tar.js';
import { scanPickleFile } from './formats/pickle-file.js';
import { scanNpy } from './formats/numpy.js';
import { scanHdf5 } from './formats/hdf5.js';
import { scanGguf } from './formats/gguf.js';
import { scanSafetensors } from './formats/safetensors.js';
import { scanOnnx } from './formats/onnx.js';
import { scanSavedModel } from './formats/savedmodel.js';
import { scanTokenizerConfig } from './formats/tokenizer-config.js';
import { scanTorchscriptCode, TORCHSCRIPT_CODE } from './formats/torchscript-code.js';
import { scanTorchscriptBytecode, TORCHSCRIPT_BYTECODE } from './formats/torchscript-bytecode.js';
import { FileOpSightings } from './formats/torchscript-file-ops.js';
import { scanTorchscriptFlatbuffer } from './formats/torchscript-flatbuffer.js';
import { checkKerasConfig, parseJson } from './formats/keras-config.js';

const HEAD = 4096;
/** Tar type flags whose members carry no file data (hard/symbolic links, devices, directories, FIFOs, GNU long link names). */
const NO_DATA_TAR_TYPES = new Set(['1', '2', '3', '4', '5', '6', 'K']);
/** Names of files that hold a model once decompressed (`weights.pkl.gz`): reported even when unreadable. */
const MODEL_NAME = /\.(pkl|pickle|joblib|pt|pth|bin|ckpt|npy|dill|sav)$/i;
const CODECS = { gzip: 'gzip', bzip2: 'bzip2', xz: 'xz', lzma: 'lzma', zlib: 'zlib', zstd: 'zstd', lz4: 'lz4' } as const;

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function join(parent: string | undefined, child: string): string {
  return parent ? `${parent}!${child}` : child;
}

/**
 * Scans one byte source (the file, an archive member, a decompressed stream): detects its format
 * from magic bytes (the name only disambiguates signature-less formats) and hands it to the
 * format's reader, recursing through archives and compression up to `limits.maxDepth`.
 * `member` is the path inside the outer file (`undefined` for the file itself).
 */
export async function scanSource(ctx: ModelScanContext, src: ByteSource, member: string | undefined, name: string, depth: number, hint?: ModelFormat): Promise<void> {
  const head = hint ? undefined : await src.read(0, HEAD);
  const fmt = hint ?? detectFormat(head!, name);
  if (head && fmt !== 'pickle') await probePolyglotPickle(ctx, src, head, member, fmt === 'torchscript-flatbuffer');
  switch (fmt) {
    case 'zip':
      return scanZip(ctx, src, member, name, depth);
    case 'tar':
      return scanTar(ctx, src, member, name, depth);
    case 'gzip':
    case 'bzip2':
    case 'xz':
    case 'lzma':
    case 'zlib':
    case 'zstd':
    case 'lz4': {
      ctx.format(fmt, false);
      if (depth >= ctx.limits.maxDepth) return ctx.incomplete(fullyScanned, `${fmt} stream nested deeper than ${ctx.limits.maxDepth} levels`, member);
      const innerName = name.replace(/\.(gz|gzip|bz2|xz|lzma|z|zlib|zst|zstd|lz4)$/i, '');
      // Look before inflating: a gzipped CSV or log is not a model and is not decompressed whole.
      let head: Uint8Array;
      try {
        head = await decompressHead(CODECS[fmt], src, 0, src.size, HEAD);
      } catch (e) {
        if (!(e instanceof WindowLimitError)) throw e;
        if (depth === 0 && MODEL_NAME.test(innerName)) {
          ctx.format(fmt);
          ctx.incomplete(fullyScanned, `${fmt} stream: ${e.message}`, member);
        }
        return;
      }
      const innerFmt = detectFormat(head, innerName);
      if (innerFmt === 'unknown') {
        if (depth === 0 && MODEL_NAME.test(innerName)) {
          ctx.format(fmt);
          ctx.incomplete(fullyScanned, `${fmt} stream does not decompress to a recognisable model format`, member);
        }
        return;
      }
      let inner: Uint8Array;
      try {
        inner = await inflateOrExplain(CODECS[fmt], src, 0, src.size, memberCap(ctx.limits, src.size), `${fmt} stream`);
      } catch (e) {
        if (e instanceof MemberError) return ctx.incomplete(fullyScanned, e.message, member);
        throw e;
      }
      return scanSource(ctx, memorySource(inner), join(member, `(${fmt})`), innerName, depth + 1, innerFmt);
    }
    case 'joblib-zfile': {
      // Old joblib `ZF` files: a short header, then a zlib stream holding the pickle.
      ctx.format('joblib');
      const off = zfileDataOffset(await src.read(0, 32))!;
      return scanSource(ctx, sliceSource(src, off, src.size - off), join(member, '(zfile)'), name, depth + 1, 'zlib');
    }
    case '7z':
      ctx.format(fmt);
      return ctx.incomplete(fullyScanned, `${fmt} compression is not supported by this scanner; the contents were not checked`, member);
    case 'pickle':
      return scanPickleFile(ctx, src, member);
    case 'numpy':
      return scanNpy(ctx, src, member);
    case 'hdf5':
      return scanHdf5(ctx, src, member);
    case 'gguf':
      return scanGguf(ctx, src, member);
    case 'safetensors':
      return scanSafetensors(ctx, src, member);
    case 'onnx':
      return scanOnnx(ctx, src, member);
    case 'savedmodel':
      return scanSavedModel(ctx, src, member);
    case 'tokenizer-config':
      return scanTokenizerConfig(ctx, src, member);
    case 'torchscript-flatbuffer':
      return scanTorchscriptFlatbuffer(ctx, src, member);
    case 'unknown':
      // Python's zipfile (keras.models.load_model, anything that extracts) finds an archive by its
      // end record, whatever comes before it: a zip behind a prefix is still a zip.
      if (await hasZipDirectory(src)) return scanZip(ctx, src, member, name, depth);
      if (depth === 0) {
        const other = head && (await recogniseNonModel(src, name, head));
        if (other) {
          ctx.format(other.format, false);
          ctx.note(other.note);
          return;
        }
        ctx.format('unknown');
        ctx.incomplete(fullyScanned, 'content matches no model format this scanner reads', member);
      }
      return;
  }
}

/**
 * Whether the file's time budget is spent, said once as the reason the remaining members were not
 * scanned. Checked between members: thousands of small members that each inflate to 16 MiB cost
 * minutes, and only the pickle machine watched the clock.
 */
function outOfTime(ctx: ModelScanContext, done: number, total: number, member: string | undefined): boolean {
  const deadline = ctx.vmLimits.deadline;
  if (deadline === undefined || performance.now() <= deadline) return false;
  ctx.incomplete(fullyScanned, `time limit reached after ${done} of ${total} archive members; the rest were not scanned`, member);
  return true;
}

async function hasZipDirectory(src: ByteSource): Promise<boolean> {
  if (src.size < 22) return false;
  try {
    return (await readZipDirectory(src, 1)).entries.length > 0;
  } catch (e) {
    if (e instanceof ZipError) return false;
    throw e;
  }
}

async function scanZip(ctx: ModelScanContext, src: ByteSource, member: string | undefined, name: string, depth: number): Promise<void> {
  ctx.format('zip', false);
  if (depth >= ctx.limits.maxDepth) return ctx.incomplete(fullyScanned, `archive nested deeper than ${ctx.limits.maxDepth} levels`, member);
  let entries: ZipEntry[];
  try {
    const dir = await readZipDirectory(src, ctx.limits.maxMembers);
    entries = dir.entries;
    if (dir.truncated) ctx.incomplete(fullyScanned, `zip has more than ${ctx.limits.maxMembers} members; the rest were not scanned`, member);
  } catch (e) {
    if (!(e instanceof ZipError)) throw e;
    return ctx.incomplete(fullyScanned, `zip directory unreadable: ${e.message}`, member);
  }
  const files = entries.filter((e) => !e.name.endsWith('/'));
  const torch = files.some((e) => basename(e.name) === 'data.pkl');
  // keras.models.load_model opens any zip named `.keras` and deserialises its config.json before
  // it looks for metadata or weights, so under that name config.json alone is a Keras model.
  const keras = files.some((e) => e.name === 'config.json') && (/\.keras$/i.test(name) || files.some((e) => e.name === 'metadata.json' || e.name.endsWith('.weights.h5')));
  // torch.load hands an archive with a constants.pkl record (at its top, under the archive's one
  // folder: get_all_records) to torch.jit.load, whose unpickler imports nothing.
  const torchscript = torch && files.some((e) => /^(?:[^/]+\/)?constants\.pkl$/.test(e.name));
  if (torch) {
    ctx.format('pytorch-zip');
    if (torchscript || files.some((e) => /(^|\/)code\//.test(e.name))) ctx.format('torchscript');
    if (torchscript) ctx.note('TorchScript archive: its pickles name the classes its code/ defines; that code, which torch.jit.load compiles and runs, is read for the file-system operators it calls (torch.save, torch.from_file), not otherwise analysed');
  }
  if (keras) ctx.format('keras');
  if (files.length && files.every((e) => e.name.endsWith('.npy'))) ctx.format('npz');
  // A method's file operators, named in its code/ source and its bytecode.pkl, are reported once for the archive.
  const sightings = new FileOpSightings('zip');
  for (const [i, e] of files.entries()) {
    if (outOfTime(ctx, i, files.length, member)) break;
    const path = join(member, e.name);
    try {
      if (torch) {
        // torch.load unpickles only the .pkl records; tensor data records are raw bytes.
        // The lite interpreter (_load_for_lite_interpreter) runs bytecode.pkl's methods, naming operators by string.
        if (TORCHSCRIPT_BYTECODE.test(e.name)) await scanTorchscriptBytecode(ctx, sightings, await openZipMember(src, e, ctx.limits), path, torchscript ? 'torchscript' : 'python');
        else if (e.name.endsWith('.pkl')) await scanPickleFile(ctx, await openZipMember(src, e, ctx.limits), path, torchscript ? 'torchscript' : 'python');
        // torch.jit.load compiles code/**/*.py (the TorchScript source of the archive's classes).
        else if (TORCHSCRIPT_CODE.test(e.name)) await scanTorchscriptCode(ctx, sightings, await openZipMember(src, e, ctx.limits), e.name, path);
        continue;
      }
      if (keras && e.name === 'config.json') {
        const text = new TextDecoder().decode(await (await openZipMember(src, e, ctx.limits)).read(0, Number.MAX_SAFE_INTEGER));
        const cfg = parseJson(text);
        if (cfg === undefined) ctx.incomplete(fullyScanned, 'Keras config.json is not valid JSON', path);
        else checkKerasConfig(ctx, cfg, path);
        continue;
      }
      if (keras && e.name === 'metadata.json') continue;
      const fmt = detectFormat(await zipMemberHead(src, e, HEAD), basename(e.name));
      if (fmt === 'unknown') continue;
      await scanSource(ctx, await openZipMember(src, e, ctx.limits), path, basename(e.name), depth + 1, fmt);
    } catch (err) {
      if (err instanceof MemberError || err instanceof ZipError) ctx.incomplete(fullyScanned, err.message, path);
      else throw err;
    }
  }
  sightings.report(ctx, member);
}

async function scanTar(ctx: ModelScanContext, src: ByteSource, member: string | undefined, name: string, depth: number): Promise<void> {
  ctx.format('tar', false);
  if (depth >= ctx.limits.maxDepth) return ctx.incomplete(fullyScanned, `archive nested deeper than ${ctx.limits.maxDepth} levels`, member);
  let entries;
  try {
    const t = await readTarEntries(src, ctx.limits.maxMembers);
    entries = t.entries;
    if (t.truncated) ctx.incomplete(fullyScanned, `tar has more than ${ctx.limits.maxMembers} members; the rest were not scanned`, member);
  } catch (e) {
    return ctx.incomplete(fullyScanned, `tar unreadable: ${(e as Error).message}`, member);
  }
  // tarfile.extractfile() reads GNU sparse members and every type it does not know as regular
  // files, so only links, devices, directories, FIFOs and GNU long-link records hold no data.
  const files = entries.filter((e) => !NO_DATA_TAR_TYPES.has(e.type));
  const names = new Set(files.map((e) => e.name));
  if (names.has('pickle') && names.has('storages') && names.has('tensors')) {
    return scanTorchLegacyTar(ctx, src, files, member);
  }
  for (const [i, e] of files.entries()) {
    if (outOfTime(ctx, i, files.length, member)) break;
    const path = join(member, e.name);
    const sub = sliceSource(src, e.offset, e.size);
    const fmt = detectFormat(await sub.read(0, HEAD), basename(e.name));
    if (fmt !== 'unknown') await scanSource(ctx, sub, path, basename(e.name), depth + 1, fmt);
  }
  void name;
}

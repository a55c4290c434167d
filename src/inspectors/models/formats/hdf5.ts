import type { ByteSource } from '../io/byte-source.js';
import { fullyScanned } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';
import { checkKerasConfig, parseJson } from './keras-config.js';
import { EmbeddedPickleFinder } from './hdf5-pickles.js';

const ATTR = new TextEncoder().encode('model_config');
/** Every Keras model config serialises as a JSON object that opens with its class name. */
const JSON_START = new TextEncoder().encode('{"class_name"');
const CHUNK = 4 << 20;
const MAX_CONFIG = 64 << 20;

function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0]!;
  for (let i = hay.indexOf(first, from); i >= 0 && i <= hay.length - needle.length; i = hay.indexOf(first, i + 1)) {
    let ok = true;
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) {
      ok = false;
      break;
    }
    if (ok) return i;
  }
  return -1;
}

/** Length of the balanced JSON object starting at `s[0]`, or -1 if it does not close in `s`. */
function jsonExtent(s: Uint8Array): number {
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (inStr) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inStr = false;
    } else if (c === 0x22) inStr = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Where the next candidate JSON object starts in `buf` at or after `from`, or -1. */
type Finder = (buf: Uint8Array, from: number) => number;

const byClassName: Finder = (buf, from) => indexOf(buf, JSON_START, from);

/**
 * Any JSON object whose first key is a short (possibly \u-escaped) identifier: `{"config": …,
 * "class_name": …}`, `{ "class_name"`. json.loads does not care about key order or spacing, so a
 * config written that way is still a model; random weight bytes practically never look like this.
 */
const OBJECT_START = /^\{[ \t\r\n]*"(?:[A-Za-z_]|\\u00[0-9a-fA-F]{2}){1,40}"[ \t\r\n]*:/;
const byAnyKey: Finder = (buf, from) => {
  for (let i = buf.indexOf(0x7b, from); i >= 0; i = buf.indexOf(0x7b, i + 1)) {
    if (OBJECT_START.test(String.fromCharCode(...buf.subarray(i, i + 64)))) return i;
  }
  return -1;
};

/** Streams the file for JSON objects `find` locates and checks each as a Keras config; returns how many parsed, or -1 if one did not close. */
async function scanConfigs(ctx: ModelScanContext, src: ByteSource, find: Finder, member: string | undefined, state: { sawAttr: boolean; work: number }, pickles?: EmbeddedPickleFinder): Promise<number> {
  let configs = 0;
  let carry = new Uint8Array(0);
  for (let pos = 0; pos < src.size; ) {
    const chunk = await src.read(pos, CHUNK);
    if (chunk.length === 0) break;
    await pickles?.feed(chunk, pos);
    const buf = new Uint8Array(carry.length + chunk.length);
    buf.set(carry);
    buf.set(chunk, carry.length);
    const bufStart = pos - carry.length;
    pos += chunk.length;
    if (!state.sawAttr && indexOf(buf, ATTR) >= 0) state.sawAttr = true;
    let from = 0;
    let consumed = Math.max(0, buf.length - 64);
    for (;;) {
      const at = find(buf, from);
      if (at < 0) break;
      // Most configs close inside the chunk; only a config that runs past it costs a bigger read.
      let window: Uint8Array = buf.subarray(at);
      let len = jsonExtent(window);
      if (len < 0 && at + MAX_CONFIG > buf.length) {
        window = await src.read(bufStart + at, MAX_CONFIG);
        len = jsonExtent(window);
      }
      if (len < 0) {
        ctx.incomplete(fullyScanned, `HDF5 model_config at byte ${bufStart + at} does not close within ${MAX_CONFIG} bytes`, member);
        return -1;
      }
      // Candidates nested inside one that does not parse are each matched to the end again:
      // `{"class_name"` ×40k then `}` ×40k took a minute for 560 KB. Real files parse at the
      // first candidate and skip what it holds, so their work is about their size.
      state.work += len;
      if (state.work > 4 * src.size + (64 << 20) || (ctx.vmLimits.deadline !== undefined && performance.now() > ctx.vmLimits.deadline)) {
        ctx.incomplete(fullyScanned, `HDF5 holds too many overlapping JSON candidates to check (stopped at byte ${bufStart + at})`, member);
        return -1;
      }
      const cfg = parseJson(new TextDecoder().decode(window.subarray(0, len)));
      const keras = cfg !== null && typeof cfg === 'object' && !Array.isArray(cfg) && ('class_name' in cfg || 'config' in cfg);
      if (keras) {
        configs++;
        checkKerasConfig(ctx, cfg, member);
      }
      from = keras ? at + len : at + 1;
      if (at + len > buf.length) {
        consumed = buf.length;
        pos = Math.max(pos, bufStart + at + len);
        break;
      }
    }
    carry = buf.slice(consumed);
  }
  // A config that ran to the end of the file was skipped by the JSON search, not by the pickle search.
  await pickles?.feed(new Uint8Array(0), src.size);
  return configs;
}

/**
 * An HDF5 file is taken for a model (listed as a model file even when clean) when it holds a Keras
 * config or is named like one: `*.weights.h5`, a name with a `model`/`weights`/`checkpoint`/`ckpt`
 * word (`model.h5`, `best_weights.hdf5`, `ckpt-3.h5`), or a path through a `models/`, `weights/` or
 * `checkpoints/` folder. Anything else is data (`data/patients.h5`, pandas `to_hdf`), left to the
 * data inspector unless it holds something that runs when read.
 */
const MODEL_NAME = /(models?|weights|checkpoints?|ckpts?)([^a-z]|$)/i;

export function hdf5NamedLikeModel(path: string): boolean {
  const parts = path.split(/[/!\\]/);
  const base = parts.pop() ?? '';
  return MODEL_NAME.test(base) || parts.some((d) => /^(models?|weights|checkpoints?)$/i.test(d));
}

/**
 * Legacy Keras `.h5`: the model is described by the root group's `model_config` attribute, a JSON
 * string. Rather than a full HDF5 parser, the file is streamed in 4 MiB chunks looking for the
 * attribute name and for JSON objects that open with `{"class_name"` (the attribute value is
 * stored contiguously, in the object header or the global heap, in both cases as plain bytes);
 * each such object is extracted by brace matching and checked like a Keras 3 `config.json`.
 * If the attribute is there but no such object is, the file is read again for objects with any
 * first key (reordered or spaced JSON, which Keras reads the same).
 * The same pass looks for pickles stored in the file (pandas `to_hdf`, PyTables; see
 * `hdf5-pickles.ts`), which run when the data is read, like a `.pkl`.
 */
export async function scanHdf5(ctx: ModelScanContext, src: ByteSource, member?: string): Promise<void> {
  ctx.format('hdf5', false);
  if (hdf5NamedLikeModel(member ?? ctx.fileName)) ctx.modelLike = true;
  const state = { sawAttr: false, work: 0 };
  const pickles = new EmbeddedPickleFinder(ctx, src, member);
  let configs = await scanConfigs(ctx, src, byClassName, member, state, pickles);
  if (pickles.found > 0) ctx.note(`HDF5: ${pickles.found} embedded pickle(s) (pandas/PyTables object data or attributes), checked like a .pkl: they are unpickled when the data is read`);
  if (configs === 0 && state.sawAttr) configs = await scanConfigs(ctx, src, byAnyKey, member, state);
  if (configs < 0) return;
  if (state.sawAttr && configs === 0) ctx.incomplete(fullyScanned, 'HDF5 file has a model_config attribute whose JSON could not be read', member);
  if (configs > 0) {
    ctx.modelLike = true;
    ctx.note(`HDF5: ${configs} Keras config object(s) found by byte scan`);
  } else if (pickles.found === 0) {
    // What a byte scan can and cannot see: pandas/PyTables pickles live in variable-length data and
    // attributes, which HDF5 filters never compress, but a filtered (compressed) chunk was not decoded.
    ctx.note('HDF5: no Keras config and no embedded pickle that imports anything in the raw bytes (compressed dataset chunks were not decoded)');
  }
}

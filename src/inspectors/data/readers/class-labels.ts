/**
 * Hugging Face `datasets` `ClassLabel` features, from the `huggingface` schema metadata it writes
 * into Arrow shards and Parquet files (`info.features`): a label stored as 0 / 1 reads as its name
 * ("neg" / "pos"), as the dataset's users see it and as the poisoning analysis must compare it.
 *
 * A class label can sit anywhere in the feature tree: a column of its own, a sequence of them (a
 * token classification set's `ner_tags`: `B-PER`, not 1), or inside a dict (SQuAD-like `answers:
 * {text, label}`), a list of dicts, or a dict of lists (`datasets` ≤ 3 stores `Sequence({...})` as
 * a struct of lists). The relabelling functions built here follow the tree; each combinator also
 * accepts an array where it expects one value, so both layouts of a sequence of dicts read right.
 * Columns without a class label anywhere get no function (no cost per row).
 */

export type Relabel = (v: unknown) => unknown;

interface Feature {
  _type?: string;
  names?: unknown;
  feature?: unknown;
}

/** Bound on the feature tree followed (metadata is a file's word, not trusted). */
const MAX_DEPTH = 32;
/** The largest metadata document parsed (a features tree is kilobytes; a class list can be long). */
const MAX_METADATA = 1 << 20;

/** Per top-level column, the function that turns its class ids into names (columns with a ClassLabel only). */
export function classLabelRelabelers(raw: string | undefined): Map<string, Relabel> {
  const out = new Map<string, Relabel>();
  if (!raw || raw.length > MAX_METADATA) return out;
  let features: unknown;
  try {
    features = (JSON.parse(raw) as { info?: { features?: unknown } }).info?.features;
  } catch {
    return out; // Not JSON: the labels stay numbers.
  }
  if (!isObject(features)) return out;
  for (const [name, f] of Object.entries(features)) {
    const fn = relabelerOf(f, 0);
    if (fn) out.set(name, fn);
  }
  return out;
}

function relabelerOf(f: unknown, depth: number): Relabel | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(f)) {
    // `[feature]`: the short spelling of a list of that feature.
    return f.length === 1 ? relabelerOf(f[0], depth + 1) : undefined;
  }
  if (!isObject(f)) return undefined;
  const feature = f as Feature;
  if (feature._type === 'ClassLabel') {
    const names = Array.isArray(feature.names) && feature.names.every((n) => typeof n === 'string') ? (feature.names as string[]) : undefined;
    return names ? eachOf((v) => nameOf(names, v)) : undefined;
  }
  // `Sequence` (datasets ≤ 3), `List` and `LargeList` (datasets 4): an element-wise relabel.
  if (feature._type === 'Sequence' || feature._type === 'List' || feature._type === 'LargeList') return relabelerOf(feature.feature, depth + 1);
  if (feature._type !== undefined) return undefined; // Value, Image, Audio, Translation …: no class ids.
  // A dict of features: relabel the keys that hold a class label somewhere.
  const subs: [string, Relabel][] = [];
  for (const [k, sub] of Object.entries(f)) {
    const fn = relabelerOf(sub, depth + 1);
    if (fn) subs.push([k, fn]);
  }
  if (!subs.length) return undefined;
  return eachOf((v) => {
    if (!isObject(v)) return v;
    const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const [k, fn] of subs) if (copy[k] !== undefined && copy[k] !== null) copy[k] = fn(copy[k]);
    return copy;
  });
}

/** `fn` on a value, or on each element of an array of them (a sequence in either layout). */
function eachOf(fn: Relabel): Relabel {
  const each: Relabel = (v) => (Array.isArray(v) ? v.map(each) : fn(v));
  return each;
}

function nameOf(names: readonly string[], v: unknown): unknown {
  if (typeof v !== 'number' && typeof v !== 'bigint') return v;
  const i = Number(v);
  // -1 is `datasets`' "no label" (a test split's hidden labels): kept as the number it is.
  return Number.isInteger(i) && i >= 0 && i < names.length ? names[i] : v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

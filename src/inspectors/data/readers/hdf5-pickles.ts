import { rowWindows, type H5Node, type Hdf5Walk } from './hdf5-records.js';
import { flat } from './hdf5-values.js';
import { readPickleStrings } from './pickle-strings.js';
import type { DataRow } from './types.js';

/**
 * Python objects PyTables stores pickled (a VLArray whose `PSEUDOATOM` is `object`: pandas'
 * object columns, `ObjectAtom` arrays) are read for their strings by `pickle-strings.ts`, which
 * runs nothing. `pd.read_hdf` would unpickle them.
 */

/** Pickles read per slice of an object array (each is a whole Python object, its size unknown until read). */
const PICKLES_PER_SLICE = 64;

/** Every string a pickle pushes, in order (the pickle is read, never run); `undefined` when it is damaged. */
export async function pickleStrings(bytes: Uint8Array): Promise<string[] | undefined> {
  const out: string[] = [];
  try {
    for await (const _ of readPickleStrings((async function* () { yield bytes; })(), { rows: 0, truncated: false }, Number.MAX_SAFE_INTEGER, [], (s) => out.push(s))) {
      // The rows are the reader's guess at records; the strings in order are what is needed here.
    }
  } catch {
    return undefined;
  }
  return out;
}

/**
 * The values of a pickled numpy object array: its pickle first names numpy's reconstructor, the
 * class and the dtype (`O8`, then `|` for its byte order); the values follow. Other pickles are
 * kept whole.
 */
export function arrayValues(strings: readonly string[]): readonly string[] {
  if (!/^numpy\._?core\.multiarray$/.test(strings[0] ?? '')) return strings;
  const bar = strings.indexOf('|');
  return bar < 0 ? strings : strings.slice(bar + 1);
}

/** An object VLArray outside a pandas frame: a row per pickled object, its strings the row's cells under the array's path. */
export async function* objectRows(walk: Hdf5Walk, ds: H5Node, field: string): AsyncGenerator<DataRow> {
  const n = (ds.info.metadata?.shape ?? [0])[0]!;
  for (const [r0, r1] of rowWindows(walk, n, PICKLES_PER_SLICE)) {
    const blobs = flat(await walk.file.slice(ds.path, [[r0, r1]]));
    for (let r = 0; r < blobs.length; r++) {
      const blob = blobs[r];
      const strings = blob instanceof Uint8Array ? arrayValues((await pickleStrings(blob)) ?? []) : [];
      walk.rows++;
      yield { row: r0 + r + 1, cells: strings.filter((s) => s).map((text) => ({ text, field, verbatim: false })) };
    }
  }
}

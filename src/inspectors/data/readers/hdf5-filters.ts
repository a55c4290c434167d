import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * HDF5's filters — what a dataset's chunks pass through on their way to disk — and which of them
 * the library's thread can undo. HDF5 itself has deflate, shuffle, Fletcher-32, szip, N-bit and
 * scale-offset; every other compression is a plugin the file names by a registered id. The
 * WebAssembly plugins of h5wasm-plugins (the HDF Group's hdf5_plugins, compiled for h5wasm) cover
 * what pandas, PyTables and h5py write but LZO, which is GPL-licensed and not among them.
 */

/** Filters HDF5 has built in, by id. */
const BUILT_IN = new Set([1, 2, 3, 4, 5, 6]);

/** The plugins shipped with h5wasm-plugins, by registered id (HDF Group's filter registry). */
const PLUGINS = new Map<number, string>([
  [307, 'bzip2'],
  [32000, 'LZF'],
  [32001, 'Blosc'],
  [32004, 'LZ4'],
  [32008, 'bitshuffle'],
  [32013, 'ZFP'],
  [32015, 'Zstandard'],
  [32019, 'JPEG'],
  [32022, 'BitGroom'],
  [32023, 'BitRound'],
  [32026, 'Blosc2'],
]);

/** Names of registered filters no plugin here undoes, for the message (the file's own name otherwise). */
const KNOWN_LACKED = new Map<number, string>([
  [305, 'LZO'],
  [32017, 'SZ'],
  [32024, 'SZ3'],
  [32018, 'FCIDECOMP'],
]);

/** One filter of a dataset's pipeline. */
export interface H5Filter {
  id: number;
  name: string;
  cd_values: number[];
}

/**
 * Blosc with its zlib codec (`cd_values[6]` 4), the one codec its plugin cannot run here: it calls
 * the main module's zlib, which h5wasm does not export, and the library aborts on the first chunk.
 * The library's thread refuses to read such a dataset (`hdf5-worker.ts`, given this rule), and
 * `lackedFilters` names it.
 */
export const BLOSC_ZLIB = { filter: 32001, at: 6, codec: 4 } as const;

/** The folder of the plugins' WebAssembly modules, for HDF5's plugin search path (undefined when the package is missing). */
export function pluginFolder(): string | undefined {
  try {
    return path.join(path.dirname(fileURLToPath(import.meta.resolve('h5wasm-plugins'))), 'plugins');
  } catch {
    return undefined;
  }
}

/**
 * The filters of a pipeline that nothing here undoes, as words for a message (`LZO (filter 305)`),
 * or undefined when every one is built in or a shipped plugin (the failure was something else).
 */
export function lackedFilters(filters: readonly H5Filter[] | undefined): string | undefined {
  const lacked = (filters ?? []).filter((f) => !BUILT_IN.has(f.id) && (!PLUGINS.has(f.id) || bloscZlib(f)));
  if (!lacked.length) return undefined;
  return lacked.map((f) => (bloscZlib(f) ? `Blosc's zlib codec (filter ${f.id})` : `${KNOWN_LACKED.get(f.id) ?? (f.name || 'an unregistered filter')} (filter ${f.id})`)).join(', ');
}

function bloscZlib(f: H5Filter): boolean {
  return f.id === BLOSC_ZLIB.filter && f.cd_values[BLOSC_ZLIB.at] === BLOSC_ZLIB.codec;
}

/**
 * The HDF5 C library, compiled to WebAssembly (h5wasm), loaded once per thread on the first HDF5
 * file. Its Node build reads files through Node's own `fs` (Emscripten's NODERAWFS: the file is
 * read as the library seeks, never copied whole into the module's memory), so what a file costs
 * is the library's caches and the slices read from it, all inside the module's heap (2 GiB at
 * most: an allocation past it fails in the library, it does not take the process down).
 *
 * The library's error stack is turned into exceptions (h5wasm's throwing handler), so nothing is
 * printed to stderr and a damaged file's reason can be said in one line (`hdf5Reason`). Two ways a
 * damaged file harms the instance, both seen on mutated pandas and h5py files (about 1 in 100 of
 * them): an Emscripten abort (`abort()` in the C library, a trap) leaves it unusable for every
 * later call; and an error part-way through a file can leave that file open inside the library
 * (an object id h5wasm did not close on its error path), which HDF5 then reuses, stale, when a
 * file with the same inode is opened again (a temporary file's inode is soon reused). After an
 * abort the instance is dropped and the next file loads a fresh one (the module imported again
 * under a new URL is a new instance of the library); after a read error the file's inode is noted
 * and the instance dropped only if that inode is opened again. Node never unloads an imported
 * module, so each instance stays in memory (~20 MB and up): at most MAX_INSTANCES are loaded, and
 * past that no more HDF5 files are read in this process (each says so).
 */
type H5Wasm = typeof import('h5wasm/node').default;

const MAX_INSTANCES = 8;
let current: Promise<H5Wasm> | undefined;
let generation = 0;
/** Files (`dev:ino`) the current instance failed part-way through, which it may still hold open. */
const failedFiles = new Set<string>();

/** The library, ready to open the file `fileKey` (`dev:ino`) names. */
export function hdf5Library(fileKey = ''): Promise<H5Wasm> {
  if (failedFiles.has(fileKey)) current = undefined;
  if (!current) {
    failedFiles.clear();
    if (generation >= MAX_INSTANCES) return Promise.reject(new Error(`the HDF5 library failed ${generation} times in this process; no more HDF5 files are read`));
    current = load();
  }
  return current;
}

async function load(): Promise<H5Wasm> {
  const gen = generation++;
  // A fresh URL (`?instance=1`…) is a fresh module, hence a fresh WebAssembly instance.
  const mod = (gen === 0 ? await import('h5wasm/node') : await import(`${import.meta.resolve('h5wasm/node')}?instance=${gen}`)) as { default: H5Wasm };
  const lib = mod.default;
  const m = await lib.ready;
  m.activate_throwing_error_handler();
  return lib;
}

/** After a file failed: an abort drops the instance; a read error notes the file, to drop it if the file is opened again. */
export function hdf5Failed(fileKey: string, e: unknown): void {
  if (isWasmAbort(e)) current = undefined;
  else if (failedFiles.size < 100_000) failedFiles.add(fileKey);
  else current = undefined;
}

/** Drops the current instance: the next file loads a fresh one. */
export function discardHdf5(): void {
  current = undefined;
}

/** Whether an error is the WebAssembly instance failing (a trap or an Emscripten abort), not the library reporting a bad file. */
export function isWasmAbort(e: unknown): boolean {
  if (e instanceof WebAssembly.RuntimeError) return true;
  const msg = e instanceof Error ? e.message : String(e);
  return /^Aborted\(|unreachable|memory access out of bounds|Cannot enlarge memory|out of memory/i.test(msg);
}

/**
 * One line for a library error: HDF5's error stack says what failed at every level, the deepest
 * why (`bad superblock version number`, `truncated file: eof = 20000, …, stored_eof = 128537`).
 */
export function hdf5Reason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const why = [...msg.matchAll(/ in \w+\(\): (.+)$/gm)].map((m) => m[1]!.trim());
  return (why.at(-1) ?? msg.split('\n')[0]!.replace(/^HDF5-DIAG: /, '')).slice(0, 200);
}

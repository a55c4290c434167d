/**
 * The HDF5 C library, compiled to WebAssembly (h5wasm), loaded once per thread on the first HDF5
 * file. Its Node build reads files through Node's own `fs` (Emscripten's NODERAWFS: the file is
 * read as the library seeks, never copied whole into the module's memory), so what a file costs
 * is the library's caches and the slices read from it, all inside the module's heap (2 GiB at
 * most: an allocation past it fails in the library, it does not take the process down).
 *
 * The library's error stack is turned into exceptions (h5wasm's throwing handler), so nothing is
 * printed to stderr and a damaged file's reason can be said in one line (`hdf5Reason`). An
 * Emscripten abort (a trap, `unreachable`, memory out of bounds) leaves the instance unusable for
 * every later call: `discardHdf5` drops it, and the next file loads a fresh one (the module is
 * imported again under a new URL, which gives a new instance of the library).
 */
type H5Wasm = typeof import('h5wasm/node').default;

let current: Promise<H5Wasm> | undefined;
let generation = 0;

/** The library, ready to open files. */
export function hdf5Library(): Promise<H5Wasm> {
  current ??= load();
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

/** Forgets the current instance (after an abort): the next `hdf5Library` loads a new one. */
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

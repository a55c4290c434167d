/**
 * The code of the thread the HDF5 library runs in (see `hdf5-module.ts`): plain JavaScript, run
 * with `eval`, so the same code serves the built package and the TypeScript test runner. It holds
 * the open files by handle and answers one call at a time: `open`, `close`, `info` (an object's kind, its
 * dataset metadata and its attributes' metadata), `keys`, `attr` (an attribute's value) and
 * `slice` (a dataset's values in a range). Values go back by structured clone (strings, typed
 * arrays, nested arrays of them). An abort of the library is said as such (`abort: true`), and
 * nothing the library prints reaches the scan's output.
 */
export const HDF5_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// Emscripten prints an abort's message to stderr (console.error, bound when the module loads);
// the reader says it in the file's issue instead.
console.error = console.warn = console.log = () => {};
(async () => {
  const h5wasm = (await import(workerData.url)).default;
  const M = await h5wasm.ready;
  M.activate_throwing_error_handler();
  // The compression plugins shipped as WebAssembly side modules (h5wasm-plugins: Blosc, Blosc2,
  // bzip2, LZ4, LZF, Zstandard, bitshuffle…): HDF5 loads one from this folder when a dataset's
  // filter pipeline names it, so PyTables' and pandas' Blosc tables and h5py's LZF are read.
  if (workerData.plugins) M.insert_plugin_search_path(workerData.plugins, 0);
  // Open files by handle (the reader opens one at a time; a handle keeps a stale one from being mistaken for the next).
  const files = new Map();
  let next = 1;
  const at = (h, path) => { const file = files.get(h); return path === '/' ? file : file.get(path); };
  const ops = {
    open: ({ path }) => { const h = next++; files.set(h, new h5wasm.File(path, 'r')); return h; },
    close: ({ h }) => { const f = files.get(h); files.delete(h); if (f) f.close(); return null; },
    info: ({ h, path }) => {
      const o = at(h, path);
      const kind = o && typeof o === 'object' && 'type' in o ? String(o.type) : '';
      if (kind !== 'Group' && kind !== 'Dataset') return { kind, attrs: {} };
      const attrs = {};
      // h5wasm builds an attribute when it is asked for, and throws for a type it cannot describe
      // (PyTables' test file with a 16-byte integer, an NI waveform's): that attribute is named and
      // left out, its siblings are read.
      const attrsUnread = [];
      let all = {};
      try {
        all = o.attrs;
      } catch {
        attrsUnread.push('*');
      }
      for (const name of Object.keys(all)) {
        try {
          const a = all[name];
          attrs[name] = { metadata: a.metadata, shape: a.shape };
        } catch {
          attrsUnread.push(name);
        }
      }
      if (kind !== 'Dataset') return { kind, attrs, attrsUnread };
      // The filter pipeline (id and name), which names a compression no plugin here decompresses.
      let filters;
      try {
        filters = o.filters.map((f) => ({ id: f.id, name: f.name, cd_values: Array.from(f.cd_values) }));
      } catch {
        filters = undefined;
      }
      return { kind, attrs, attrsUnread, metadata: o.metadata, filters };
    },
    keys: ({ h, path }) => at(h, path).keys(),
    attr: ({ h, path, name }) => at(h, path).attrs[name].value,
    slice: ({ h, path, ranges }) => {
      const o = at(h, path);
      // A filter whose plugin aborts the library on its first chunk (hdf5-filters.ts' BLOSC_ZLIB):
      // said as a filter not available instead.
      const refuse = workerData.refuse;
      if (refuse && o.filters.some((f) => f.id === refuse.filter && f.cd_values[refuse.at] === refuse.codec)) throw new Error('filter not available: Blosc with its zlib codec');
      return o.slice(ranges);
    },
  };
  parentPort.on('message', ({ id, op, args }) => {
    try {
      parentPort.postMessage({ id, result: ops[op](args) });
    } catch (e) {
      parentPort.postMessage({ id, error: String((e && e.message) || e), abort: e instanceof WebAssembly.RuntimeError });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ fatal: String((e && e.message) || e) }));
`;

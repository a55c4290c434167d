import { Worker } from 'node:worker_threads';
import type { Metadata } from 'h5wasm/node';
import { BLOSC_ZLIB, pluginFolder, type H5Filter } from './hdf5-filters.js';
import { HDF5_WORKER_SOURCE } from './hdf5-worker.js';

/**
 * The HDF5 C library, compiled to WebAssembly (h5wasm), run in a thread of its own and asked one
 * call at a time (`hdf5-worker.ts`). Its Node build reads files through Node's own `fs`
 * (Emscripten's NODERAWFS: the file is read as the library seeks, never copied whole into the
 * module's memory), so what a file costs is the library's caches and the slices read from it,
 * inside the module's heap (2 GiB at most: an allocation past it fails in the library).
 *
 * Why a thread: on mutated pandas and h5py files (about 1 in 100) the library aborts (Emscripten's
 * `abort()`: the instance is unusable after it), leaves a file open after an error part-way
 * (an object id h5wasm does not close on its error path; HDF5 then reuses that stale state when
 * the same inode is opened again), or loops for ever in its own code (one changed byte of an
 * h5py file's chunk index: a 10 KB file never finishes) — synchronous WebAssembly that nothing on
 * the calling thread could stop. Each call has a time limit; past it, or after any failure, the
 * thread is terminated, which stops the loop and frees the instance, and the next file starts a
 * fresh one. `readHdf5` reads one file at a time per thread, so a failure is its own file's alone.
 * The library's error stack is turned into exceptions (h5wasm's throwing handler), so
 * a damaged file's reason is said in one line (`hdf5Reason`) and nothing is printed to stderr.
 */

/** A call's time limit: a slice is at most 4 MiB of stored values, opening a file reads its superblock and root. */
export const CALL_TIMEOUT_MS = 60_000;

/** What `info` tells of an object: its kind (`Group`, `Dataset`, or another: a broken or external link), its metadata and its attributes'. */
export interface H5Info {
  kind: string;
  metadata?: Metadata;
  attrs: Record<string, { metadata: Metadata; shape: number[] | null }>;
  /** Attributes whose type h5wasm cannot describe, left out of `attrs` (`*`: none could be listed). */
  attrsUnread?: string[];
  /** A dataset's filter pipeline, in order: HDF5's id, the name the file gives it and its parameters. */
  filters?: H5Filter[];
}

interface Reply {
  id?: number;
  result?: unknown;
  error?: string;
  abort?: boolean;
  ready?: boolean;
  fatal?: string;
}

/** The library failed in a way that leaves its thread unusable (an abort, a call past its time limit). */
export class Hdf5ThreadError extends Error {}

let shared: Promise<Worker> | undefined;
/** The thread `shared` resolved to, once it has. */
let sharedWorker: Worker | undefined;

function startWorker(): Promise<Worker> {
  const w = new Worker(HDF5_WORKER_SOURCE, { eval: true, workerData: { url: import.meta.resolve('h5wasm/node'), plugins: pluginFolder(), refuse: BLOSC_ZLIB } });
  // Not what keeps the process alive: a pending call has its timer for that.
  w.unref();
  return new Promise((resolve, reject) => {
    w.once('message', (m: Reply) => (m.ready ? resolve(w) : reject(new Error(`the HDF5 library did not load: ${m.fatal ?? 'no reason given'}`))));
    w.once('error', reject);
  });
}

/**
 * Ends the library's thread (after a failure): `w`, or the current one. The next file starts a
 * fresh thread; a thread already replaced is ended without touching its successor.
 */
export function discardHdf5(w?: Worker): void {
  const current = shared;
  if (!w || w === sharedWorker) {
    shared = undefined;
    sharedWorker = undefined;
  }
  if (w) void w.terminate();
  else void current?.then((x) => x.terminate()).catch(() => undefined);
}

let nextId = 0;

/** One open HDF5 file, read through the library's thread. */
export class Hdf5File {
  private h = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly timeoutMs: number,
  ) {}

  /** Opens `path` read-only; throws with the library's reason when it is no readable HDF5 file. */
  static async open(path: string, timeoutMs = CALL_TIMEOUT_MS): Promise<Hdf5File> {
    const starting = (shared ??= startWorker());
    let worker: Worker;
    try {
      worker = await starting;
    } catch (e) {
      if (shared === starting) shared = undefined;
      throw e;
    }
    if (shared === starting) sharedWorker = worker;
    const f = new Hdf5File(worker, timeoutMs);
    f.h = (await f.call('open', { path })) as number;
    return f;
  }

  info(path: string): Promise<H5Info> {
    return this.call('info', { path }) as Promise<H5Info>;
  }

  keys(path: string): Promise<string[]> {
    return this.call('keys', { path }) as Promise<string[]>;
  }

  attr(path: string, name: string): Promise<unknown> {
    return this.call('attr', { path, name });
  }

  slice(path: string, ranges: [number, number][]): Promise<unknown> {
    return this.call('slice', { path, ranges });
  }

  /** Ends this file's thread (the file failed part-way: the library may hold it open, stale). */
  discard(): void {
    discardHdf5(this.worker);
  }

  /** Closes the file; a file the library cannot close (damaged) ends the thread, so nothing stale is kept. */
  async close(): Promise<void> {
    // The thread this file was opened in has ended already (after a failure): nothing is open.
    if (this.worker !== sharedWorker) return;
    try {
      await this.call('close', {});
    } catch {
      discardHdf5(this.worker);
    }
  }

  private call(op: string, args: object): Promise<unknown> {
    const id = nextId++;
    const w = this.worker;
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      const fail = (e: Error) => {
        done();
        discardHdf5(w);
        reject(e);
      };
      const onMessage = (m: Reply) => {
        if (m.id !== id) return;
        done();
        if (m.error === undefined) return resolve(m.result);
        if (m.abort) discardHdf5(w);
        reject(m.abort ? new Hdf5ThreadError(m.error) : new Error(m.error));
      };
      const onError = (e: Error) => fail(new Hdf5ThreadError(`the HDF5 library's thread failed: ${e.message}`));
      const onExit = () => fail(new Hdf5ThreadError("the HDF5 library's thread ended"));
      const timer = setTimeout(() => fail(new Hdf5ThreadError(`the HDF5 library took over ${Math.round(this.timeoutMs / 1000)} s on one call (${op}); stopped`)), this.timeoutMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ id, op, args: { ...args, h: this.h } });
    });
  }
}

/**
 * One line for a library error: HDF5's error stack says what failed at every level, the deepest
 * why (`bad superblock version number`, `truncated file: eof = 20000, …, stored_eof = 128537`).
 */
export function hdf5Reason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (missingFilter(e)) return 'its data is compressed with a filter no HDF5 plugin here decompresses';
  // A plugin's error path (bzip2's, LZF's on a damaged chunk) calls a C library function the
  // WebAssembly build does not export, and Emscripten aborts naming it: say what happened.
  const symbol = /^Aborted\(Assertion failed: undefined symbol '([^']+)'/.exec(msg);
  if (symbol) return `a compression plugin aborted on this file's data, which is likely damaged (its error path needs ${symbol[1]}, which the WebAssembly build lacks)`;
  const why = [...msg.matchAll(/ in \w+\(\): (.+)$/gm)].map((m) => m[1]!.trim());
  return (why.at(-1) ?? msg.split('\n')[0]!.replace(/^HDF5-DIAG: /, '')).slice(0, 200);
}

/**
 * Whether a failure is a dataset compressed with a filter no plugin here undoes (PyTables' LZO):
 * HDF5 looked for it on the plugin search path and did not find it. The read of that dataset fails
 * cleanly; the file and the library are fine.
 */
export function missingFilter(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /can't open directory \([^)]*\/plugin\)|required filter .* is not registered|filter (?:is )?not available/i.test(msg);
}

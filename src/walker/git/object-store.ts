import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { applyDelta } from './delta.js';
import { GitFormatError } from './errors.js';
import { LooseStore, type GitObject } from './loose.js';
import { ByteLru } from './lru.js';
import { PackFile, type BaseType, type PackEntry } from './pack.js';

/** Limits of the object store; the defaults suit scanning, not archiving. */
export interface ObjectStoreLimits {
  /** Largest object (or delta) accepted, declared or produced. Default 512 MiB. */
  maxObjectBytes?: number;
  /** Longest delta chain followed. git itself never writes one past 4095. Default 4096. */
  maxDeltaDepth?: number;
  /** Bytes of resolved delta bases kept. Default 32 MiB. */
  cacheBytes?: number;
}

const HEX_ID = /^[0-9a-f]{40}$/;
/** Every CHECKPOINT-th link of a resolved delta chain is cached. */
const CHECKPOINT = 8;
/** Alternates can chain; git stops at 5 levels, and so do we. */
const MAX_ALTERNATE_DEPTH = 5;

/** One `objects` directory: its loose objects and its packs. */
interface ObjectDir {
  loose: LooseStore;
  packs: PackFile[];
}

/**
 * All objects of a repository: its `objects` directory and the ones its `objects/info/alternates`
 * name (absolute or relative to the naming `objects` directory, up to 5 levels deep). Packs are
 * opened up front; a pack or idx that cannot be used is kept in `problems` and the rest still
 * serve. Every fault while reading is a GitFormatError naming the file.
 */
export class ObjectStore {
  /** Packs, idx files and alternates that could not be used, each naming its file. */
  readonly problems: GitFormatError[] = [];
  private readonly dirs: ObjectDir[] = [];
  private readonly cache: ByteLru<GitObject>;
  private readonly maxObjectBytes: number;
  private readonly maxDeltaDepth: number;

  private constructor(limits: ObjectStoreLimits) {
    this.maxObjectBytes = limits.maxObjectBytes ?? 512 * 2 ** 20;
    this.maxDeltaDepth = limits.maxDeltaDepth ?? 4096;
    this.cache = new ByteLru(limits.cacheBytes ?? 32 * 2 ** 20);
  }

  /** Opens the store rooted at an `objects` directory. */
  static async open(objectsDir: string, limits: ObjectStoreLimits = {}): Promise<ObjectStore> {
    const store = new ObjectStore(limits);
    await store.addDir(path.resolve(objectsDir), 0, new Set());
    return store;
  }

  private async addDir(dir: string, depth: number, seen: Set<string>): Promise<void> {
    if (seen.has(dir)) return;
    seen.add(dir);
    const packs: PackFile[] = [];
    const packDir = path.join(dir, 'pack');
    let names: string[] = [];
    try {
      names = await readdir(packDir);
    } catch {
      // A repository with no packs yet is normal.
    }
    for (const name of names.filter((n) => n.endsWith('.pack')).sort()) {
      const idx = path.join(packDir, name.slice(0, -5) + '.idx');
      try {
        packs.push(await PackFile.open(path.join(packDir, name), idx, this.maxObjectBytes));
      } catch (err) {
        this.problems.push(err instanceof GitFormatError ? err : new GitFormatError(path.join(packDir, name), String(err)));
      }
    }
    this.dirs.push({ loose: new LooseStore(dir, this.maxObjectBytes), packs });
    const altFile = path.join(dir, 'info', 'alternates');
    let text: string;
    try {
      text = await readFile(altFile, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n').map((l) => l.trim())) {
      if (!line || line.startsWith('#')) continue;
      if (depth + 1 > MAX_ALTERNATE_DEPTH) {
        this.problems.push(new GitFormatError(altFile, `alternates nest deeper than ${MAX_ALTERNATE_DEPTH} levels; '${line}' not followed`));
        continue;
      }
      await this.addDir(path.resolve(dir, line), depth + 1, seen);
    }
  }

  private checkId(id: string): void {
    if (!HEX_ID.test(id)) throw new GitFormatError(this.dirs[0]!.loose.dir, `'${id.slice(0, 60)}' is not a SHA-1 object id`);
  }

  private locate(id: string): { pack: PackFile; offset: number } | undefined {
    const raw = Buffer.from(id, 'hex');
    for (const d of this.dirs) {
      for (const pack of d.packs) {
        const offset = pack.index.find(raw);
        if (offset !== undefined) return { pack, offset };
      }
    }
    return undefined;
  }

  private notFound(id: string): GitFormatError {
    const why = this.problems.length ? ` (unusable: ${this.problems.map((p) => p.file).join(', ')})` : '';
    return new GitFormatError(this.dirs[0]!.loose.dir, `object ${id} not found${why}`);
  }

  /** The object; throws GitFormatError when it is missing or cannot be read. */
  async read(id: string): Promise<GitObject> {
    const got = await this.tryRead(id);
    if (!got) throw this.notFound(id);
    return got;
  }

  /** The object, or undefined when no pack or loose file holds it (shallow or partial clones). */
  async tryRead(id: string): Promise<GitObject | undefined> {
    this.checkId(id);
    const at = this.locate(id);
    if (at) return this.readPacked(at.pack, at.offset);
    for (const d of this.dirs) {
      const o = await d.loose.read(id);
      if (o) return o;
    }
    return undefined;
  }

  /**
   * The object's size without inflating it: a pack header's size, a delta's target size, a loose
   * object's header.
   */
  async size(id: string): Promise<number> {
    this.checkId(id);
    const at = this.locate(id);
    if (at) {
      const e = await at.pack.entry(at.offset);
      return e.type === 'ofs-delta' || e.type === 'ref-delta' ? at.pack.deltaTargetSize(e) : e.size;
    }
    for (const d of this.dirs) {
      const h = await d.loose.header(id);
      if (h) return h.size;
    }
    throw this.notFound(id);
  }

  /**
   * Resolves a pack entry, following its delta chain down to a base (or a cached object) without
   * recursion, then applying the deltas upwards. A chain that loops or runs past the depth limit is
   * refused rather than followed.
   */
  private async readPacked(pack: PackFile, offset: number): Promise<GitObject> {
    const chain: { pack: PackFile; entry: PackEntry; key: string }[] = [];
    const visited = new Set<string>();
    let base: GitObject | undefined;
    let cur = { pack, offset };
    for (;;) {
      const key = `${cur.pack.file}:${cur.offset}`;
      const hit = this.cache.get(key);
      if (hit) {
        // Asked for itself, a cached object is copied: the caller may change what it is given.
        if (chain.length === 0) return { type: hit.type, data: Buffer.from(hit.data) };
        base = hit;
        break;
      }
      if (visited.has(key)) throw new GitFormatError(cur.pack.file, `delta chain loops back to offset ${cur.offset}`);
      visited.add(key);
      if (chain.length >= this.maxDeltaDepth) throw new GitFormatError(cur.pack.file, `delta chain is longer than ${this.maxDeltaDepth}`);
      const e = await cur.pack.entry(cur.offset);
      if (e.type !== 'ofs-delta' && e.type !== 'ref-delta') {
        base = { type: e.type, data: await cur.pack.data(e) };
        if (chain.length) this.cache.set(key, base, base.data.length);
        break;
      }
      chain.push({ pack: cur.pack, entry: e, key });
      if (e.type === 'ofs-delta') {
        cur = { pack: cur.pack, offset: e.baseOffset! };
        continue;
      }
      const next = this.locate(e.baseId!);
      if (next) {
        cur = next;
        continue;
      }
      // A thin base may be loose; loose objects are never deltas, so the chain ends there.
      for (const d of this.dirs) {
        base = await d.loose.read(e.baseId!);
        if (base) break;
      }
      if (!base) throw new GitFormatError(cur.pack.file, `delta at offset ${e.offset} needs base ${e.baseId}, which is not in the repository`);
      break;
    }
    const type: BaseType = base.type;
    let data = base.data;
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i]!;
      data = applyDelta(data, await link.pack.data(link.entry), `${link.pack.file} (delta at offset ${link.entry.offset})`, this.maxObjectBytes);
      // Caching every link would thrash: a history walk reads old versions first, and git chains
      // run from the newest version down to the oldest, so all files' chains are in flight at
      // once. The link just above the one asked for (likely asked next) and every 8th link are
      // kept: a later read resolves at most a few deltas, and the cache holds an eighth as much.
      if (i === 1 || (i > 0 && i % CHECKPOINT === 0)) this.cache.set(link.key, { type, data }, data.length);
    }
    return { type, data };
  }

  /** Closes the packs' file handles. */
  async close(): Promise<void> {
    for (const d of this.dirs) for (const p of d.packs) await p.close();
  }
}

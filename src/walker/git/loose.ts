import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { GitFormatError } from './errors.js';
import { inflateExact, inflateHead } from './inflate.js';
import type { BaseType } from './pack.js';

/** An object as git stores it: its type and its content (without the `type size\0` header). */
export interface GitObject {
  type: BaseType;
  data: Buffer;
}

const TYPES = new Set(['commit', 'tree', 'blob', 'tag']);

/** Parses the `type size\0` header that opens every inflated loose object. */
function parseHeader(head: Buffer, file: string, limit: number): { type: BaseType; size: number; length: number } {
  const nul = head.indexOf(0);
  if (nul < 0 || nul > 40) throw new GitFormatError(file, 'loose object has no valid header');
  const m = /^(commit|tree|blob|tag) (0|[1-9]\d{0,15})$/.exec(head.toString('latin1', 0, nul));
  if (!m || !TYPES.has(m[1]!)) throw new GitFormatError(file, `loose object header '${head.toString('latin1', 0, Math.min(nul, 40))}' is invalid`);
  const size = Number(m[2]);
  if (size > limit) throw new GitFormatError(file, `loose object declares ${size} bytes, over the ${limit}-byte limit`);
  return { type: m[1] as BaseType, size, length: nul + 1 };
}

/**
 * Loose objects under `objects/xx/yyyy…`: one zlib stream each. Reads are checked against the
 * object's id (SHA-1 of header and content), so a flipped byte is a refused object, not content.
 */
export class LooseStore {
  constructor(
    readonly dir: string,
    private readonly maxObjectBytes: number,
  ) {}

  /** Where the object would be stored loose (it may not be). */
  pathOf(id: string): string {
    return path.join(this.dir, id.slice(0, 2), id.slice(2));
  }

  /** Opens the object's file, or undefined when there is none; refuses anything not a file. */
  private async openFile(id: string) {
    const file = this.pathOf(id);
    let fh;
    try {
      // O_NONBLOCK: a FIFO planted as an object must not block the open forever.
      fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new GitFormatError(file, `cannot open loose object: ${(err as Error).message}`);
    }
    const isFile = await fh.stat().then((s) => s.isFile(), () => false);
    if (!isFile) {
      await fh.close();
      throw new GitFormatError(file, 'loose object is not a regular file');
    }
    return fh;
  }

  /** The object, or undefined when it is not stored loose here. */
  async read(id: string): Promise<GitObject | undefined> {
    const fh = await this.openFile(id);
    if (!fh) return undefined;
    const file = this.pathOf(id);
    try {
      const { size: compressed } = await fh.stat();
      // Deflate never grows data by more than ~0.5%; a bigger file cannot hold an allowed object.
      if (compressed > this.maxObjectBytes + Math.ceil(this.maxObjectBytes / 1024) * 5 + 1024) {
        throw new GitFormatError(file, `loose object file of ${compressed} bytes is over the limit`);
      }
      const raw = await fh.readFile();
      const h = parseHeader(inflateHead(raw.subarray(0, 256), file, 'loose object'), file, this.maxObjectBytes);
      const all = inflateExact(raw, h.length + h.size, file, 'loose object');
      const digest = createHash('sha1').update(all).digest('hex');
      if (digest !== id) throw new GitFormatError(file, `loose object content hashes to ${digest}, not its name`);
      return { type: h.type, data: all.subarray(h.length) };
    } catch (err) {
      if (err instanceof GitFormatError) throw err;
      throw new GitFormatError(file, `cannot read loose object: ${(err as Error).message}`);
    } finally {
      await fh.close();
    }
  }

  /** The object's type and size from its first bytes, or undefined when it is not stored here. */
  async header(id: string): Promise<{ type: BaseType; size: number } | undefined> {
    const fh = await this.openFile(id);
    if (!fh) return undefined;
    const file = this.pathOf(id);
    try {
      const buf = Buffer.alloc(256);
      const { bytesRead } = await fh.read(buf, 0, 256, 0);
      const h = parseHeader(inflateHead(buf.subarray(0, bytesRead), file, 'loose object'), file, this.maxObjectBytes);
      return { type: h.type, size: h.size };
    } catch (err) {
      if (err instanceof GitFormatError) throw err;
      throw new GitFormatError(file, `cannot read loose object: ${(err as Error).message}`);
    } finally {
      await fh.close();
    }
  }
}

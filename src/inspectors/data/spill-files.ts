import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { IN_THREAD_BYTES } from './run.js';

/**
 * Bytes in memory that are not a file (an archive's member, a version from git history) handed to
 * the inspector: under IN_THREAD_BYTES it scans them in hand; from there on it streams from a path
 * (workers, chunks), so they are written to a private temporary folder first, and each file is
 * removed when its scan is done, the folder at the end.
 */
export class SpillFiles {
  private dir?: string;
  private n = 0;

  constructor(private readonly prefix: string) {}

  /** A path holding `bytes` when the inspector needs one (undefined when it scans them in hand). */
  async pathFor(bytes: Uint8Array): Promise<string | undefined> {
    if (bytes.length < IN_THREAD_BYTES) return undefined;
    this.dir ??= await mkdtemp(path.join(os.tmpdir(), this.prefix));
    const file = path.join(this.dir, String(this.n++));
    await writeFile(file, bytes, { mode: 0o600 });
    return file;
  }

  /** Removes a file `pathFor` gave (no-op for undefined). */
  async done(file: string | undefined): Promise<void> {
    if (file) await rm(file, { force: true });
  }

  /** Removes the folder and whatever is left in it. */
  async close(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

import { open, type FileHandle } from 'node:fs/promises';

/**
 * Random-access bytes with a known size: a file on disk (read in bounded pieces through a file
 * handle, never whole), an in-memory buffer (a decompressed member), or a window of either
 * (a stored zip member). Every model reader works on this, so nested formats compose.
 */
export interface ByteSource {
  readonly size: number;
  /** Reads up to `len` bytes at `pos`; shorter only at the end of the source. */
  read(pos: number, len: number): Promise<Uint8Array>;
}

/** A buffer as a source. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (pos, len) => Promise.resolve(bytes.subarray(Math.max(0, pos), Math.min(bytes.length, pos + len))),
  };
}

/** A window `[start, start + size)` of another source (a stored archive member). */
export function sliceSource(src: ByteSource, start: number, size: number): ByteSource {
  const end = Math.min(src.size, start + size);
  const n = Math.max(0, end - start);
  return {
    size: n,
    read: (pos, len) => {
      if (pos >= n || len <= 0) return Promise.resolve(new Uint8Array(0));
      return src.read(start + pos, Math.min(len, n - pos));
    },
  };
}

/** An open file as a source; `close()` must be called (use `withFileSource`). */
export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

export async function openFileSource(absPath: string): Promise<FileSource> {
  const fh: FileHandle = await open(absPath, 'r');
  const st = await fh.stat();
  return {
    size: st.size,
    async read(pos, len) {
      const want = Math.max(0, Math.min(len, st.size - pos));
      if (want === 0) return new Uint8Array(0);
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await fh.read(buf, got, want - got, pos + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === want ? buf : buf.subarray(0, got);
    },
    close: () => fh.close(),
  };
}

/** Opens, runs, and always closes. */
export async function withFileSource<T>(absPath: string, fn: (src: ByteSource) => Promise<T>): Promise<T> {
  const src = await openFileSource(absPath);
  try {
    return await fn(src);
  } finally {
    await src.close();
  }
}

/** Reads exactly `len` bytes or fewer at end; convenience for header parsing. */
export async function readAt(src: ByteSource, pos: number, len: number): Promise<Uint8Array> {
  return src.read(pos, len);
}

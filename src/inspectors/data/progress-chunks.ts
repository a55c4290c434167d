/** Bytes read between two progress reports. */
const PROGRESS_BYTES = 8 << 20;

/**
 * Passes the chunks on (text or bytes), telling `onBytes` the bytes read so far every
 * PROGRESS_BYTES: what a long scan's progress line on stderr is made of.
 */
export async function* reporting<T>(chunks: AsyncIterable<T>, status: { bytes: number }, onBytes: (bytes: number) => void): AsyncGenerator<T> {
  let next = PROGRESS_BYTES;
  for await (const c of chunks) {
    yield c;
    if (status.bytes >= next) {
      next = status.bytes + PROGRESS_BYTES;
      onBytes(status.bytes);
    }
  }
}

import { BOMB_RATIO, BOMB_STOP } from './decompression-bomb.js';

type XzStream = new (s: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;

/** xz-decompress's stream class (CommonJS: under `default` from Node's loader, named from bundlers and vitest). */
export async function loadXzStream(): Promise<XzStream> {
  const mod = (await import('xz-decompress')) as { XzReadableStream?: XzStream; default?: { XzReadableStream?: XzStream } };
  const Xz = mod.XzReadableStream ?? mod.default?.XzReadableStream;
  if (!Xz) throw new Error('the xz decoder could not be loaded');
  return Xz;
}

/**
 * A `.xz` file (pandas `to_pickle` / `to_csv` with `.xz`, corpus dumps) decoded by xz-decompress
 * (WASM), streaming: each piece of output is handed on as it comes. Output past `BOMB_RATIO`
 * times the input read so far (plus 64 MiB) stops the file as cut short; corrupt data throws.
 */
export async function* xzChunks(raw: AsyncIterable<Buffer>, status: { truncated: boolean; truncatedBy?: string }): AsyncGenerator<Buffer> {
  const Xz = await loadXzStream();
  let consumed = 0;
  const counted = (async function* () {
    for await (const c of raw) {
      consumed += c.length;
      yield new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
    }
  })();
  const input = new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      const r = await counted.next();
      if (r.done) ctrl.close();
      else ctrl.enqueue(r.value);
    },
    async cancel() {
      await counted.return(undefined);
    },
  });
  const reader = new Xz(input).getReader();
  let produced = 0;
  try {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (e) {
        throw new Error(`invalid xz data (${(e as Error).message ?? String(e)})`, { cause: e });
      }
      if (r.done) return;
      produced += r.value.length;
      yield Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
      if (produced > BOMB_RATIO * consumed + (64 << 20)) {
        status.truncated = true;
        status.truncatedBy = BOMB_STOP;
        return;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

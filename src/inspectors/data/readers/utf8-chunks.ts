import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/**
 * UTF-8 chunks to text, as `StringDecoder` decodes them, but pure-ASCII chunks (most data files)
 * are copied byte for byte (latin1) instead of decoded: ten times cheaper, and the same string.
 */
export class Utf8Chunks {
  private readonly decoder = new StringDecoder('utf8');
  /**
   * Nothing of a character is held back from the last chunk. StringDecoder holds bytes back only
   * when a chunk ends inside a multi-byte sequence, never after an ASCII byte.
   */
  private whole = true;

  write(b: Buffer): string {
    if (this.whole && isAscii(b)) return b.toString('latin1');
    this.whole = b.length === 0 ? this.whole : b[b.length - 1]! < 0x80;
    return this.decoder.write(b);
  }

  end(): string {
    return this.decoder.end();
  }
}

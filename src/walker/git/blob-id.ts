import { createHash } from 'node:crypto';

/** The git (SHA-1) id of a blob with this content: sha1 of `blob <len>\0` + bytes, hex. */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

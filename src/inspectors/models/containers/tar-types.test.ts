import { describe, expect, it } from 'vitest';
import { bytesScanner } from '../testing/scan-bytes.js';
import { tarBytes } from '../testing/format-writers.js';
import { callPickle, PickleWriter } from '../testing/pickle-writer.js';

/** Sets the type flag of the tar member whose header is at `at` and fixes the header checksum. */
function retype(tar: Uint8Array, at: number, type: string): Uint8Array {
  const h = tar.subarray(at, at + 512);
  h[156] = type.charCodeAt(0);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return tar;
}

const small = () => new PickleWriter().proto(2).int(0).stop().toBytes();

const scan = bytesScanner('aispm-tar-types-');

describe('tar members Python reads as files', () => {
  // tarfile.extractfile() hands out the data of GNU sparse members and of every type it does not
  // know ("treated as regular files"), so torch's legacy tar loader unpickles them.
  it.each(['S', 'Z', 'V'])('scans a legacy torch tar whose pickle member has type %s', async (type) => {
    const parts = [
      { name: 'sys_info_pickle', data: new PickleWriter().proto(2).emptyDict().stop().toBytes() },
      { name: 'pickle', data: callPickle('os', 'system', ['id']) },
      { name: 'storages', data: small() },
      { name: 'tensors', data: small() },
    ];
    const tar = tarBytes(parts);
    // The second member's header follows the first member's header and one 512-byte data block.
    const res = await scan(`legacy-${type}.pt`, retype(tar, 1024, type));
    expect(res.verdict).toBe('malicious');
  });

  it('does not read directories or links as data', async () => {
    const tar = retype(tarBytes([{ name: 'weights.pkl', data: callPickle('os', 'system', ['id']) }]), 0, '5');
    const res = await scan('dir.tar', tar);
    expect(res.verdict).not.toBe('malicious');
  });
});

describe('tar headers as tarfile reads them', () => {
  it('keeps the members before a corrupt header (tarfile stops there and loads what it read)', async () => {
    const tar = tarBytes([{ name: 'weights.pkl', data: callPickle('os', 'system', ['id']) }, { name: 'junk', data: new Uint8Array(8) }]);
    tar[1024 + 148] = 0x37; // break the second header's checksum
    expect((await scan('tail.tar', tar)).verdict).toBe('malicious');
  });

  it('accepts a checksum summed over signed chars (a non-ASCII name)', async () => {
    const tar = tarBytes([{ name: 'w\u00e9ights.pkl', data: callPickle('os', 'system', ['id']) }]);
    const h = tar.subarray(0, 512);
    h.fill(0x20, 148, 156);
    let signed = 0;
    for (const b of h) signed += b > 127 ? b - 256 : b;
    h.set(new TextEncoder().encode(`${signed.toString(8).padStart(6, '0')}\0 `), 148);
    expect((await scan('signed.tar', tar)).verdict).toBe('malicious');
  });
});

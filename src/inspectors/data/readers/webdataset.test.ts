import { describe, expect, it } from 'vitest';
import { tarArchive as tar, tarHeader as header, tarMember as member } from '../testing/format-writers.js';
import { keyOf, MAX_MEMBER_BYTES, readWebDataset } from './webdataset.js';
import type { DataRow } from './types.js';

/**
 * WebDataset shards as tar writes them: ustar headers (checksummed), GNU long-name and pax path
 * records. Written here header by header; shards written by Python's tarfile (GNU and pax formats,
 * plain and gzipped) were checked by hand.
 */

async function readAll(bytes: Uint8Array, maxRows = 1e9): Promise<{ rows: DataRow[]; status: { rows: number; truncated: boolean }; problems: string[]; error?: string }> {
  const status = { rows: 0, truncated: false };
  const problems: string[] = [];
  const rows: DataRow[] = [];
  const chunks = (async function* () {
    for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
  })();
  try {
    for await (const r of readWebDataset(chunks, status, maxRows, problems)) rows.push(r);
  } catch (e) {
    return { rows, status, problems, error: (e as Error).message };
  }
  return { rows, status, problems };
}

const image = Uint8Array.from({ length: 700 }, (_, i) => (i * 31) & 0xff);

describe('WebDataset shards', () => {
  it('groups members by key into samples: text members by extension, JSON by path, images passed over', async () => {
    const shard = tar(
      member('000000001.jpg', image),
      member('000000001.txt', 'A portrait of Jane Roe, phone 415-555-0132'),
      member('000000001.json', JSON.stringify({ url: 'https://img.example.net/1.jpg', meta: { email: 'jane@acme-corp.com' } })),
      member('000000002.jpg', image),
      member('000000002.txt', 'A dog on a beach at sunset, seen from the dunes'),
    );
    const { rows, status, error } = await readAll(shard);
    expect(error).toBeUndefined();
    expect(status).toEqual({ rows: 2, truncated: false });
    expect(rows.map((r) => [r.row, r.cells.map((c) => `${c.field}=${c.text}`)])).toEqual([
      [1, ['txt=A portrait of Jane Roe, phone 415-555-0132', 'json.url=https://img.example.net/1.jpg', 'json.meta.email=jane@acme-corp.com']],
      [2, ['txt=A dog on a beach at sunset, seen from the dunes']],
    ]);
    expect(rows[1]!.record?.text).toBe('A dog on a beach at sunset, seen from the dunes');
  });

  it('names members by GNU long names and pax path records', async () => {
    const long = `${'d'.repeat(120)}/000000007.caption`;
    const pax = `${'e'.repeat(130)}/000000008.txt`;
    const record = `${(` path=${pax}\n`.length + 3).toString()} path=${pax}\n`;
    const shard = tar(member('././@LongLink', `${long}\0`, 'L'), member(long.slice(0, 99), 'caption of seven'), member('PaxHeader', record, 'x'), member(pax.slice(0, 99), 'text of eight'));
    const { rows } = await readAll(shard);
    expect(rows.map((r) => r.cells.map((c) => `${c.field}=${c.text}`))).toEqual([['caption=caption of seven'], ['txt=text of eight']]);
  });

  it('passes over a text member over the limit and says so; stops at maxRows', async () => {
    const big = tar(header('000000001.txt', MAX_MEMBER_BYTES + 1));
    const { problems, error } = await readAll(big);
    expect(problems).toEqual([`tar member 000000001.txt is ${MAX_MEMBER_BYTES + 1} bytes, over the 16 MiB read per member; not read`]);
    expect(error).toMatch(/the file ends inside its \d+ bytes \(truncated\?\)/);
    const many = tar(...Array.from({ length: 10 }, (_, i) => member(`${i}.txt`, `sample ${i}`)));
    const capped = await readAll(many, 3);
    expect(capped.rows).toHaveLength(3);
    expect(capped.status.truncated).toBe(true);
  });

  it('stops at a header with a bad checksum, naming its byte, after the samples before it', async () => {
    const shard = tar(member('1.txt', 'one'), member('2.txt', 'two'));
    shard[1024 + 10] = 0x41;
    const { rows, error } = await readAll(shard);
    expect(rows.map((r) => r.cells[0]!.text)).toEqual(['one']);
    expect(error).toBe('tar header at byte 1024 has a bad checksum (not a tar file, or corrupt)');
  });

  it('keys a member by its path up to the first dot of its file name', () => {
    expect(keyOf('shard/a.b/000042.seg.txt')).toEqual({ key: 'shard/a.b/000042', ext: 'seg.txt' });
    expect(keyOf('README')).toEqual({ key: 'README', ext: '' });
  });
});

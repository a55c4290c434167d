import { describe, expect, it } from 'vitest';
import { parseTagMessage } from './commit.js';

const TARGET = 'a'.repeat(40);

describe('annotated tag messages', () => {
  it("reads the tagger, time and message, leaving a signed tag's signature out", () => {
    const tag = Buffer.from(
      [
        `object ${TARGET}`,
        'type commit',
        'tag v2.1.0',
        'tagger Rosa Release <rosa@example.org> 1717236000 +0200',
        '',
        'v2.1.0: faster ingest',
        '',
        'notes for the release',
        '-----BEGIN PGP SIGNATURE-----',
        'iQEzBAABCAAdFiEE',
        '-----END PGP SIGNATURE-----',
        '',
      ].join('\n'),
    );
    const { info, message } = parseTagMessage(tag, 'v2.1.0', TARGET);
    expect(info).toEqual({ id: TARGET, author: 'Rosa Release', email: 'rosa@example.org', time: '2024-06-01T10:00:00Z', summary: 'v2.1.0: faster ingest', tag: 'v2.1.0' });
    expect(message).toBe('v2.1.0: faster ingest\n\nnotes for the release\n');
  });

  it('gives a tag without a tagger line (old git) the epoch and no name, and an empty message when there is none', () => {
    const { info, message } = parseTagMessage(Buffer.from(`object ${TARGET}\ntype commit\ntag old\n`), 'old', TARGET);
    expect(info).toMatchObject({ author: '', time: '1970-01-01T00:00:00Z', summary: '', tag: 'old' });
    expect(message).toBe('');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { Collector } from './collector.js';
import { parseDataOptions } from './options.js';
import { scanMail } from './scan-mail.js';
import type { ScanJob } from './scan-part.js';
import { writeMbox, writeMessage, type MailMessage } from './testing/mime-writer.js';

/** Scans mail bytes as the reading job does, with a per-message cap small enough for a test. */
async function scan(relPath: string, text: string, maxMessageBytes: number) {
  const job: ScanJob = { absPath: `/nonexistent/${relPath}`, relPath, cls: classify(relPath, 'text')!, options: parseDataOptions({}).options, content: Buffer.from(text, 'utf8') };
  const col = new Collector(job);
  await scanMail(col, job, 1 << 30, undefined, maxMessageBytes);
  return col.finish();
}

describe('scanMail', () => {
  it('reads a message past the per-message cap as plain text, says so, and goes on to the next message', async () => {
    const big: MailMessage = { headers: [['Subject', 'big']], body: { type: 'text/plain', encoding: '7bit', body: `${'filler line\n'.repeat(50)}\nlate: maria.lopez@homemail.net\n` } };
    const next: MailMessage = { headers: [['Subject', 'next']], body: { type: 'text/plain', encoding: 'quoted-printable', body: 'Call jon.park@webmail.org' } };
    const mbox = writeMbox([writeMessage(big), writeMessage(next)]);
    const part = await scan('data/mail/box.mbox', mbox, 200);
    expect(part.problems).toEqual(['message 1: over the 200 bytes read as MIME per message; the rest of it is read as plain text']);
    const where = part.pii.flatMap((g) => g.where.map((w) => [w.field, w.line]));
    const late = mbox.split('\n').findIndex((l) => l.startsWith('late:')) + 1;
    expect(where).toContainEqual(['message 1: text', late]);
    expect(where).toContainEqual(['message 2: body', expect.any(Number)]);
  });

  it('reports the bytes read every 8 MiB as a large mailbox streams, for the scan progress line', async () => {
    const one = writeMessage({ headers: [['Subject', 'weekly report']], body: { type: 'text/plain', encoding: '7bit', body: 'an ordinary line about parcels and refunds\n'.repeat(2000) } });
    const mbox = writeMbox(Array.from({ length: Math.ceil((17 << 20) / one.length) }, () => one));
    // On disk, as a file this large is read (in 1 MiB chunks), never in hand.
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-mbox-'));
    try {
      const absPath = path.join(dir, 'big.mbox');
      await writeFile(absPath, mbox);
      const job: ScanJob = { absPath, relPath: 'data/mail/big.mbox', cls: classify('data/mail/big.mbox', 'text')!, options: parseDataOptions({}).options };
      const seen: number[] = [];
      await scanMail(new Collector(job), job, 1 << 30, (b) => seen.push(b));
      expect(seen).toHaveLength(2);
      expect(seen[0]).toBeGreaterThanOrEqual(8 << 20);
      expect(seen[1]).toBeGreaterThan(seen[0]!);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a message or mailbox named .txt as MIME: its sender found in its header, ids of messages not taken for addresses', async () => {
    const text = 'Return-Path: <bbb@zzz.org>\nReceived: from relay (195.41.46.149) by mx with SMTP id <0.0014F8A2@mail.groupcare.dk>;\nMessage-ID: <15090.61304.110929.45684@aaa.zzz.org>\nFrom: maria.lopez@homemail.net\nSubject: hi\n\nHi,\n';
    const job = (relPath: string, body: string): ScanJob => ({ absPath: `/nonexistent/${relPath}`, relPath, cls: classify(relPath, 'text', new Uint8Array(Buffer.from(body)))!, options: parseDataOptions({}).options, content: Buffer.from(body, 'utf8') });
    const read = async (j: ScanJob) => {
      const col = new Collector(j);
      await scanMail(col, j, 1 << 30);
      return col.finish().pii.flatMap((g) => g.where.map((w) => w.field));
    };
    expect(await read(job('data/mail/msg_01.txt', text))).toEqual(['header From']);
    const fields = await read(job('data/mail/box.txt', `From bbb@zzz.org Fri Nov 26 21:40:36 2004\n${text}From bbb@zzz.org Fri Nov 26 21:41:00 2004\n${text}`));
    expect(fields).toEqual(['message 1: header From', 'message 2: header From']);
  });

  it('names the messages of a mailbox in its problems, and keeps the first 100', async () => {
    const broken = writeMessage({ headers: [['Subject', 'x']], body: { multipart: 'mixed', boundary: 'zz', unterminated: true, parts: [{ type: 'text/plain', encoding: '7bit', body: 'x' }] } });
    const part = await scan('data/mail/box.mbox', writeMbox(Array.from({ length: 120 }, () => broken)), 1 << 20);
    expect(part.problems).toHaveLength(101);
    expect(part.problems[1]).toBe('message 2: multipart boundary "zz" is never closed; read to the end of the message');
    expect(part.problems[100]).toBe('and 20 more problems in its messages');
  });
});

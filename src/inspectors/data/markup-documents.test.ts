import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMarkupDocument } from './classify.js';
import { inspect } from './testing/scan-file.js';

let root: string;

// A man page as gcloud's are written: the same example block for the alpha, beta and GA commands,
// paragraphs apart, and the maintainer's address in AUTHORS (personal data, still to be found).
const example = (track: string) => `.RS 2m\n$ gcloud ${track}container hub policycontroller disable \\-\\-memberships=MEMBERSHIP\n.RE\n`;
const manPage = [
  '.TH "GCLOUD_CONTAINER_HUB_POLICYCONTROLLER_DISABLE" 1',
  '',
  '.SH "EXAMPLES"',
  example(''),
  example(''),
  example('beta '),
  '.SH "AUTHORS"',
  'Written by Miriam Okonkwo <miriam.okonkwo@okonkwo-lab.org>.',
  '',
].join('\n');

// An Info manual (makeinfo's output) with a node separator and the author's address.
const infoManual = '\x1f\nFile: tool.info,  Node: Top,  Next: Overview,  Up: (dir)\n\nTool\n****\n\nThis manual is for tool.\n\n   Report bugs to Miriam Okonkwo <miriam.okonkwo@okonkwo-lab.org>.\n\n';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-markup-'));
  await mkdir(path.join(root, 'rag', 'man', 'man1'), { recursive: true });
  await mkdir(path.join(root, 'rag', 'info'), { recursive: true });
  await mkdir(path.join(root, 'rag', 'notes'), { recursive: true });
  await writeFile(path.join(root, 'rag', 'man', 'man1', 'gcloud_container_hub_policycontroller_disable.1.gz'), gzipSync(manPage));
  await writeFile(path.join(root, 'rag', 'info', 'tool.info.gz'), gzipSync(infoManual));
  await writeFile(path.join(root, 'rag', 'info', 'tool.info-2.gz'), gzipSync(infoManual));
  // The same paragraphs in a plain-text document of the corpus: there they are chunks, and duplicates.
  await writeFile(path.join(root, 'rag', 'notes', 'support.txt'), manPage);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('markup documents in a RAG folder (man pages, Info manuals)', () => {
  it("does not take a man page's repeated paragraphs for duplicate records, and still finds its author's address", async () => {
    const out = await inspect(root, 'rag/man/man1/gcloud_container_hub_policycontroller_disable.1.gz');
    expect(out.wanted).toBe(true);
    expect(out.findings!.filter((f) => f.ruleId === 'data_no_duplicate_records')).toEqual([]);
    expect(out.findings!.find((f) => f.ruleId === 'data_no_personal_data')?.properties?.entities).toEqual({ EMAIL_ADDRESS: 1 });
  });

  it("reports the same repeated paragraphs in a plain-text document, whose paragraphs are the corpus's chunks", async () => {
    const out = await inspect(root, 'rag/notes/support.txt');
    expect(out.findings!.some((f) => f.ruleId === 'data_no_duplicate_records')).toBe(true);
  });

  it('reads an Info manual and its numbered parts as documents of the corpus', async () => {
    for (const rel of ['rag/info/tool.info.gz', 'rag/info/tool.info-2.gz']) {
      const out = await inspect(root, rel);
      expect(out.wanted, rel).toBe(true);
      expect(out.findings!.find((f) => f.ruleId === 'data_no_personal_data')?.properties?.entities, rel).toEqual({ EMAIL_ADDRESS: 1 });
    }
  });

  it('tells markup documents from rotated logs and package notes by name', () => {
    for (const rel of ['rag/man/man1/ls.1.gz', 'rag/man/man3/Net::DBus.3pm', 'rag/man/man5/apt_auth.conf.5.gz', 'rag/info/find.info-1.gz', 'rag/perl/perlfaq.pod', 'rag/gawk.texi']) expect(isMarkupDocument(rel), rel).toBe(true);
    for (const rel of ['rag/support/chat.log.2.gz', 'rag/syslog.1', 'rag/docs/NEWS.gz', 'rag/notes.txt', 'rag/po/de.po']) expect(isMarkupDocument(rel), rel).toBe(false);
  });
});

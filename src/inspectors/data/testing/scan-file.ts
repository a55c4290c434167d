import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnalyzerOutput, ScanFile } from '../../../core/index.js';
import { dataInspector } from '../index.js';
import { sniffLite } from '../sniff-lite.js';
import { inScratchDir } from './scratch-dir.js';

export { sniffLite } from '../sniff-lite.js';

/** A ScanFile for a file on disk (tests, bench, eval), the way the walker would hand it over. */
export async function scanFileFor(root: string, rel: string): Promise<ScanFile> {
  const abs = path.join(root, rel);
  const st = await stat(abs);
  const fh = await import('node:fs/promises').then((m) => m.open(abs, 'r'));
  const head = Buffer.alloc(Math.min(4096, st.size));
  await fh.read(head, 0, head.length, 0);
  await fh.close();
  const name = path.basename(rel).toLowerCase();
  return {
    path: rel,
    name,
    ext: path.extname(name),
    size: st.size,
    sniffed: sniffLite(head),
    head,
    absPath: abs,
    bytes: () => readFile(abs),
    text: async () => (await readFile(abs)).toString('utf8'),
  };
}

/** Runs the data inspector on one file if it wants it. */
export async function inspect(root: string, rel: string, options: Record<string, unknown> = {}): Promise<AnalyzerOutput & { wanted: boolean }> {
  const f = await scanFileFor(root, rel);
  if (!dataInspector.wants(f.path, f)) return { wanted: false };
  return { wanted: true, ...(await dataInspector.analyze(f, { root, options })) };
}

/** Writes `bytes` as `rel` in a fresh temporary folder and runs the data inspector on it: its findings and its issues' messages. */
export async function inspectBytes(rel: string, bytes: Uint8Array, options: Record<string, unknown> = {}): Promise<{ findings: string[]; messages: string[] }> {
  return inScratchDir('aispm-inspect-', async (root) => {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), bytes);
    const out = await inspect(root, rel, options);
    return { findings: (out.findings ?? []).map((f) => f.message), messages: (out.issues ?? []).map((i) => i.message) };
  });
}

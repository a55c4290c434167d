import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Analyzer, AnalyzerOutput, Asset, ScanFile } from '../../../core/index.js';
import { isUnknown, type CloudResource } from '../../../core/cloud-resource.js';

/**
 * Test helper: writes files to a temp dir and runs one analyzer on one of them with a ScanFile
 * shaped like the walker's (analyzers read sibling files themselves).
 */
export async function analyzeFiles(analyzer: Analyzer, files: Record<string, string>, target: string): Promise<AnalyzerOutput & { dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aispm-iac-'));
  try {
    for (const [rel, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), content);
    }
    const abs = path.join(dir, target);
    const buf = Buffer.from(files[target] ?? '');
    const ext = path.extname(target).toLowerCase();
    const info = { path: target, name: path.basename(target).toLowerCase(), ext, size: buf.length, sniffed: 'text', head: buf.subarray(0, 4096) };
    if (!analyzer.wants(target, info)) throw new Error(`${analyzer.id} does not want ${target}`);
    const file: ScanFile = { ...info, absPath: abs, bytes: () => readFile(abs), text: async () => (await readFile(abs, 'utf8')).replace(/^\uFEFF/, '') };
    const out = await analyzer.analyze(file, { root: dir, options: {} });
    return { ...out, dir };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The normalised resource of an asset, for assertions. */
export function res(a: Asset | undefined): CloudResource {
  if (!a) throw new Error('no asset');
  return a.properties.resource as unknown as CloudResource;
}

export { isUnknown };

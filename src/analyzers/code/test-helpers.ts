import type { AnalyzerOutput, FileInfo, ScanFile } from '../../core/index.js';

/** An in-memory ScanFile for analyzer tests (no disk, same contract as the walker's). */
export function memFile(path: string, content: string | Uint8Array, sniffed = 'text'): ScanFile {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const name = path.split('/').pop()!.toLowerCase();
  const dot = name.lastIndexOf('.');
  const info: FileInfo = { path, name, ext: dot > 0 ? name.slice(dot) : '', size: buf.length, sniffed, head: buf.subarray(0, 4096) };
  return { ...info, absPath: `/mem/${path}`, bytes: () => Promise.resolve(buf), text: () => Promise.resolve(buf.toString('utf8')) };
}

/** Compact views of an output for assertions. */
export function summary(out: AnalyzerOutput) {
  const assets = out.assets ?? [];
  const name = (id: string) => assets.find((a) => a.id === id)?.name ?? id;
  return {
    kinds: (kind: string) => assets.filter((a) => a.kind === kind).map((a) => `${a.provider}:${a.name}`).sort(),
    relations: (out.relations ?? []).map((r) => `${name(r.from)} ${r.kind} ${name(r.to)}`).sort(),
    rules: (out.findings ?? []).map((f) => `${f.ruleId}@${f.location.line}${f.status === 'fail' ? '' : `:${f.status}`}`).sort(),
    observations: (out.observations ?? []).map((o) => `${o.type} ${o.value}`).sort(),
  };
}

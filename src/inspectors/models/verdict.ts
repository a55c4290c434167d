import type { GlobalHit } from './pickle/vm.js';
import { fullyScanned, noCodeExecutionOnLoad, onlyAllowlistedGlobals } from './rules.js';
import { worse, type ModelScanContext, type Problem, type Verdict } from './scan-context.js';

function where(h: { member?: string | undefined; offset?: number | undefined }): string {
  const m = h.member ? ` in ${h.member}` : '';
  return h.offset !== undefined ? ` at byte ${h.offset}${m}` : m;
}

/** Turns the pickle machine's evidence into problems (one per offending global or signal). */
export function pickleProblems(ctx: ModelScanContext): Problem[] {
  const out: Problem[] = [];
  const label = (h: GlobalHit) => (h.resolved !== `${h.module}.${h.name}` ? `${h.module}.${h.name} (= ${h.resolved})` : h.resolved);
  for (const h of ctx.ev.hits) {
    if (h.level === 'safe') continue;
    const called = h.arg !== undefined ? `; called with '${h.arg}'` : '';
    out.push({
      rule: h.level === 'dangerous' ? noCodeExecutionOnLoad : onlyAllowlistedGlobals,
      level: h.level === 'dangerous' ? 'malicious' : 'suspicious',
      message: `${h.opcode} imports ${label(h)}${where(h)}: ${h.reason}${called}`,
      key: `global:${h.resolved}`,
      offset: h.offset,
      ...(h.member ? { member: h.member } : {}),
    });
  }
  for (const s of ctx.ev.signals) {
    out.push({
      rule: s.level === 'malicious' ? noCodeExecutionOnLoad : onlyAllowlistedGlobals,
      level: s.level,
      message: `${s.message}${where(s)}`,
      key: `signal:${s.code}`,
      offset: s.offset,
      ...(s.member ? { member: s.member } : {}),
    });
  }
  for (const i of ctx.ev.incomplete) {
    out.push({ rule: fullyScanned, level: 'inconclusive', message: i.message, key: `incomplete:${i.member ?? ''}`, offset: i.offset, ...(i.member ? { member: i.member } : {}) });
  }
  return out;
}

export interface FileVerdict {
  verdict: Verdict;
  problems: Problem[];
}

/** All problems of one file and the verdict they add up to; nothing unfinished is ever clean. */
export function fileVerdict(ctx: ModelScanContext): FileVerdict {
  const problems = [...pickleProblems(ctx), ...ctx.problems];
  let verdict: Verdict = 'clean';
  for (const p of problems) verdict = worse(verdict, p.level);
  return { verdict, problems };
}

/** The most specific format name for the asset's `type`. */
export function primaryFormat(formats: readonly string[]): string {
  const order = ['pytorch-zip', 'pytorch-legacy', 'pytorch-legacy-tar', 'torchscript', 'torchscript-flatbuffer', 'keras', 'joblib', 'sklearn', 'npz', 'numpy', 'gguf', 'safetensors', 'onnx', 'savedmodel', 'hdf5', 'tokenizer-config', 'pickle', '7z', 'lz4', 'zstd', 'zip', 'tar', 'gzip', 'bzip2', 'xz', 'lzma', 'zlib'];
  for (const f of order) if (formats.includes(f)) return f;
  return formats[0] ?? 'unknown';
}

import { defineAnalyzer, fileAssetId, makeFinding, type Asset, type Finding, type JsonValue, type RuleMeta, type ScanIssue, type Severity } from '../../core/index.js';
import { withFileSource } from './io/byte-source.js';
import { scanSource } from './dispatch.js';
import { modelRules, fullyScanned } from './rules.js';
import { DEFAULT_MODEL_LIMITS, ModelScanContext, type ModelLimits, type Problem, type Verdict } from './scan-context.js';
import { fileVerdict, primaryFormat } from './verdict.js';
import { NON_MODEL_FORMATS } from './not-a-model.js';
import { isTextPickle } from './text-pickle.js';
import { isBinaryPickle } from './binary-pickle.js';
import { isTorchscriptFlatbuffer } from './formats/torchscript-flatbuffer.js';

export { modelRules } from './rules.js';
export { checkChatTemplate } from './formats/chat-template.js';
export { classifyGlobal } from './pickle/policy.js';

/** Walker content types that can be, or can hold, a model file. */
const MODEL_SNIFFS = new Set(['pickle', 'zip', 'tar', 'gzip', 'bzip2', 'xz', 'zlib', 'lzma', 'hdf5', 'gguf', 'numpy', 'safetensors', 'protobuf', '7z', 'lz4', 'zstd']);
/** Extensions that only disambiguate: a `.pt` the walker calls `binary` is still worth a look. */
const MODEL_EXTS = new Set(['.pt', '.pth', '.pkl', '.pickle', '.joblib', '.ckpt', '.onnx', '.pb', '.h5', '.hdf5', '.keras', '.gguf', '.safetensors', '.npy', '.npz', '.dill', '.mar', '.bin', '.model', '.sav']);

/** Extensions that only model files carry: content that is no model under them is reported, not dropped. */
const MODEL_ONLY_EXTS = new Set(['.safetensors', '.keras', '.gguf', '.onnx', '.pt', '.pth', '.ckpt']);

const PICKLE_EXTS = new Set(['.pkl', '.pickle', '.joblib', '.dill', '.pt', '.pth', '.ckpt', '.sav']);

export interface ModelFileResult {
  verdict: Verdict;
  format: string;
  formats: string[];
  problems: Problem[];
  modelLike: boolean;
  notes: string[];
  ctx: ModelScanContext;
}

/** Scans one file on disk with bounded reads; never throws for bad content. */
export async function scanModelFile(absPath: string, relPath: string, limits: ModelLimits = DEFAULT_MODEL_LIMITS): Promise<ModelFileResult> {
  const ctx = new ModelScanContext(relPath, limits);
  const name = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase();
  await withFileSource(absPath, (src) => scanSource(ctx, src, undefined, name, 0));
  const { verdict, problems } = fileVerdict(ctx);
  return { verdict, format: primaryFormat(ctx.formats), formats: ctx.formats, problems, modelLike: ctx.modelLike || problems.length > 0, notes: ctx.notes, ctx };
}

function severityFor(rule: RuleMeta, level: Problem['level']): Severity {
  if (level === 'malicious') return 'critical';
  if (level === 'inconclusive') return 'medium';
  return rule.severity === 'critical' ? 'high' : rule.severity;
}

function limitsFrom(options: Record<string, unknown>): ModelLimits {
  const n = (k: keyof ModelLimits) => (typeof options[k] === 'number' && (options[k] as number) > 0 ? (options[k] as number) : DEFAULT_MODEL_LIMITS[k]);
  return { maxDepth: n('maxDepth'), maxMembers: n('maxMembers'), maxMemberBytes: n('maxMemberBytes'), maxRatio: n('maxRatio'), timeLimitMs: n('timeLimitMs') };
}

/** One finding per rule per file, carrying the verdict, the format and the offending globals. */
function findingsFor(path: string, assetId: string, res: ModelFileResult): Finding[] {
  const byRule = new Map<RuleMeta, Problem[]>();
  for (const p of res.problems) byRule.set(p.rule, [...(byRule.get(p.rule) ?? []), p]);
  const globals: JsonValue[] = res.ctx.ev.hits
    .filter((h) => h.level !== 'safe')
    .slice(0, 50)
    .map((h) => ({ module: h.module, name: h.name, resolved: h.resolved, level: h.level, offset: h.offset, opcode: h.opcode, ...(h.member ? { member: h.member } : {}), ...(h.arg !== undefined ? { arg: h.arg } : {}) }));
  const out: Finding[] = [];
  for (const [rule, ps] of byRule) {
    const level = ps.some((p) => p.level === 'malicious') ? 'malicious' : ps.some((p) => p.level === 'suspicious') ? 'suspicious' : 'inconclusive';
    const lead = ps.find((p) => p.level === level)!;
    const more = ps.length > 1 ? ` (+${ps.length - 1} more)` : '';
    out.push(
      makeFinding(rule, {
        assetId,
        location: { path, ...(lead.member ? { resource: lead.member } : {}) },
        message: `${res.format} file is ${level}: ${lead.message}${more}`,
        evidenceKey: [...new Set(ps.map((p) => p.key))].sort().join('|').slice(0, 500),
        status: rule === fullyScanned ? 'manual' : 'fail',
        severity: severityFor(rule, level),
        properties: {
          verdict: res.verdict,
          format: res.format,
          globals,
          reasons: ps.slice(0, 25).map((p) => ({ level: p.level, message: p.message, ...(p.member ? { member: p.member } : {}), ...(p.members ? { members: p.members } : {}), ...(p.offset !== undefined ? { offset: p.offset } : {}) })),
        },
      }),
    );
  }
  return out;
}

/**
 * The model-file inspector: picks files by magic bytes (extensions only disambiguate), follows
 * containers and pickles without loading anything, and gives each file a verdict —
 * `malicious`, `suspicious`, `clean` or `inconclusive` (never clean when unfinished).
 */
export const modelsAnalyzer = defineAnalyzer({
  id: 'models',
  version: '1.0.0',
  description: 'Model files that run code when loaded: pickle VM (torch, joblib, numpy, dill), Keras, GGUF/Jinja, ONNX, SavedModel, safetensors',
  stage: 'inspector',
  rules: modelRules,
  wants(_path, info) {
    if (info.name === 'tokenizer_config.json') return true;
    // A TorchScript mobile flatbuffer is told by its identifier, whatever its name (.ptl, .ff, .pt, .bin).
    if (isTorchscriptFlatbuffer(info.head)) return true;
    if (MODEL_SNIFFS.has(info.sniffed)) return true;
    // A protocol 0/1 pickle can sniff as text: a pickle-ish extension disambiguates, and one
    // under any other name (a torch `.bin`) is recognised by walking its opcodes.
    if (info.sniffed === 'text') return PICKLE_EXTS.has(info.ext) || isTextPickle(info.head) || isBinaryPickle(info.head);
    // pickle.load takes a binary pickle without its PROTO opcode under any name.
    return info.sniffed === 'binary' && (MODEL_EXTS.has(info.ext) || isBinaryPickle(info.head));
  },
  async analyze(file, ctx) {
    let res: ModelFileResult;
    try {
      res = await scanModelFile(file.absPath, file.path, limitsFrom(ctx.options));
    } catch (e) {
      const issue: ScanIssue = { path: file.path, reason: 'unreadable', message: `${file.path}: could not be read: ${(e as Error).message}`, source: 'models' };
      return { issues: [issue] };
    }
    if (!res.modelLike) {
      // A corrupt or disguised `.safetensors`/`.keras`/… would otherwise vanish from the report: no
      // asset, no issue. Say it was not scanned (DESIGN §7: never silently clean).
      // Content known to be no model (an IDL `.sav`, a site `.pth`) is not worth an issue either.
      if (!MODEL_ONLY_EXTS.has(file.ext) || file.size === 0 || res.formats.some((f) => NON_MODEL_FORMATS.has(f))) return {};
      const issue: ScanIssue = { path: file.path, reason: 'incomplete', message: `${file.path}: named like a model file (${file.ext}) but its content matches no model format this scanner reads; not scanned`, source: 'models' };
      return { issues: [issue] };
    }
    const id = fileAssetId('model-file', file.path);
    const asset: Asset = {
      id,
      kind: 'model-file',
      name: file.path.slice(file.path.lastIndexOf('/') + 1),
      provider: 'local',
      type: res.format,
      locations: [{ path: file.path }],
      properties: { verdict: res.verdict, format: res.format, formats: res.formats, size: file.size, scannedBy: 'models' },
    };
    const issues: ScanIssue[] = [];
    if (res.verdict === 'inconclusive') {
      const why = res.problems.find((p) => p.level === 'inconclusive')?.message ?? 'not finished';
      issues.push({ path: file.path, reason: 'incomplete', message: `${file.path}: model scan inconclusive: ${why}`, source: 'models' });
    }
    return { assets: [asset], findings: findingsFor(file.path, id, res), issues };
  },
});

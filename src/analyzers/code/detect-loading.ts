import { assetId, fileAssetId, makeFinding, normaliseRelPath } from '../../core/index.js';
import { locAt, type FileContext } from './context.js';
import { KERAS_SAFE_MODE, MODEL_LOADING_AVOIDS_PICKLE, TORCH_HUB_TRUST, TORCH_LOAD_WEIGHTS_ONLY } from './rules.js';
import { pickleCallees } from './pickle-callees.js';
import { isPickleRoundTrip } from './round-trip.js';
import type { CallSite } from './source.js';
import { modelAssetId } from '../shared/model-id.js';

const TYPE_BY_EXT: Record<string, string> = { '.pt': 'pytorch', '.pth': 'pytorch', '.ckpt': 'pytorch', '.bin': 'pytorch', '.pkl': 'pickle', '.pickle': 'pickle', '.joblib': 'joblib', '.npy': 'numpy', '.npz': 'numpy', '.dill': 'pickle' };

/** Normalises `rel` against the directory of `from` (posix); undefined when it leaves the root. */
function joinRel(from: string, rel: string): string | undefined {
  const dir = from.split('/').slice(0, -1).join('/');
  return normaliseRelPath(dir ? `${dir}/${rel}` : rel);
}

/**
 * The literal path a loader reads: `torch.load("m.pt")`, `pickle.load(open("m.pkl", "rb"))`,
 * `with open(P) as f: pickle.load(f)` with P a constant.
 */
function loadedPath(fc: FileContext, c: CallSite): string | undefined {
  const v = fc.v;
  const at = v.firstArg(c);
  if (at === undefined) return undefined;
  const word = v.wordAt(at);
  if (word === 'open' || word.endsWith('.open')) {
    const inner = v.code.indexOf('(', at);
    return inner >= 0 ? v.resolve(inner + 1)?.value : undefined;
  }
  const lit = v.resolve(at);
  if (lit) return lit.interpolated ? undefined : lit.value;
  if (!word) return undefined;
  // A file handle bound by `with open(X) as word` or `word = open(X)`.
  const esc = word.replace(/[.]/g, '\\.');
  const m = new RegExp(`\\bopen\\s*\\(([^\\n]*?)\\)\\s*as\\s+${esc}\\b|\\b${esc}\\s*=\\s*open\\s*\\(`).exec(v.code);
  if (!m) return undefined;
  const open = v.code.indexOf('(', m.index);
  return v.resolve(open + 1)?.value;
}

/** The `model-file` asset a loader reads; a literal relative path resolves beside the source file. */
function loadedAsset(fc: FileContext, c: CallSite, loader: string): string {
  const p = loadedPath(fc, c);
  const ext = p ? (/\.[a-z0-9]+$/i.exec(p)?.[0] ?? '').toLowerCase() : '';
  const type = TYPE_BY_EXT[ext] ?? (loader.startsWith('torch') ? 'pytorch' : loader.split('.')[0]);
  const local = p && !/^[a-z0-9]+:\/\//i.test(p) && !p.startsWith('/') ? joinRel(fc.path, p) : undefined;
  const expr = fc.v.args(c).trim().slice(0, 80);
  return fc.em.asset({
    id: local ? fileAssetId('model-file', local) : assetId('model-file', 'code', p ?? `${fc.path}#${expr}`),
    kind: 'model-file',
    name: local ?? p ?? `${loader}(${expr || '…'})`,
    provider: local ? 'local' : 'code',
    type,
    location: locAt(fc, c.start),
    properties: { loadedBy: loader, referencedFrom: fc.path, uri: p && /^[a-z0-9]+:\/\//i.test(p) ? p : undefined, dynamic: p ? undefined : true },
  });
}

/**
 * Deserialisation that can run code: torch.load without weights_only=True, pickle / joblib / dill
 * loads (not a `loads` of bytes the same code just dumped), pandas.read_pickle,
 * np.load(allow_pickle=True). Python only (the other languages have no
 * equivalent in the ML stack).
 */
export function detectRiskyLoading(fc: FileContext): string[] {
  if (fc.v.lang !== 'python') return [];
  const v = fc.v;
  const loaded: string[] = [];
  for (const c of v.calls(/\btorch\.load\b/)) {
    const at = v.kwarg(c, ['weights_only']);
    const value = at !== undefined ? v.wordAt(at) : undefined;
    if (value === 'True') continue;
    const id = loadedAsset(fc, c, 'torch.load');
    loaded.push(id);
    fc.em.findings.push(
      makeFinding(TORCH_LOAD_WEIGHTS_ONLY, {
        assetId: id,
        location: locAt(fc, c.start),
        message:
          value === 'False'
            ? 'torch.load(..., weights_only=False) unpickles the checkpoint: any code in it runs'
            : value === undefined
              ? 'torch.load without weights_only=True: PyTorch < 2.6 unpickles the whole checkpoint (any code in it runs); state it explicitly'
              : `torch.load(..., weights_only=${value}) depends on a runtime value; make it weights_only=True`,
        severity: value === undefined ? 'medium' : 'high',
        evidenceKey: `${fc.path}:torch.load:${v.args(c).trim().slice(0, 80)}`,
      }),
    );
  }
  for (const { re, canonical } of pickleCallees(v)) {
    for (const c of v.calls(re)) {
      if (isPickleRoundTrip(v, c)) continue;
      const loader = canonical(c.callee);
      const id = loadedAsset(fc, c, loader);
      loaded.push(id);
      fc.em.findings.push(
        makeFinding(MODEL_LOADING_AVOIDS_PICKLE, {
          assetId: id,
          location: locAt(fc, c.start),
          message: `${c.callee === loader ? loader : `${c.callee} (${loader})`}() deserialises with pickle: code in the file runs when it is loaded`,
          evidenceKey: `${fc.path}:${c.callee}:${v.args(c).trim().slice(0, 80)}`,
        }),
      );
    }
  }
  // `pickle.Unpickler(f).load()`: the plain unpickler, loaded in one expression. A subclass (the
  // way to restrict find_class) is a different callee and is not matched.
  // `from pickle import Unpickler` (shelve, jedi) makes the bare name the plain unpickler too; a
  // file's own `class Unpickler` (torch's weights-only one) is not imported and stays unmatched.
  const bare = /^[ \t]*from[ \t]+(?:pickle|cPickle|_pickle|dill)[ \t]+import[ \t][^\n]*\bUnpickler\b(?![ \t]+as)/m.test(v.code);
  for (const c of v.calls(bare ? /\b(?:pickle|cPickle|_pickle|dill)\.Unpickler\b|(?<![\w.])Unpickler\b/ : /\b(?:pickle|cPickle|_pickle|dill)\.Unpickler\b/)) {
    if (!/^\)\s*\.load\s*\(\s*\)/.test(v.code.slice(c.argEnd, c.argEnd + 40))) continue;
    const id = loadedAsset(fc, c, `${c.callee}().load`);
    loaded.push(id);
    fc.em.findings.push(
      makeFinding(MODEL_LOADING_AVOIDS_PICKLE, {
        assetId: id,
        location: locAt(fc, c.start),
        message: `${c.callee}(…).load() deserialises with pickle: code in the file runs when it is loaded`,
        evidenceKey: `${fc.path}:${c.callee}().load:${v.args(c).trim().slice(0, 80)}`,
      }),
    );
  }
  for (const c of v.calls(/\b(?:np|numpy)\.load\b/)) {
    const at = v.kwarg(c, ['allow_pickle']);
    if (at === undefined || v.wordAt(at) !== 'True') continue;
    const id = loadedAsset(fc, c, 'numpy.load');
    loaded.push(id);
    fc.em.findings.push(
      makeFinding(MODEL_LOADING_AVOIDS_PICKLE, {
        assetId: id,
        location: locAt(fc, c.start),
        message: 'np.load(..., allow_pickle=True) unpickles object arrays: code in the file runs when it is loaded',
        evidenceKey: `${fc.path}:np.load:${v.args(c).trim().slice(0, 80)}`,
      }),
    );
  }
  for (const c of v.calls(/\b(?:keras|tf\.keras|tensorflow\.keras)?\.?models\.load_model\b|(?<![\w.])load_model\b/)) {
    const at = v.kwarg(c, ['safe_mode']);
    if (at === undefined || v.wordAt(at) !== 'False') continue;
    const id = loadedAsset(fc, c, 'keras.load_model');
    loaded.push(id);
    fc.em.findings.push(
      makeFinding(KERAS_SAFE_MODE, {
        assetId: id,
        location: locAt(fc, at),
        message: `${c.callee}(..., safe_mode=False) runs Lambda-layer bytecode stored in the model file`,
        evidenceKey: `${fc.path}:${c.callee}:${v.args(c).trim().slice(0, 80)}`,
      }),
    );
  }
  for (const c of v.calls(/\btorch\.hub\.load\b/)) {
    const repoAt = v.firstArg(c) ?? v.kwarg(c, ['repo_or_dir']);
    const repo = repoAt !== undefined ? v.resolve(repoAt) : undefined;
    const sourceAt = v.kwarg(c, ['source']);
    if (sourceAt !== undefined && v.literalAt(sourceAt)?.value === 'local') continue;
    const trustAt = v.kwarg(c, ['trust_repo']);
    const trust = trustAt !== undefined ? v.wordAt(trustAt) || v.literalAt(trustAt)?.value : undefined;
    const pinned = !!repo && /:[\w.-]+$/.test(repo.value) && !/:(main|master|dev|develop|latest)$/.test(repo.value);
    if (pinned && trust !== 'True') continue;
    const name = repo?.value ?? `<${v.wordAt(repoAt ?? c.argStart) || 'dynamic'}>`;
    const modelAt = v.nthArg(c, 1) ?? v.kwarg(c, ['model']);
    const model = modelAt !== undefined ? v.resolve(modelAt)?.value : undefined;
    const id = fc.em.asset({
      id: modelAssetId('pytorch-hub', `${name}:${model ?? ''}`),
      kind: 'ai-model',
      name: model ? `${name} ${model}` : name,
      provider: 'pytorch-hub',
      type: 'torch-hub',
      location: locAt(fc, c.start),
      properties: { repo: name, entrypoint: model, pinned, trustRepo: trust },
    });
    fc.em.findings.push(
      makeFinding(TORCH_HUB_TRUST, {
        assetId: id,
        location: locAt(fc, c.start),
        message: `torch.hub.load("${name}"${model ? `, "${model}"` : ''}) runs hubconf.py from ${pinned ? 'a pinned ref' : 'an unpinned repository'}${trust === 'True' ? ' with trust_repo=True' : ''}`,
        evidenceKey: `${fc.path}:${name}:${model ?? ''}`,
      }),
    );
  }
  return loaded;
}

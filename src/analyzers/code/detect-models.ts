import { assetId, makeFinding } from '../../core/index.js';
import { locAt, type FileContext } from './context.js';
import { apiAsset, type SdkUse } from './detect-apis.js';
import { classifyModelId, looksLikeHubId, modelFromConstant, PLATFORM_API, VENDOR_API, type ModelRef } from './model-ids.js';
import { HF_REVISION_PINNED, HF_TRUST_REMOTE_CODE } from './rules.js';
import { TypeLiterals } from './type-literals.js';
import { ComparedLiterals } from './compared-literals.js';
import type { CallSite } from './source.js';
import { modelAssetId } from '../shared/model-id.js';

/** A model seen in the file: its asset id and where. */
export interface ModelSeen {
  id: string;
  ref: ModelRef;
  offset: number;
  /** The external-ai-api asset that serves it, when the file reaches one. */
  api?: string;
}

const PINNED_SHA = /^[0-9a-f]{40}$/i;

/** Hugging Face loaders and where their model argument sits. */
const HF_LOADERS = /(?<![\w.])(?:[A-Za-z_]\w*\.)*(?:from_pretrained|hf_hub_download|snapshot_download|pipeline|SentenceTransformer|CrossEncoder|HuggingFaceEmbeddings|HuggingFaceEndpoint|from_model_id|InferenceClient)(?![\w])/;

/** Argument position of the model for each loader (keyword names first, then positional index). */
function modelArg(fc: FileContext, c: CallSite): number | undefined {
  const v = fc.v;
  const name = c.callee.split('.').pop()!;
  if (name === 'pipeline') return v.kwarg(c, ['model']) ?? v.nthArg(c, 1);
  if (name === 'hf_hub_download' || name === 'snapshot_download' || name === 'HuggingFaceEndpoint') return v.kwarg(c, ['repo_id']) ?? v.firstArg(c);
  if (name === 'HuggingFaceEmbeddings') return v.kwarg(c, ['model_name']);
  if (name === 'from_model_id') return v.kwarg(c, ['model_id']) ?? v.firstArg(c);
  if (name === 'InferenceClient') return v.kwarg(c, ['model']) ?? v.firstArg(c);
  return v.kwarg(c, ['pretrained_model_name_or_path', 'model_name_or_path', 'model_name', 'model_id']) ?? v.firstArg(c);
}

function modelAsset(fc: FileContext, ref: ModelRef, offset: number, props: Record<string, string | boolean | undefined> = {}): string {
  return fc.em.asset({
    id: modelAssetId(ref.provider, ref.id),
    kind: 'ai-model',
    name: ref.id,
    provider: ref.provider,
    type: ref.hub ? 'hf-model' : /embed/i.test(ref.id) ? 'embedding' : 'foundation-model',
    location: locAt(fc, offset),
    properties: { modelId: ref.id, platform: ref.platform, ...props },
  });
}

/**
 * Hugging Face loader calls: the hub model (an `ai-model` from the `huggingface` provider), and the
 * two supply-chain judgements only the call site shows — trust_remote_code and the revision pin.
 */
function detectHubLoads(fc: FileContext, models: ModelSeen[]): void {
  if (fc.v.lang !== 'python') return;
  for (const c of fc.v.calls(HF_LOADERS)) {
    const argAt = modelArg(fc, c);
    const lit = argAt !== undefined ? fc.v.resolve(argAt) : undefined;
    const expr = argAt !== undefined ? fc.v.wordAt(argAt) : '';
    const trustAt = fc.v.kwarg(c, ['trust_remote_code']);
    const trusts = trustAt !== undefined && fc.v.wordAt(trustAt) === 'True';
    const hubId = lit && !lit.interpolated && looksLikeHubId(lit.value) ? lit.value : undefined;
    if (!hubId && !trusts) continue;
    let modelId: string;
    if (hubId) {
      const ref: ModelRef = { provider: 'huggingface', id: hubId, hub: true };
      const revAt = fc.v.kwarg(c, ['revision']);
      const rev = revAt !== undefined ? fc.v.resolve(revAt) : undefined;
      const pinned = !!rev && PINNED_SHA.test(rev.value);
      modelId = modelAsset(fc, ref, c.start, { hub: 'huggingface', revision: rev?.value, revisionPinned: pinned, trustRemoteCode: trusts || undefined });
      models.push({ id: modelId, ref, offset: c.start });
      const hf = apiAsset(fc, 'huggingface', c.start, { via: 'hub-download', language: fc.v.lang });
      if (hf) fc.em.relate(hf, 'uses-model', modelId);
      if (!pinned) {
        // revision=<variable>: we cannot read the value, so say so instead of guessing.
        const dynamicRev = revAt !== undefined && !rev;
        fc.em.findings.push(
          makeFinding(HF_REVISION_PINNED, {
            assetId: modelId,
            location: locAt(fc, c.start),
            status: dynamicRev ? 'manual' : 'fail',
            message: dynamicRev
              ? `${c.callee}("${hubId}") takes revision from a runtime value; check it is a commit sha`
              : rev
                ? `${c.callee}("${hubId}") pins revision "${rev.value}", a movable ref, not a commit sha`
                : `${c.callee}("${hubId}") loads the hub model without revision=; every run fetches whatever the repository holds now`,
            evidenceKey: `${fc.path}:${hubId}:${c.callee}`,
          }),
        );
      }
    } else {
      // The model is a variable we cannot resolve: still a model asset, named by its expression.
      modelId = fc.em.asset({
        id: assetId('ai-model', 'huggingface', `${fc.path}#${expr || c.callee}`),
        kind: 'ai-model',
        name: lit ? lit.value : `<${expr || 'dynamic'}>`,
        provider: 'huggingface',
        type: 'unresolved',
        location: locAt(fc, c.start),
        properties: { dynamic: true, expression: expr || undefined, trustRemoteCode: true },
      });
      models.push({ id: modelId, ref: { provider: 'huggingface', id: expr }, offset: c.start });
    }
    if (trusts) {
      fc.em.findings.push(
        makeFinding(HF_TRUST_REMOTE_CODE, {
          assetId: modelId,
          location: locAt(fc, trustAt!),
          message: `${c.callee}(${hubId ? `"${hubId}"` : expr || '…'}, trust_remote_code=True) runs Python code from the model repository at load time`,
          evidenceKey: `${fc.path}:${hubId ?? expr}:${c.callee}`,
        }),
      );
    }
  }
}

/**
 * Every model the file names: exact model-id literals (gpt-4o, claude-…, Bedrock ids, known hub
 * orgs) and the hub models of Hugging Face loaders. Links each to the API that serves it
 * (`external-ai-api uses-model ai-model`) when the file reaches that API.
 */
export function detectModels(fc: FileContext, apis: Map<string, string>, u: SdkUse): ModelSeen[] {
  const models: ModelSeen[] = [];
  detectHubLoads(fc, models);
  const seenHub = new Set(models.map((m) => m.id));
  const types = new TypeLiterals(fc.v);
  const compared = new ComparedLiterals(fc.v);
  for (const s of fc.v.strings) {
    if (s.interpolated || s.value.length > 200) continue;
    const ref = classifyModelId(s.value);
    if (!ref || types.has(s) || compared.has(s)) continue;
    const id = modelAsset(fc, ref, s.start, ref.hub ? { hub: 'huggingface' } : {});
    if (!seenHub.has(id)) models.push({ id, ref, offset: s.start });
  }
  if (fc.v.lang === 'go' || fc.v.lang === 'java') {
    for (const c of fc.v.code.matchAll(/(?<![\w])(?:ChatModel|Model)?_?(?:GPT|Claude|CLAUDE)\w*/g)) {
      const ref = modelFromConstant(c[0]);
      if (ref) models.push({ id: modelAsset(fc, ref, c.index, { constant: c[0] }), ref, offset: c.index });
    }
  }
  for (const m of models) {
    if (m.ref.hub) continue;
    const platform = m.ref.platform ? PLATFORM_API[m.ref.platform] : undefined;
    const vendor = VENDOR_API[m.ref.provider];
    let api = (platform && apis.get(platform)) || (vendor ? apis.get(vendor) : undefined);
    // `groq/llama-…` through a router SDK reaches that platform's API.
    if (!api && platform && u.routers.size) api = apiAsset(fc, platform, m.offset, { sdk: [...u.routers].sort().join(', '), language: fc.v.lang, via: 'router' });
    // Azure OpenAI serves OpenAI's models; Ollama/Groq/Together serve open ones.
    if (!api && m.ref.provider === 'openai') api = apis.get('azure-openai');
    if (!api && apis.size === 1) api = [...apis.values()][0];
    // A router SDK (litellm, LangChain, Vercel ai) with a vendor id reaches the vendor's API.
    if (!api && vendor && u.routers.size) api = apiAsset(fc, vendor, m.offset, { sdk: [...u.routers].sort().join(', '), language: fc.v.lang, via: 'router' });
    if (api) {
      fc.em.relate(api, 'uses-model', m.id);
      m.api = api;
    }
  }
  return models;
}

import type { Asset, Relation } from '../../core/index.js';
import { joinRelation, type JoinIndex, type JoinInput, type JoinOutput } from './context.js';

const JOIN = 'image-workload';

/** `ghcr.io/acme/support-bot:1.2@sha256:…` → `acme/support-bot`: registry, tag and digest dropped. */
export function imageRepo(image: string): string {
  let s = image.trim().toLowerCase().replace(/@sha256:[0-9a-f]+$/, '');
  const slash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > slash) s = s.slice(0, colon);
  const parts = s.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  if (parts[0] === 'library' && parts.length > 1) parts.shift();
  return parts.join('/');
}

function imagesOf(a: Asset): string[] {
  const out: string[] = [];
  for (const k of ['image', 'imageName', 'containerImage', 'images']) {
    const v = a.properties[k];
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && x && !/[{}$]/.test(x)) out.push(x);
  }
  return out;
}

/**
 * Images ↔ workloads: the Dockerfile that builds an image (found from a compose service that both
 * builds from a Dockerfile and tags the result with `image`, or an asset with `properties.builds`)
 * is what Kubernetes deployments, Helm releases and endpoints run when their `image` / `images`
 * has the same repository → `depends-on` (runner → Dockerfile). Runners of one public image with
 * no build in the scan are left alone: sharing `vllm/vllm-openai` is not a relation.
 */
export function imageJoin(input: JoinInput, _index: JoinIndex): JoinOutput {
  const builds = new Map<string, { build: Asset; via: Asset }[]>();
  const addBuild = (image: string, build: Asset, via: Asset) => {
    const repo = imageRepo(image);
    (builds.get(repo) ?? builds.set(repo, []).get(repo)!).push({ build, via });
  };
  for (const a of input.assets.values()) {
    if (typeof a.properties.builds === 'string') addBuild(a.properties.builds, a, a);
    else if (a.type === 'dockerfile') for (const img of imagesOf(a)) addBuild(img, a, a);
  }
  for (const r of input.relations) {
    if (r.kind !== 'depends-on') continue;
    const target = input.assets.get(r.to);
    const from = input.assets.get(r.from);
    if (target?.type === 'dockerfile' && from) for (const img of imagesOf(from)) addBuild(img, target, from);
  }
  const relations: Relation[] = [];
  if (!builds.size) return { assets: [], relations };
  for (const a of input.assets.values()) {
    if (a.type === 'dockerfile') continue;
    for (const img of imagesOf(a)) {
      for (const { build, via } of builds.get(imageRepo(img)) ?? []) {
        if (via.id === a.id || build.id === a.id) continue;
        relations.push(joinRelation(a.id, build.id, 'depends-on', JOIN, `${a.name} runs image ${img}, built from ${build.locations[0]?.path ?? build.name}${via.id !== build.id ? ` (as ${via.name} tags it)` : ''}`));
      }
    }
  }
  return { assets: [], relations };
}

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

function imageOf(a: Asset): string | undefined {
  for (const k of ['image', 'imageName', 'containerImage']) {
    const v = a.properties[k];
    if (typeof v === 'string' && v && !/[{}$]/.test(v)) return v;
  }
  return undefined;
}

/**
 * Images ↔ workloads: what a Dockerfile builds (an asset with `properties.builds`, or a workload
 * of type `dockerfile` with `imageName`) is what compose services, Kubernetes deployments and
 * endpoints run when their `image` has the same repository → `depends-on` (runner → build).
 * Runners of one image with no build in the scan are left alone: sharing a public image is not a
 * relation between them.
 */
export function imageJoin(input: JoinInput, _index: JoinIndex): JoinOutput {
  const builds = new Map<string, Asset[]>();
  const runners: { a: Asset; repo: string; image: string }[] = [];
  for (const a of input.assets.values()) {
    const built = typeof a.properties.builds === 'string' ? a.properties.builds : a.type === 'dockerfile' ? imageOf(a) : undefined;
    if (built) (builds.get(imageRepo(built)) ?? builds.set(imageRepo(built), []).get(imageRepo(built))!).push(a);
    else {
      const img = imageOf(a);
      if (img) runners.push({ a, repo: imageRepo(img), image: img });
    }
  }
  const relations: Relation[] = [];
  for (const r of runners) for (const b of builds.get(r.repo) ?? []) if (b.id !== r.a.id) relations.push(joinRelation(r.a.id, b.id, 'depends-on', JOIN, `${r.a.name} runs image ${r.image}, built from ${b.locations[0]?.path ?? b.name}`));
  return { assets: [], relations };
}

import type { Asset, Observation, Relation } from '../../core/index.js';
import { JoinIndex, type Join, type JoinOutput } from './context.js';
import { uriJoin } from './uri-join.js';
import { modelJoin } from './model-join.js';
import { imageJoin } from './image-join.js';
import { artifactJoin } from './artifact-join.js';
import { secretJoin } from './secret-join.js';
import { agentJoin } from './agent-join.js';

export { joinRelation, type Join, type JoinInput, type JoinOutput } from './context.js';
export { normaliseModelName } from './model-join.js';
export { imageRepo } from './image-join.js';
export { scopeOf, type CredentialScope } from './secret-join.js';

/**
 * The joins that make many sources one estate, in order: URIs first (they create the bucket and
 * dataset stubs the others may point at), then model ids ↔ deployments, images ↔ workloads,
 * lineage records ↔ files, credentials ↔ providers, agent host tools ↔ co-located credentials.
 */
export const joins: readonly { name: string; run: Join }[] = [
  { name: 'uri-storage', run: uriJoin },
  { name: 'model-deployment', run: modelJoin },
  { name: 'image-workload', run: imageJoin },
  { name: 'artifact-file', run: artifactJoin },
  { name: 'credential-provider', run: secretJoin },
  { name: 'agent-tool-host', run: agentJoin },
];

/** Runs every join over merged assets; returns only what the joins add. */
export function runJoins(assets: ReadonlyMap<string, Asset>, relations: readonly Relation[], observations: readonly Observation[]): JoinOutput {
  const all = new Map(assets);
  const rels = [...relations];
  const added: JoinOutput = { assets: [], relations: [] };
  let index = new JoinIndex(all);
  for (const j of joins) {
    const out = j.run({ assets: all, relations: rels, observations }, index);
    let grew = false;
    for (const a of out.assets) if (!all.has(a.id)) {
      all.set(a.id, a);
      added.assets.push(a);
      grew = true;
    }
    if (grew) index = new JoinIndex(all);
    for (const r of out.relations) {
      rels.push(r);
      added.relations.push(r);
    }
  }
  return added;
}

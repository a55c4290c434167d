import type { Asset } from './asset.js';
import { INTERNET_ID } from './ids.js';

/**
 * The virtual `internet` node. Whoever emits an `exposed-to` edge also emits this asset; the graph
 * merges the copies into one node, the start of every exposure path.
 */
export function internetAsset(): Asset {
  return { id: INTERNET_ID, kind: 'internet', name: 'internet', provider: 'virtual', locations: [], properties: {} };
}

import { assetId, type Asset, type Relation } from '../../core/index.js';
import type { VectorStoreKind } from './readers/types.js';

/** How the inventory names each kind of persisted store. */
const VECTOR_STORE_NAMES: Record<VectorStoreKind, string> = { chroma: 'Chroma', qdrant: 'Qdrant (local mode)', faiss: 'FAISS (LangChain)', langchain: 'LangChain docstore', llamaindex: 'LlamaIndex', milvus: 'Milvus Lite', lancedb: 'LanceDB' };

/**
 * A vector database's store found persisted on disk, as an inventory asset: keyed by its folder
 * (the unit the database persists), carrying the sensitivity of what it holds (attack paths treat
 * it as the crown jewel it is), and indexing the dataset asset of the file it was read from.
 */
export function vectorStoreAsset(store: VectorStoreKind, relPath: string, datasetId: string, sensitivity: Record<string, unknown>, documents: number): { asset: Asset; relation: Relation } {
  // LanceDB's unit is the database folder holding `<table>.lance/data/*.lance`, not a table's data folder.
  const lance = store === 'lancedb' ? /^(?:(.*)\/)?[^/]+\.lance\/data\/[^/]+$/.exec(relPath) : null;
  const dir = lance ? (lance[1] ?? '.') : relPath.includes('/') ? relPath.slice(0, relPath.lastIndexOf('/')) : '.';
  const id = assetId('vector-store', store, dir);
  return {
    asset: {
      id,
      kind: 'vector-store',
      name: `${VECTOR_STORE_NAMES[store]} store ${dir}`,
      provider: store,
      type: store,
      locations: [{ path: relPath }],
      // A LanceDB store spans data files (tables, fragments, versions): one file's counts are not the
      // store's, so it keeps only the level (the highest of its files, as assets merge).
      properties: lance ? { persistedAt: dir, ...(typeof sensitivity.sensitivity === 'string' ? { sensitivity: sensitivity.sensitivity } : {}) } : { persistedAt: dir, ...sensitivity, ...(documents ? { documents } : {}) },
    },
    relation: { from: id, to: datasetId, kind: 'indexes' },
  };
}

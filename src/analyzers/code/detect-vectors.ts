import { assetId } from '../../core/index.js';
import { VECTOR_CLASSES, VECTOR_STORE_NAMES } from './catalogue.js';
import { locAt, type FileContext } from './context.js';
import type { SdkUse } from './detect-apis.js';

const VECTOR_HINTS: Record<string, RegExp> = {
  elasticsearch: /dense_vector|knn|semantic_text|embedding|vector/i,
  opensearch: /knn|embedding|vector/i,
  'azure-ai-search': /vector|embedding/i,
};

/** Where an index / collection name is given: keyword arguments and accessor calls. */
const NAME_KW = /(?<![\w])(?:index_name|collection_name|indexName|collectionName|index|collection|table_name)\s*(?:=(?!=)|:)\s*/g;
const NAME_CALL = /(?:\.table|\.collectionName|\.indexName|\.Index|\.index|\.Collection|get_collection|get_or_create_collection|create_collection|getOrCreateCollection|getCollection|collections\.get|load_local|IndexName)\s*\(\s*(?:name\s*=\s*)?/g;

function indexName(fc: FileContext): string | undefined {
  for (const re of [NAME_CALL, NAME_KW]) {
    re.lastIndex = 0;
    for (const m of fc.v.code.matchAll(re)) {
      const lit = fc.v.resolve(m.index + m[0].length);
      if (lit && !lit.interpolated && /^[\w./:-]{1,120}$/.test(lit.value)) return lit.value;
    }
  }
  return undefined;
}

/**
 * Vector stores the file uses: by client import and by LangChain-style store classes. The locator
 * is the index/collection name when the file names one (so two services on one index merge),
 * otherwise the file. Returns the asset ids.
 */
export function detectVectorStores(fc: FileContext, u: SdkUse): string[] {
  const products = new Map<string, number>();
  for (const [p, offsets] of u.vectors) {
    // General-purpose search clients are vector stores only when the code does vector search.
    const hint = VECTOR_HINTS[p];
    if (hint && !hint.test(fc.v.text)) continue;
    products.set(p, offsets[0]!);
  }
  const classes = Object.keys(VECTOR_CLASSES).join('|');
  for (const m of fc.v.code.matchAll(new RegExp(`(?<![\\w])(${classes})(?:\\s*\\(|\\.(?:from_\\w+|load_local|fromDocuments|fromTexts|fromExistingIndex)\\b)`, 'g'))) {
    const p = VECTOR_CLASSES[m[1]!];
    if (p && !products.has(p)) products.set(p, m.index);
  }
  if (!products.size) return [];
  const name = indexName(fc);
  const ids: string[] = [];
  for (const [product, offset] of products) {
    const id = fc.em.asset({
      id: assetId('vector-store', product, name ?? fc.path),
      kind: 'vector-store',
      name: name ? `${VECTOR_STORE_NAMES[product] ?? product} ${name}` : `${VECTOR_STORE_NAMES[product] ?? product} (${fc.path})`,
      provider: product,
      type: product,
      location: locAt(fc, offset),
      properties: { index: name },
    });
    ids.push(id);
    if (fc.owner) fc.em.relate(fc.owner, 'retrieves-from', id);
  }
  return ids;
}

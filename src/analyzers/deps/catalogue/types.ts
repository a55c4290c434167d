/** What an AI/ML package is for; the `category` property of `ai-package` assets. */
export const PACKAGE_CATEGORIES = [
  'llm-sdk',
  'agent-framework',
  'mcp',
  'training-framework',
  'ml-library',
  'serving',
  'inference-runtime',
  'vector-db-client',
  'embedding',
  'mlops',
  'data-labeling',
  'model-hub',
  'guardrail',
  'evaluation',
  'observability',
  'document-processing',
] as const;
export type PackageCategory = (typeof PACKAGE_CATEGORIES)[number];

/**
 * One catalogue row: `[name, category]`. A name ending in `*` is a prefix (`@langchain/*`,
 * `langchain-*`), so whole families of integration packages match without listing each one.
 */
export type CatalogueRow = readonly [name: string, category: PackageCategory];

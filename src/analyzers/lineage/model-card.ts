import { parse } from 'yaml';
import { type Asset, type AnalyzerOutput, type JsonValue, type Relation, type ScanFile } from '../../core/index.js';
import { cloudProvider, datasetRef, dirOf, hfDataset, hfModel } from './refs.js';
import { modelAssetId } from '../shared/model-id.js';
import { assertYamlSize } from '../shared/yaml-limit.js';

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => !!v && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const MAX_FRONT_MATTER = 64 * 1024;

/** Keys that make front matter a model card (a dataset card or a blog post has none of them). */
const MODEL_CARD_KEYS = ['base_model', 'model-index', 'model_name', 'pipeline_tag', 'library_name'];

/** Cheap gate for `wants`: a README-like markdown file that opens with YAML front matter. */
export function mayBeModelCard(name: string, head: Uint8Array): boolean {
  if (!/^(readme|model[-_]?card)\.md$/.test(name)) return false;
  const start = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 8)).toString('utf8').replace(/^\uFEFF/, '');
  return start.startsWith('---');
}

/** The YAML between the opening `---` and the next `---` line, or `undefined` when there is none. */
export function frontMatter(text: string): string | undefined {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n(---|\.\.\.)\s*(\r?\n|$)/.exec(text.slice(0, MAX_FRONT_MATTER));
  return m?.[1];
}

export function cardModelId(name: string): string {
  return modelAssetId('huggingface', name);
}

/**
 * A Hugging Face model card (README.md front matter): the model as an `ai-model`, `depends-on` its
 * base model(s) (`{relation: 'base-model'}`), `trained-on` the datasets it lists — Hub ids become
 * Hugging Face datasets, paths and URIs resolve like every other lineage reference.
 */
export function analyzeModelCard(file: ScanFile, text: string): AnalyzerOutput {
  const fm = frontMatter(text);
  if (fm === undefined) {
    // Front matter that closes past the cap was dropped without a word; say so instead.
    const closesLater = text.length > MAX_FRONT_MATTER && /^\uFEFF?---\r?\n/.test(text) && /\r?\n(---|\.\.\.)\s*(\r?\n|$)/.test(text);
    if (!closesLater) return {};
    return { issues: [{ path: file.path, reason: 'limit', message: `${file.path}: model card front matter runs past ${MAX_FRONT_MATTER / 1024} KB; not read`, source: 'lineage' }] };
  }
  assertYamlSize(fm);
  const doc = parse(fm, { maxAliasCount: 50 }) as unknown;
  if (doc === null || doc === undefined) return {};
  if (!isDict(doc)) throw new Error('model card front matter is not a mapping');
  if (!MODEL_CARD_KEYS.some((k) => k in doc)) return {};
  const index = Array.isArray(doc['model-index']) ? doc['model-index'].filter(isDict) : [];
  const folder = dirOf(file.path);
  const name = strings(doc.model_name)[0] ?? strings(index[0]?.name)[0] ?? (folder ? folder.slice(folder.lastIndexOf('/') + 1) : file.path);
  const baseModels = strings(doc.base_model);
  const datasets = strings(doc.datasets);
  const props: Record<string, JsonValue> = { modelCard: file.path, hfId: name };
  for (const [key, prop] of [['license', 'license'], ['pipeline_tag', 'task'], ['library_name', 'library'], ['base_model_relation', 'baseModelRelation']] as const) {
    const v = strings(doc[key])[0];
    if (v) props[prop] = v;
  }
  const lang = strings(doc.language);
  if (lang.length) props.languages = lang.slice(0, 50);
  const tags = strings(doc.tags);
  if (tags.length) props.tags = tags.slice(0, 50);
  if (baseModels.length) props.baseModels = baseModels;
  if (datasets.length) props.datasets = datasets;
  const metrics = index.flatMap((i) => (Array.isArray(i.results) ? i.results.filter(isDict) : [])).flatMap((r) => (Array.isArray(r.metrics) ? r.metrics.filter(isDict) : []));
  const scores = metrics.flatMap((m) => (typeof m.type === 'string' && (typeof m.value === 'number' || typeof m.value === 'string') ? [{ type: m.type, value: m.value }] : [])).slice(0, 50);
  if (scores.length) props.metrics = scores;

  const model: Asset = { ...hfModel(name, file.path), type: 'model-card', properties: props };
  model.id = cardModelId(name);
  const assets: Asset[] = [model];
  const relations: Relation[] = [];
  for (const b of baseModels.slice(0, 20)) {
    const base = hfModel(b, file.path);
    assets.push(base);
    relations.push({ from: model.id, to: base.id, kind: 'depends-on', properties: { relation: 'base-model', ...(props.baseModelRelation ? { baseModelRelation: props.baseModelRelation } : {}) } });
  }
  for (const d of datasets.slice(0, 50)) {
    const isRef = cloudProvider(d) !== undefined || d.startsWith('.') || d.startsWith('/') || /\.\w{2,7}$/.test(d);
    const ds = isRef ? datasetRef(d, folder, file.path) : hfDataset(d, file.path);
    if (!ds) continue;
    assets.push(ds);
    relations.push({ from: model.id, to: ds.id, kind: 'trained-on' });
  }
  return { assets, relations };
}

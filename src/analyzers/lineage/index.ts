import path from 'node:path';
import { defineAnalyzer, type AnalyzerOutput, type ScanFile } from '../../core/index.js';
import { analyzeDvcFile, analyzeDvcPipeline } from './dvc.js';
import { analyzeMlflowRun } from './mlflow.js';
import { analyzeMlflowLoggedModel, analyzeMlflowRegistry } from './mlflow-registry.js';
import { analyzeModelCard, mayBeModelCard } from './model-card.js';
import { assertYamlSize } from '../shared/yaml-limit.js';

const ID = 'lineage';

/** `…/mlruns/<exp>/<run>/meta.yaml` — a run (not the registry, not dataset metadata). */
const MLFLOW_RUN = /(^|\/)mlruns\/(?!models\/|\.trash\/)[^/]+\/(?!datasets\/)[^/]+\/meta\.yaml$/;
/** `…/mlruns/models/<name>/meta.yaml` and `…/mlruns/models/<name>/version-<n>/meta.yaml`. */
const MLFLOW_REGISTRY = /(^|\/)mlruns\/models\/[^/]+\/(version-[^/]+\/)?meta\.yaml$/;
/** MLflow 3: `…/mlruns/<exp>/models/<model_id>/meta.yaml`. */
const MLFLOW_LOGGED_MODEL = /(^|\/)mlruns\/(?!models\/)[^/]+\/models\/[^/]+\/meta\.yaml$/;

type Kind = 'mlflow-run' | 'mlflow-registry' | 'mlflow-logged-model' | 'dvc-pipeline' | 'dvc-file' | 'model-card';

function kindOf(p: string, name: string, head: Uint8Array, sniffed: string): Kind | undefined {
  if (sniffed !== 'text') return undefined;
  if (MLFLOW_REGISTRY.test(p)) return 'mlflow-registry';
  if (MLFLOW_LOGGED_MODEL.test(p)) return 'mlflow-logged-model';
  if (MLFLOW_RUN.test(p)) return 'mlflow-run';
  if (name === 'dvc.yaml' || name === 'dvc.lock') return 'dvc-pipeline';
  if (name.endsWith('.dvc') && name !== '.dvc') return 'dvc-file';
  if (mayBeModelCard(name, head)) return 'model-card';
  return undefined;
}

function mlrunsDirOf(file: ScanFile): string {
  const up = /\/version-[^/]+\/meta\.yaml$/.test(file.path) ? 4 : 3;
  let d = file.absPath;
  for (let i = 0; i < up; i++) d = path.dirname(d);
  return d;
}

async function analyzeKind(kind: Kind, file: ScanFile, root: string): Promise<AnalyzerOutput> {
  const text = await file.text();
  // Model cards are Markdown: only their front matter is YAML (checked where it is cut out).
  if (kind !== 'model-card') assertYamlSize(text);
  switch (kind) {
    case 'mlflow-run':
      return analyzeMlflowRun(file, text, root);
    case 'mlflow-registry':
      return analyzeMlflowRegistry(file, text, mlrunsDirOf(file));
    case 'mlflow-logged-model':
      return analyzeMlflowLoggedModel(file, text);
    case 'dvc-pipeline':
      return analyzeDvcPipeline(file, text);
    case 'dvc-file':
      return analyzeDvcFile(file, text);
    case 'model-card':
      return analyzeModelCard(file, text);
  }
}

/**
 * Where models come from: MLflow file stores (runs, their params/metrics/dataset inputs/logged
 * models, the model registry), DVC pipelines and tracked files, and Hugging Face model cards →
 * `training-job`, `ai-model`, `dataset`, `model-file` with `trained-on`, `produced-by`, `reads`,
 * `writes` and base-model `depends-on` edges. Metadata only: no data or weights are read.
 */
export const lineageAnalyzer = defineAnalyzer({
  id: ID,
  version: '1.0.0',
  description: 'lineage: MLflow file stores (mlruns/), DVC pipelines and .dvc files, Hugging Face model cards',
  stage: 'discovery',
  wants: (p, info) => kindOf(p, info.name, info.head, info.sniffed) !== undefined,
  async analyze(file, ctx) {
    const kind = kindOf(file.path, file.name, file.head, file.sniffed);
    if (!kind) return {};
    try {
      return await analyzeKind(kind, file, ctx.root);
    } catch (e) {
      // The orchestrator reports an over-cap read as `too-large`; keep that reason.
      if (e instanceof Error && e.name === 'FileTooLargeError') throw e;
      const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      return { issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}: ${kind} not readable: ${msg}`, source: ID }] };
    }
  },
});

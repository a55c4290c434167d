import { defineAnalyzer, fileAssetId, type Asset, type AnalyzerOutput, type ScanFile } from '../../core/index.js';
import { datasetCandidate, installedPackageData } from './dataset-heuristics.js';
import { profileDataset } from './dataset-profile.js';
import { describeModel, mayBeModel } from './model-formats.js';

const ID = 'artifacts';

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function oneLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0] ?? m;
}

async function modelAsset(file: ScanFile): Promise<AnalyzerOutput> {
  const d = await describeModel(file);
  if (!d) return {};
  const dir = typeof d.properties.directory === 'string' ? d.properties.directory : undefined;
  const asset: Asset = {
    id: fileAssetId('model-file', file.path),
    kind: 'model-file',
    // A SavedModel is its folder; the .pb is where we saw it.
    name: d.format === 'savedmodel' && dir ? baseName(dir) || dir : baseName(file.path),
    provider: 'local',
    type: d.format,
    locations: [{ path: file.path }],
    properties: { format: d.format, size: file.size, ...(d.framework ? { framework: d.framework } : {}), ...d.properties },
  };
  return { assets: [asset] };
}

async function datasetAsset(file: ScanFile): Promise<AnalyzerOutput> {
  const format = datasetCandidate(file);
  if (!format || installedPackageData(format, file.absPath)) return {};
  const profile = await profileDataset(file, format);
  if (!profile) return {};
  const asset: Asset = {
    id: fileAssetId('dataset', file.path),
    kind: 'dataset',
    name: baseName(file.path),
    provider: 'local',
    type: format,
    locations: [{ path: file.path }],
    properties: { format, size: file.size, ...profile },
  };
  return { assets: [asset] };
}

/**
 * Finds model files and datasets in the tree by magic bytes and structure, not by extension:
 * a torch zip named `.txt` is still a model file, a config `.json` is not a dataset. Reads only
 * bounded slices (headers, zip directories, Parquet footers, a 64 KiB sample); the content itself
 * is the models and data inspectors' job. Dataset heuristic: see dataset-heuristics.ts.
 */
export const artifactsAnalyzer = defineAnalyzer({
  id: ID,
  version: '1.0.0',
  description: 'model files (pickle, torch, safetensors, GGUF, ONNX, Keras/HDF5, SavedModel, TFLite, NumPy) and datasets (CSV/TSV/JSONL/JSON/Parquet/text corpora)',
  stage: 'discovery',
  wants: (_path, info) => mayBeModel(info) || datasetCandidate(info) !== undefined,
  async analyze(file) {
    try {
      if (mayBeModel(file)) {
        const out = await modelAsset(file);
        if (out.assets?.length) return out;
      }
      return await datasetAsset(file);
    } catch (e) {
      return { issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}: ${oneLine(e)}`, source: ID }] };
    }
  },
});

import { describe, expect, it } from 'vitest';
import { assetId, fileAssetId } from '../../core/index.js';
import { canonicalCloudUri, datasetRef, looksLikeDataPath, looksLikeModelPath, normalise } from './refs.js';

describe('lineage refs', () => {
  it('canonicalises cloud URIs the way the graph URI join does', () => {
    expect(canonicalCloudUri('s3a://Acme-Data/raw/x.csv')).toBe('s3://acme-data/raw/x.csv');
    expect(canonicalCloudUri('gs://b')).toBe('gs://b');
    expect(canonicalCloudUri('abfss://Train@acmeml.dfs.core.windows.net/notes/a.jsonl')).toBe('https://acmeml.blob.core.windows.net/train/notes/a.jsonl');
    expect(canonicalCloudUri('s3://${BUCKET}/x')).toBeUndefined();
    expect(datasetRef('s3a://Acme-Data/raw/x.csv', '', 'dvc.yaml')!.id).toBe(assetId('dataset', 'aws', 's3://acme-data/raw/x.csv'));
  });

  it('resolves repo paths relative to the declaring folder and refuses escapes', () => {
    expect(normalise('a/./b/../c')).toBe('a/c');
    expect(normalise('../x')).toBeUndefined();
    expect(datasetRef('../data/x.csv', 'ml/training', 'ml/training/dvc.yaml')!.id).toBe(fileAssetId('dataset', 'ml/data/x.csv'));
    expect(datasetRef('../../../x.csv', 'ml', 'ml/dvc.yaml')).toBeUndefined();
    expect(datasetRef('data/${item}.csv', '', 'dvc.yaml')).toBeUndefined();
    expect(datasetRef('', '', 'dvc.yaml')).toBeUndefined();
  });

  it('tells data from models from code', () => {
    expect(looksLikeDataPath('data/raw')).toBe(true);
    expect(looksLikeDataPath('train.py')).toBe(false);
    expect(looksLikeDataPath('params.yaml')).toBe(false);
    expect(looksLikeModelPath('models/model.pt')).toBe(true);
    expect(looksLikeModelPath('checkpoints')).toBe(true);
    expect(looksLikeModelPath('data/train.jsonl')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { assetId, fileAssetId, parseCloudUri } from '../../core/index.js';
import { datasetRef, looksLikeDataPath, looksLikeModelPath, normalise } from './refs.js';

describe('lineage refs', () => {
  it('canonicalises cloud URIs with the graph URI join\'s function, so both mint one dataset id', () => {
    for (const raw of ['s3a://Acme-Data/raw/x.csv', 's3n://acme-data/raw/x.csv', 'gs://b/k', 'abfss://Train@acmeml.dfs.core.windows.net/notes/a.jsonl', 'https://acmeml.blob.core.windows.net/train/notes/a.jsonl', 'https://acme-data.s3.us-east-1.amazonaws.com/raw/x.csv']) {
      const u = parseCloudUri(raw)!;
      expect(datasetRef(raw, '', 'dvc.yaml')!.id).toBe(assetId('dataset', u.provider, u.canonical));
    }
    expect(datasetRef('s3a://Acme-Data/raw/x.csv', '', 'dvc.yaml')!.id).toBe(assetId('dataset', 'aws', 's3://acme-data/raw/x.csv'));
    expect(datasetRef('https://acme-data.s3.us-east-1.amazonaws.com/raw/x.csv', '', 'dvc.yaml')!.provider).toBe('aws');
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

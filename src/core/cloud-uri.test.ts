import { describe, expect, it } from 'vitest';
import { parseCloudUri } from './cloud-uri.js';

describe('parseCloudUri', () => {
  it.each([
    ['s3://acme-training-data/train.jsonl', 'aws', 's3://acme-training-data', 'train.jsonl'],
    ['s3a://Acme-Data/raw/2024/', 'aws', 's3://acme-data', 'raw/2024/'],
    ['gs://vertex-bucket/ds/part-0.parquet', 'gcp', 'gs://vertex-bucket', 'ds/part-0.parquet'],
    ['https://acme-data.s3.us-east-1.amazonaws.com/a/b.csv', 'aws', 's3://acme-data', 'a/b.csv'],
    ['https://s3.amazonaws.com/acme-data/a.csv', 'aws', 's3://acme-data', 'a.csv'],
    ['https://storage.googleapis.com/gbucket/x.json', 'gcp', 'gs://gbucket', 'x.json'],
    ['https://acmeml.blob.core.windows.net/training/x.jsonl', 'azure', 'https://acmeml.blob.core.windows.net/training', 'x.jsonl'],
    ['abfss://training@acmeml.dfs.core.windows.net/folder/x.parquet', 'azure', 'https://acmeml.blob.core.windows.net/training', 'folder/x.parquet'],
    ['s3://only-bucket', 'aws', 's3://only-bucket', ''],
  ])('%s', (raw, provider, storage, key) => {
    const u = parseCloudUri(raw)!;
    expect(u.provider).toBe(provider);
    expect(u.storageLocator).toBe(storage);
    expect(u.key).toBe(key);
  });
  it.each(['./data/train.csv', 'https://example.com/x', 's3://${BUCKET}/x', 's3://{bucket}/key', '', 'not a uri', 'ftp://host/x'])('rejects %s', (raw) => {
    expect(parseCloudUri(raw)).toBeUndefined();
  });
});

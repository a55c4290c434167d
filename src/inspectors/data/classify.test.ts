import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';

describe('data file classes', () => {
  it('reads text and Markdown in data folders as data, elsewhere as source', () => {
    expect(classify('data/rag/handbook.md', 'text')).toMatchObject({ class: 'data', format: 'markdown' });
    expect(classify('corpus/notes.txt', 'text')).toMatchObject({ class: 'data', format: 'text' });
    expect(classify('docs/guide.md', 'text')).toMatchObject({ class: 'source' });
    expect(classify('train.jsonl', 'text')).toMatchObject({ class: 'data', format: 'jsonl' });
  });

  it('reads a dataset folder’s own documentation as source (secrets only), not as records', () => {
    for (const doc of ['data/README.md', 'datasets/faq/readme.rst', 'data/LICENSE.txt', 'data/CHANGELOG.md', 'data/dataset_card.md', 'data/dataset-card.json', 'rag/CITATION.txt']) {
      expect(classify(doc, 'text')?.class, doc).toBe('source');
    }
    // Data named like a document is still data when its format says so.
    expect(classify('data/readme.csv', 'text')).toMatchObject({ class: 'data', format: 'csv' });
    expect(classify('data/readmes-corpus.md', 'text')).toMatchObject({ class: 'data' });
  });

  it('reads the package data of an installed package as source, but its tables as data', () => {
    for (const f of ['.venv/lib/python3.11/site-packages/cfnlint/data/schemas/patches/all/format.json', 'lib/python3/dist-packages/botocore/data/iam/examples-1.json', 'venv/lib/python3.12/site-packages/scipy/spatial/tests/data/random-int-data.txt', 'site-packages/pkg/data/notes.md']) {
      expect(classify(f, 'text')?.class, f).toBe('source');
    }
    expect(classify('.venv/lib/python3.11/site-packages/sklearn/datasets/data/iris.csv', 'text')).toMatchObject({ class: 'data', format: 'csv' });
    // The standard library's test fixtures too (the artifacts analyzer already counts it as installed).
    expect(classify('lib/python3.11/test/test_email/data/msg_16.txt', 'text')?.class).toBe('source');
    expect(classify('test/test_email/data/msg_16.txt', 'text', undefined, '/usr/lib/python3.11/test/test_email/data/msg_16.txt')?.class).toBe('source');
    expect(classify('lib/python3.11/test/data/table.csv', 'text')).toMatchObject({ class: 'data', format: 'csv' });
    // A scan that starts inside site-packages sees the package's own paths; the absolute one tells.
    expect(classify('botocore/data/iam/examples-1.json', 'text', undefined, '/usr/lib/python3/dist-packages/botocore/data/iam/examples-1.json')?.class).toBe('source');
    expect(classify('sklearn/datasets/descr/iris.rst', 'text', undefined, 'C:\\Python311\\Lib\\site-packages\\sklearn\\datasets\\descr\\iris.rst')?.class).toBe('source');
    // The same names outside an installed package are data.
    expect(classify('cfnlint/data/schemas/format.json', 'text')?.class).toBe('data');
    expect(classify('api/examples-1.json', 'text')?.class).toBe('data');
  });
});

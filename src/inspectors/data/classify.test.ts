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
});

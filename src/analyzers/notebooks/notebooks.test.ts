import { describe, expect, it } from 'vitest';
import { fileAssetId } from '../../core/index.js';
import { memFile, summary } from '../code/test-helpers.js';
import { notebooksAnalyzer } from './index.js';

const ctx = { root: '/', options: {} };

function notebook(cells: { type: string; source: string | string[]; outputs?: unknown[] }[], language = 'python'): string {
  return JSON.stringify({
    cells: cells.map((c) => ({ cell_type: c.type, metadata: {}, source: c.source, ...(c.type === 'code' ? { outputs: c.outputs ?? [], execution_count: null } : {}) })),
    metadata: { kernelspec: { name: 'python3', language, display_name: 'Python 3' }, language_info: { name: language } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

describe('notebooks analyzer', () => {
  it('emits the notebook and runs the code cells with cell-aware locations', async () => {
    const text = notebook([
      { type: 'markdown', source: '# Title mentioning torch.load("x.pt")' },
      { type: 'code', source: ['!pip install -q transformers==4.44.2 s3fs -r requirements.txt --index-url https://pypi.example.com/simple\n', '%matplotlib inline\n', 'import pandas as pd\n', 'from transformers import pipeline'] },
      { type: 'code', source: 'df = pd.read_csv("s3://acme-training-data/triage/notes.csv")\ndf.head()', outputs: [{ output_type: 'execute_result', data: { 'text/plain': 'table' } }] },
      { type: 'code', source: 'x = 1\nclf = pipeline("text-classification", model="acme/acme-triage-llm", trust_remote_code=True)' },
    ]);
    const out = await notebooksAnalyzer.analyze(memFile('ml/nb/explore.ipynb', text), ctx);
    const id = fileAssetId('notebook', 'ml/nb/explore.ipynb');
    const nb = out.assets?.find((a) => a.id === id);
    expect(nb).toMatchObject({ kind: 'notebook', name: 'explore.ipynb', type: 'jupyter' });
    expect(nb?.properties).toMatchObject({ kernel: 'python3', language: 'python', cells: 4, codeCells: 3, markdownCells: 1, outputCells: 1, hasOutputs: true, pipInstalls: ['transformers==4.44.2', 's3fs'] });
    const trust = out.findings?.find((f) => f.ruleId === 'hf_trust_remote_code_disabled');
    expect(trust?.location).toEqual({ path: 'ml/nb/explore.ipynb', cell: 3, line: 2 });
    const s = summary(out);
    expect(s.rules).toEqual(['hf_model_revision_pinned@2', 'hf_trust_remote_code_disabled@2']);
    expect(s.relations).toContain('explore.ipynb uses-model acme/acme-triage-llm');
    const uri = out.observations?.find((o) => o.type === 'uri-read');
    expect(uri).toMatchObject({ value: 's3://acme-training-data/triage/notes.csv', assetId: id, line: 1, properties: { cell: 2 } });
    expect(out.observations?.filter((o) => o.type === 'pip-install').map((o) => o.value)).toEqual(['transformers==4.44.2', 's3fs']);
  });

  it('does not read shell cell magics as Python', async () => {
    const text = notebook([{ type: 'code', source: '%%bash\npython -c "import torch; torch.load(\'a.pt\')"' }]);
    const out = await notebooksAnalyzer.analyze(memFile('a.ipynb', text), ctx);
    expect(out.findings).toEqual([]);
  });

  it('corrupt JSON is a parse-error issue naming the file; the notebook asset remains', async () => {
    const out = await notebooksAnalyzer.analyze(memFile('ml/broken.ipynb', '{"cells": [ {"cell_type": '), ctx);
    expect(out.issues?.[0]).toMatchObject({ path: 'ml/broken.ipynb', reason: 'parse-error', source: 'notebooks' });
    expect(out.issues?.[0]?.message).toContain('ml/broken.ipynb');
    expect(out.assets?.map((a) => a.kind)).toEqual(['notebook']);
    const notNb = await notebooksAnalyzer.analyze(memFile('x.ipynb', '{"hello": 1}'), ctx);
    expect(notNb.issues?.[0]?.message).toContain('no "cells"');
  });

  it('an empty notebook is a notebook with no cells; a non-Python kernel is inventoried only', async () => {
    const empty = await notebooksAnalyzer.analyze(memFile('e.ipynb', notebook([])), ctx);
    expect(empty.assets?.[0]?.properties).toMatchObject({ cells: 0, hasOutputs: false });
    expect(empty.findings).toEqual([]);
    const r = await notebooksAnalyzer.analyze(memFile('r.ipynb', notebook([{ type: 'code', source: 'torch.load("a.pt")' }], 'R')), ctx);
    expect(r.findings).toEqual([]);
    expect(notebooksAnalyzer.wants('x.ipynb', memFile('x.ipynb', ''))).toBe(true);
    expect(notebooksAnalyzer.wants('x.json', memFile('x.json', ''))).toBe(false);
  });

  it('reads nbformat 3 worksheets', async () => {
    const v3 = JSON.stringify({ nbformat: 3, metadata: { language: 'python' }, worksheets: [{ cells: [{ cell_type: 'code', input: ['import torch\n', 'm = torch.load("m.pt")'], outputs: [] }] }] });
    const out = await notebooksAnalyzer.analyze(memFile('old.ipynb', v3), ctx);
    expect(out.findings?.map((f) => [f.ruleId, f.location.cell, f.location.line])).toEqual([['torch_load_uses_weights_only', 0, 2]]);
  });

  it('the estate notebook parses and shows its planted problems', async () => {
    const { readFile } = await import('node:fs/promises');
    const path = 'examples/estate/ml/notebooks/triage-exploration.ipynb';
    const out = await notebooksAnalyzer.analyze(memFile(path, await readFile(path, 'utf8')), ctx);
    const s = summary(out);
    expect(s.rules).toContain('hf_trust_remote_code_disabled@2');
    expect(s.observations).toEqual([
      'pip-install pandas',
      'pip-install s3fs',
      'pip-install transformers==4.44.2',
      'uri-read s3://acme-training-data/triage/notes.jsonl',
      'uri-write s3://acme-training-data/triage/exploration/predictions.csv',
    ]);
  });
});

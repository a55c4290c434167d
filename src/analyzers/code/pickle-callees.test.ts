import { describe, expect, it } from 'vitest';
import { analyzeSource } from './analyze-source.js';

function pickleFindings(text: string): string[] {
  const out = analyzeSource({ text, lang: 'python', path: 'app/serve.py' });
  return (out.findings ?? []).filter((f) => f.ruleId === 'model_loading_avoids_pickle').map((f) => `${f.location.line} ${f.message.split('(')[0]}`)
    .sort();
}

// `from joblib import load` … `load("model.joblib")` is how scikit-learn models are commonly loaded
// (and what sklearn's own utils do); only `joblib.load(…)` written out used to be seen.
describe('pickle-family loaders under other names', () => {
  it('finds imported functions and module aliases', () => {
    const text = [
      'from joblib import dump, load',
      'import pickle as pkl',
      'from dill import loads as undill',
      'model = load("model.joblib")',
      'vocab = pkl.load(open("vocab.pkl", "rb"))',
      'state = undill(blob)',
    ].join('\n');
    expect(pickleFindings(text)).toEqual(['4 load ', '5 pkl.load ', '6 undill ']);
  });

  it('names the real loader in the message and the model-file type', () => {
    const out = analyzeSource({ text: 'from joblib import load\nclf = load("clf.joblib")\n', lang: 'python', path: 'app/serve.py' });
    expect(out.findings?.[0]?.message).toContain('load (joblib.load)()');
    expect(out.assets?.find((a) => a.kind === 'model-file')).toMatchObject({ name: 'app/clf.joblib', type: 'joblib' });
  });

  it('leaves other functions called load alone', () => {
    const text = ['from json import load', 'import pickle', 'cfg = load(open("c.json"))', 'def load(path):', '    return path', 'yaml.load(s)', 'self.load(x)'].join('\n');
    expect(pickleFindings(text)).toEqual([]);
  });
});

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

// CPython's stdlib and Debian's dist-packages had 11 `pickle.Unpickler(f).load()` calls, unseen.
describe('pickle.Unpickler(f).load()', () => {
  it('is unpickling; a restricted subclass or an unpickler kept for later is not matched', () => {
    const text = [
      'import pickle',
      'obj = pickle.Unpickler(open("model.pkl", "rb")).load()',
      'class Safe(pickle.Unpickler):',
      '    def find_class(self, m, n): raise pickle.UnpicklingError(n)',
      'ok = Safe(f).load()',
    ].join('\n');
    expect(pickleFindings(text)).toEqual(['2 pickle.Unpickler']);
    const out = analyzeSource({ text, lang: 'python', path: 'app/serve.py' });
    expect(out.assets?.find((a) => a.kind === 'model-file')).toMatchObject({ name: 'app/model.pkl', type: 'pickle' });
  });
});

describe('Unpickler imported from pickle', () => {
  // shelve.py and jedi write `from pickle import Unpickler` … `Unpickler(f).load()`; torch defines
  // its own restricted `class Unpickler`, which is no finding.
  it('is matched bare only when imported from a pickle-family module', () => {
    expect(pickleFindings('from pickle import Pickler, Unpickler\nvalue = Unpickler(f).load()\n')).toEqual(['2 Unpickler']);
    expect(pickleFindings('import pickle\nclass Unpickler:\n    pass\nvalue = Unpickler(f).load()\n')).toEqual([]);
  });
});

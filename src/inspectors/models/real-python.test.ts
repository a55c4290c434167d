import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanModelFile } from './index.js';

/**
 * Files written by the real libraries (python3 only *writes* them here; nothing is loaded back).
 * Each library is optional: when python3 or the library is missing the case says so and skips.
 */
// The python3 on PATH may be a pyenv build without Debian's python3-torch / python3-sklearn,
// which live under /usr/bin/python3: use the first interpreter that has the library.
const PYTHONS = [...new Set(['python3', '/usr/bin/python3', process.env.AISPM_PYTHON].filter((p): p is string => Boolean(p)))];

function pythonWith(module: string): string | undefined {
  return PYTHONS.find((py) => spawnSync(py, ['-c', `import ${module}`]).status === 0);
}

const WRITERS: Record<string, string> = {
  numpy: `
import numpy as np, pickle, sys
d = sys.argv[1]
np.save(d + '/f32.npy', np.arange(12, dtype=np.float32).reshape(3, 4))
np.save(d + '/strings.npy', np.array(['a', 'bb'], dtype=object), allow_pickle=True)
np.savez(d + '/arrays.npz', x=np.zeros(3), y=np.ones((2, 2), dtype=np.int64))
np.savez_compressed(d + '/compressed.npz', x=np.linspace(0, 1, 50))
for p in range(2, 6):
    open(d + f'/array_p{p}.pkl', 'wb').write(pickle.dumps({'w': np.ones((2, 3)), 'lr': np.float64(0.1), 'step': np.int64(7)}, protocol=p))
open(d + '/rng.pkl', 'wb').write(pickle.dumps(np.random.default_rng(0), protocol=4))
open(d + '/masked.pkl', 'wb').write(pickle.dumps(np.ma.masked_array([1, 2], mask=[0, 1]), protocol=4))
`,
  torch: `
import torch, sys
d = sys.argv[1]
m = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
torch.save(m.state_dict(), d + '/state_dict.pt')
torch.save(m.state_dict(), d + '/legacy.pt', _use_new_zipfile_serialization=False)
cnn = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(8, 2))
opt = torch.optim.Adam(cnn.parameters())
torch.save({'model': cnn.state_dict(), 'optimizer': opt.state_dict(), 'epoch': 3, 'loss': 0.25}, d + '/checkpoint.pt')
torch.save(cnn, d + '/whole_model.pt')
torch.save(torch.randn(3, 3, dtype=torch.float16), d + '/tensor_f16.pt')
torch.save({'emb': torch.randn(5, 4).to_sparse()}, d + '/sparse.pt')
torch.save({'q': torch.quantize_per_tensor(torch.randn(4), 0.1, 0, torch.qint8)}, d + '/quantized.pt')
# TorchScript: data.pkl names __torch__ classes, which torch.jit.load's own unpickler resolves.
torch.jit.script(m).save(d + '/scripted.pt')
torch.jit.trace(cnn.eval(), torch.randn(1, 1, 4, 4)).save(d + '/traced.pt')
`,
  pandas: `
import pandas as pd, sys
d = sys.argv[1]
df = pd.DataFrame({'n': [1, 2], 's': ['x', 'y'], 'when': pd.to_datetime(['2020-01-01', '2020-01-02']),
                   'cat': pd.Categorical(['u', 'v']), 'month': pd.period_range('2020', periods=2, freq='M'),
                   'gap': pd.to_timedelta([1, 2], unit='s'), 'utc': pd.date_range('2020', periods=2, tz='UTC')},
                  index=pd.Index(['r1', 'r2']))
for p in (2, 4, 5):
    df.to_pickle(d + f'/frame_p{p}.pkl', protocol=p)
df.set_index(['n', 's']).to_pickle(d + '/multiindex.pkl')
pd.Series([1.0, 2.0], name='s').to_pickle(d + '/series.pkl.gz')
`,
  sklearn: `
import sys, pickle
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
import numpy as np
d = sys.argv[1]
X = np.random.RandomState(0).rand(40, 3); y = (X[:, 0] > 0.5).astype(int)
p = Pipeline([('s', StandardScaler()), ('c', LogisticRegression())]).fit(X, y)
open(d + '/pipeline.pkl', 'wb').write(pickle.dumps(p, protocol=4))
try:
    import joblib
    joblib.dump(p, d + '/pipeline.joblib')
    joblib.dump(p, d + '/pipeline.joblib.gz', compress=('gzip', 3))
    # joblib keeps the name it is given whatever the compressor.
    for c in ('bz2', 'xz', 'lzma'):
        joblib.dump(p, d + '/pipeline_%s.joblib' % c, compress=(c, 3))
    try:
        joblib.dump(p, d + '/pipeline_lz4.joblib', compress='lz4')
        joblib.dump(p, d + '/pipeline.pkl.lz4')
    except ValueError:  # python-lz4 is not installed
        pass
    from sklearn.ensemble import RandomForestClassifier, GradientBoostingClassifier
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import SVC
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.pipeline import make_pipeline
    joblib.dump(RandomForestClassifier(n_estimators=5).fit(X, y), d + '/forest.joblib')
    joblib.dump(GradientBoostingClassifier(n_estimators=5).fit(X, y), d + '/boosting.joblib')
    docs = ['alpha beta gamma', 'delta epsilon', 'alpha delta', 'beta epsilon'] * 5
    joblib.dump(make_pipeline(TfidfVectorizer(), SVC()).fit(docs, [0, 1, 0, 1] * 5), d + '/tfidf_svc.joblib')
    joblib.dump(KMeans(n_clusters=2, n_init=2).fit(X), d + '/kmeans.joblib')
    joblib.dump(make_pipeline(PCA(2), SVC(probability=True)).fit(X, y), d + '/pca_svc.joblib', compress=3)
    # A stream joblib cannot tell() in (a pipe, a socket): its arrays carry no alignment pad.
    import io
    class NoTell(io.RawIOBase):
        def __init__(self, f): self.f = f
        def writable(self): return True
        def write(self, b): return self.f.write(b)
        def tell(self): raise io.UnsupportedOperation('not seekable')
    with open(d + '/unseekable.joblib', 'wb') as f:
        joblib.dump(p, NoTell(f))
except ImportError:
    pass
`,
};

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('files written by real libraries scan clean', () => {
  for (const [lib, script] of Object.entries(WRITERS)) {
    it(`${lib}`, async (t) => {
      const py = pythonWith(lib);
      if (!py) return t.skip(`no python3 with ${lib} here (tried ${PYTHONS.join(', ')}); real ${lib} files not tested`);
      const dir = await mkdtemp(path.join(tmpdir(), `aispm-real-${lib}-`));
      dirs.push(dir);
      const r = spawnSync(py, ['-c', script, dir], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const files = await readdir(dir);
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const res = await scanModelFile(path.join(dir, f), f);
        expect(res.verdict, `${f}: ${res.problems.map((p) => p.message).join('; ')}`).toBe('clean');
      }
    }, 60_000);
  }
});

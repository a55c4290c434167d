import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanFile, tempRoot } from '../artifacts/fixtures.test-support.js';
import { lineageAnalyzer } from './index.js';

/** Fake secret material, assembled at run time so no secret-shaped literal sits in the repo. */
const PW = ['Zq9', 'Xw7Lm2', 'Pk4Rt8Vb6Nc3'].join('');
const HF = ['hf', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('_');
const RUN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('lineage mlflow: secrets in params and tags under harmless names', () => {
  it('masks token-shaped values and URL passwords, keeping ordinary values', async () => {
    const root = tempRoot('aispm-mlflow-secrets-');
    const files: Record<string, string> = {
      'mlruns/3/meta.yaml': 'experiment_id: "3"\nname: x\n',
      [`mlruns/3/${RUN}/params/db_url`]: `postgresql://app:${PW}@db/x`,
      [`mlruns/3/${RUN}/params/hub`]: HF,
      [`mlruns/3/${RUN}/params/lr`]: '0.01',
      [`mlruns/3/${RUN}/tags/mlflow.runName`]: 'owl',
    };
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), content);
    }
    const rel = `mlruns/3/${RUN}/meta.yaml`;
    const out = await lineageAnalyzer.analyze(scanFile(root, rel, `run_id: ${RUN}\nexperiment_id: '3'\nstatus: 3\n`, 'text'), { root, options: {} });
    const dump = JSON.stringify(out);
    expect(dump).not.toContain(PW.slice(3, 12));
    expect(dump).not.toContain(HF.slice(3, 15));
    const params = out.assets!.find((a) => a.kind === 'training-job')!.properties.params as Record<string, string>;
    expect(params).toEqual({ db_url: 'postgresql://app:***@db/x', hub: 'hf_Ab…vWx', lr: '0.01' });
  });
});

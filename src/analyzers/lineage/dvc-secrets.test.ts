import { describe, expect, it } from 'vitest';
import { fakeFile } from '../deps/fake-file.js';
import { lineageAnalyzer } from './index.js';

const ctx = { root: '/virtual', options: {} };
/** Fake secret material, assembled at run time so no secret-shaped literal sits in the repo. */
const PW = ['Zq9', 'Xw7Lm2', 'Pk4Rt8Vb6Nc3'].join('');
const HF = ['hf', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('_');

describe('lineage dvc: credentials in stages are masked', () => {
  it('masks tokens, passwords and signed URLs in cmd and deps, keeping the rest of the command', async () => {
    const text = [
      'stages:',
      '  train:',
      `    cmd: HF_TOKEN=${HF} python train.py --token ${PW} --db postgresql://u:${PW}@h/x --epochs 3`,
      `    deps: [data/train.csv, "https://data.acme.io/x.csv?sig=${PW}"]`,
      '    outs: [model.pt]',
    ].join('\n');
    const out = await lineageAnalyzer.analyze(fakeFile('dvc.yaml', text), ctx);
    const dump = JSON.stringify(out);
    expect(dump).not.toContain(PW.slice(3, 12));
    expect(dump).not.toContain(HF.slice(3, 15));
    const job = out.assets!.find((a) => a.kind === 'training-job')!;
    expect(job.properties.cmd).toMatch(/^HF_TOKEN=hf_Ab…\S+ python train\.py --token Zq9Xw…Nc3 --db postgresql:\/\/u:\*\*\*@h\/x --epochs 3$/);
    expect(job.properties.deps).toEqual(['data/train.csv', 'https://data.acme.io/x.csv?sig=Zq9Xw%E2%80%A6Nc3']);
  });
});

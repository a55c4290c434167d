import { describe, expect, it } from 'vitest';
import { fakeFile } from './fake-file.js';
import { depsAnalyzer } from './index.js';

const ctx = { root: '/virtual', options: {} };
/** Fake token material, assembled at run time so no secret-shaped literal sits in the repo. */
const body = Array.from({ length: 36 }, (_, i) => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[(i * 7 + 3) % 57]).join('');
const GH = ['ghp', body].join('_');
const PW = ['Zq9', 'Xw7Lm2', 'Pk4Rt8Vb6Nc3'].join('');

describe('deps: tokens in git and URL requirements are masked', () => {
  it.each([
    ['requirements.txt', `-e git+https://${GH}@github.com/acme/transformers.git#egg=transformers\ntorch @ https://deploy:${PW}@pkgs.acme.io/torch-2.3.whl\n`],
    ['package.json', JSON.stringify({ dependencies: { openai: `git+https://${GH}@github.com/acme/openai-node.git` } })],
    ['pyproject.toml', `[tool.poetry.dependencies]\ntorch = { git = "https://oauth2:${PW}@gitlab.acme.io/ml/torch.git" }\n`],
  ])('%s', async (path, text) => {
    const out = await depsAnalyzer.analyze(fakeFile(path, text), ctx);
    expect(out.assets!.length).toBeGreaterThan(0);
    const dump = JSON.stringify(out);
    expect(dump).not.toContain(body.slice(0, 12));
    expect(dump).not.toContain(PW.slice(3, 12));
    expect(out.assets!.every((a) => typeof a.properties.versionSpec !== 'string' || a.properties.versionSpec.includes('***@'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { fakeFile } from '../deps/fake-file.js';
import { containersAnalyzer } from './index.js';
import { parseCompose } from './compose.js';

const ctx = { root: '/virtual', options: {} };
/** A fake password, assembled at run time so no secret-shaped literal sits in the repo. */
const PW = ['Zq9', 'Xw7Lm2', 'Pk4Rt8Vb6Nc3'].join('');

describe('containers: credentials inside URLs are masked', () => {
  it('masks a password in a connection string passed as an argument (compose and Dockerfile)', async () => {
    const compose = `services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.0\n    command: ["--model", "m", "--db", "postgresql://app:${PW}@db:5432/x", "--x=https://u:${PW}@h/p"]\n    ports: ["8000:8000"]\n`;
    const dockerfile = `FROM vllm/vllm-openai\nCMD ["--model", "m", "--store", "redis://:${PW}@cache:6379/0"]\n`;
    for (const [path, text] of [['docker-compose.yml', compose], ['Dockerfile', dockerfile]] as const) {
      const out = await containersAnalyzer.analyze(fakeFile(path, text), ctx);
      const dump = JSON.stringify(out);
      expect(dump).not.toContain(PW.slice(3, 12));
      expect(out.assets!.some((a) => JSON.stringify(a.properties.command).includes('***@'))).toBe(true);
    }
  });

  it('masks a SAS signature in a storage URI kept for the graph, leaving bucket and path', async () => {
    const text = `services:\n  app:\n    image: python\n    environment:\n      OPENAI_API_KEY: \${OPENAI_API_KEY}\n      DATA: wasbs://c@acct.blob.core.windows.net/data?sv=2020&sig=${PW}\n`;
    const out = await containersAnalyzer.analyze(fakeFile('docker-compose.yml', text), ctx);
    expect(JSON.stringify(out)).not.toContain(PW.slice(3, 12));
    const uri = out.observations!.find((o) => o.type === 'uri-read')!.value;
    expect(uri).toMatch(/^wasbs:\/\/c@acct\.blob\.core\.windows\.net\/data\?sv=2020&sig=Zq9Xw/);
  });
});

describe('containers: compose files with many services', () => {
  it('places every service at its own line, the first of duplicated keys winning', () => {
    const n = 3000;
    const text = 'services:\n' + Array.from({ length: n }, (_, i) => `  s${i}:\n    image: ollama/ollama\n`).join('') + '  s0:\n    image: other\n';
    const specs = parseCompose(text, 'compose.yaml');
    expect(specs).toHaveLength(n);
    specs.forEach((s, i) => expect([s.name, s.location.line]).toEqual([`s${i}`, 2 + 2 * i]));
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Asset } from '../../core/index.js';
import { aiPackageId, catalogueSize, depsAnalyzer, lookupAiPackage, purlFor } from './index.js';
import { fakeFile } from './fake-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const testdata = (name: string) => readFileSync(path.join(here, 'testdata', name), 'utf8');
const ctx = { root: '/virtual', options: {} };

async function run(relPath: string, content: string) {
  const f = fakeFile(relPath, content);
  expect(depsAnalyzer.wants(f.path, f)).toBe(true);
  return depsAnalyzer.analyze(f, ctx);
}
const byName = (assets: Asset[] | undefined, name: string) => assets?.find((a) => a.name === name);

describe('deps catalogue', () => {
  it('holds at least 150 AI/ML packages across ecosystems', () => {
    expect(catalogueSize()).toBeGreaterThanOrEqual(150);
    expect(lookupAiPackage('pypi', 'Sentence_Transformers')).toBe('embedding');
    expect(lookupAiPackage('npm', '@langchain/community')).toBe('agent-framework');
    expect(lookupAiPackage('golang', 'github.com/weaviate/weaviate-go-client/v4')).toBe('vector-db-client');
    expect(lookupAiPackage('maven', 'dev.langchain4j:langchain4j-open-ai')).toBe('agent-framework');
    expect(lookupAiPackage('conda', 'pytorch')).toBe('training-framework');
    expect(lookupAiPackage('pypi', 'requests')).toBeUndefined();
  });

  it('builds purls per ecosystem', () => {
    expect(purlFor('npm', '@anthropic-ai/sdk', '0.27.3')).toBe('pkg:npm/%40anthropic-ai/sdk@0.27.3');
    expect(purlFor('maven', 'dev.langchain4j:langchain4j', '0.35.0')).toBe('pkg:maven/dev.langchain4j/langchain4j@0.35.0');
    expect(purlFor('golang', 'github.com/tmc/langchaingo', 'v0.1.12')).toBe('pkg:golang/github.com/tmc/langchaingo@v0.1.12');
    expect(purlFor('pypi', 'torch')).toBe('pkg:pypi/torch');
  });
});

describe('deps: Python', () => {
  it('reads requirements.txt with pins, extras, markers, includes, hashes and continuations', async () => {
    const out = await run(
      'apps/bot/requirements.txt',
      [
        '# app deps',
        '-r base.txt',
        '-c constraints.txt',
        '--index-url https://pypi.org/simple',
        'openai==1.51.0 \\',
        '    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000',
        'langchain-community>=0.2,<0.3  # agents',
        'Torch[cuda] ; platform_system == "Linux"',
        'requests==2.32.3',
        '-e git+https://github.com/acme/tools.git#egg=llama_index',
      ].join('\n'),
    );
    const openai = byName(out.assets, 'openai')!;
    expect(openai.properties).toMatchObject({ ecosystem: 'pypi', version: '1.51.0', versionSpec: '==1.51.0', direct: true, category: 'llm-sdk', purl: 'pkg:pypi/openai@1.51.0' });
    expect(openai.locations).toEqual([{ path: 'apps/bot/requirements.txt', line: 5 }]);
    expect(openai.id).toBe(aiPackageId('pypi', 'OpenAI'));
    const torch = byName(out.assets, 'torch')!;
    expect(torch.properties).toMatchObject({ extras: ['cuda'], marker: 'platform_system == "Linux"' });
    expect(torch.properties.version).toBeUndefined();
    expect(byName(out.assets, 'llama-index')).toBeDefined();
    expect(byName(out.assets, 'requests')).toBeUndefined();
    expect(out.observations?.map((o) => o.value)).toEqual(['base.txt', 'constraints.txt']);
    const pins = Object.fromEntries(out.findings!.map((f) => [out.assets!.find((a) => a.id === f.assetId)!.name, [f.status, f.severity]]));
    expect(pins).toMatchObject({ openai: ['pass', 'low'], 'langchain-community': ['fail', 'info'], torch: ['fail', 'low'] });
  });

  it('reads UTF-16 requirements files written by PowerShell', async () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('openai==1.51.0\r\ntorch==2.4.1\r\n', 'utf16le')]);
    const f = fakeFile('requirements.txt', body, 'binary');
    expect(depsAnalyzer.wants(f.path, f)).toBe(true);
    const out = await depsAnalyzer.analyze(f, ctx);
    expect(out.assets?.map((a) => [a.name, a.properties.version, a.locations[0]!.line])).toEqual([
      ['openai', '1.51.0', 1],
      ['torch', '2.4.1', 2],
    ]);
  });

  it('reads pyproject.toml (PEP 621, dependency groups and Poetry)', async () => {
    const out = await run(
      'pyproject.toml',
      [
        '[project]',
        'name = "support-bot"',
        'dependencies = ["anthropic>=0.34", "fastapi"]',
        '[project.optional-dependencies]',
        'gpu = ["vllm==0.6.3"]',
        '[dependency-groups]',
        'dev = ["ragas"]',
        '[tool.poetry.dependencies]',
        'python = "^3.11"',
        'transformers = { version = "4.44.2", extras = ["torch"] }',
        '[tool.poetry.group.eval.dependencies]',
        'deepeval = "^1.0"',
      ].join('\n'),
    );
    expect(out.assets?.map((a) => a.name).sort()).toEqual(['anthropic', 'deepeval', 'ragas', 'transformers', 'vllm']);
    expect(byName(out.assets, 'vllm')!.properties).toMatchObject({ version: '0.6.3', scope: 'optional:gpu' });
    expect(byName(out.assets, 'transformers')!.properties).toMatchObject({ version: '4.44.2', extras: ['torch'] });
    expect(byName(out.assets, 'anthropic')!.locations[0]).toEqual({ path: 'pyproject.toml', line: 3 });
    expect(byName(out.assets, 'deepeval')!.properties.scope).toBe('eval');
  });

  it('reads setup.py literals without running it', async () => {
    const py = 'from setuptools import setup\n\nsetup(\n    name="triage",\n    install_requires=[\n        "torch>=2.3",  # GPU build\n        \'peft==0.12.0\',\n        "numpy",\n    ],\n    extras_require={"serve": ["vllm==0.6.3"], "dev": ["pytest"]},\n)\n';
    const out = await run('ml/setup.py', py);
    expect(out.assets?.map((a) => [a.name, a.properties.version ?? null, a.locations[0]!.line, a.properties.scope ?? null])).toEqual([
      ['torch', null, 6, null],
      ['peft', '0.12.0', 7, null],
      ['vllm', '0.6.3', 10, 'optional'],
    ]);
    const broken = await run('setup.py', 'setup(install_requires=["torch"');
    expect(broken.assets).toEqual([]);
  });

  it('reads poetry.lock and uv.lock with resolved versions', async () => {
    const poetry = await run('poetry.lock', testdata('poetry.lock'));
    expect(poetry.assets?.map((a) => [a.name, a.properties.version])).toEqual([
      ['anthropic', '0.34.2'],
      ['langchain-core', '0.2.38'],
      ['sentence-transformers', '3.0.1'],
    ]);
    expect(byName(poetry.assets, 'anthropic')!.locations[0]!.line).toBe(4);
    expect(poetry.findings).toEqual([]);
    const uv = await run('uv.lock', testdata('uv.lock'));
    expect(byName(uv.assets, 'openai')!.properties).toMatchObject({ version: '1.51.0', direct: true });
    expect(byName(uv.assets, 'tiktoken')!.properties).toMatchObject({ version: '0.7.0', direct: false });
  });

  it('reads Pipfile, Pipfile.lock, setup.cfg and conda environment.yml', async () => {
    const pipfile = await run('Pipfile', '[packages]\nopenai = "*"\nmlflow = {version = "==2.16.0"}\n[dev-packages]\npytest = "*"\n');
    expect(byName(pipfile.assets, 'mlflow')!.properties.version).toBe('2.16.0');
    const lock = await run('Pipfile.lock', JSON.stringify({ _meta: {}, default: { openai: { version: '==1.51.0' } }, develop: { wandb: { version: '==0.18.1' } } }, null, 4));
    expect(byName(lock.assets, 'wandb')!.properties).toMatchObject({ version: '0.18.1', scope: 'dev' });
    const cfg = await run('setup.cfg', '[metadata]\nname = x\n\n[options]\ninstall_requires =\n    chromadb>=0.5\n    click\n[options.extras_require]\nserve =\n    bentoml==1.3.5\n');
    expect(byName(cfg.assets, 'chromadb')!.locations[0]!.line).toBe(6);
    expect(byName(cfg.assets, 'bentoml')!.properties).toMatchObject({ version: '1.3.5', scope: 'optional:serve' });
    const env = await run('ml/environment.yml', 'name: train\nchannels: [pytorch, conda-forge]\ndependencies:\n  - python=3.11\n  - pytorch::pytorch=2.4.1=py3.11_cuda12.1_cudnn9_0\n  - faiss-cpu\n  - pip:\n    - transformers==4.44.2\n');
    expect(byName(env.assets, 'pytorch')!.properties).toMatchObject({ ecosystem: 'conda', version: '2.4.1', category: 'training-framework' });
    expect(byName(env.assets, 'pytorch')!.locations[0]!.line).toBe(5);
    expect(byName(env.assets, 'transformers')!.properties).toMatchObject({ ecosystem: 'pypi', scope: 'pip' });
  });
});

describe('deps: npm', () => {
  it('reads package.json', async () => {
    const out = await run('apps/web/package.json', JSON.stringify({ name: 'web', dependencies: { openai: '4.67.3', '@anthropic-ai/sdk': '^0.27.3', react: '18.3.1' }, devDependencies: { '@langchain/core': '~0.3.0' } }, null, 2));
    expect(out.assets?.map((a) => a.name).sort()).toEqual(['@anthropic-ai/sdk', '@langchain/core', 'openai']);
    expect(byName(out.assets, 'openai')!.properties).toMatchObject({ version: '4.67.3', direct: true });
    expect(byName(out.assets, '@langchain/core')!.properties.scope).toBe('dev');
    expect(byName(out.assets, '@anthropic-ai/sdk')!.locations[0]!.line).toBe(5);
  });

  it('reads package-lock.json v3 and v1', async () => {
    const v3 = {
      name: 'web',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'web', dependencies: { openai: '^4.67.0' } },
        'node_modules/openai': { version: '4.67.3', resolved: 'https://registry.npmjs.org/openai/-/openai-4.67.3.tgz' },
        'node_modules/langsmith': { version: '0.1.61', dev: true },
        'node_modules/foo/node_modules/openai': { version: '3.3.0' },
      },
    };
    const out = await run('package-lock.json', JSON.stringify(v3, null, 2));
    expect(byName(out.assets, 'openai')!.properties).toMatchObject({ version: '4.67.3', direct: true });
    expect(byName(out.assets, 'langsmith')!.properties).toMatchObject({ version: '0.1.61', direct: false, scope: 'dev' });
    const v1 = await run('package-lock.json', JSON.stringify({ lockfileVersion: 1, dependencies: { ai: { version: '3.4.9', requires: { zod: '^3' }, dependencies: { '@ai-sdk/openai': { version: '0.0.66' } } } } }));
    expect(byName(v1.assets, 'ai')!.properties.version).toBe('3.4.9');
    expect(byName(v1.assets, '@ai-sdk/openai')!.properties.direct).toBe(false);
  });

  it('reads pnpm-lock.yaml v9 and yarn.lock (classic and berry)', async () => {
    const pnpm = await run('pnpm-lock.yaml', testdata('pnpm-lock.yaml'));
    expect(byName(pnpm.assets, '@anthropic-ai/sdk')!.properties).toMatchObject({ version: '0.27.3', versionSpec: '^0.27.3', direct: true });
    expect(byName(pnpm.assets, '@langchain/core')!.properties).toMatchObject({ version: '0.3.1', scope: 'dev' });
    expect(byName(pnpm.assets, 'openai')!.properties).toMatchObject({ version: '4.67.3', direct: false });
    const berry = await run('yarn.lock', testdata('yarn-berry.lock'));
    expect(berry.assets?.map((a) => [a.name, a.properties.version])).toEqual([
      ['langchain', '0.3.2'],
      ['openai', '4.67.3'],
    ]);
    const classic = await run('yarn.lock', testdata('yarn-classic.lock'));
    expect(classic.assets?.map((a) => [a.name, a.properties.version, a.locations[0]!.line])).toEqual([['@pinecone-database/pinecone', '3.0.3', 5]]);
  });
});

describe('deps: older pnpm lockfiles', () => {
  it('reads pnpm lockfile v5.4 (root deps + specifiers, /name/version keys) and v6 (/name@version)', async () => {
    const v5 = "lockfileVersion: 5.4\n\nspecifiers:\n  openai: ^4.20.0\n  chalk: ^5.0.0\n\ndependencies:\n  openai: 4.20.1\n  chalk: 5.3.0\n\npackages:\n\n  /openai/4.20.1:\n    resolution: {integrity: sha512-AAAA}\n    dev: false\n\n  /@pinecone-database/pinecone/1.1.2_typescript@5.2.2:\n    resolution: {integrity: sha512-BBBB}\n    dev: false\n";
    const a = await run('pnpm-lock.yaml', v5);
    expect(byName(a.assets, 'openai')!.properties).toMatchObject({ version: '4.20.1', versionSpec: '^4.20.0', direct: true });
    expect(byName(a.assets, '@pinecone-database/pinecone')!.properties).toMatchObject({ version: '1.1.2', direct: false });
    const v6 = "lockfileVersion: '6.0'\n\ndependencies:\n  ai:\n    specifier: ^3.1.0\n    version: 3.1.12(react@18.3.1)(zod@3.23.8)\n\npackages:\n\n  /ai@3.1.12(react@18.3.1)(zod@3.23.8):\n    resolution: {integrity: sha512-CCCC}\n\n  /@ai-sdk/provider@0.0.10:\n    resolution: {integrity: sha512-DDDD}\n";
    const b = await run('pnpm-lock.yaml', v6);
    expect(byName(b.assets, 'ai')!.properties).toMatchObject({ version: '3.1.12', versionSpec: '^3.1.0', direct: true });
    expect(byName(b.assets, '@ai-sdk/provider')!.properties).toMatchObject({ version: '0.0.10', direct: false, category: 'llm-sdk' });
  });
});

describe('deps: Go, JVM, Rust', () => {
  it('reads go.mod', async () => {
    const out = await run('go.mod', 'module acme/embedder\n\ngo 1.22\n\nrequire github.com/sashabaranov/go-openai v1.32.0\n\nrequire (\n\tgithub.com/qdrant/go-client v1.11.1\n\tgithub.com/google/uuid v1.6.0\n\tgithub.com/tmc/langchaingo v0.1.12 // indirect\n)\n');
    expect(out.assets?.map((a) => [a.name, a.properties.version, a.properties.direct, a.locations[0]!.line])).toEqual([
      ['github.com/sashabaranov/go-openai', 'v1.32.0', true, 5],
      ['github.com/qdrant/go-client', 'v1.11.1', true, 8],
      ['github.com/tmc/langchaingo', 'v0.1.12', false, 10],
    ]);
  });

  it('reads pom.xml with ${property} versions', async () => {
    const pom = `<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme</groupId><artifactId>rag</artifactId><version>1.0.0</version>
  <properties><langchain4j.version>0.35.0</langchain4j.version></properties>
  <dependencies>
    <dependency>
      <groupId>dev.langchain4j</groupId>
      <artifactId>langchain4j-open-ai</artifactId>
      <version>\${langchain4j.version}</version>
    </dependency>
    <dependency><groupId>io.qdrant</groupId><artifactId>client</artifactId><version>\${qdrant.version}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.13</version></dependency>
    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>bedrockruntime</artifactId></dependency>
  </dependencies>
</project>`;
    const out = await run('pom.xml', pom);
    const lc = byName(out.assets, 'dev.langchain4j:langchain4j-open-ai')!;
    expect(lc.properties).toMatchObject({ version: '0.35.0', versionSpec: '${langchain4j.version}', purl: 'pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0' });
    expect(lc.locations[0]!.line).toBe(9);
    expect(byName(out.assets, 'io.qdrant:client')!.properties.version).toBeUndefined();
    expect(out.assets).toHaveLength(3);
    const bom = byName(out.assets, 'software.amazon.awssdk:bedrockruntime')!;
    expect(bom.properties.versionSpec).toBe('(managed)');
    expect(out.findings!.find((f) => f.assetId === bom.id)!.status).toBe('pass');
  });

  it('reads build.gradle(.kts)', async () => {
    const kts = 'val djlVersion = "0.30.0"\ndependencies {\n    implementation("ai.djl:api:$djlVersion")\n    implementation(group = "com.openai", name = "openai-java", version = "0.8.0")\n    testImplementation("org.junit.jupiter:junit-jupiter:5.10.0")\n}\n';
    const out = await run('build.gradle.kts', kts);
    expect(byName(out.assets, 'ai.djl:api')!.properties).toMatchObject({ version: '0.30.0', versionSpec: '$djlVersion' });
    expect(byName(out.assets, 'com.openai:openai-java')!.locations[0]!.line).toBe(4);
  });

  it('reads Gradle version catalogs', async () => {
    const toml = '[versions]\nlangchain4j = "0.36.2"\n\n[libraries]\nlc4j = { module = "dev.langchain4j:langchain4j", version.ref = "langchain4j" }\nonnx = "com.microsoft.onnxruntime:onnxruntime:1.19.2"\nguava = { group = "com.google.guava", name = "guava", version = "33.3.1-jre" }\n';
    const out = await run('gradle/libs.versions.toml', toml);
    expect(out.assets?.map((a) => [a.name, a.properties.version, a.locations[0]!.line])).toEqual([
      ['dev.langchain4j:langchain4j', '0.36.2', 5],
      ['com.microsoft.onnxruntime:onnxruntime', '1.19.2', 6],
    ]);
  });

  it('reads Cargo.toml and Cargo.lock', async () => {
    const out = await run('Cargo.toml', '[package]\nname = "tok"\n\n[dependencies]\ntokenizers = "0.20"\nllm = { package = "async-openai", version = "=0.24.1" }\nserde = "1"\n\n[target.\'cfg(unix)\'.dependencies]\ncandle-core = { version = "0.7" }\n');
    expect(out.assets?.map((a) => a.name).sort()).toEqual(['async-openai', 'candle-core', 'tokenizers']);
    expect(byName(out.assets, 'async-openai')!.properties.version).toBe('0.24.1');
    const lock = await run('Cargo.lock', 'version = 3\n\n[[package]]\nname = "tok"\nversion = "0.1.0"\n\n[[package]]\nname = "ort"\nversion = "2.0.0-rc.6"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n');
    expect(lock.assets?.map((a) => [a.name, a.properties.version])).toEqual([['ort', '2.0.0-rc.6']]);
  });
});

describe('deps: sad and empty inputs', () => {
  it('reports broken TOML/JSON/XML/YAML as one-line parse errors and keeps going', async () => {
    for (const [p, body] of [
      ['pyproject.toml', '[project\ndependencies = ['],
      ['package.json', '{"dependencies": {"openai": '],
      ['pom.xml', '<project><dependencies><dependency></project>'],
      ['pnpm-lock.yaml', 'importers:\n  .:\n    dependencies: [\n'],
      ['poetry.lock', '[[package]\nname='],
      ['go.mod', '\u0000\u0001garbage'],
    ] as const) {
      const out = await run(p, body);
      expect(out.assets ?? []).toEqual([]);
      expect(out.issues).toHaveLength(1);
      expect(out.issues![0]!.reason).toBe('parse-error');
      expect(out.issues![0]!.message).toContain(p);
      expect(out.issues![0]!.message).not.toContain('\n');
    }
  });

  it('returns nothing for empty files and ignores unrelated names', async () => {
    for (const p of ['requirements.txt', 'pyproject.toml', 'go.mod', 'Cargo.toml', 'yarn.lock', 'environment.yml', 'build.gradle', 'setup.cfg']) {
      const out = await run(p, '');
      expect(out.assets ?? []).toEqual([]);
      expect(out.issues ?? []).toEqual([]);
    }
    const f = fakeFile('src/main.py', 'import torch');
    expect(depsAnalyzer.wants(f.path, f)).toBe(false);
    expect(depsAnalyzer.wants('requirements-dev.txt', fakeFile('requirements-dev.txt', ''))).toBe(true);
    expect(depsAnalyzer.wants('requirements/base.txt', fakeFile('requirements/base.txt', ''))).toBe(true);
  });
});

// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import path from 'node:path';

/**
 * The dependency direction of DESIGN §8: `core` imports nothing; stages import `core` (and `graph`
 * where needed); `scan` wires stages; `cli` and `server` wire everything. A stage that reaches
 * sideways or upwards is a lint error, so the pipeline stays a pipeline.
 */
const allowed = {
  core: [],
  config: ['core'],
  targets: ['core'],
  walker: ['core'],
  analyzers: ['core'],
  inspectors: ['core'],
  connectors: ['core'],
  graph: ['core'],
  rules: ['core', 'graph'],
  paths: ['core', 'graph'],
  compliance: ['core'],
  store: ['core'],
  report: ['core'],
  notify: ['core'],
  runtime: ['core'],
  scan: ['core', 'config', 'targets', 'walker', 'analyzers', 'inspectors', 'connectors', 'graph', 'rules', 'paths', 'compliance'],
  server: ['*'],
  cli: ['*'],
};

/** @type {import('eslint').Rule.RuleModule} */
const importDirection = {
  meta: { type: 'problem', schema: [], messages: { bad: "src/{{from}} may not import src/{{to}} (allowed: {{allowed}}); see DESIGN §8" } },
  create(context) {
    const file = context.filename;
    const srcRoot = path.resolve('src');
    const rel = path.relative(srcRoot, file);
    if (rel.startsWith('..')) return {};
    const from = rel.split(path.sep)[0];
    const ok = allowed[from];
    if (!ok) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.relative(srcRoot, path.resolve(path.dirname(file), spec));
      if (target.startsWith('..')) return;
      const to = target.split(path.sep)[0];
      if (to === from || ok.includes('*') || ok.includes(to)) return;
      context.report({ node, messageId: 'bad', data: { from, to, allowed: ok.join(', ') || 'nothing' } });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/.corpus/**', 'bench/.tools/**', 'examples/estate/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { aispm: { rules: { 'import-direction': importDirection } } },
    rules: {
      'aispm/import-direction': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  { files: ['**/*.test.ts', 'test/**', 'bench/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
);

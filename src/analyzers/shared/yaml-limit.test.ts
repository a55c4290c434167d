import { describe, expect, it } from 'vitest';
import { assertYamlSize, MAX_YAML_CHARS, MAX_YAML_DEPTH, YamlTooDeepError, YamlTooLargeError, yamlNestedDeeper, yamlTooLargeMessage } from './yaml-limit.js';
import { parseCompose } from '../containers/compose.js';
import { parseCondaEnv } from '../deps/parsers/python-other.js';
import { analyzeFiles } from '../iac/testing/scan-files.js';
import { cloudformationAnalyzer } from '../iac/cloudformation/index.js';

const big = (head: string, line: string): string => head + line.repeat(Math.ceil(MAX_YAML_CHARS / line.length) + 1);

describe('YAML size cap', () => {
  it('lets ordinary files through and refuses over-cap ones with a one-line message naming the file', () => {
    expect(() => assertYamlSize('a: 1\n')).not.toThrow();
    expect(() => assertYamlSize('x'.repeat(MAX_YAML_CHARS + 1))).toThrow(YamlTooLargeError);
    const m = yamlTooLargeMessage('deploy/compose.yml', 'x'.repeat(MAX_YAML_CHARS + 1));
    expect(m).toMatch(/^deploy\/compose\.yml: 2\.0 MB of YAML\/JSON is over the 2 MB parse limit/);
    expect(m).not.toContain('\n');
  });

  it('guards the parsers that used to exhaust the heap on a 10 MB file', () => {
    expect(() => parseCompose(big('services:\n', '  s: {image: ollama/ollama}\n'), 'docker-compose.yml')).toThrow(YamlTooLargeError);
    expect(() => parseCondaEnv(big('dependencies:\n', '  - numpy=1.0\n'))).toThrow(YamlTooLargeError);
  });

  it('CloudFormation: over-cap templates are too-large issues, alias bombs are parse-error issues naming the file', async () => {
    const head = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";
    const tooBig = await analyzeFiles(cloudformationAnalyzer, { 't.yaml': big(head, '  B: {Type: AWS::S3::Bucket}\n') }, 't.yaml');
    expect(tooBig.issues).toEqual([expect.objectContaining({ path: 't.yaml', reason: 'too-large' })]);
    const names = 'abcdefghi';
    const bomb = [`a: &a [x,x,x,x,x,x,x,x,x]`, ...[...names].slice(1).map((n, i) => `${n}: &${n} [${Array(9).fill(`*${names[i]}`).join(',')}]`)].join('\n');
    const out = await analyzeFiles(cloudformationAnalyzer, { 'b.yaml': `${head}  B:\n    Type: AWS::S3::Bucket\n    Properties: {Tags: *i}\n${bomb}\n` }, 'b.yaml');
    expect(out.issues).toHaveLength(1);
    expect(out.issues![0]!.message).toMatch(/^b\.yaml/);
  });
});

describe('YAML nesting depth', () => {
  it('refuses flow and block nesting past the limit, and passes real configs', () => {
    const flow = (d: number) => '['.repeat(d) + ']'.repeat(d);
    expect(yamlNestedDeeper(flow(MAX_YAML_DEPTH - 1))).toBe(false);
    expect(yamlNestedDeeper(flow(MAX_YAML_DEPTH + 1))).toBe(true);
    expect(yamlNestedDeeper(`a: ${'{b: '.repeat(300)}1${'}'.repeat(300)}`)).toBe(true);
    // Block mappings one more space each, and compact sequences on one line.
    const block = Array.from({ length: MAX_YAML_DEPTH + 5 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(yamlNestedDeeper(block)).toBe(true);
    expect(yamlNestedDeeper('- '.repeat(MAX_YAML_DEPTH + 1) + 'x')).toBe(true);
    // Siblings and dedents do not add up; comments and blank lines do not count.
    const wide = Array.from({ length: 5000 }, (_, i) => `s${i}:\n  image: x\n  ports: [1, 2]\n  # [[[[ a comment\n`).join('\n');
    expect(yamlNestedDeeper(wide)).toBe(false);
    expect(yamlNestedDeeper(JSON.stringify({ a: { b: { c: [{ d: [1, 2, { e: 'x' }] }] } } }, null, 2))).toBe(false);
    expect(() => assertYamlSize(flow(1000))).toThrow(YamlTooDeepError);
    expect(yamlTooLargeMessage('x.yaml', flow(1000))).toContain('nested more than');
  });

  it('counts a pretty-printed JSON level once and skips brackets in quoted scalars and comments', () => {
    const nested = (d: number): unknown => (d === 0 ? 'leaf' : { k: [nested(d - 1)] });
    // 90 levels of object + array: 180 flow levels, each on its own indented line.
    expect(yamlNestedDeeper(JSON.stringify(nested(90), null, 2))).toBe(false);
    expect(yamlNestedDeeper(JSON.stringify(nested(110), null, 2))).toBe(true);
    expect(yamlNestedDeeper(`pattern: "${'['.repeat(500)}"\nother: '${'{'.repeat(500)}'' and more'\nlist: ["${'['.repeat(300)}", 'x'] # ${'['.repeat(300)}`)).toBe(false);
    expect(yamlNestedDeeper(JSON.stringify({ re: '\\["'.repeat(400) }))).toBe(false);
    // A quote inside a plain scalar opens nothing: the brackets after it are structure.
    expect(yamlNestedDeeper(`[a"${'['.repeat(300)}`)).toBe(true);
    // A quote that does not close on its line hides nothing.
    expect(yamlNestedDeeper(`a: "${'['.repeat(300)}\n"`)).toBe(true);
    // A line of quotes that never close is read once, not once per quote.
    expect(yamlNestedDeeper(` '${" ''".repeat(200_000)}`)).toBe(false);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { HclSyntaxError, parseHclFast } from './hcl-parse.js';

const root = path.resolve(import.meta.dirname, '../../../..');
function tfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? tfFiles(p) : n.endsWith('.tf') ? [p] : [];
  });
}

describe('parseHclFast', () => {
  const files = [...tfFiles(path.join(root, 'examples/estate/infra/terraform')), ...tfFiles(path.join(root, 'test/fixtures/iac-hardened/terraform'))];
  it.each(files.map((f) => [path.relative(root, f), f]))('matches @cdktf/hcl2json on %s', async (_n, f) => {
    const text = readFileSync(f, 'utf8');
    expect(parseHclFast(text)).toEqual(await parse(path.basename(f), text));
  });

  it('matches hcl2json on tricky syntax: one-line blocks, heredocs, comments, nested templates, labels', async () => {
    const text = [
      '# comment',
      'resource "aws_s3_bucket" "b" { bucket = "x" }',
      'locals {',
      '  a = "a-${var.x}-${join(",", ["p", "q"])}" // trailing',
      '  b = <<EOT',
      '{"Statement": [{"Effect": "Allow", "Resource": "${var.arn}"}]}',
      'EOT',
      '  c = <<-EOT',
      '    indented',
      '      more',
      '    EOT',
      '  d = { k = 1, "q" = [1, 2], m = var.x }',
      '  e = 1.5',
      '  f = var.on ? "a" : "b"',
      '  /* block',
      '     comment */',
      '  g = [',
      '    "x", # c',
      '    "y",',
      '  ]',
      '  h = "quote \\" and \\\\ backslash"',
      '}',
      'resource "x" "y" {',
      '  dynamic "filters" {',
      '    for_each = ["A"]',
      '    content {',
      '      type = filters.value',
      '    }',
      '  }',
      '  nested {',
      '    deeper {',
      '      v = true',
      '    }',
      '  }',
      '  nested {',
      '    v = null',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(parseHclFast(text)).toEqual(await parse('t.tf', text));
  });

  it('rejects bad syntax with the line', () => {
    const bad = (t: string) => {
      try {
        parseHclFast(t);
      } catch (e) {
        return e instanceof HclSyntaxError ? e.line : -1;
      }
      return 0;
    };
    expect(bad('resource "a" "b" {\n  x = \n}\n')).toBe(2);
    expect(bad('resource "a" "b" {\n  x = 1\n')).toBeGreaterThan(0);
    expect(bad('a = "unterminated\n')).toBe(1);
    expect(bad('}\n')).toBe(1);
  });

  it('parses an empty file', () => {
    expect(parseHclFast('')).toEqual({});
  });
});

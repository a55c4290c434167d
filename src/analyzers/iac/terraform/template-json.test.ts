import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../core/asset.js';
import { isUnknown } from '../../../core/cloud-resource.js';
import { evalString, type Resolver } from './expr.js';

const resolve: Resolver = (parts, text): JsonValue => {
  if (parts[0] === 'aws_s3_bucket') return { $unknown: text, ref: 'aws_s3_bucket.b' };
  if (parts[0] === 'local') return 'known';
  return { $unknown: text };
};

describe('templates with unknown interpolations', () => {
  it('keeps JSON text (a heredoc policy) readable, each unknown interpolation a sentinel as jsonencode gives', () => {
    const heredoc = '{\n  "Statement": [\n    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},\n    {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "${aws_s3_bucket.b.arn}/*"},\n    {"Effect": "Allow", "Action": "${var.action}", "Resource": "${aws_s3_bucket.b.arn}", "Sid": "${local.sid}"}\n  ]\n}\n';
    const v = evalString(heredoc, resolve);
    expect(typeof v).toBe('string');
    expect(JSON.parse(v as string)).toEqual({
      Statement: [
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
        { Effect: 'Allow', Action: 's3:PutObject', Resource: { $unknown: '${aws_s3_bucket.b.arn}/*', ref: 'aws_s3_bucket.b' } },
        { Effect: 'Allow', Action: { $unknown: 'var.action' }, Resource: { $unknown: 'aws_s3_bucket.b.arn', ref: 'aws_s3_bucket.b' }, Sid: 'known' },
      ],
    });
  });

  it('stays unknown when the text is not JSON or a directive decides it', () => {
    expect(isUnknown(evalString('arn:aws:s3:::${var.b}/*', resolve))).toBe(true);
    expect(isUnknown(evalString('{ "Action": ${var.actions} }', resolve))).toBe(true);
    expect(isUnknown(evalString('{ "a": "%{ if var.x }y%{ endif }" }', resolve))).toBe(true);
    expect(evalString('{ "a": "${local.x}" }', resolve)).toBe('{ "a": "known" }');
  });
});

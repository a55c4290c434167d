import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/index.js';
import { whereText } from './posture-fields.js';

const at = (location: Finding['location']) => whereText({ location } as Finding);

describe('whereText', () => {
  it('says file, cell, line, field and resource on one line', () => {
    expect(at({ path: 'infra/main.tf', line: 12, resource: 'aws_s3_bucket.data' })).toBe('infra/main.tf:12 (aws_s3_bucket.data)');
    expect(at({ path: 'nb.ipynb', cell: 1, line: 3 })).toBe('nb.ipynb#cell2:3');
    expect(at({ path: 'data/train.csv', field: 'email' })).toBe('data/train.csv [email]');
    expect(at({ resource: 'arn:aws:s3:::bucket' })).toBe('arn:aws:s3:::bucket');
  });

  it('names the commit of a location in git history, and a commit message as the place of its line', () => {
    const commit = '0123456789abcdef'.repeat(2) + '01234567';
    expect(at({ path: '.env', line: 1, commit })).toBe('.env:1 @ commit 0123456789ab');
    expect(at({ resource: 'commit message', line: 1, commit })).toBe('commit message:1 @ commit 0123456789ab');
  });
});

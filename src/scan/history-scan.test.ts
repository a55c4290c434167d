import { describe, expect, it } from 'vitest';
import { historyIssue } from './history-scan.js';

describe('historyIssue', () => {
  it('names the setting a user changes for a bound, and calls the rest a parse error', () => {
    expect(historyIssue('.', 'data/big.bin (blob ab, commit cd): 99 bytes is over maxBlobBytes = 10; not read')).toEqual({
      path: '.',
      reason: 'limit',
      message: '.: git history: data/big.bin (blob ab, commit cd): 99 bytes is over limits.maxReadBytes; not read',
      source: 'history',
    });
    expect(historyIssue('repo/', 'history walk stopped at maxCommits = 5; at least 3 older commits were not walked').message).toBe(
      'repo/: git history: history walk stopped at history.maxCommits (5); at least 3 older commits were not walked',
    );
    expect(historyIssue('.', '/r/.git/objects/pack/p.pack: pack trailer does not match').reason).toBe('parse-error');
    expect(historyIssue('.', 'a (blob b, commit c): /r/p.pack: entry at offset 9 declares 99999999 bytes, over the 67108864-byte limit').reason).toBe('limit');
  });
});

import { describe, expect, it } from 'vitest';
import { bytesScanner } from '../testing/scan-bytes.js';
import { DEFAULT_MODEL_LIMITS } from '../scan-context.js';
import { tarBytes } from '../testing/format-writers.js';
import { callPickle } from '../testing/pickle-writer.js';
import { zipBytes } from '../testing/zip-writer.js';

// A budget already spent when the scan starts: the archive loops must notice between members.
const spent = { ...DEFAULT_MODEL_LIMITS, timeLimitMs: -1 };
const members = Array.from({ length: 5 }, (_, i) => ({ name: `m${i}.pkl`, data: callPickle('os', 'system', ['id']) }));

const scan = bytesScanner('aispm-member-deadline-', spent);

describe('archives stop at the file time budget', () => {
  it.each([
    ['bundle.zip', () => zipBytes(members)],
    ['bundle.tar', () => tarBytes(members)],
  ])('%s says the members it did not reach were not scanned', async (name, make) => {
    const res = await scan(name, make());
    expect(res.problems.map((p) => p.message).join('\n')).toMatch(/time limit reached after 0 of 5 archive members/);
    expect(res.verdict).toBe('inconclusive');
  });
});

import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './dockerfile.js';

describe('parseDockerfile on hostile input', () => {
  it('joins 50k continuation lines in linear time and keeps every part', () => {
    const text = 'FROM python:3.11\nRUN pip install ' + 'torch \\\n'.repeat(50_000) + 'vllm\nEXPOSE 8000\n';
    const df = parseDockerfile(text);
    expect(df.stages[0]!.image).toBe('python:3.11');
    expect(df.runs).toHaveLength(1);
    expect(df.runs[0]!.text.match(/torch/g)).toHaveLength(50_000);
    expect(df.runs[0]!.text.endsWith('vllm')).toBe(true);
    expect(df.expose).toEqual([{ port: 8000, line: 50_003 }]);
  });

  it('keeps continuation semantics: comments inside are dropped, a trailing escape on the last line is kept', () => {
    const df = parseDockerfile('FROM a\nRUN one \\\n# note\n  two\nRUN end \\');
    expect(df.runs.map((r) => r.text)).toEqual(['one    two', 'end \\']);
  });
});

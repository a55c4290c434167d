import { describe, expect, it } from 'vitest';
import { fieldText } from './field-text.js';
import { finalize } from './finalize.js';
import { emptyPart } from './part.js';

describe('field names in messages', () => {
  it("shows a key path whole up to 120 characters (botocore's service models)", () => {
    const f = 'shapes.AssociateDelegateToResourceRequest.members.ResourceId.documentation';
    expect(fieldText(f)).toBe(f);
  });

  it('keeps the first key and the leaf of a longer path, cut at a key', () => {
    const f = `shapes.${'Nested'.repeat(20)}.members.${'Inner'.repeat(6)}.members.ResourceArn`;
    const t = fieldText(f);
    expect(t.length).toBeLessThanOrEqual(120);
    expect(t.startsWith('shapes…')).toBe(true);
    expect(t.endsWith(`.members.${'Inner'.repeat(6)}.members.ResourceArn`)).toBe(true);
    expect(fieldText(`records[0].${'x'.repeat(200)}`).length).toBe(120);
  });

  it("keeps a sentence header's head, as before", () => {
    const h = 'summary (words in [tested here: ...] at its start are from tests on this kind of machine, not the package)';
    expect(fieldText(h)).toBe(`${h.slice(0, 57)}…`);
    expect(fieldText('notes')).toBe('notes');
  });
});

describe('field names in findings', () => {
  it("names botocore's key path whole in a finding's message, where it was cut before its leaf", () => {
    const field = 'shapes.AssociateDelegateToResourceRequest.members.ResourceId.documentation';
    const part = emptyPart();
    part.pii.push({ entity: 'EMAIL_ADDRESS', phi: false, severity: 'medium', count: 32, maxScore: 0.9, samples: ['resou…tld'], where: [{ line: 1618, column: 330, field }], field: 'documentation' });
    const out = finalize('data/workmail.json', { class: 'data', format: 'json', gzip: false, innerExt: '.json' }, part);
    expect(out.findings![0]!.message).toContain(`field ${field})`);
  });
});

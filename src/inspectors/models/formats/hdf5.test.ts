import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { ModelScanContext } from '../scan-context.js';
import { concat, h5Bytes } from '../testing/format-writers.js';
import { fileVerdict } from '../verdict.js';
import { scanHdf5 } from './hdf5.js';

const enc = new TextEncoder();
const lambda = { config: { name: 'l', function: ['4wEAAAAAAAAA', null, null], function_type: 'lambda' }, class_name: 'Lambda' };

/** The h5 writer's layout with the model_config JSON written verbatim (any key order or spacing). */
function h5WithJson(json: string): Uint8Array {
  const head = h5Bytes(undefined).subarray(0, 96);
  return concat([head, enc.encode('model_config'), new Uint8Array(4), enc.encode(json), new Uint8Array(300)]);
}

async function verdict(bytes: Uint8Array) {
  const ctx = new ModelScanContext('m.h5');
  await scanHdf5(ctx, memorySource(bytes));
  return fileVerdict(ctx).verdict;
}

describe('legacy Keras HDF5 model_config', () => {
  // json.loads reads these like the canonical form; a scan for `{"class_name"` found nothing.
  it.each([
    ['keys reordered', JSON.stringify({ config: { name: 's', layers: [lambda] }, class_name: 'Sequential' })],
    ['spaced', `{ "class_name": "Sequential", "config": {"layers": [${JSON.stringify(lambda)}]}}`],
    ['escaped first key', `{"\\u0063onfig": {"layers": [${JSON.stringify(lambda)}]}, "class_name": "Sequential"}`],
  ])('finds the Lambda layer when the JSON is %s', async (_why, json) => {
    expect(await verdict(h5WithJson(json))).toBe('malicious');
  });

  it('keeps a weights-only file (no model_config) clean', async () => {
    expect(await verdict(h5Bytes(undefined))).toBe('clean');
  });
});

describe('HDF5 config search cost', () => {
  it('stops (inconclusive) instead of matching tens of thousands of nested candidates one by one', async () => {
    // Unbounded, this 560 KB file took about a minute; the work budget ends it after a few passes.
    const body = '{"class_name"'.repeat(40_000) + '}'.repeat(40_000);
    const ctx = new ModelScanContext('m.h5');
    await scanHdf5(ctx, memorySource(h5WithJson(body)));
    expect(fileVerdict(ctx).verdict).toBe('inconclusive');
    expect(ctx.problems.map((p) => p.message).join('\n')).toMatch(/too many overlapping JSON candidates/);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { bytesScanner } from './testing/scan-bytes.js';
import { callPickle } from './testing/pickle-writer.js';
import { zipBytes } from './testing/zip-writer.js';

const scan = bytesScanner('aispm-torchscript-');
const text = (s: string) => new TextEncoder().encode(s);

/** A torch.jit.save archive: data.pkl and constants.pkl beside code/, under the archive's folder. */
function archive(data: Uint8Array, withConstants = true) {
  return zipBytes([
    { name: 'net/data.pkl', data },
    ...(withConstants ? [{ name: 'net/constants.pkl', data: callPickle('torch.jit._pickle', 'build_intlist', []) }] : []),
    { name: 'net/code/__torch__.py', data: text('class Net(Module):\n  __parameters__ = []\n') },
    { name: 'net/version', data: text('3\n') },
  ]);
}

describe('TorchScript archives', () => {
  it('takes __torch__ globals for the classes the archive defines, not for imports', async () => {
    const res = await scan('net.pt', archive(callPickle('__torch__.___torch_mangle_4', 'Net', [])));
    expect(res.verdict, res.problems.map((p) => p.message).join('; ')).toBe('clean');
    expect(res.formats).toContain('torchscript');
    expect(res.notes.join(' ')).toMatch(/TorchScript code.*not analysed/);
  });

  it('still reports a Python gadget inside one', async () => {
    const res = await scan('net.pt', archive(callPickle('os', 'system', ['id'])));
    expect(res.verdict).toBe('malicious');
  });

  it('reads a __torch__ global as a Python import where torch.load would (no constants.pkl record)', async () => {
    const res = await scan('net.pt', archive(callPickle('__torch__', 'Net', []), false));
    expect(res.verdict).not.toBe('clean');
    // A constants.pkl deeper down is no record torch.load looks for.
    const deep = zipBytes([
      { name: 'net/data.pkl', data: callPickle('__torch__', 'Net', []) },
      { name: 'net/extra/constants.pkl', data: callPickle('torch.jit._pickle', 'build_intlist', []) },
    ]);
    expect((await scan('deep.pt', deep)).verdict).not.toBe('clean');
  });
});

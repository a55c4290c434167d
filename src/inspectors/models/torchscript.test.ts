import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesScanner } from './testing/scan-bytes.js';
import { callPickle } from './testing/pickle-writer.js';
import { setstateNetSource, torchPython, withTorchFiles } from './testing/torch-python.js';
import { zipBytes } from './testing/zip-writer.js';

const scan = bytesScanner('aispm-torchscript-');
const text = (s: string) => new TextEncoder().encode(s);

/** A torch.jit.save archive: data.pkl and constants.pkl beside code/, under the archive's folder. */
function archive(data: Uint8Array, withConstants = true, code = 'class Net(Module):\n  __parameters__ = []\n') {
  return zipBytes([
    { name: 'net/data.pkl', data },
    ...(withConstants ? [{ name: 'net/constants.pkl', data: callPickle('torch.jit._pickle', 'build_intlist', []) }] : []),
    { name: 'net/code/__torch__.py', data: text(code) },
    { name: 'net/version', data: text('3\n') },
  ]);
}

describe('TorchScript archives', () => {
  it('takes __torch__ globals for the classes the archive defines, not for imports', async () => {
    const res = await scan('net.pt', archive(callPickle('__torch__.___torch_mangle_4', 'Net', [])));
    expect(res.verdict, res.problems.map((p) => p.message).join('; ')).toBe('clean');
    expect(res.formats).toContain('torchscript');
    expect(res.notes.join(' ')).toMatch(/code\/ defines; that code, .* is read for the file-system operators it calls .* not otherwise analysed/);
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

/** code/__torch__.py as torch.jit.save writes it, with `setstate` and `forward` as the two methods' bodies. */
const module = (setstate: string, forward = 'return x') =>
  [
    'class Net(Module):',
    '  __parameters__ = []',
    '  training : bool',
    '  def forward(self: __torch__.Net,',
    '    x: Tensor) -> Tensor:',
    `    ${forward}`,
    '  def __setstate__(self: __torch__.Net,',
    '    state: Tuple[int, bool]) -> NoneType:',
    '    self.training = (state)[1]',
    `    ${setstate}`,
    '    return None',
  ].join('\n');

describe('TorchScript code: the file-system operators it calls', () => {
  const net = callPickle('__torch__.Net', 'Net', []);
  const problems = async (code: string) => {
    const res = await scan('net.pt', archive(net, true, code));
    return { verdict: res.verdict, messages: res.problems.map((p) => p.message) };
  };

  it('reads torch.save and torch.from_file in __setstate__, which torch.jit.load runs, as malicious', async () => {
    expect(await problems(module('torch.save(torch.zeros([1]), "/home/u/.bashrc")'))).toEqual({
      verdict: 'malicious',
      messages: ['TorchScript __torch__.Net.__setstate__() calls torch.save, which writes a file (aten::save): torch.jit.load runs __setstate__ as it loads the file'],
    });
    // As the TorchScript lexer reads them: spaced dots, the operator by its aten name, an alias.
    for (const call of ['t = torch . from_file ("/etc/passwd", True, 4, dtype=0)', 't = ops.aten.from_file("/etc/passwd", True, 4)', 's = torch.save\n    s(torch.zeros([1]), "/tmp/x")']) {
      expect((await problems(module(call))).verdict, call).toBe('malicious');
    }
  });

  it('reads them elsewhere as suspicious (they run when the model is called), and not in strings or comments', async () => {
    expect(await problems(module('pass', '_0 = torch.from_file("/etc/passwd", False, 4, dtype=0)'))).toEqual({
      verdict: 'suspicious',
      messages: ['TorchScript __torch__.Net.forward() calls torch.from_file, which maps a file into a tensor, and with shared=True writes it (aten::from_file), when the model is called'],
    });
    const quiet = module('_1 = "torch.save(x, \'/tmp/y\')"  # torch.from_file would read it', 'return torch.add(x, 1)  # not torch.save');
    expect(await problems(quiet)).toEqual({ verdict: 'clean', messages: [] });
    // Names that only contain the operators' names.
    expect((await problems(module('self.save_count = 1', 'return my_torch.save(x)'))).verdict).toBe('clean');
  });

  it('reads a module torch 1.13 scripted itself (python3-torch writes it; nothing is loaded)', async (t) => {
    const py = torchPython();
    if (!py) return t.skip('no python3 with torch here; a real scripted module not tested');
    await withTorchFiles(py, REAL_SCRIPT, async (dir) => {
      const res = await scan('scripted.pt', await readFile(path.join(dir, 'scripted.pt')));
      expect(res.verdict).toBe('malicious');
      expect(res.problems.map((p) => p.message).sort()).toEqual([
        'TorchScript __torch__.Net.__setstate__() calls torch.save, which writes a file (aten::save): torch.jit.load runs __setstate__ as it loads the file',
        'TorchScript __torch__.Net.forward() calls torch.from_file, which maps a file into a tensor, and with shared=True writes it (aten::from_file), when the model is called',
      ]);
    });
  }, 120_000);
});

const REAL_SCRIPT = `
import sys, torch
from typing import Tuple
${setstateNetSource(["return torch.from_file('/nonexistent/read-when-called', False, 4, dtype=torch.uint8)"])}torch.jit.save(torch.jit.script(Net()), sys.argv[1] + '/scripted.pt')
`;

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesScanner } from '../testing/scan-bytes.js';
import { callPickle } from '../testing/pickle-writer.js';
import { fbRefs, fbString, fbTable, fbU32s, writeFlatbuffer, type FbNode } from '../testing/flatbuffer-writer.js';
import { setstateNetSource, torchPython, withTorchFiles } from '../testing/torch-python.js';

const scan = bytesScanner('aispm-ptmf-');

/** Schema pieces (mobile_bytecode.fbs), each field in its index's place. */
const operator = (name: string) => fbTable({ ref: fbString(name) }, { ref: fbString('') });
const fn = (qn: string, ops: string[], repeat = 1) => fbTable({ ref: fbString(qn) }, undefined, { ref: fbRefs(ops.map(operator), repeat) });
const ivalue = (kind: number, val?: FbNode) => fbTable({ u8: kind }, val && { ref: val });
const FUNCTION = 16;
const OBJECT = 10;
/** An Object of type `type` (index into object_types) whose loader runs ivalue `setstate`. */
const object = (type: number, setstate: number) => fbTable({ u32: type }, { u32: 0 }, undefined, { u32: setstate });
const objectType = (name: string, kind: number) => fbTable({ ref: fbString(name) }, { u8: kind });
const extraFile = (name: string, content: string) => fbTable({ ref: fbString(name) }, { ref: fbString(content) });

interface ModuleParts {
  ivalues: FbNode[];
  types?: FbNode[];
  jitSources?: FbNode[];
  extraFiles?: FbNode[];
}
const moduleTable = (m: ModuleParts) =>
  fbTable(
    { u32: 9 },
    m.extraFiles && { ref: fbRefs(m.extraFiles) },
    { ref: fbU32s([]) },
    { u32: 0 },
    { ref: fbRefs(m.ivalues) },
    { u32: 0 },
    undefined,
    m.types && { ref: fbRefs(m.types) },
    m.jitSources && { ref: fbRefs(m.jitSources) },
  );
const mobile = (m: ModuleParts) => writeFlatbuffer(moduleTable(m), 'PTMF');

const problems = async (name: string, bytes: Uint8Array) => {
  const res = await scan(name, bytes);
  return { verdict: res.verdict, format: res.format, messages: res.problems.map((p) => p.message) };
};

/** code/__torch__.py's text for class Net, its __setstate__ body given. */
const netSource = (setstate: string) => ['class Net(Module):', '  def __setstate__(self: __torch__.Net,', '    state: Tuple[int, bool]) -> NoneType:', `    ${setstate}`, '    return None', ''].join('\n');

describe('TorchScript mobile flatbuffers (PTMF): the file operators their functions name', () => {
  it('reads aten::save in __setstate__ as malicious and aten::from_file elsewhere as suspicious, whatever the file is called', async () => {
    const bytes = mobile({ ivalues: [ivalue(FUNCTION, fn('__torch__.Net.__setstate__', ['aten::zeros', 'aten::save'])), ivalue(FUNCTION, fn('__torch__.Net.forward', ['aten::from_file', 'aten::add']))] }).bytes;
    for (const name of ['m.ff', 'm.ptl', 'weights.bin', 'model.pt']) {
      expect(await problems(name, bytes), name).toEqual({
        verdict: 'malicious',
        format: 'torchscript-flatbuffer',
        messages: [
          'TorchScript mobile flatbuffer: __torch__.Net.__setstate__() calls aten::save, which writes a file, in its bytecode: torch.jit.load and the lite interpreter run __setstate__ as they load the file',
          'TorchScript mobile flatbuffer: __torch__.Net.forward() calls aten::from_file, which maps a file into a tensor, and with shared=True writes it, in its bytecode, when the model is called',
        ],
      });
    }
  });

  it('takes a function an object runs as its setstate for one that runs at load, whatever it is named', async () => {
    const restore = ivalue(FUNCTION, fn('__torch__.Net.restore', ['aten::save']));
    const withObject = mobile({ ivalues: [restore, ivalue(OBJECT, object(0, 0))], types: [objectType('__torch__.Net', 3)] }).bytes;
    expect((await problems('m.ff', withObject)).verdict).toBe('malicious');
    // The same object of a type built field by field (CLASS_WITH_FIELD) runs nothing.
    const byFields = mobile({ ivalues: [restore, ivalue(OBJECT, object(0, 0))], types: [objectType('__torch__.Net', 1)] }).bytes;
    expect((await problems('m.ff', byFields)).verdict).toBe('suspicious');
  });

  it('reads jit_sources as code/ is read, one problem with the bytecode, and leaves extra_files alone', async () => {
    const bytes = mobile({
      ivalues: [ivalue(FUNCTION, fn('__torch__.Net.__setstate__', ['aten::save']))],
      jitSources: [extraFile('__torch__', netSource('torch.save(torch.zeros([1]), "/tmp/x")'))],
      extraFiles: [extraFile('notes.py', 'torch.from_file("/etc/passwd", True, 4)')],
    }).bytes;
    expect(await problems('m.ff', bytes)).toEqual({
      verdict: 'malicious',
      format: 'torchscript-flatbuffer',
      messages: ['TorchScript mobile flatbuffer: __torch__.Net.__setstate__() calls aten::save, which writes a file, in its bytecode and its jit_sources: torch.jit.load and the lite interpreter run __setstate__ as they load the file'],
    });
    const sourceOnly = mobile({ ivalues: [], jitSources: [extraFile('__torch__', netSource('_0 = torch.from_file("/etc/passwd", True, 4)'))] }).bytes;
    expect((await problems('m.ff', sourceOnly)).messages).toEqual([expect.stringMatching(/^TorchScript mobile flatbuffer: __torch__\.Net\.__setstate__\(\) calls aten::from_file, .* in its jit_sources: /)]);
    const clean = mobile({ ivalues: [ivalue(FUNCTION, fn('__torch__.Net.forward', ['aten::linear', 'aten::save_x']))], extraFiles: [extraFile('notes.py', 'torch.save(x, "/tmp/y")')] }).bytes;
    expect(await problems('m.ff', clean)).toEqual({ verdict: 'clean', format: 'torchscript-flatbuffer', messages: [] });
  });
});

describe('hostile and broken flatbuffers: an inconclusive problem naming the fault, never a crash', () => {
  const evil = () => mobile({ ivalues: [ivalue(FUNCTION, fn('__torch__.Net.__setstate__', ['aten::save']))], types: [objectType('__torch__.Net', 3)] });
  const inconclusive = async (bytes: Uint8Array) => {
    const res = await scan('m.ptl', bytes);
    return res.problems.filter((p) => p.level === 'inconclusive').map((p) => p.message);
  };
  const patched = (bytes: Uint8Array, pos: number, value: number) => {
    const copy = bytes.slice();
    new DataView(copy.buffer).setUint32(pos, value, true);
    return copy;
  };

  it('says where an offset or length leaves the file', async () => {
    const { bytes, at } = evil();
    const root = [...at.entries()].find(([n]) => n.kind === 'table')![1];
    const cases: [Uint8Array, RegExp][] = [
      [patched(bytes, 0, 0xfffffff0), /root table at byte \d+ .* lies outside the \d+-byte file/],
      [patched(bytes, root, 0x7ffffff0), /root table's vtable at byte -\d+ .* lies outside/],
      [patched(bytes, root, -4 >>> 0), /root table at byte \d+ has a vtable of \d+ bytes|lies outside/],
    ];
    // The ivalues vector claiming 2^32-1 elements.
    const ivalues = [...at.entries()].find(([n]) => n.kind === 'refs' && n.items.length === 1 && n.items[0]!.kind === 'table' && n.items[0]!.fields[0] !== undefined && 'u8' in n.items[0]!.fields[0])![1];
    cases.push([patched(bytes, ivalues, 0xffffffff), /Module\.ivalues at byte \d+ claims 4294967295 elements, more than the file holds/]);
    const qn = [...at.entries()].find(([n]) => n.kind === 'string' && n.text.startsWith('__torch__.Net.__setstate__'))![1];
    cases.push([patched(bytes, qn, 0x7fffffff), /Function\.qn at byte \d+ \(2147483647 bytes\) lies outside/]);
    for (const [b, why] of cases) expect(await inconclusive(b)).toEqual([expect.stringMatching(new RegExp(`^TorchScript mobile flatbuffer is malformed, and was read only up to the fault: ${why.source}`))]);
    // An object naming a type the file does not have.
    const stray = mobile({ ivalues: [ivalue(OBJECT, object(7, 0))], types: [] }).bytes;
    expect(await inconclusive(stray)).toEqual([expect.stringMatching(/Object 0 names object type 7, which the file does not have/)]);
  });

  it('reads every truncation of a malicious module as not clean, without throwing', async () => {
    const { bytes } = evil();
    for (let n = 8; n < bytes.length; n++) {
      const res = await scan('m.ff', bytes.subarray(0, n));
      expect(res.verdict, `first ${n} of ${bytes.length} bytes`).not.toBe('clean');
    }
  });

  it('stops at a million operator entries that all point back to one table, and says so', async () => {
    const bytes = mobile({ ivalues: [ivalue(FUNCTION, fn('__torch__.Net.forward', ['aten::add'], 1_000_001))] }).bytes;
    expect(await inconclusive(bytes)).toEqual(['TorchScript mobile flatbuffer has more than 1000000 operator entries; the rest were not read']);
  });

  it('reads a pickle that carries the identifier as a pickle too (torch.load unpickles what is no zip)', async () => {
    // PROTO 2, SHORT_BINUNICODE 'PTMF' (bytes 4..8), POP, then a pickle calling os.system.
    const head = Uint8Array.from([0x80, 0x02, 0x8c, 0x04, 0x50, 0x54, 0x4d, 0x46, 0x30]);
    const gadget = callPickle('os', 'system', ['id']);
    const res = await scan('m.bin', new Uint8Array([...head, ...gadget.subarray(2)]));
    expect(res.formats).toContain('torchscript-flatbuffer');
    expect(res.verdict).toBe('malicious');
    expect(res.notes).toContain('file also reads as a pickle (polyglot): torch.load/pickle.load would run it');
  });

  it('garbage after the identifier is malformed, not a model that scans clean', async () => {
    const garbage = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 0xff);
    garbage.set([0x50, 0x54, 0x4d, 0x46], 4);
    const res = await scan('x.bin', garbage);
    expect(res.verdict).toBe('inconclusive');
    expect(res.format).toBe('torchscript-flatbuffer');
  });
});

describe('flatbuffers torch 1.13 writes (python3-torch writes them; nothing is loaded)', () => {
  it('reads __setstate__ calling torch.save and forward calling torch.from_file, and a clean Linear and traced CNN', async (t) => {
    const py = torchPython();
    if (!py) return t.skip('no python3 with torch here; real flatbuffer models not tested');
    await withTorchFiles(py, REAL_SCRIPT, async (dir) => {
      const real = async (name: string) => {
        const res = await scan(name, await readFile(path.join(dir, name)));
        return { verdict: res.verdict, format: res.format, messages: res.problems.map((p) => p.message).sort() };
      };
      const evil = {
        verdict: 'malicious',
        format: 'torchscript-flatbuffer',
        messages: [
          'TorchScript mobile flatbuffer: __torch__.Net.__setstate__() calls aten::save, which writes a file, in its bytecode and its jit_sources: torch.jit.load and the lite interpreter run __setstate__ as they load the file',
          'TorchScript mobile flatbuffer: __torch__.Net.forward() calls aten::from_file, which maps a file into a tensor, and with shared=True writes it, in its bytecode and its jit_sources, when the model is called',
        ],
      };
      expect(await real('evil.ff')).toEqual(evil);
      expect(await real('evil_lite.bin')).toEqual(evil);
      for (const clean of ['linear.ff', 'traced.pt', 'mobile.ptl']) {
        const res = await real(clean);
        expect(res, clean).toEqual({ verdict: 'clean', format: 'torchscript-flatbuffer', messages: [] });
      }
    });
  }, 120_000);
});

const REAL_SCRIPT = `
import sys, torch
from typing import Tuple
out = sys.argv[1]
${setstateNetSource(["return torch.from_file('/nonexistent/read-when-called', False, 4, dtype=torch.uint8)"])}net = torch.jit.script(Net())
torch.jit.save_jit_module_to_flatbuffer(net, out + '/evil.ff')
net._save_for_lite_interpreter(out + '/evil_lite.bin', _use_flatbuffer=True)
torch.jit.save_jit_module_to_flatbuffer(torch.jit.script(torch.nn.Linear(4, 2)), out + '/linear.ff')
class Cnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3)
        self.fc = torch.nn.Linear(8, 2)
    def forward(self, x):
        return torch.softmax(self.fc(torch.relu(self.conv(x)).mean([2, 3])), 1)
traced = torch.jit.trace(Cnn().eval(), torch.zeros(1, 3, 8, 8))
torch.jit.save_jit_module_to_flatbuffer(traced, out + '/traced.pt')
from torch.utils.mobile_optimizer import optimize_for_mobile
optimize_for_mobile(traced)._save_for_lite_interpreter(out + '/mobile.ptl', _use_flatbuffer=True)
`;

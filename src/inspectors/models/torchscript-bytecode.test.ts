import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesScanner } from './testing/scan-bytes.js';
import { callPickle, PickleWriter } from './testing/pickle-writer.js';
import { setstateNetSource, torchPython, withTorchFiles } from './testing/torch-python.js';
import { zipBytes } from './testing/zip-writer.js';

const scan = bytesScanner('aispm-ptl-');

/** A lite-interpreter archive with no code/: data.pkl, constants.pkl and bytecode.pkl, which is all _load_for_lite_interpreter reads. */
const liteArchive = (bytecode: Uint8Array) =>
  zipBytes([
    { name: 'm/data.pkl', data: callPickle('__torch__', 'Net', []) },
    { name: 'm/constants.pkl', data: callPickle('torch.jit._pickle', 'build_intlist', []) },
    { name: 'm/bytecode.pkl', data: bytecode },
    { name: 'm/version', data: new TextEncoder().encode('8\n') },
  ]);

/** `(qualified name, (('operators', (ops…)),))`: one method as torch writes it, with its operator table written by `ops`. */
function method(w: PickleWriter, name: string, ops: (w: PickleWriter) => void): PickleWriter {
  w.str(name).mark().str('operators').mark();
  ops(w);
  return w.tuple().tupleN(2).tuple().tupleN(2);
}

/** `n` harmless operator entries `('aten::add', 'Tensor', 3)`, the name spelled once and then a memo reference. */
function adds(w: PickleWriter, n: number, memo: number): void {
  for (let i = 0; i < n; i++) {
    if (i === 0) w.str('aten::add').binput(memo);
    else w.binget(memo);
    w.str('Tensor').int(3).tupleN(3);
  }
}

const messages = async (bytecode: Uint8Array) => {
  const res = await scan('m.ptl', liteArchive(bytecode));
  return { verdict: res.verdict, messages: res.problems.map((p) => p.message) };
};

describe('lite-interpreter bytecode.pkl: the file-system operators its tables name', () => {
  it('reads aten::save in __setstate__ (run at load) as malicious, through a memo reference and past 32 entries', async () => {
    // forward's constants spell 'aten::save' out; __setstate__'s table only refers to it by memo,
    // as its 41st entry, so neither a byte search near it nor a tuple's 32 kept items would see it.
    const w = new PickleWriter().proto(2).mark().int(8);
    w.str('__torch__.Net.forward').mark().str('constants').mark().none().str('aten::save').binput(1).tuple().tupleN(2).tuple().tupleN(2);
    method(w, '__torch__.Net.__setstate__', (o) => {
      adds(o, 40, 2);
      o.binget(1).str('').int(2).tupleN(3);
    });
    expect(await messages(w.tuple().stop().toBytes())).toEqual({
      verdict: 'malicious',
      messages: ['lite-interpreter bytecode of __torch__.Net.__setstate__() calls aten::save, which writes a file: the lite interpreter runs __setstate__ as it loads the file'],
    });
  });

  it('follows a table shared by memo into __setstate__, and reads other methods as suspicious, whatever the overload name', async () => {
    const w = new PickleWriter().proto(2).mark().int(8);
    // forward's operator table, memoised as 5, is __setstate__'s table too.
    w.str('__torch__.Net.forward').mark().str('operators').mark().str('aten::from_file').str('names').int(4).tupleN(3).tuple().binput(5).tupleN(2).tuple().tupleN(2);
    w.str('__torch__.Net.__setstate__').mark().str('operators').binget(5).tupleN(2).tuple().tupleN(2);
    // One entry in two methods: reported once, under the one that runs at load.
    expect(await messages(w.tuple().stop().toBytes())).toEqual({
      verdict: 'malicious',
      messages: ['lite-interpreter bytecode of __torch__.Net.__setstate__() calls aten::from_file, which maps a file into a tensor, and with shared=True writes it: the lite interpreter runs __setstate__ as it loads the file'],
    });
    const fwd = new PickleWriter().proto(2).mark().int(8);
    method(fwd, '__torch__.Net.forward', (o) => o.str('aten::from_file').str('names').int(4).tupleN(3));
    expect(await messages(fwd.tuple().stop().toBytes())).toEqual({
      verdict: 'suspicious',
      messages: ['lite-interpreter bytecode of __torch__.Net.forward() calls aten::from_file, which maps a file into a tensor, and with shared=True writes it, when the model is called'],
    });
  });

  it('reads an entry outside any method tuple as suspicious, and leaves other operators and strings alone', async () => {
    const bare = new PickleWriter().proto(2).mark().int(8).str('aten::save').str('').tupleN(2).tuple().stop().toBytes();
    expect(await messages(bare)).toEqual({
      verdict: 'suspicious',
      messages: ['lite-interpreter bytecode of a method calls aten::save, which writes a file, when the model is called'],
    });
    const w = new PickleWriter().proto(2).mark().int(8);
    method(w, '__torch__.Net.__setstate__', (o) => {
      adds(o, 3, 1);
      // Names that only contain the operators' names, and the name as a constant's second item.
      o.str('aten::save_state').str('').tupleN(2).str('aten::from_file_x').str('').tupleN(2).none().str('aten::save').tupleN(2);
    });
    expect(await messages(w.tuple().stop().toBytes())).toEqual({ verdict: 'clean', messages: [] });
  });

  it('says it read part of a stream with more file operator entries, or merges of them, than a model has', async () => {
    const inconclusive = async (w: PickleWriter) => (await scan('m.ptl', liteArchive(w.stop().toBytes()))).problems.filter((p) => p.level === 'inconclusive').map((p) => p.message);
    const many = new PickleWriter().proto(2).mark();
    for (let i = 0; i < 300; i++) many.str('aten::save').str('').tupleN(2);
    expect(await inconclusive(many.tuple())).toEqual([expect.stringMatching(/bytecode\.pkl names more file operator entries, or shares them more often, than a model does/)]);
    // Two memoised tuples of 32 entries each, paired again and again by memo reference.
    const pairs = new PickleWriter().proto(2);
    for (const [memo, op] of [[1, 'aten::save'], [2, 'aten::from_file']] as const) {
      pairs.mark();
      for (let i = 0; i < 32; i++) pairs.str(op).str('').tupleN(2);
      pairs.tuple().binput(memo).pop();
    }
    pairs.mark();
    for (let i = 0; i < 70_000; i++) pairs.binget(1).binget(2).tupleN(2);
    expect(await inconclusive(pairs.tuple())).toHaveLength(1);
  });

  it('reports a method named in code/ and in bytecode.pkl once, with both members as evidence', async () => {
    const w = new PickleWriter().proto(2).mark().int(8);
    method(w, '__torch__.Net.__setstate__', (o) => o.str('aten::save').str('').int(2).tupleN(3));
    method(w, '__torch__.Net.forward', (o) => o.str('aten::save').str('').int(2).tupleN(3));
    const code = ['class Net(Module):', '  def forward(self: __torch__.Net, x: Tensor) -> Tensor:', '    return x', '  def __setstate__(self: __torch__.Net, state: Tuple[int, bool]) -> NoneType:', '    torch.save(torch.zeros([1]), "/tmp/x")', '    return None', ''].join('\n');
    const archive = zipBytes([
      { name: 'm/data.pkl', data: callPickle('__torch__', 'Net', []) },
      { name: 'm/constants.pkl', data: callPickle('torch.jit._pickle', 'build_intlist', []) },
      { name: 'm/code/__torch__.py', data: new TextEncoder().encode(code) },
      { name: 'm/bytecode.pkl', data: w.tuple().stop().toBytes() },
    ]);
    const res = await scan('m.ptl', archive);
    expect(res.problems.map((p) => ({ message: p.message, member: p.member, members: p.members }))).toEqual([
      {
        message: 'TorchScript __torch__.Net.__setstate__() calls torch.save, which writes a file (aten::save), in its code/ source and its lite-interpreter bytecode (bytecode.pkl): torch.jit.load and the lite interpreter run __setstate__ as they load the file',
        member: 'm/code/__torch__.py',
        members: ['m/code/__torch__.py', 'm/bytecode.pkl'],
      },
      // forward calls it only in the bytecode (code/ and bytecode disagree): its own problem, from its one member.
      { message: 'lite-interpreter bytecode of __torch__.Net.forward() calls aten::save, which writes a file, when the model is called', member: 'm/bytecode.pkl', members: undefined },
    ]);
  });

  it('still reports a Python gadget in bytecode.pkl', async () => {
    expect((await messages(callPickle('os', 'system', ['id']))).verdict).toBe('malicious');
  });

  it('reads archives torch 1.13 saved for the lite interpreter (python3-torch writes them; nothing is loaded)', async (t) => {
    const py = torchPython();
    if (!py) return t.skip('no python3 with torch here; real lite-interpreter archives not tested');
    await withTorchFiles(py, REAL_SCRIPT, async (dir, stdout) => {
      // torch spells 'aten::save' out once; __setstate__'s entry is a memo reference.
      expect(stdout.trim()).toBe('1');
      const fileOpProblems = async (name: string) => {
        const res = await scan(name, await readFile(path.join(dir, name)));
        const ops = res.problems.filter((p) => p.rule.id === 'torchscript_code_no_file_ops');
        return { verdict: res.verdict, messages: ops.map((p) => p.message).sort(), members: ops.map((p) => p.members ?? [p.member]) };
      };
      // With code/ and bytecode.pkl, one problem per operator and method, both members as evidence.
      const both = await fileOpProblems('evil.ptl');
      expect(both.verdict).toBe('malicious');
      expect(both.messages).toEqual([
        'TorchScript __torch__.Net.__setstate__() calls torch.save, which writes a file (aten::save), in its code/ source and its lite-interpreter bytecode (bytecode.pkl): torch.jit.load and the lite interpreter run __setstate__ as they load the file',
        'TorchScript __torch__.Net.forward() calls torch.from_file, which maps a file into a tensor, and with shared=True writes it (aten::from_file), in its code/ source and its lite-interpreter bytecode (bytecode.pkl), when the model is called',
        'TorchScript __torch__.Net.forward() calls torch.save, which writes a file (aten::save), in its code/ source and its lite-interpreter bytecode (bytecode.pkl), when the model is called',
      ]);
      for (const m of both.members) expect([...m].sort()).toEqual(['evil/bytecode.pkl', 'evil/code/__torch__.py']);
      // Without code/ (the lite interpreter never reads it) bytecode.pkl alone says the same.
      expect(await fileOpProblems('nocode.ptl')).toEqual({
        verdict: 'malicious',
        messages: [
          'lite-interpreter bytecode of __torch__.Net.__setstate__() calls aten::save, which writes a file: the lite interpreter runs __setstate__ as it loads the file',
          'lite-interpreter bytecode of __torch__.Net.forward() calls aten::from_file, which maps a file into a tensor, and with shared=True writes it, when the model is called',
          'lite-interpreter bytecode of __torch__.Net.forward() calls aten::save, which writes a file, when the model is called',
        ],
        members: [['evil/bytecode.pkl'], ['evil/bytecode.pkl'], ['evil/bytecode.pkl']],
      });
      for (const clean of ['scripted.ptl', 'traced.ptl', 'mobile.ptl', 'transformer.ptl']) {
        const res = await scan(clean, await readFile(path.join(dir, clean)));
        expect(res.verdict, `${clean}: ${res.problems.map((p) => p.message).join('; ')}`).toBe('clean');
      }
    });
  }, 120_000);
});

const REAL_SCRIPT = `
import sys, zipfile, torch
from typing import Tuple
out = sys.argv[1]
${setstateNetSource(["torch.save(x, '/nonexistent/written-when-called.pt')", "return torch.from_file('/nonexistent/read-when-called', False, 4, dtype=torch.uint8)"])}torch.jit.script(Net())._save_for_lite_interpreter(out + '/evil.ptl')
# The lite interpreter needs no code/: the same archive without it.
with zipfile.ZipFile(out + '/evil.ptl') as src, zipfile.ZipFile(out + '/nocode.ptl', 'w') as dst:
    for i in src.infolist():
        if '/code/' not in i.filename: dst.writestr(i.filename, src.read(i))
    bytecode = src.read([n for n in src.namelist() if n.endswith('/bytecode.pkl')][0])
class Clean(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3)
        self.fc = torch.nn.Linear(8, 2)
    def forward(self, x):
        y = torch.relu(self.conv(x)).mean([2, 3])
        return torch.softmax(self.fc(y), 1)
torch.jit.script(Clean())._save_for_lite_interpreter(out + '/scripted.ptl')
torch.jit.trace(Clean(), torch.zeros(1, 3, 8, 8))._save_for_lite_interpreter(out + '/traced.ptl')
from torch.utils.mobile_optimizer import optimize_for_mobile
optimize_for_mobile(torch.jit.trace(Clean().eval(), torch.zeros(1, 3, 8, 8)))._save_for_lite_interpreter(out + '/mobile.ptl')
# Dozens of operators per method: tables longer than the 32 items a tuple keeps.
torch.jit.script(torch.nn.TransformerEncoderLayer(16, 2).eval())._save_for_lite_interpreter(out + '/transformer.ptl')
# How often the operator name is spelled out in bytecode.pkl (the other entries are memo references).
print(bytecode.count(b'aten::save'))
`;

import { describe, expect, it } from 'vitest';
import { analyzeSource } from './analyze-source.js';
import { summary } from './test-helpers.js';

/** The lines that get a model_loading_avoids_pickle finding. */
function pickleLines(text: string): number[] {
  const out = analyzeSource({ text, lang: 'python', path: 'pkg/tests/test_pickle.py' });
  return summary(out)
    .rules.filter((r) => r.startsWith('model_loading_avoids_pickle@'))
    .map((r) => Number(r.split('@')[1]))
    .sort((a, b) => a - b);
}

// Library test suites (numpy, scipy, matplotlib, CPython) check that their objects pickle by reading
// back bytes they have just dumped: nothing from outside is unpickled, so no finding.
describe('pickle round-trips are not model loading', () => {
  it('drops loads(dumps(x)) in one expression, with or without a protocol', () => {
    const text = ['import pickle', 'y = pickle.loads(pickle.dumps(x))', 'z = pickle.loads(pickle.dumps(x, protocol=proto), encoding="latin1")', 'from pickle import dumps, loads', 'w = pickle.loads(dumps(x))'].join('\n');
    expect(pickleLines(text)).toEqual([]);
  });

  it('drops loads(s) when every binding of s is a dumps() earlier in the file', () => {
    const text = ['import pickle', 'def test_roundtrip():', '    s = pickle.dumps(obj, proto)', '    assert pickle.loads(s) == obj', 'def test_other():', '    s = pickle.dumps(other)', '    pickle.loads(s)'].join('\n');
    expect(pickleLines(text)).toEqual([]);
  });

  it('keeps loads() of bytes that may come from outside', () => {
    const text = [
      'import pickle',
      'def handle(packet):',
      '    return pickle.loads(packet)', // 3: a parameter
      'data = sock.recv(4096)',
      'pickle.loads(data)', // 5: read from a socket
      'blob = pickle.dumps(x)',
      'blob = open("m.pkl", "rb").read()',
      'pickle.loads(blob)', // 8: rebound to a file's bytes
      'pickle.loads(pickle.dumps(x) + tail)', // 9: more than the dumped bytes
      'late = None',
      'pickle.loads(late)', // 11: bound to something else
      'for chunk in chunks:',
      '    pickle.loads(chunk)', // 13: a loop variable
      'm = pickle.load(open("model.pkl", "rb"))', // 14: a file
    ].join('\n');
    expect(pickleLines(text)).toEqual([3, 5, 8, 9, 11, 13, 14]);
  });

  it('keeps loads(s) when s is also a loop target or a parameter elsewhere in the file', () => {
    const text = ['import pickle', 's = pickle.dumps(x)', 'pickle.loads(s)', 'def f(s):', '    return pickle.loads(s, encoding="bytes")'].join('\n');
    expect(pickleLines(text)).toEqual([3, 5]);
  });
});

// Test modules reuse short names (`s`, `p`, `d`) for unrelated values in other test functions; a
// name assigned in a function is local to it, so only that function's bindings decide.
describe('pickle round-trips are judged per function', () => {
  it('drops loads(s) when s is dumps() in its own function, whatever other functions bind to s', () => {
    const text = ['import pickle', 'class T:', '    def test_a(self):', '        s = list("abc")', '    def test_b(self):', '        for proto in range(5):', '            s = pickle.dumps(obj, proto)', '            self.assertEqual(pickle.loads(s), obj)'].join('\n');
    expect(pickleLines(text)).toEqual([]);
  });

  it('keeps loads(s) when its own function also binds s to something else', () => {
    const text = ['import pickle', 'def test_b(sock):', '    s = pickle.dumps(obj)', '    if sock:', '        s = sock.recv(1024)', '    return pickle.loads(s)'].join('\n');
    expect(pickleLines(text)).toEqual([6]);
  });
});

// numpy's and sympy's tests unpickle legacy pickles written into the test as bytes literals, and
// `pickle.loads(arr.dumps())` (ndarray.dumps returns a pickle): the bytes are part of the code.
describe('pickles written in the source', () => {
  it('drops loads of bytes literals and of an object’s own dumps()', () => {
    const text = [
      'import pickle',
      'def test_legacy():',
      "    data = b'\\x80\\x05\\x95.'",
      '    assert pickle.loads(data) == 1',
      '    assert pickle.loads(b"cnumpy\\n_reconstruct\\n.") is not None',
      '    blob = (b"cnumpy.core\\n"',
      '            b"(S\'cos\'\\n.")',
      '    pickle.loads(blob, encoding="bytes")',
      '    pickle.loads(zs.dumps())',
    ].join('\n');
    expect(pickleLines(text)).toEqual([]);
  });

  it('keeps loads of text literals joined with outside bytes', () => {
    const text = ['import pickle', 'def f(tail):', '    data = b"\\x80" + tail', '    return pickle.loads(data)'].join('\n');
    expect(pickleLines(text)).toEqual([4]);
  });
});

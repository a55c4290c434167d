import { describe, expect, it } from 'vitest';
import { classifyGlobal } from './policy.js';

describe('classifyGlobal', () => {
  it.each([
    ['torch._utils', '_rebuild_tensor_v2'],
    ['torch', 'FloatStorage'],
    ['torch', 'BFloat16Storage'],
    ['collections', 'OrderedDict'],
    ['numpy.core.multiarray', '_reconstruct'],
    ['numpy._core.multiarray', '_reconstruct'],
    ['numpy', 'dtype'],
    ['_codecs', 'encode'],
    ['sklearn.ensemble._forest', 'RandomForestClassifier'],
    ['xgboost.core', 'Booster'],
    ['lightgbm.sklearn', 'LGBMClassifier'],
    ['joblib.numpy_pickle', 'NumpyArrayWrapper'],
    ['__builtin__', 'set'],
    ['copy_reg', '_reconstructor'],
    ['transformers.training_args', 'TrainingArguments'],
    ['transformers.trainer_utils', 'IntervalStrategy'],
    ['omegaconf.dictconfig', 'DictConfig'],
    ['typing', 'Any'],
    // np.matrix, in joblib's own test pickles (suspicious before: an ordinary ndarray subclass).
    ['numpy.matrixlib.defmatrix', 'matrix'],
    // PyTables' compression settings, pickled into an HDF5 attribute (FILTERS) since PyTables 1.x.
    ['tables.Leaf', 'Filters'],
    ['tables.filters', 'Filters'],
  ])('allows %s.%s', (m, n) => {
    expect(classifyGlobal(m, n).level).toBe('safe');
  });

  it.each([
    ['os', 'system', 'os.system'],
    ['posix', 'system', 'os.system'],
    ['random', '_os.system', 'os.system'],
    ['numpy', 'core._internal.sys.modules', 'sys.modules'],
    ['builtins', 'getattr', 'builtins.getattr'],
    ['__builtin__', 'eval', 'builtins.eval'],
    ['numpy', '__builtins__', 'numpy.__builtins__'],
    ['_operator', 'attrgetter', 'operator.attrgetter'],
    ['torch.serialization', 'load', 'torch.serialization.load'],
    ['numpy.testing._private.utils', 'runstring', 'numpy.testing._private.utils.runstring'],
    ['_interpreters', 'run_string', '_interpreters.run_string'],
    ['sklearn', 'utils._testing.run', 'sklearn.utils._testing.run'],
  ])('denies %s.%s (as %s)', (m, n, resolved) => {
    const v = classifyGlobal(m, n);
    expect(v.level).toBe('dangerous');
    expect(v.resolved).toBe(resolved);
  });

  it('calls everything else unknown, including library functions reached by prefix', () => {
    expect(classifyGlobal('__main__', 'MyModel').level).toBe('unknown');
    expect(classifyGlobal('sklearn.utils', 'check_array').level).toBe('unknown');
    expect(classifyGlobal('builtins', 'print').level).toBe('unknown');
    expect(classifyGlobal('numpy', 'prod.a').level).toBe('unknown');
  });

  it('does not mistake a package submodule for the stdlib module of the same name', () => {
    expect(classifyGlobal('scipy.io.matlab', 'MatlabObject').level).not.toBe('dangerous');
    expect(classifyGlobal('torch.nn.modules.linear', 'Linear').level).toBe('safe');
  });

  it('matches a class-prefix package by whole module name: a module that merely starts with it is not allowed', () => {
    expect(classifyGlobal('collectionsx', 'Evil').level).toBe('unknown');
    expect(classifyGlobal('accelerate.stateful', 'Runner').level).toBe('unknown');
    expect(classifyGlobal('collections.abc', 'Mapping').level).toBe('safe');
    expect(classifyGlobal('transformers.tokenization_utils_base', 'BatchEncoding').level).toBe('safe');
    expect(classifyGlobal('transformers.training_args_seq2seq', 'Seq2SeqTrainingArguments').level).toBe('safe');
  });

  // numpy's own tests/data/py2-objarr.npy holds `__builtin__.xrange` (the range type, in an object array).
  it.each([
    ['xrange', 'builtins.range', 'safe'],
    ['unicode', 'builtins.str', 'safe'],
    ['long', 'builtins.int', 'safe'],
    ['unichr', 'builtins.chr', 'unknown'],
    ['intern', 'sys.intern', 'dangerous'],
  ])('renames the Python 2 builtin %s to %s, as find_class does', (n, resolved, level) => {
    const v = classifyGlobal('__builtin__', n);
    expect(v.resolved).toBe(resolved);
    expect(v.level).toBe(level);
  });

  it('takes no prototype property of the rename table for a rename', () => {
    for (const n of ['constructor', 'toString', '__proto__']) expect(classifyGlobal('__builtin__', n).resolved).toBe(`builtins.${n}`);
  });

  // find_class maps Python 2 names for protocols 0-2 (_compat_pickle): the gadget is the mapped one.
  it.each([
    ['__builtin__', 'reduce', 'functools.reduce'],
    ['thread', 'start_new_thread', 'threading.start_new_thread'],
    ['SocketServer', 'TCPServer', 'socketserver.TCPServer'],
    ['BaseHTTPServer', 'HTTPServer', 'http.server.HTTPServer'],
    ['SimpleXMLRPCServer', 'SimpleXMLRPCServer', 'xmlrpc.server.SimpleXMLRPCServer'],
  ])('reads the Python 2 name %s.%s as %s', (m, n, resolved) => {
    const v = classifyGlobal(m, n);
    expect(v.level).toBe('dangerous');
    expect(v.resolved).toBe(resolved);
  });

  it('treats malformed names as dangerous', () => {
    expect(classifyGlobal('os', '').level).toBe('dangerous');
    expect(classifyGlobal('os x', 'y').level).toBe('dangerous');
  });
});

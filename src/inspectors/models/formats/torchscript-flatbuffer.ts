import type { ByteSource } from '../io/byte-source.js';
import { FlatbufferError, FlatbufferReader } from '../io/flatbuffer.js';
import { fullyScanned } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';
import { checkTorchscriptCode, codeModuleName, MAX_CODE_BYTES } from './torchscript-code.js';
import { FileOpSightings } from './torchscript-file-ops.js';

/**
 * A TorchScript mobile model saved as one flatbuffer (`torch.jit.save_jit_module_to_flatbuffer`,
 * `_save_for_lite_interpreter(..., _use_flatbuffer=True)`; file identifier `PTMF`, schema
 * `torch/csrc/jit/serialization/mobile_bytecode.fbs`). torch 1.13's `torch.jit.load` and
 * `_load_for_lite_interpreter` both load it, whatever its name, and both ran a module's
 * `__setstate__` (which wrote a file) as they did. It holds the same two things a lite-interpreter
 * zip holds, so it is checked the same way (rule torchscript_code_no_file_ops):
 *
 * - the `ivalues` of type Function are the bytecode: a qualified name and an operator table of
 *   names (`aten::save`); the loader builds every ivalue as it reads the file, and for an Object
 *   whose type is CLASS_WITH_SETSTATE it runs the Function its `setstate_func` indexes. So a
 *   function runs at load if it is named `….__setstate__` or any such object points at it;
 * - `jit_sources` is the module's TorchScript source (as a zip's code/), which torch.jit.load
 *   compiles; it gets code/'s text check.
 *
 * Not checked: `extra_files` (user files handed back as bytes, never compiled or run). No object
 * type can name a Python class: the loader is C++ and knows only the TorchScript classes the file
 * defines and custom classes a C++ library registered (CUSTOM_CLASS, looked up by name; like a
 * custom operator, it needs code the loading program brought).
 */

/** Module, IValue, Function, Operator, Object, ObjectType, ExtraFile: field indices from the schema. */
const MODULE = { ivalues: 4, objectTypes: 7, jitSources: 8 } as const;
const IVALUE = { type: 0, val: 1 } as const;
const FUNCTION = { qn: 0, operators: 2 } as const;
const OBJECT = { typeIndex: 0, setstateFunc: 3 } as const;
const OBJECT_TYPE_KIND = 1;
const EXTRA_FILE = { name: 0, content: 1 } as const;
/** IValueUnion members and TypeType values read here. */
const UNION_OBJECT = 10;
const UNION_FUNCTION = 16;
const CLASS_WITH_SETSTATE = 3;

/** Operator table names the bytecode spells out; the overload is a field of its own. */
const FILE_OP_NAMES: ReadonlyMap<string, string> = new Map([
  ['aten::save', 'save'],
  ['aten::from_file', 'from_file'],
]);

/** Bounds on a hostile file: ivalues and operator entries visited, jit_sources read (a model has thousands, hundreds, a few). */
const MAX_IVALUES = 2_000_000;
const MAX_OPERATORS = 1_000_000;
const MAX_SOURCES = 10_000;
const MAX_SOURCE_TEXT = 32 * 1024 * 1024;

/** Whether a file is a TorchScript mobile flatbuffer: its identifier, bytes 4..8. */
export function isTorchscriptFlatbuffer(head: Uint8Array): boolean {
  return head.length >= 8 && head[4] === 0x50 && head[5] === 0x54 && head[6] === 0x4d && head[7] === 0x46;
}

interface FunctionOps {
  index: number;
  qn: string | undefined;
  ops: string[];
}

/** What the reading found; `cut` says which bound stopped it. */
interface MobileModuleReading {
  functions: FunctionOps[];
  /** ivalue indices an Object's setstate_func names: run as the file loads. */
  setstate: Set<number>;
  cut?: string;
}

/** The functions' file operators and the setstate functions, read from `ivalues` (filled in as it goes, so a broken file keeps what came before). */
function readIvalues(fb: FlatbufferReader, module: number, out: MobileModuleReading): void {
  const ivalues = fb.fieldVector(module, MODULE.ivalues, 4, 'Module.ivalues');
  if (!ivalues) return;
  const types = fb.fieldVector(module, MODULE.objectTypes, 4, 'Module.object_types');
  const n = Math.min(ivalues.length, MAX_IVALUES);
  if (ivalues.length > MAX_IVALUES) out.cut = `${ivalues.length} ivalues, of which the first ${MAX_IVALUES} were read`;
  let opsSeen = 0;
  for (let i = 0; i < n; i++) {
    const iv = fb.tableAt(ivalues, i, 'IValue');
    const kind = fb.fieldU8(iv, IVALUE.type, 0, 'IValue');
    if (kind !== UNION_FUNCTION && kind !== UNION_OBJECT) continue;
    const val = fb.fieldTable(iv, IVALUE.val, kind === UNION_FUNCTION ? 'Function' : 'Object');
    if (val === undefined) continue;
    if (kind === UNION_OBJECT) {
      const t = fb.fieldU32(val, OBJECT.typeIndex, 0, 'Object');
      if (!types || t >= types.length) throw new FlatbufferError(`Object ${i} names object type ${t}, which the file does not have`);
      if (fb.fieldU8(fb.tableAt(types, t, 'ObjectType'), OBJECT_TYPE_KIND, 0, 'ObjectType') === CLASS_WITH_SETSTATE) out.setstate.add(fb.fieldU32(val, OBJECT.setstateFunc, 0, 'Object'));
      continue;
    }
    const fn: FunctionOps = { index: i, qn: fb.fieldString(val, FUNCTION.qn, 1024, 'Function.qn'), ops: [] };
    const operators = fb.fieldVector(val, FUNCTION.operators, 4, 'Function.operators');
    for (let k = 0; operators && k < operators.length; k++) {
      if (++opsSeen > MAX_OPERATORS) {
        out.cut = `more than ${MAX_OPERATORS} operator entries; the rest were not read`;
        return;
      }
      const name = fb.fieldBytes(fb.tableAt(operators, k, 'Operator'), 0, 32, 'Operator.name');
      const op = name && !name.cut ? FILE_OP_NAMES.get(String.fromCharCode(...name.bytes)) : undefined;
      if (op && !fn.ops.includes(op)) fn.ops.push(op);
    }
    if (fn.ops.length) out.functions.push(fn);
  }
}

/** Gives each `jit_sources` file code/'s check; says so when one, or all together, are longer than is read. */
function checkJitSources(ctx: ModelScanContext, fb: FlatbufferReader, module: number, sightings: FileOpSightings, member: string | undefined): void {
  const sources = fb.fieldVector(module, MODULE.jitSources, 4, 'Module.jit_sources');
  if (!sources) return;
  if (sources.length > MAX_SOURCES) ctx.incomplete(fullyScanned, `TorchScript mobile flatbuffer has ${sources.length} jit_sources; the first ${MAX_SOURCES} were read`, member);
  let budget = MAX_SOURCE_TEXT;
  for (let i = 0; i < Math.min(sources.length, MAX_SOURCES); i++) {
    const file = fb.tableAt(sources, i, 'ExtraFile');
    const name = fb.fieldString(file, EXTRA_FILE.name, 1024, 'ExtraFile.name') ?? '';
    const content = fb.fieldBytes(file, EXTRA_FILE.content, Math.min(MAX_CODE_BYTES, budget), 'ExtraFile.content');
    if (!content) continue;
    if (content.cut) ctx.incomplete(fullyScanned, `TorchScript mobile flatbuffer: jit_sources ${name} was read in part (its first ${content.bytes.length} bytes)`, member);
    budget -= content.bytes.length;
    checkTorchscriptCode(sightings, new TextDecoder().decode(content.bytes), codeModuleName(name), member);
  }
}

/** Reads a TorchScript mobile flatbuffer and reports the file operators its bytecode and jit_sources name. */
export async function scanTorchscriptFlatbuffer(ctx: ModelScanContext, src: ByteSource, member: string | undefined): Promise<void> {
  ctx.format('torchscript-flatbuffer');
  if (src.size > ctx.limits.maxMemberBytes) {
    return ctx.incomplete(fullyScanned, `TorchScript mobile flatbuffer of ${src.size} bytes is larger than the ${ctx.limits.maxMemberBytes} this scanner reads into memory; not checked`, member);
  }
  ctx.note('TorchScript mobile flatbuffer (PTMF): its functions\' operator tables and its jit_sources are read for file-system operators (aten::save, aten::from_file); extra_files are not code and are not read');
  const fb = new FlatbufferReader(await src.read(0, src.size));
  const sightings = new FileOpSightings('flatbuffer');
  const reading: MobileModuleReading = { functions: [], setstate: new Set() };
  try {
    const module = fb.root();
    readIvalues(fb, module, reading);
    checkJitSources(ctx, fb, module, sightings, member);
  } catch (e) {
    if (!(e instanceof FlatbufferError)) throw e;
    ctx.incomplete(fullyScanned, `TorchScript mobile flatbuffer is malformed, and was read only up to the fault: ${e.message}`, member);
  }
  if (reading.cut) ctx.incomplete(fullyScanned, `TorchScript mobile flatbuffer has ${reading.cut}`, member);
  for (const fn of reading.functions) {
    const atLoad = (fn.qn?.endsWith('.__setstate__') ?? false) || reading.setstate.has(fn.index);
    for (const op of fn.ops) sightings.add({ op, ...(fn.qn ? { method: fn.qn } : {}), atLoad, part: 'bytecode', ...(member ? { member } : {}) });
  }
  sightings.report(ctx, member);
}

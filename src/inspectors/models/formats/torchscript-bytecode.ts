import type { ByteSource } from '../io/byte-source.js';
import type { PickleDialect, TupleObserver } from '../pickle/vm.js';
import type { PVal } from '../pickle/values.js';
import { fullyScanned } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';
import type { FileOpSightings } from './torchscript-file-ops.js';
import { scanPickleFile } from './pickle-file.js';

/**
 * The `bytecode.pkl` of a lite-interpreter archive (`module._save_for_lite_interpreter('m.ptl')`),
 * which `torch.jit.mobile._load_for_lite_interpreter` runs without compiling `code/`. It is one
 * pickle of tuples: `(version, (qualified method name, (('instructions', …), ('operators',
 * ((name, overload, argc), …)), ('constants', …), …), schema), …)`. Operators are named by
 * strings there, so the two that take a file name (see torchscript-code.ts) are looked for as a
 * tuple whose first item is `aten::save` or `aten::from_file`, whatever its overload. Strings
 * repeat by memo reference, so the tuples are read from the pickle machine (which resolves the
 * memo), never from the raw bytes; the tables outgrow the 32 items a tuple keeps, so each tuple is
 * seen as it is built (TupleObserver), and what it holds is carried up to the method tuple around it.
 */

/** The lite interpreter's record, at the archive's top or under its one folder (as constants.pkl is looked for). */
export const TORCHSCRIPT_BYTECODE = /^(?:[^/]+\/)?bytecode\.pkl$/;

/** An operator table entry naming one of the file operators; the overload name does not matter. */
const FILE_OP_NAME = /^aten::(save|from_file)$/;
/** `__torch__.Net.forward`, `__torch__.___torch_mangle_2.Net.__setstate__`: a method tuple's first item. */
const METHOD_NAME = /^(?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*$/;
/**
 * Bounds on a hostile stream. A real model lists each operator once per method, so a few file
 * operator entries at most; past these the reading stops and the file is said to be read in part
 * (an entry not followed up to its method could be a `__setstate__` one).
 */
const MAX_ENTRIES = 256;
/** Entries merged into one tuple's list (a tuple whose items hold different entries). */
const MAX_HELD = 64;
/** Entry visits across the file: memo references let a few bytes merge a list again and again. */
const MAX_WORK = 4_000_000;

/** One operator entry, and the method tuples found around it: the outermost, and a `__setstate__` one. */
interface FileOpEntry {
  op: string;
  outermost?: string;
  setstate?: string;
}

export class BytecodeFileOps implements TupleObserver {
  /** Per tuple value (memo references share the value), the operator entries it holds. */
  private held = new WeakMap<PVal, FileOpEntry[]>();
  readonly entries: FileOpEntry[] = [];
  private work = 0;
  /** Set when a bound was reached: entries may have been missed or not followed to their method. */
  cutShort = false;

  tuple(value: PVal, items: readonly PVal[], start: number, end: number): void {
    if (this.cutShort) return;
    const first = end > start ? items[start] : undefined;
    const name = first?.t === 'str' ? first.v : undefined;
    const op = name === undefined ? undefined : FILE_OP_NAME.exec(name)?.[1];
    let inside: FileOpEntry[] | undefined;
    if (op) {
      if (this.entries.length >= MAX_ENTRIES) return void (this.cutShort = true);
      const entry = { op };
      this.entries.push(entry);
      inside = [entry];
    }
    for (let i = start; i < end; i++) {
      const sub = this.held.get(items[i]!);
      if (!sub || sub === inside) continue;
      // The common case, one item holding entries, shares its list; only a mix is merged.
      if (!inside) {
        inside = sub;
        continue;
      }
      this.work += sub.length + inside.length;
      if (this.work > MAX_WORK) return void (this.cutShort = true);
      const merged = new Set([...inside, ...sub]);
      if (merged.size > MAX_HELD) return void (this.cutShort = true);
      inside = [...merged];
    }
    if (!inside) return;
    if (name !== undefined && METHOD_NAME.test(name)) {
      for (const e of inside) {
        e.outermost = name;
        if (name.endsWith('.__setstate__')) e.setstate ??= name;
      }
    }
    this.held.set(value, inside);
  }
}

/** The method an entry is reported under: `__setstate__` if any method tuple around it is one, else the outermost. */
function reportedMethod(e: FileOpEntry): string | undefined {
  return e.setstate ?? e.outermost;
}

/** Scans `bytecode.pkl` as the pickle it is (globals judged as for the archive's other records) and records the file operators its tables name. */
export async function scanTorchscriptBytecode(ctx: ModelScanContext, sightings: FileOpSightings, src: ByteSource, member: string, dialect: PickleDialect): Promise<void> {
  const ops = new BytecodeFileOps();
  ctx.note('lite-interpreter archive: bytecode.pkl, which _load_for_lite_interpreter runs without code/, is read for the file-system operators its operator tables name (aten::save, aten::from_file)');
  await scanPickleFile(ctx, src, member, dialect, ops);
  if (ops.cutShort) ctx.incomplete(fullyScanned, `bytecode.pkl names more file operator entries, or shares them more often, than a model does; the rest were not followed`, member);
  for (const e of ops.entries) {
    const method = reportedMethod(e);
    sightings.add({ op: e.op, ...(method ? { method } : {}), atLoad: method?.endsWith('.__setstate__') ?? false, part: 'bytecode', member });
  }
}

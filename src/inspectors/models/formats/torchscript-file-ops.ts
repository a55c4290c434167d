import { fullyScanned, torchscriptNoFileOps } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';

/**
 * One TorchScript model names its methods' operators twice over: as source (a zip's `code/`, a
 * flatbuffer's `jit_sources`), which torch.jit.load compiles, and as the lite interpreter's
 * operator tables (`bytecode.pkl`, a flatbuffer's functions). A method that calls torch.save is
 * one weakness, so the places that name it are gathered per model and reported once per operator
 * and method, every place as evidence.
 */

/** The two operators by their name in the `aten` namespace, and what each does with its file. */
export const FILE_OPS: Readonly<Record<string, string>> = {
  save: 'writes a file',
  from_file: 'maps a file into a tensor, and with shared=True writes it',
};

/** Where one model keeps its source and its bytecode, and which loaders read it. */
export type TorchscriptContainer = 'zip' | 'flatbuffer';

/** One place that names a file operator. */
export interface FileOpSighting {
  /** `save` or `from_file`. */
  op: string;
  /** The qualified method (`__torch__.Net.__setstate__`), when it is known. */
  method?: string;
  /** Whether the loader runs the method as it loads the file (a `__setstate__`). */
  atLoad: boolean;
  part: 'code' | 'bytecode';
  /** The archive member or nested path it is in; undefined for a flatbuffer at the top. */
  member?: string;
}

/** Distinct operator and method pairs one model can report, past which the rest are said to be left out. */
const MAX_KEYS = 256;

const PART_LABEL: Record<TorchscriptContainer, Record<FileOpSighting['part'], string>> = {
  zip: { code: 'code/ source', bytecode: 'lite-interpreter bytecode (bytecode.pkl)' },
  flatbuffer: { code: 'jit_sources', bytecode: 'bytecode' },
};

/** The file operators one TorchScript model names, gathered from all its parts and reported by `report`. */
export class FileOpSightings {
  private readonly byKey = new Map<string, FileOpSighting[]>();
  private dropped = false;

  constructor(readonly container: TorchscriptContainer) {}

  add(s: FileOpSighting): void {
    // A method that is not known (an entry outside any method tuple) is its own key per part.
    const key = `${s.op}:${s.method ?? `?${s.part}`}`;
    const list = this.byKey.get(key);
    if (list) {
      if (!list.some((o) => o.part === s.part && o.member === s.member)) list.push(s);
    } else if (this.byKey.size < MAX_KEYS) this.byKey.set(key, [s]);
    else this.dropped = true;
  }

  /** One problem per operator and method, naming every part that names it. `member` is where an incomplete read is reported. */
  report(ctx: ModelScanContext, member?: string): void {
    if (this.dropped) ctx.incomplete(fullyScanned, `TorchScript model names file operators in more than ${MAX_KEYS} methods; the rest are not listed`, member);
    for (const [key, sightings] of this.byKey) {
      const members = [...new Set(sightings.flatMap((s) => (s.member ? [s.member] : [])))];
      ctx.add({
        rule: torchscriptNoFileOps,
        level: sightings.some((s) => s.atLoad) ? 'malicious' : 'suspicious',
        message: this.message(sightings),
        key: `torchscript-op:${key}`,
        ...(members[0] ? { member: members[0] } : {}),
        ...(members.length > 1 ? { members } : {}),
      });
    }
  }

  private message(sightings: FileOpSighting[]): string {
    const { op, method } = sightings[0]!;
    const code = sightings.some((s) => s.part === 'code');
    const bytecode = sightings.some((s) => s.part === 'bytecode');
    const atLoad = sightings.some((s) => s.atLoad);
    const where = method ? `${method}()` : code ? 'the code' : 'a method';
    const flat = this.container === 'flatbuffer';
    const label = PART_LABEL[this.container];
    const subject = flat
      ? `TorchScript mobile flatbuffer: ${where} calls aten::${op}, which ${FILE_OPS[op]}, in its ${[...(bytecode ? [label.bytecode] : []), ...(code ? [label.code] : [])].join(' and its ')}`
      : code && bytecode
        ? `TorchScript ${where} calls torch.${op}, which ${FILE_OPS[op]} (aten::${op}), in its ${label.code} and its ${label.bytecode}`
        : code
          ? `TorchScript ${where} calls torch.${op}, which ${FILE_OPS[op]} (aten::${op})`
          : `lite-interpreter bytecode of ${where} calls aten::${op}, which ${FILE_OPS[op]}`;
    if (!atLoad) return `${subject}, when the model is called`;
    // torch 1.13's torch.jit.load and _load_for_lite_interpreter both load a flatbuffer and run its __setstate__.
    const loaders = flat || (code && bytecode) ? 'torch.jit.load and the lite interpreter run __setstate__ as they load' : code ? 'torch.jit.load runs __setstate__ as it loads' : 'the lite interpreter runs __setstate__ as it loads';
    return `${subject}: ${loaders} the file`;
  }
}

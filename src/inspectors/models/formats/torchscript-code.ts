import type { ByteSource } from '../io/byte-source.js';
import { fullyScanned, torchscriptNoFileOps } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';

/**
 * The TorchScript source in a `torch.jit.save` archive's `code/` folder, which `torch.jit.load`
 * compiles. TorchScript is no Python: it cannot import a module, and it reaches native code only
 * through the operators torch registers, each named in the source (`torch.add`, `ops.aten.relu`);
 * no string can be turned into an operator name. Of the 4,165 operator schemas of torch 1.13
 * (`torch._C._jit_get_all_schemas()`), two take a file name: `aten::save` (`torch.save`, writes
 * a file) and `aten::from_file` (`torch.from_file`, maps a file into a tensor; with `shared=True`
 * writing into the tensor writes the file). Both were checked against torch 1.13's `torch.jit.load`:
 * a module's `__setstate__`, which the loader runs, wrote a file with `torch.save` and overwrote
 * another through `torch.from_file(path, True, n)` and `fill_`. A reference is enough: `s =
 * torch.save` then `s(…)` loads and runs too.
 *
 * So a reference to one of these in the code, outside strings and comments, is reported: inside
 * `__setstate__` it runs when the file is loaded (malicious); elsewhere when the model is called
 * (suspicious, as a SavedModel's ReadFile/WriteFile ops are). Custom operators (`ops.myns.op`) need
 * a library the loading program registered; they are not judged here.
 */

/** Each code file read up to this much: a scripted model's code files are kilobytes. */
export const MAX_CODE_BYTES = 4 * 1024 * 1024;

/** The archive's TorchScript source files (`<archive>/code/__torch__/….py`; not their `.debug_pkl`). */
export const TORCHSCRIPT_CODE = /(?:^|\/)code\/.+\.py$/;

/** The two operators by their name in the `aten` namespace, and what each does with its file. */
export const FILE_OPS: Readonly<Record<string, string>> = {
  save: 'writes a file',
  from_file: 'maps a file into a tensor, and with shared=True writes it',
};

/** `torch.save`, `torch.ops.aten.from_file`, `ops.aten.save` (whitespace allowed around the dots, as the TorchScript lexer allows it). */
const FILE_OP_REF = /(?<![\w.])(?:torch\s*\.\s*(?:ops\s*\.\s*aten\s*\.\s*)?|ops\s*\.\s*aten\s*\.\s*)(save|from_file)\b/g;

/** The source with its string literals emptied and its comments dropped (same length, so offsets hold). */
export function codeOnly(src: string): string {
  const out = src.split('');
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '#') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? src.length : end;
      for (let k = i; k < stop; k++) out[k] = ' ';
      i = stop;
    } else if (c === '"' || c === "'") {
      const quote = src.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let k = i + quote.length;
      while (k < src.length && !src.startsWith(quote, k)) {
        // A single-quoted string ends at its line's end if it is not closed (the compiler refuses it anyway).
        if (quote.length === 1 && src[k] === '\n') break;
        k += src[k] === '\\' ? 2 : 1;
      }
      const stop = Math.min(src.length, k + quote.length);
      for (let j = i + quote.length; j < Math.min(k, src.length); j++) if (out[j] !== '\n') out[j] = ' ';
      i = stop;
    } else i++;
  }
  return out.join('');
}

/** Reports the file-system operators a code/ file refers to. */
export function checkTorchscriptCode(ctx: ModelScanContext, source: string, member: string): void {
  const code = codeOnly(source);
  // The method a reference is in: the nearest `def name(` before it (TorchScript has no nested
  // functions). Both lists are in source order, so one forward pass pairs them.
  const defs = [...code.matchAll(/^[ \t]*def\s+(\w+)\s*\(/gm)];
  let d = -1;
  const seen = new Set<string>();
  for (const m of code.matchAll(FILE_OP_REF)) {
    while (d + 1 < defs.length && defs[d + 1]!.index < m.index) d++;
    const op = m[1]!;
    const method = defs[d]?.[1];
    const atLoad = method === '__setstate__';
    const key = `torchscript-op:${op}:${atLoad ? 'load' : 'call'}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = method ? `${method}()` : 'the code';
    ctx.add({
      rule: torchscriptNoFileOps,
      level: atLoad ? 'malicious' : 'suspicious',
      message: `TorchScript ${where} calls torch.${op}, which ${FILE_OPS[op]} (aten::${op})${atLoad ? ': torch.jit.load runs __setstate__ as it loads the file' : ', when the model is called'}`,
      key,
      member,
    });
  }
}

/** Reads one code/ file (its first MAX_CODE_BYTES; past that the scan says it read part) and checks it. */
export async function scanTorchscriptCode(ctx: ModelScanContext, src: ByteSource, member: string): Promise<void> {
  if (src.size > MAX_CODE_BYTES) ctx.incomplete(fullyScanned, `TorchScript code file of ${src.size} bytes: its first ${MAX_CODE_BYTES} were read`, member);
  const text = new TextDecoder().decode(await src.read(0, MAX_CODE_BYTES));
  checkTorchscriptCode(ctx, text, member);
}

import type { ByteSource } from '../io/byte-source.js';
import { fullyScanned } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';
import type { FileOpSightings } from './torchscript-file-ops.js';

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

/**
 * The TorchScript module a code file defines: `m/code/__torch__/torch/nn/modules/linear.py` is
 * `__torch__.torch.nn.modules.linear`, a flatbuffer's jit_sources entry `__torch__` is `__torch__`.
 */
export function codeModuleName(file: string): string {
  return file.replace(/^(?:[^/]+\/)?code\//, '').replace(/\.py$/, '').replace(/\//g, '.');
}

/**
 * Records the file-system operators a code file refers to, each under its qualified method
 * (`__torch__.Net.__setstate__`, as the bytecode names it), so the two name one weakness alike.
 * `module` is the file's module (codeModuleName); `member` where the file is.
 */
export function checkTorchscriptCode(sightings: FileOpSightings, source: string, module: string, member: string | undefined): void {
  const code = codeOnly(source);
  // The method a reference is in: the nearest `def name(` before it (TorchScript has no nested
  // functions), and the class around that def, the nearest `class Name` before it at column 0
  // (the printer writes classes there and their methods indented). All in source order.
  const defs = [...code.matchAll(/^([ \t]*)def\s+(\w+)\s*\(/gm)];
  const classes = [...code.matchAll(/^class\s+(\w+)/gm)];
  let d = -1;
  let c = -1;
  for (const m of code.matchAll(FILE_OP_REF)) {
    while (d + 1 < defs.length && defs[d + 1]!.index < m.index) d++;
    const def = defs[d];
    while (def && c + 1 < classes.length && classes[c + 1]!.index < def.index) c++;
    const cls = def && def[1] !== '' ? classes[c]?.[1] : undefined;
    const name = def?.[2];
    sightings.add({
      op: m[1]!,
      ...(name ? { method: [module, ...(cls ? [cls] : []), name].join('.') } : {}),
      atLoad: name === '__setstate__',
      part: 'code',
      ...(member ? { member } : {}),
    });
  }
}

/** Reads one code/ file (its first MAX_CODE_BYTES; past that the scan says it read part) and records the file operators it refers to. */
export async function scanTorchscriptCode(ctx: ModelScanContext, sightings: FileOpSightings, src: ByteSource, entry: string, member: string): Promise<void> {
  if (src.size > MAX_CODE_BYTES) ctx.incomplete(fullyScanned, `TorchScript code file of ${src.size} bytes: its first ${MAX_CODE_BYTES} were read`, member);
  const text = new TextDecoder().decode(await src.read(0, MAX_CODE_BYTES));
  checkTorchscriptCode(sightings, text, codeModuleName(entry), member);
}

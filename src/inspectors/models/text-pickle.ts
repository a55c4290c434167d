/**
 * Whether a head of bytes is a protocol 0/1 ("text") pickle, read as the unpickler reads it
 * rather than by its name: such a pickle may open with any opcode (`N0cos\nsystem\n…`,
 * `(dp0\n…`), and the walker calls it `text`, so a `pytorch_model.bin` holding one was never
 * looked at (the CVE-2025-10155 class). The opcodes are walked from the start; it is a pickle if
 * they import something (GLOBAL `c` or INST `i`) and every byte up to STOP, or to the end of the
 * head, is a well-formed text opcode. Prose fails at its first byte that is no opcode.
 */

/**
 * Stack effect of each argument-free text opcode: [items needed in the current MARK frame,
 * items left after it], or 'mark' / 'close' for opcodes that open or consume a MARK frame.
 */
const NO_ARG: Record<string, [number, number] | 'mark' | 'close'> = {
  ')': [0, 1], ']': [0, 1], '}': [0, 1], N: [0, 1], '0': [1, 0], '2': [1, 2], a: [2, 1], s: [3, 1], R: [2, 1], b: [2, 1],
  '(': 'mark', '1': 'close', t: 'close', l: 'close', d: 'close', e: 'close', u: 'close', o: 'close',
};
/** What a frame-consuming opcode leaves in the frame below: a new item, or nothing (it fills the item below). */
const CLOSE_PUSHES: Record<string, number> = { '1': 0, t: 1, l: 1, d: 1, o: 1, e: 0, u: 0 };
const IDENT = /^[A-Za-z_][\w.]*$/;
const LINE_ARG: Record<string, RegExp> = {
  I: /^\s*[-+]?\s*(0[xXoObB])?[\d_a-fA-F]+\s*$/,
  L: /^\s*[-+]?\s*(0[xXoObB])?[\d_a-fA-F]+L?\s*$/,
  F: /^\s*[-+]?(\d[\d_]*\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|inf|nan)\s*$/i,
  S: /^(['"]).*\1$/,
  V: /^[^]*$/,
  P: /^[^]*$/,
  p: /^\s*\+?\d[\d_]*\s*$/,
  g: /^\s*\+?\d[\d_]*\s*$/,
};
/** Items each line-argument opcode needs and leaves (PUT reads the top, the rest push one). */
const LINE_EFFECT: Record<string, [number, number]> = { p: [1, 1] };

export function isTextPickle(head: Uint8Array): boolean {
  const s = Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1');
  // Items in each open MARK frame, innermost last: an opcode that reaches below its frame is an
  // unpickling error, which prose (`cat\ndog\nbird`) soon makes.
  const frames = [0];
  let imports = 0;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '.') return imports > 0 && frames[frames.length - 1]! >= 1;
    const fx = NO_ARG[c];
    if (fx === 'mark') frames.push(0);
    else if (fx === 'close') {
      if (frames.length < 2) return false;
      const inner = frames.pop()!;
      if (c === 'o' && inner < 1) return false;
      const below = frames.length - 1;
      if ((c === 'e' || c === 'u') && frames[below]! < 1) return false;
      frames[below]! += CLOSE_PUSHES[c]!;
    } else if (fx) {
      if (frames[frames.length - 1]! < fx[0]) {
        // POP with an empty frame discards the MARK instead.
        if (c === '0' && frames.length > 1 && frames[frames.length - 1] === 0) frames.pop();
        else return false;
      } else frames[frames.length - 1]! += fx[1] - fx[0];
    }
    if (fx) {
      i++;
      continue;
    }
    const lines = c === 'c' || c === 'i' ? 2 : LINE_ARG[c] ? 1 : 0;
    if (!lines) return false;
    let at = i + 1;
    for (let k = 0; k < lines; k++) {
      const nl = s.indexOf('\n', at);
      // Cut off by the end of the head: what was read so far decides.
      if (nl < 0) return imports > 0;
      const arg = s.slice(at, nl);
      if (lines === 2 ? !IDENT.test(arg) : !LINE_ARG[c]!.test(arg)) return false;
      at = nl + 1;
    }
    const top = frames.length - 1;
    if (c === 'i') {
      // INST takes its arguments from a MARK frame and leaves the instance below it.
      if (frames.length < 2) return false;
      frames.pop();
      frames[top - 1]! += 1;
    } else {
      const [need, left] = LINE_EFFECT[c] ?? [0, 1];
      if (frames[top]! < need) return false;
      frames[top]! += left - need;
    }
    if (lines === 2) imports++;
    i = at;
  }
  return imports > 0;
}

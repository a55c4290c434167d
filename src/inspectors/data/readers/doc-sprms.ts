/**
 * A property list (grpprl) of a Word 97–2003 document (MS-DOC 2.6 Single Property Modifiers): a run
 * of sprms, each a u16 opcode and an operand whose size the opcode's top three bits (spra) give —
 * or, for spra 6, the operand's own first byte, with the two exceptions Word writes (a table's
 * definition, whose size is a u16, and a paragraph's tab changes, whose size can be 255 and then
 * is counted from the tab lists themselves).
 *
 * A reader that skips a sprm it does not know must still know its size, or every sprm after it is
 * read from the wrong place; a sprm whose operand runs past the list ends the walk and says so.
 */

/** sprmTDefTable and Word 97's sprmTDefTable10: a u16 size that counts itself less one byte. */
const TABLE_DEFINITIONS = new Set([0xd608, 0xd606]);
/** sprmPChgTabs: a one-byte size, or 255 and the size counted from its tab lists. */
const CHANGE_TABS = 0xc615;

/** Operand bytes by spra; spra 6 (variable) is -1. */
const FIXED = [1, 1, 2, 4, 2, 2, -1, 3] as const;

/**
 * The size of the operand of sprm `op` that starts at `at` in `grpprl`; undefined when a variable
 * operand's size cannot be read there (the list ends first).
 */
export function operandSize(grpprl: Uint8Array, at: number, op: number): number | undefined {
  const fixed = FIXED[op >>> 13]!;
  if (fixed >= 0) return fixed;
  if (TABLE_DEFINITIONS.has(op)) {
    if (at + 2 > grpprl.length) return undefined;
    // The u16 counts the bytes after it, plus one.
    return 2 + Math.max(0, (grpprl[at]! | (grpprl[at + 1]! << 8)) - 1);
  }
  if (at >= grpprl.length) return undefined;
  const cb = grpprl[at]!;
  if (op === CHANGE_TABS && cb === 255) {
    // Deleted tabs (u8 count, a position and a close range each: 4 bytes), then added tabs (u8 count, a position and a descriptor each: 3 bytes).
    const deleted = grpprl[at + 1];
    if (deleted === undefined) return undefined;
    const added = grpprl[at + 2 + deleted * 4];
    if (added === undefined) return undefined;
    return 1 + 1 + deleted * 4 + 1 + added * 3;
  }
  return 1 + cb;
}

/**
 * Calls `visit` with each sprm of `grpprl` and its operand, in order. Returns undefined when the
 * list was walked to its end, else what stopped it (an operand past the list's end).
 */
export function eachSprm(grpprl: Uint8Array, visit: (op: number, operand: Uint8Array) => void): string | undefined {
  let at = 0;
  while (at < grpprl.length) {
    if (at + 2 > grpprl.length) return `a stray byte at the end of its ${grpprl.length}-byte property list`;
    const op = grpprl[at]! | (grpprl[at + 1]! << 8);
    const size = operandSize(grpprl, at + 2, op);
    const name = `property 0x${op.toString(16).padStart(4, '0')} at byte ${at}`;
    if (size === undefined) return `${name} has its operand's size past the end of its ${grpprl.length}-byte property list`;
    if (at + 2 + size > grpprl.length) return `${name} claims ${size} operand bytes, past the end of its ${grpprl.length}-byte property list`;
    visit(op, grpprl.subarray(at + 2, at + 2 + size));
    at += 2 + size;
  }
  return undefined;
}

/**
 * A small FlatBuffers writer for tests: tables, strings and vectors laid out front to back (a
 * parent before its children, so every unsigned offset points forward, as the format requires),
 * each vtable just before its table. Enough to build TorchScript mobile modules by hand, and to
 * know where each piece landed so a test can break it.
 */

export type FbField = { u8: number } | { u32: number } | { ref: FbNode } | undefined;

export type FbNode = { kind: 'table'; fields: FbField[] } | { kind: 'string'; text: string } | { kind: 'refs'; items: FbNode[]; repeat?: number } | { kind: 'u32s'; items: number[] };

export const fbTable = (...fields: FbField[]): FbNode => ({ kind: 'table', fields });
export const fbString = (text: string): FbNode => ({ kind: 'string', text });
/** A vector of tables or strings; with `repeat`, its items over and over (offsets that revisit one table). */
export const fbRefs = (items: FbNode[], repeat = 1): FbNode => ({ kind: 'refs', items, repeat });
export const fbU32s = (items: number[]): FbNode => ({ kind: 'u32s', items });

/** The bytes, and where each node was written (a table's position is its soffset, past its vtable). */
export function writeFlatbuffer(root: FbNode, identifier: string): { bytes: Uint8Array; at: Map<FbNode, number> } {
  const out: number[] = [];
  const at = new Map<FbNode, number>();
  const patches: { pos: number; node: FbNode }[] = [];
  const u16 = (v: number) => out.push(v & 0xff, (v >> 8) & 0xff);
  const u32 = (v: number) => out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  const pad = () => {
    while (out.length % 4) out.push(0);
  };
  const ref = (node: FbNode) => {
    patches.push({ pos: out.length, node });
    u32(0);
  };
  const emit = (node: FbNode): void => {
    if (at.has(node)) return;
    if (node.kind === 'table') {
      const vt = out.length;
      u16(4 + 2 * node.fields.length);
      u16(4 + 4 * node.fields.length);
      node.fields.forEach((f, i) => u16(f === undefined ? 0 : 4 + 4 * i));
      pad();
      const t = out.length;
      at.set(node, t);
      u32(t - vt);
      for (const f of node.fields) {
        if (f === undefined) u32(0);
        else if ('u8' in f) out.push(f.u8, 0, 0, 0);
        else if ('u32' in f) u32(f.u32);
        else ref(f.ref);
      }
      for (const f of node.fields) if (f && 'ref' in f) emit(f.ref);
    } else if (node.kind === 'string') {
      at.set(node, out.length);
      const b = new TextEncoder().encode(node.text);
      u32(b.length);
      out.push(...b, 0);
      pad();
    } else if (node.kind === 'refs') {
      at.set(node, out.length);
      const repeat = node.repeat ?? 1;
      u32(node.items.length * repeat);
      for (let r = 0; r < repeat; r++) for (const item of node.items) ref(item);
      for (const item of node.items) emit(item);
    } else {
      at.set(node, out.length);
      u32(node.items.length);
      for (const v of node.items) u32(v);
    }
  };
  ref(root);
  for (const c of identifier.padEnd(4, '\0').slice(0, 4)) out.push(c.charCodeAt(0));
  emit(root);
  const bytes = Uint8Array.from(out);
  const view = new DataView(bytes.buffer);
  for (const p of patches) view.setUint32(p.pos, at.get(p.node)! - p.pos, true);
  return { bytes, at };
}

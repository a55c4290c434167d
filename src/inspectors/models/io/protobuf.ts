import type { ByteSource } from './byte-source.js';
import { StreamReader } from './stream-reader.js';

/** A field of interest: a string to report, or a nested message to descend into. */
export type PbSchema = { [field: number]: { name: string; kind: 'string' } | { name: string; kind: 'message'; schema: () => PbSchema } };

export class ProtobufError extends Error {}

const MAX_STRING = 1 << 20;

/**
 * Streams a protobuf message, descending only into the fields a schema names and skipping the
 * rest (tensor payloads included) without reading them. `visit` gets each named string field with
 * its path (`graph.node.op_type`) and the id of its enclosing message, so callers can pair fields
 * of one message (an ONNX `external_data` key with its value).
 */
export async function walkProtobuf(
  src: ByteSource,
  schema: PbSchema,
  visit: (path: string, value: string, parent: number) => void,
  maxFields = 50_000_000,
): Promise<void> {
  const r = new StreamReader(src);
  let fields = 0;
  let msgIds = 0;
  const varint = async (): Promise<number> => {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (r.available < 1 && !(await r.ensure(1))) throw new ProtobufError(`truncated varint at byte ${r.offset}`);
      const b = r.buf[r.pos++]!;
      v += (b & 0x7f) * mul;
      if (!(b & 0x80)) return v;
      mul *= 128;
    }
    throw new ProtobufError(`varint longer than 10 bytes at ${r.offset}`);
  };
  const walk = async (end: number, s: PbSchema, path: string, depth: number, id: number): Promise<void> => {
    if (depth > 64) throw new ProtobufError('messages nested deeper than 64 levels');
    while (r.offset < end) {
      if (++fields > maxFields) throw new ProtobufError(`more than ${maxFields} fields (limit)`);
      const tag = await varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (field === 0) throw new ProtobufError(`field number 0 at byte ${r.offset}`);
      if (wire === 0) await varint();
      else if (wire === 1 || wire === 5) {
        if (!r.skip(wire === 1 ? 8 : 4)) throw new ProtobufError('truncated fixed-width field');
      } else if (wire === 2) {
        const len = await varint();
        const stop = r.offset + len;
        if (stop > end) throw new ProtobufError(`field ${field} of ${len} bytes runs past its message at byte ${r.offset}`);
        const spec = s[field];
        if (spec?.kind === 'message') await walk(stop, spec.schema(), path ? `${path}.${spec.name}` : spec.name, depth + 1, ++msgIds);
        else if (spec?.kind === 'string' && len <= MAX_STRING) {
          if (!(await r.ensure(len))) throw new ProtobufError('truncated string');
          visit(path ? `${path}.${spec.name}` : spec.name, new TextDecoder().decode(r.take(len)), id);
        } else if (!r.skip(len)) throw new ProtobufError(`field ${field} runs past the end of the file`);
        if (r.offset !== stop) throw new ProtobufError(`message ${path} field ${field} length mismatch`);
      } else throw new ProtobufError(`unsupported wire type ${wire} at byte ${r.offset}`);
    }
    if (r.offset > end) throw new ProtobufError(`message ${path} overruns its length`);
  };
  await walk(src.size, schema, '', 0, 0);
}

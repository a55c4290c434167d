import path from 'node:path';
import type { ByteSource } from '../io/byte-source.js';
import { ProtobufError, walkProtobuf, type PbSchema } from '../io/protobuf.js';
import { fullyScanned, onnxExternalDataInside, onnxStandardOps } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';

const ENTRY: PbSchema = { 1: { name: 'key', kind: 'string' }, 2: { name: 'value', kind: 'string' } };
const TENSOR: PbSchema = { 8: { name: 'name', kind: 'string' }, 13: { name: 'external_data', kind: 'message', schema: () => ENTRY } };
const OPSET: PbSchema = { 1: { name: 'domain', kind: 'string' } };
const ATTRIBUTE: PbSchema = {
  5: { name: 't', kind: 'message', schema: () => TENSOR },
  6: { name: 'g', kind: 'message', schema: () => GRAPH },
  10: { name: 'tensors', kind: 'message', schema: () => TENSOR },
  11: { name: 'graphs', kind: 'message', schema: () => GRAPH },
};
const NODE: PbSchema = { 4: { name: 'op_type', kind: 'string' }, 7: { name: 'domain', kind: 'string' }, 5: { name: 'attribute', kind: 'message', schema: () => ATTRIBUTE } };
const GRAPH: PbSchema = {
  1: { name: 'node', kind: 'message', schema: () => NODE },
  5: { name: 'initializer', kind: 'message', schema: () => TENSOR },
};
const FUNCTION: PbSchema = { 7: { name: 'node', kind: 'message', schema: () => NODE }, 10: { name: 'domain', kind: 'string' } };
/** `ModelProto`: graph (7), opset_import (8), functions (25). */
const MODEL: PbSchema = {
  7: { name: 'graph', kind: 'message', schema: () => GRAPH },
  8: { name: 'opset_import', kind: 'message', schema: () => OPSET },
  25: { name: 'functions', kind: 'message', schema: () => FUNCTION },
};

/** Domains every ONNX runtime ships (onnxruntime's contrib ops included). */
const STANDARD_DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'ai.onnx.training', 'ai.onnx.preview.training', 'com.microsoft', 'com.microsoft.nchwc', 'com.microsoft.experimental', 'ai.onnx.contrib', 'com.ms.internal.nhwc', 'org.pytorch.aten']);

/** Whether an external_data location stays inside the model's folder. */
export function locationEscapes(location: string): string | undefined {
  if (location.includes('\0')) return 'contains a NUL byte';
  if (path.isAbsolute(location) || path.win32.isAbsolute(location) || /^[a-zA-Z]:/.test(location)) return 'is an absolute path';
  if (/^[a-z]+:\/\//i.test(location)) return 'is a URL';
  const norm = path.posix.normalize(location.replace(/\\/g, '/'));
  if (norm === '..' || norm.startsWith('../')) return 'climbs out of the model folder';
  return undefined;
}

/** ONNX `ModelProto`: custom operator domains and external data locations. */
export async function scanOnnx(ctx: ModelScanContext, src: ByteSource, member?: string): Promise<void> {
  ctx.format('onnx');
  const domains = new Set<string>();
  const locations: string[] = [];
  // Domains of functions defined inside the model are resolved locally, not by a native library.
  const localDomains = new Set<string>();
  let pendingKey: { parent: number; key: string } | undefined;
  try {
    await walkProtobuf(src, MODEL, (p, v, parent) => {
      if (p === 'functions.domain') localDomains.add(v);
      else if (p.endsWith('domain')) domains.add(v);
      else if (p.endsWith('external_data.key')) pendingKey = { parent, key: v };
      else if (p.endsWith('external_data.value') && pendingKey?.parent === parent && pendingKey.key === 'location') locations.push(v);
    });
  } catch (e) {
    if (!(e instanceof ProtobufError)) throw e;
    ctx.incomplete(fullyScanned, `ONNX protobuf could not be read: ${e.message}`, member);
  }
  for (const d of domains) {
    if (!STANDARD_DOMAINS.has(d) && !localDomains.has(d)) {
      ctx.add({ rule: onnxStandardOps, level: 'suspicious', message: `operators from custom domain '${d}' need a native library at load time`, key: `domain:${d}`, ...(member ? { member } : {}) });
    }
  }
  for (const loc of new Set(locations)) {
    const why = locationEscapes(loc);
    if (why) ctx.add({ rule: onnxExternalDataInside, level: 'malicious', message: `external_data location '${loc.slice(0, 120)}' ${why}`, key: `location:${loc}`, ...(member ? { member } : {}) });
  }
  if (locations.length) ctx.note(`ONNX: ${locations.length} external data reference(s)`);
}

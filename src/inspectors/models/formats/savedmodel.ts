import type { ByteSource } from '../io/byte-source.js';
import { ProtobufError, walkProtobuf, type PbSchema } from '../io/protobuf.js';
import { fullyScanned, savedModelNoPythonOps } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';

const NODE: PbSchema = { 2: { name: 'op', kind: 'string' } };
const FUNCTION: PbSchema = { 3: { name: 'node_def', kind: 'message', schema: () => NODE } };
const LIBRARY: PbSchema = { 1: { name: 'function', kind: 'message', schema: () => FUNCTION } };
const GRAPH: PbSchema = { 1: { name: 'node', kind: 'message', schema: () => NODE }, 2: { name: 'library', kind: 'message', schema: () => LIBRARY } };
const META_GRAPH: PbSchema = { 2: { name: 'graph_def', kind: 'message', schema: () => GRAPH } };
/** `SavedModel { meta_graphs: MetaGraphDef { graph_def: GraphDef { node, library } } }`. */
const SAVED_MODEL: PbSchema = { 2: { name: 'meta_graphs', kind: 'message', schema: () => META_GRAPH } };

/** Ops that call back into Python or reach the serving host's file system. */
const RISKY_OPS: Record<string, string> = {
  PyFunc: 'calls a Python function registered in the serving process',
  PyFuncStateless: 'calls a Python function registered in the serving process',
  EagerPyFunc: 'calls a Python function registered in the serving process',
  ReadFile: 'reads any file the server can read',
  WriteFile: 'writes any file the server can write',
  MatchingFiles: 'lists the server\'s files',
  ShellExecute: 'runs a shell command',
  ImmutableConst: 'maps a file from the server\'s disk into memory',
};

/**
 * TensorFlow `saved_model.pb` (also a bare GraphDef `.pb`): every node op name in the graph and in
 * its function library is checked against ops that touch files or Python.
 */
export async function scanSavedModel(ctx: ModelScanContext, src: ByteSource, member?: string): Promise<void> {
  ctx.format('savedmodel');
  const found = new Map<string, number>();
  const visit = (_: string, op: string) => {
    if (RISKY_OPS[op]) found.set(op, (found.get(op) ?? 0) + 1);
  };
  const name = (member ?? ctx.fileName).toLowerCase();
  const [first, second] = name.endsWith('saved_model.pb') ? [SAVED_MODEL, GRAPH] : [GRAPH, SAVED_MODEL];
  let error: string | undefined;
  try {
    await walkProtobuf(src, first, visit);
  } catch (e) {
    if (!(e instanceof ProtobufError)) throw e;
    error = e.message;
  }
  if (error !== undefined || found.size === 0) {
    try {
      await walkProtobuf(src, second, visit);
      error = undefined;
    } catch (e) {
      if (!(e instanceof ProtobufError)) throw e;
    }
  }
  if (error !== undefined) ctx.incomplete(fullyScanned, `TensorFlow protobuf could not be read: ${error}`, member);
  for (const [op, n] of found) {
    ctx.add({ rule: savedModelNoPythonOps, level: 'suspicious', message: `graph uses ${op} ×${n}: it ${RISKY_OPS[op]}`, key: `op:${op}`, ...(member ? { member } : {}) });
  }
}

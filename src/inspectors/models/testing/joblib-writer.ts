import { PickleWriter } from './pickle-writer.js';

/** STACK_GLOBAL for `module.name`, the way protocol 4 pickles name classes. */
function sg(w: PickleWriter, module: string, name: string): PickleWriter {
  return w.str(module).memoize().str(name).memoize().stackGlobal().memoize();
}

/** A numpy float64 dtype as joblib pickles it: `numpy.dtype('f8', False, True)` + BUILD state. */
function dtype(w: PickleWriter, descr: string): void {
  sg(w, 'numpy', 'dtype').str(descr).bool(false).bool(true).tupleN(3).reduce().memoize();
  w.mark().int(3).str('<').none().none().none().int(0xffffffff).int(0xffffffff).int(0).tuple().build();
}

/**
 * Writes a `NumpyArrayWrapper` for an array of `shape` and `descr`, then — exactly where joblib
 * puts them — the inline array bytes (after the 1.2+ alignment pad) or, for object arrays, a
 * nested protocol-2 pickle (`objectPickle`).
 */
export function joblibArray(w: PickleWriter, shape: number[], descr = 'f8', objectPickle?: Uint8Array): void {
  sg(w, 'joblib.numpy_pickle', 'NumpyArrayWrapper').tupleN(0).newobj().memoize();
  w.emptyDict().memoize().mark();
  w.str('subclass');
  sg(w, 'numpy', 'ndarray');
  w.str('shape').mark();
  for (const d of shape) w.int(d);
  w.tuple();
  w.str('order').str('C');
  w.str('dtype');
  dtype(w, descr);
  w.str('allow_mmap').bool(false);
  if (!objectPickle) w.str('numpy_array_alignment_bytes').int(16);
  w.setitems().build();
  if (objectPickle) {
    w.raw(objectPickle);
    return;
  }
  const itemsize = Number(/\d+$/.exec(descr)?.[0] ?? '8');
  const pos = w.length + 1;
  const pad = 16 - (pos % 16);
  w.raw([pad]).raw(new Uint8Array(pad).fill(0xff));
  w.raw(new Uint8Array(shape.reduce((a, b) => a * b, 1) * itemsize));
}

/** An estimator object: NEWOBJ of a class, BUILD with a state dict of simple and array fields. */
function estimator(w: PickleWriter, module: string, cls: string, fields: Record<string, string | number>, arrays: Record<string, number[]>): void {
  sg(w, module, cls).tupleN(0).newobj().memoize();
  w.emptyDict().memoize().mark();
  for (const [k, v] of Object.entries(fields)) {
    w.str(k);
    if (typeof v === 'number') w.int(v);
    else w.str(v);
  }
  for (const [k, shape] of Object.entries(arrays)) {
    w.str(k);
    joblibArray(w, shape);
  }
  w.str('_sklearn_version').str('1.5.2').setitems().build();
}

/** `joblib.dump(Pipeline([('scaler', StandardScaler()), ('clf', LogisticRegression())]))`, protocol 4. */
export function joblibPipeline(extra?: (w: PickleWriter) => void): Uint8Array {
  const w = new PickleWriter().proto(4);
  sg(w, 'sklearn.pipeline', 'Pipeline').tupleN(0).newobj().memoize();
  w.emptyDict().memoize().mark().str('steps').emptyList().memoize().mark();
  w.str('scaler');
  estimator(w, 'sklearn.preprocessing._data', 'StandardScaler', { with_mean: 1, n_features_in_: 4, n_samples_seen_: 120 }, { mean_: [4], var_: [4], scale_: [4] });
  w.tupleN(2).memoize();
  w.str('clf');
  estimator(w, 'sklearn.linear_model._logistic', 'LogisticRegression', { penalty: 'l2', C: 1, solver: 'lbfgs', max_iter: 100 }, { classes_: [3], coef_: [3, 4], intercept_: [3], n_iter_: [1] });
  w.tupleN(2).memoize();
  w.appends();
  w.str('memory').none().str('verbose').bool(false);
  extra?.(w);
  w.setitems().build();
  return w.stop().toBytes();
}

import type { ByteSource } from '../io/byte-source.js';
import { scanPickleStream } from '../pickle/scan.js';
import type { ModelScanContext } from '../scan-context.js';
import type { PickleDialect, TupleObserver } from '../pickle/vm.js';

/** A raw pickle stream (plain .pkl, joblib, dill, cloudpickle, legacy torch, a zip's data.pkl). */
export async function scanPickleFile(ctx: ModelScanContext, src: ByteSource, member?: string, dialect: PickleDialect = 'python', observer?: TupleObserver): Promise<void> {
  ctx.format('pickle');
  const before = ctx.ev.hits.length;
  const res = await scanPickleStream(src, ctx.ev, { limits: ctx.vmLimits, dialect, ...(member ? { member } : {}), ...(observer ? { observer } : {}) });
  if (res.legacyTorch) ctx.format('pytorch-legacy');
  const mine = ctx.ev.hits.slice(before);
  if (mine.some((h) => h.module.startsWith('joblib.') || h.module.startsWith('sklearn.externals.joblib'))) ctx.format('joblib');
  if (mine.some((h) => h.module.startsWith('sklearn.'))) ctx.format('sklearn');
}

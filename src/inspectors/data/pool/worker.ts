import { parentPort } from 'node:worker_threads';
import { scanPart, type ScanJob } from '../scan-part.js';

/** Worker entry: one `ScanJob` in, one `PartResult` (or an error string) out. */
parentPort?.on('message', (job: ScanJob) => {
  scanPart(job).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (e: unknown) => parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});

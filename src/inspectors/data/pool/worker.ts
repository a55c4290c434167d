import { parentPort } from 'node:worker_threads';
import { scanPart, type ScanJob } from '../scan-part.js';

/** Worker entry: one `ScanJob` in, `{ progress: bytes }` messages while it reads, one `PartResult` (or an error string) out. */
parentPort?.on('message', (job: ScanJob) => {
  scanPart(job, (bytes) => parentPort!.postMessage({ progress: bytes })).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (e: unknown) => parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});

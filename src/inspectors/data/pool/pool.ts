import { Worker } from 'node:worker_threads';

/**
 * A small, robust worker-thread pool: a fixed number of workers, a FIFO queue, one task per
 * worker at a time. A worker that crashes or exits fails only its own task (the caller turns that
 * into a scan issue) and is replaced; workers are unref'd so an idle pool never keeps the process
 * alive.
 */
export interface PoolOptions {
  size: number;
  /** Evaluate `script` as code rather than a file (tests). */
  eval?: boolean;
  /** Kill a task (and its worker) that runs longer than this. */
  taskTimeoutMs?: number;
}

interface Task<I, O> {
  input: I;
  resolve(o: O): void;
  reject(e: Error): void;
  progress?(value: number): void;
}

interface Slot<I, O> {
  worker: Worker;
  task?: Task<I, O>;
  timer?: NodeJS.Timeout;
}

export class WorkerPool<I, O> {
  private readonly slots: Slot<I, O>[] = [];
  private readonly queue: Task<I, O>[] = [];
  private closed = false;

  constructor(
    private readonly script: string | URL,
    private readonly opts: PoolOptions,
  ) {}

  get size(): number {
    return this.opts.size;
  }

  /** Runs one task; a worker may post `{ progress: n }` messages before its result (passed to `progress`). */
  run(input: I, progress?: (value: number) => void): Promise<O> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject, progress });
      this.pump();
    });
  }

  private spawn(): Slot<I, O> {
    const worker = new Worker(this.script, { eval: this.opts.eval ?? false });
    worker.unref();
    const slot: Slot<I, O> = { worker };
    worker.on('message', (msg: { ok: boolean; result?: O; error?: string; progress?: number }) => {
      if (msg.progress !== undefined) {
        slot.task?.progress?.(msg.progress);
        return;
      }
      const t = slot.task;
      this.release(slot);
      if (t) {
        if (msg.ok) t.resolve(msg.result as O);
        else t.reject(new Error(msg.error ?? 'worker failed'));
      }
      this.pump();
    });
    const die = (e: Error) => {
      const t = slot.task;
      this.release(slot);
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      t?.reject(e);
      this.pump();
    };
    worker.on('error', (e) => die(new Error(`worker crashed: ${e.message}`)));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) die(new Error(`worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }

  private release(slot: Slot<I, O>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.task = undefined;
    slot.worker.unref();
  }

  private pump(): void {
    while (this.queue.length && !this.closed) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot) {
        if (this.slots.length >= this.opts.size) return;
        slot = this.spawn();
      }
      const task = this.queue.shift()!;
      slot.task = task;
      // Busy workers keep the process alive; idle ones do not.
      slot.worker.ref();
      if (this.opts.taskTimeoutMs) {
        const s = slot;
        s.timer = setTimeout(() => {
          void s.worker.terminate();
          const t = s.task;
          this.release(s);
          const i = this.slots.indexOf(s);
          if (i >= 0) this.slots.splice(i, 1);
          t?.reject(new Error(`worker task exceeded ${this.opts.taskTimeoutMs} ms; abandoned`));
          this.pump();
        }, this.opts.taskTimeoutMs);
      }
      slot.worker.postMessage(task.input);
    }
  }

  /** Terminates every worker; queued tasks are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('worker pool closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}

import { describe, expect, it } from 'vitest';
import { WorkerPool } from './pool.js';

/** An inline worker: doubles numbers, crashes the thread on 'crash', exits on 'exit', hangs on 'hang'. */
const SCRIPT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m === 'crash') throw new Error('boom');
  if (m === 'exit') process.exit(3);
  if (m === 'hang') { for (;;) {} }
  if (m === 'fail') return parentPort.postMessage({ ok: false, error: 'bad input' });
  if (m === 'steps') { for (const p of [10, 20, 30]) parentPort.postMessage({ progress: p }); return parentPort.postMessage({ ok: true, result: -1 }); }
  parentPort.postMessage({ ok: true, result: m * 2 });
});`;

describe('worker pool', () => {
  it('runs tasks across workers and returns results in order of the calls', async () => {
    const pool = new WorkerPool<number, number>(SCRIPT, { size: 2, eval: true });
    try {
      expect(await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run(n)))).toEqual([2, 4, 6, 8, 10]);
    } finally {
      await pool.close();
    }
  });

  it('fails only the task whose worker crashed, exited or hung, and keeps going', async () => {
    const pool = new WorkerPool<unknown, number>(SCRIPT, { size: 2, eval: true, taskTimeoutMs: 2000 });
    try {
      const results = await Promise.allSettled([pool.run('crash'), pool.run(1), pool.run('exit'), pool.run('hang'), pool.run('fail'), pool.run(2)]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled']);
      expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/worker crashed: boom/);
      expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/exited with code 3/);
      expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/exceeded 2000 ms/);
      expect(String((results[4] as PromiseRejectedResult).reason)).toMatch(/bad input/);
      expect(await pool.run(10)).toBe(20);
    } finally {
      await pool.close();
    }
    await expect(pool.run(1)).rejects.toThrow(/closed/);
  });

  it('passes a task\'s progress messages to it, in order, before its result', async () => {
    const pool = new WorkerPool<unknown, number>(SCRIPT, { size: 1, eval: true });
    try {
      const seen: number[] = [];
      expect(await pool.run('steps', (p) => seen.push(p))).toBe(-1);
      expect(seen).toEqual([10, 20, 30]);
      // A task without a progress callback ignores them; the next task is unaffected.
      expect(await pool.run('steps')).toBe(-1);
      expect(await pool.run(4)).toBe(8);
    } finally {
      await pool.close();
    }
  });
});

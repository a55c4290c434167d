import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/** PGlite is single-user: two processes writing one folder would corrupt it. This lock file serialises them. */
export const LOCK_FILE = 'aispm.lock';

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryTake(file: string): boolean {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // A lock left by a process that died (killed mid-scan) is stale: take it over.
  let holder: number;
  try {
    holder = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return false;
  }
  if (holder === process.pid || alive(holder)) return false;
  try {
    unlinkSync(file);
  } catch {
    /* someone else reclaimed it first */
  }
  return false;
}

/**
 * Waits (polling) until this process holds the folder's lock; gives up after `timeoutMs` with an
 * error naming the holder. Returns the release function.
 */
export async function lockFolder(dir: string, timeoutMs = 120_000): Promise<() => void> {
  const file = path.join(dir, LOCK_FILE);
  const deadline = Date.now() + timeoutMs;
  for (let wait = 50; !tryTake(file); wait = Math.min(wait * 2, 1000)) {
    if (Date.now() > deadline) {
      let holder = '?';
      try {
        holder = readFileSync(file, 'utf8').trim();
      } catch {
        /* gone meanwhile */
      }
      throw new Error(`the store ${dir} is in use by process ${holder} (waited ${Math.round(timeoutMs / 1000)} s)`);
    }
    await new Promise((r) => setTimeout(r, wait));
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}

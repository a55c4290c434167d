import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { scanModelFile, type ModelFileResult } from '../index.js';
import { DEFAULT_MODEL_LIMITS, type ModelLimits } from '../scan-context.js';

/**
 * For a test file: a temporary folder made before its tests and removed after them, and a scan of
 * bytes written there under a name (the extension matters to the scanner, as on disk).
 */
export function bytesScanner(prefix: string, limits: ModelLimits = DEFAULT_MODEL_LIMITS): (name: string, bytes: Uint8Array) => Promise<ModelFileResult> {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return async (name, bytes) => {
    const abs = path.join(dir, name);
    await writeFile(abs, bytes);
    return scanModelFile(abs, name, limits);
  };
}

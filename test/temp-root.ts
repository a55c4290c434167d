import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Vitest global setup: every test run gets one temporary folder as TMPDIR (test files and the CLI
 * processes they spawn inherit it), removed when the run ends. Tests make their fixtures with
 * mkdtemp under os.tmpdir() and many never removed them: a few runs left hundreds of folders of
 * models, datasets and databases in /tmp.
 */
export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'aispm-test-run-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}

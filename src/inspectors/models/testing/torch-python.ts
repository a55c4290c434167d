import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A python3 that imports torch, or undefined: the tests that write real torch files then skip, saying so. */
export function torchPython(): string | undefined {
  return ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import torch']).status === 0);
}

/**
 * Runs `script` with a fresh temporary folder as its one argument (it writes its files there; it is
 * written to a file itself, as torch.jit.script needs a class's source in one), hands the folder
 * and what the script printed to `use`, then removes the folder. Nothing written is ever loaded.
 */
export async function withTorchFiles(python: string, script: string, use: (dir: string, stdout: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aispm-torch-files-'));
  try {
    await writeFile(path.join(dir, 'write.py'), script);
    const r = spawnSync(python, [path.join(dir, 'write.py'), dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the torch script failed (${r.status}): ${r.stderr}`);
    await use(dir, r.stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Python source of `class Net`, a scriptable module whose `__setstate__` (run as the archive loads)
 * calls torch.save and whose `forward` runs `forward` (lines of its body). Needs `torch` and `Tuple` imported.
 */
export function setstateNetSource(forward: string[]): string {
  return [
    'class Net(torch.nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.k = 1',
    '    @torch.jit.export',
    '    def __getstate__(self) -> Tuple[int, bool]:',
    '        return (self.k, self.training)',
    '    @torch.jit.export',
    '    def __setstate__(self, state: Tuple[int, bool]) -> None:',
    '        self.k = state[0]',
    '        self.training = state[1]',
    "        torch.save(torch.zeros(1), '/nonexistent/written-at-load.pt')",
    '    def forward(self, x):',
    ...forward.map((l) => `        ${l}`),
    '',
  ].join('\n');
}

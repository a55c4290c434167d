import { spawnSync } from 'node:child_process';

/**
 * A python3 that can run `import <modules>` (the one on PATH, else Debian's, whose apt packages —
 * python3-xlwt, python3-avro, python3-odf — a pyenv python lacks), or undefined: tests ask it only
 * to write files, and skip saying so without it.
 */
export function pythonWith(modules: string): string | undefined {
  return ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', `import ${modules}`]).status === 0);
}

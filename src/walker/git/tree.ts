import { GitFormatError } from './errors.js';

/** What a tree entry is: by git's mode bits, not by name. */
export type TreeEntryKind = 'tree' | 'file' | 'symlink' | 'gitlink';

/** One tree entry. */
export interface TreeEntry {
  /** The mode as git wrote it, octal (`100644`, `40000`, `120000`, `160000`). */
  mode: number;
  kind: TreeEntryKind;
  name: string;
  /** The entry's object id, hex (for a gitlink: a commit of another repository). */
  id: string;
}

/** The kind from the mode's file-type bits; old git wrote odd permission bits, the type stays. */
function kindOf(mode: number): TreeEntryKind | undefined {
  switch (mode & 0o170000) {
    case 0o040000:
      return 'tree';
    case 0o100000:
      return 'file';
    case 0o120000:
      return 'symlink';
    case 0o160000:
      return 'gitlink';
    default:
      return undefined;
  }
}

/** Parses a tree object: repeated `<octal mode> <name>\0<20-byte id>`. */
export function parseTree(id: string, data: Buffer, file: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let p = 0;
  while (p < data.length) {
    const sp = data.indexOf(0x20, p);
    if (sp < 0 || sp - p > 7 || sp === p) throw new GitFormatError(file, `tree ${id} has an invalid mode at byte ${p}`);
    let mode = 0;
    for (let i = p; i < sp; i++) {
      const d = data[i]! - 0x30;
      if (d < 0 || d > 7) throw new GitFormatError(file, `tree ${id} has an invalid mode at byte ${p}`);
      mode = mode * 8 + d;
    }
    const nul = data.indexOf(0, sp + 1);
    if (nul < 0 || nul === sp + 1 || nul + 21 > data.length) throw new GitFormatError(file, `tree ${id} is truncated at byte ${p}`);
    const kind = kindOf(mode);
    if (!kind) throw new GitFormatError(file, `tree ${id} has an entry of unknown mode ${mode.toString(8)}`);
    const name = data.toString('utf8', sp + 1, nul);
    // '/' or '..' in a name would let a hostile tree claim another path in the report.
    if (name.includes('/') || name === '.' || name === '..') throw new GitFormatError(file, `tree ${id} has an invalid entry name '${name}'`);
    entries.push({ mode, kind, name, id: data.toString('hex', nul + 1, nul + 21) });
    p = nul + 21;
  }
  return entries;
}

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * A cheap signature of the files in one directory that `accept` picks (name, size, mtime), so an
 * analyzer that evaluates a whole folder at once (a Terraform module, a Kubernetes manifest set)
 * reuses a cached evaluation only while those files are unchanged. '' when the folder is unreadable.
 */
export async function dirSignature(absDir: string, accept: (name: string) => boolean): Promise<string> {
  try {
    const names = (await readdir(absDir)).filter(accept).sort();
    const parts: string[] = [];
    for (const n of names) {
      const st = await stat(path.join(absDir, n));
      parts.push(`${n}:${st.size}:${st.mtimeMs}`);
    }
    return parts.join('|');
  } catch {
    return '';
  }
}

/** Where something was seen. `path` is relative to the scan root and always uses `/`. */
export interface Location {
  path?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  endLine?: number;
  /** An IaC address (`aws_s3_bucket.data`), a cloud id (ARN), or a field path in a data file. */
  resource?: string;
  /** A notebook cell (0-based index) when the location is inside one. */
  cell?: number;
  /** A field path or column name inside a data file. */
  field?: string;
  /** A row in a data file (1-based, header excluded). */
  row?: number;
  uri?: string;
  /**
   * The git commit (40-hex id) whose tree held what was found, when it was found in the
   * repository's history (`scan --history`) rather than in the files on disk.
   */
  commit?: string;
}

/** Converts an OS path to the report's `/`-separated form. */
export function toPosixPath(p: string): string {
  return p.split('\\').join('/');
}

/**
 * Normalises a `/`-separated path relative to the scan root: `a/./b/../c` → `a/c`, empty and `.`
 * segments dropped. Undefined when the path climbs above the root (`../x`), so a reference that
 * leaves the scanned tree never resolves to a file inside it.
 */
export function normaliseRelPath(rel: string): string | undefined {
  const out: string[] = [];
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

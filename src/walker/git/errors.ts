/**
 * The one error the git reader throws for anything wrong with a repository's bytes: corrupt,
 * truncated, hostile or simply unsupported. The message names the file and the fault, so a caller
 * can turn it into an issue on the scan and go on with the rest of the history.
 */
export class GitFormatError extends Error {
  /** The file (pack, idx, loose object, ref, config) the fault was found in. */
  readonly file: string;

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'GitFormatError';
    this.file = file;
  }
}

/**
 * Runs `fn`, turning any non-GitFormatError (an fs error, a zlib error, a RangeError from a bad
 * buffer index) into a GitFormatError naming `file`: callers catch one class, never a surprise.
 */
export async function guard<T>(file: string, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asFormatError(err, file, what);
  }
}

/** The error as a GitFormatError naming `file`, wrapping foreign errors. */
export function asFormatError(err: unknown, file: string, what: string): GitFormatError {
  if (err instanceof GitFormatError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new GitFormatError(file, `${what}: ${detail}`);
}

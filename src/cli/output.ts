import { writeFile } from 'node:fs/promises';

/** True when colour is wanted on this stream: a TTY and no NO_COLOR (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR) return true;
  return Boolean(stream.isTTY);
}

/** Writes to `-o FILE` or stdout. */
export async function emit(text: string, outFile?: string): Promise<void> {
  if (outFile) await writeFile(outFile, text);
  else
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(text, (err) => (err ? reject(err) : resolve())),
    );
}

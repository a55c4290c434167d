import { cyclonedxWriter } from './cyclonedx.js';
import { jsonWriter } from './json.js';
import { sarifWriter } from './sarif.js';
import { tableWriter } from './table.js';
import { ocsfWriter } from './ocsf.js';
import { csvWriter } from './csv.js';
import { htmlWriter } from './html.js';
import { markdownWriter } from './markdown.js';
import type { Writer } from './writer.js';

export { type Writer, type WriterOptions, defineWriter } from './writer.js';

/** Every output format, in `--format` order. */
export const writers: readonly Writer[] = [tableWriter, jsonWriter, sarifWriter, cyclonedxWriter, ocsfWriter, csvWriter, htmlWriter, markdownWriter];

export function writerFor(format: string): Writer | undefined {
  return writers.find((w) => w.format === format);
}

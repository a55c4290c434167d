import type { Location } from '../../core/index.js';
import type { Emitter } from './emitter.js';
import type { ImportRef } from './imports.js';
import type { SourceView } from './source.js';

/** Maps a 1-based line of the analysed text to a report location (notebooks map to cells). */
export type LineLocator = (line: number) => Location;

/** What every detector of one file shares. */
export interface FileContext {
  v: SourceView;
  /** Report path of the file (relative to the scan root, `/`). */
  path: string;
  em: Emitter;
  imports: ImportRef[];
  /** The asset that holds this code, when there is one (a notebook); it gets the relations. */
  owner?: string;
  locate: LineLocator;
}

/** The report location of an offset in the analysed text. */
export function locAt(fc: FileContext, offset: number): Location {
  return fc.locate(fc.v.lineOf(offset));
}

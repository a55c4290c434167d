/** The package ecosystems the deps analyzer reads; also the `ai-package` asset's provider. */
export type Ecosystem = 'pypi' | 'npm' | 'golang' | 'maven' | 'cargo' | 'conda';

/** One dependency as a manifest or lockfile states it, before the AI catalogue filters it. */
export interface ParsedDep {
  ecosystem: Ecosystem;
  /** As written (`Torch`, `@langchain/core`, `dev.langchain4j:langchain4j`). */
  name: string;
  /** The exact version a lockfile resolved (`2.4.1`). */
  version?: string;
  /** The requirement as written in a manifest (`>=2.3,<3`, `^4.52.0`). */
  versionSpec?: string;
  /** Declared by the project itself (true), pulled in transitively (false), or unknown (undefined). */
  direct?: boolean;
  /** 1-based line in the file, when cheap to know. */
  line?: number;
  /** `dev`, `optional`, `test`, a Poetry group, an extras name… */
  scope?: string;
  /** PEP 508 environment marker, kept verbatim. */
  marker?: string;
  extras?: string[];
}

/** What a parser returns: its dependencies plus files it references but does not follow. */
export interface ParseResult {
  deps: ParsedDep[];
  /** `-r other.txt` / `-c constraints.txt` includes, recorded (each file is scanned on its own). */
  includes?: string[];
}

/** A parser for one manifest or lockfile format; throws on syntax errors (the analyzer reports them). */
export type ManifestParser = (text: string, path: string) => ParseResult;

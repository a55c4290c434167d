import { defineAnalyzer, type FileInfo } from '../../core/index.js';
import { analyzeSource } from './analyze-source.js';
import type { Lang } from './lexer.js';
import { CODE_RULES } from './rules.js';
import { decodeText, hasUtf16Bom, megabytes } from '../../core/index.js';

export { analyzeSource, mightMatter } from './analyze-source.js';
export type { Lang } from './lexer.js';
export { CODE_RULES } from './rules.js';

const LANG_BY_EXT: Record<string, Lang> = {
  '.py': 'python',
  '.pyw': 'python',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'js',
  '.ts': 'js',
  '.tsx': 'js',
  '.mts': 'js',
  '.cts': 'js',
  '.go': 'go',
  '.java': 'java',
};

/** Source files bigger than this are generated or bundled code, not something a person wrote. */
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/** Paths that hold third-party or generated code (scanned by the deps analyzer through manifests instead). */
const SKIP_PATH = /(^|\/)(node_modules|vendor|site-packages|dist|build|\.venv|venv|__pycache__|\.tox|\.git)\/|\.min\.js$|\.d\.ts$|\.bundle\.js$/;

/** The language of a path, or undefined when the code analyzer does not read it. */
export function langOf(info: Pick<FileInfo, 'ext' | 'path'>): Lang | undefined {
  return LANG_BY_EXT[info.ext];
}

/**
 * The code analyzer: AI SDK clients, model ids, AI API hosts, agents and their tools, vector
 * stores, risky model loading and cloud-storage URIs in Python, JavaScript/TypeScript, Go and Java.
 * Never executes anything; a light lexer strips comments and docstrings first.
 */
export const codeAnalyzer = defineAnalyzer({
  id: 'code',
  version: '1.0.0',
  description: 'AI SDKs, models, API hosts, agents and tools, vector stores, risky model loading and storage URIs in Python/JS/TS/Go/Java source',
  stage: 'discovery',
  rules: CODE_RULES,
  wants(path, info) {
    return langOf(info) !== undefined && !SKIP_PATH.test(path);
  },
  async analyze(file) {
    const lang = langOf(file)!;
    if (file.size > MAX_SOURCE_BYTES) {
      return { issues: [{ path: file.path, reason: 'too-large', message: `${file.path}: ${megabytes(file.size)} source file is over the code analyzer's ${megabytes(MAX_SOURCE_BYTES)} limit (generated or bundled?); not read`, source: 'code' }] };
    }
    // UTF-16 sources (BOM-marked, as Windows tools write them) sniff as binary but are code to read.
    const utf16 = hasUtf16Bom(file.head);
    if (file.sniffed !== 'text' && !utf16) {
      return { issues: [{ path: file.path, reason: 'binary', message: `${file.path}: ${file.sniffed} content with a source extension; not read as code`, source: 'code' }] };
    }
    let text: string;
    try {
      text = utf16 ? decodeText(await file.bytes()) : await file.text();
    } catch (e) {
      return { issues: [{ path: file.path, reason: 'unreadable', message: `${file.path}: ${e instanceof Error ? e.message : String(e)}`, source: 'code' }] };
    }
    if (text.includes('\u0000')) return { issues: [{ path: file.path, reason: 'binary', message: `${file.path}: binary content with a source extension; skipped`, source: 'code' }] };
    // Classic Mac line ends (a lone `\r`): the lexer ends comments and lines at `\n`, so one `#`
    // would hide the rest of the file and every line would be 1. Same length, so offsets hold.
    if (/\r(?!\n)/.test(text)) text = text.replace(/\r(?!\n)/g, '\n');
    return analyzeSource({ text, lang, path: file.path });
  },
});

import { escapeRegExp } from '../../core/index.js';
import type { Ecosystem } from './types.js';

const BEFORE = `(?:^|[\\s"'=:,\\[({<>/])`;
const AFTER = `(?=$|[\\s"'=:,\\])}<>~^!;@\\[/])`;

/** Packages looked up by scanning every line before the per-segment index is built. */
export const SCANS_BEFORE_INDEX = 32;
/** Every boundary character of BEFORE and AFTER. */
const SEGMENT_SPLIT = /[\s"'=:,[\](){}<>~^!;@/]+/;

/** A segment as the index files it; PyPI/conda names compare case-blind with `-_.` runs alike. */
function segmentKey(seg: string, ci: boolean): string {
  return ci ? seg.toLowerCase().replace(/[-_.]+/g, '-') : seg;
}

/** Segment key → ascending line indexes. A segment is also filed without leading `-` (`- torch` may lose its space). */
function buildIndex(lines: readonly string[], ci: boolean): Map<string, number[]> {
  const index = new Map<string, number[]>();
  const file = (key: string, i: number) => {
    if (!key) return;
    const list = index.get(key);
    if (!list) index.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  lines.forEach((line, i) => {
    for (const seg of line.split(SEGMENT_SPLIT)) {
      file(segmentKey(seg, ci), i);
      if (seg.startsWith('-')) file(segmentKey(seg.replace(/^-+/, ''), ci), i);
    }
  });
  return index;
}

/**
 * Finds the first line that mentions a package, for formats whose parsers do not track lines
 * (TOML, JSON, XML, YAML lockfiles). Only called for catalogue hits, so a linear scan is cheap.
 */
export class LineFinder {
  private split: string[] | undefined;
  private lower: string[] | undefined;
  private finds = 0;
  private csIndex: Map<string, number[]> | undefined;
  private ciIndex: Map<string, number[]> | undefined;

  /** Splitting is deferred: most manifests hold no AI package and never need lines. */
  constructor(private readonly text: string) {}

  private get lines(): string[] {
    // A trailing `\r` is harmless: the boundary patterns accept whitespace.
    return (this.split ??= this.text.split('\n'));
  }

  find(ecosystem: Ecosystem, name: string): number | undefined {
    // Maven coordinates appear whole in Gradle files and catalogs, split across tags in POMs.
    if (ecosystem === 'maven') return this.findNeedle(ecosystem, name) ?? this.findNeedle(ecosystem, name.split(':')[1] ?? name);
    return this.findNeedle(ecosystem, name);
  }

  private findNeedle(ecosystem: Ecosystem, needle: string): number | undefined {
    let body = escapeRegExp(needle);
    if (ecosystem === 'pypi' || ecosystem === 'conda') body = needle.split(/[-_.]+/).map(escape).join('[-_.]+');
    const before = ecosystem === 'npm' && needle.startsWith('@') ? `(?:^|[\\s"'=:,\\[({<>])` : BEFORE;
    const flags = ecosystem === 'pypi' || ecosystem === 'conda' ? 'i' : '';
    // Prefer a line that declares the package (it leads the line, or is a lock entry's `name = …`)
    // over one that merely mentions it (a channel list, another package's dependency list).
    const strong = new RegExp(`^\\s*(?:-\\s*)?(?:[\\w.-]+::)?(?:name\\s*=\\s*)?["']?(?:node_modules/)?${body}${AFTER}`, flags);
    const weak = new RegExp(`${before}${body}${AFTER}`, flags);
    const ci = flags === 'i';
    const candidates = ++this.finds > SCANS_BEFORE_INDEX ? this.indexed(needle, ci) : undefined;
    for (const re of [strong, weak]) for (const i of candidates ?? this.scanned(needle, ci)) if (re.test(this.lines[i]!)) return i + 1;
    return undefined;
  }

  /** Lines holding the needle's first part as a substring: cheap for a few packages, one pass each. */
  scanned(needle: string, ci: boolean): number[] {
    // A plain substring test first: lockfiles run to 100k+ lines and most lines never mention the package.
    const hay = ci ? (this.lower ??= this.lines.map((l) => l.toLowerCase())) : this.lines;
    const probe = ci ? (needle.toLowerCase().split(/[-_.]+/)[0] ?? '') : needle;
    const candidates: number[] = [];
    for (let i = 0; i < hay.length; i++) if (hay[i]!.includes(probe)) candidates.push(i);
    return candidates;
  }

  /**
   * Lines with a segment (text between the boundary characters of BEFORE and AFTER) equal to the
   * needle's last segment: a match always puts that segment whole on its line, so these lines hold
   * every match the scan would find. Built once, after `SCANS_BEFORE_INDEX` packages: a lockfile
   * with thousands of catalogue hits (`@langchain/*`, `langchain-*`) made one scan per package
   * quadratic (8.6 s at 8,000 packages). Returns undefined when the needle has no last segment.
   */
  indexed(needle: string, ci: boolean): number[] | undefined {
    const key = segmentKey(needle.split(SEGMENT_SPLIT).pop() ?? '', ci);
    if (!key) return undefined;
    const index = ci ? (this.ciIndex ??= buildIndex(this.lines, true)) : (this.csIndex ??= buildIndex(this.lines, false));
    return index.get(key) ?? [];
  }
}

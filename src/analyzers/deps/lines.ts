import type { Ecosystem } from './types.js';

const BEFORE = `(?:^|[\\s"'=:,\\[({<>/])`;
const AFTER = `(?=$|[\\s"'=:,\\])}<>~^!;@\\[/])`;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds the first line that mentions a package, for formats whose parsers do not track lines
 * (TOML, JSON, XML, YAML lockfiles). Only called for catalogue hits, so a linear scan is cheap.
 */
export class LineFinder {
  private split: string[] | undefined;
  private lower: string[] | undefined;

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
    let body = escape(needle);
    if (ecosystem === 'pypi' || ecosystem === 'conda') body = needle.split(/[-_.]+/).map(escape).join('[-_.]+');
    const before = ecosystem === 'npm' && needle.startsWith('@') ? `(?:^|[\\s"'=:,\\[({<>])` : BEFORE;
    const flags = ecosystem === 'pypi' || ecosystem === 'conda' ? 'i' : '';
    // Prefer a line that declares the package (it leads the line, or is a lock entry's `name = …`)
    // over one that merely mentions it (a channel list, another package's dependency list).
    const strong = new RegExp(`^\\s*(?:-\\s*)?(?:[\\w.-]+::)?(?:name\\s*=\\s*)?["']?(?:node_modules/)?${body}${AFTER}`, flags);
    const weak = new RegExp(`${before}${body}${AFTER}`, flags);
    // A plain substring test first: lockfiles run to 100k+ lines and most lines never mention the package.
    const ci = flags === 'i';
    const hay = ci ? (this.lower ??= this.lines.map((l) => l.toLowerCase())) : this.lines;
    const probe = ci ? (needle.toLowerCase().split(/[-_.]+/)[0] ?? '') : needle;
    const candidates: number[] = [];
    for (let i = 0; i < hay.length; i++) if (hay[i]!.includes(probe)) candidates.push(i);
    for (const re of [strong, weak]) for (const i of candidates) if (re.test(this.lines[i]!)) return i + 1;
    return undefined;
  }
}

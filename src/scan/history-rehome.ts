import type { AnalyzerOutput, Asset, Finding, Relation, ScanFile } from '../core/index.js';
import type { GitCommitInfo } from '../walker/git/index.js';
import { scanFileOf } from './history-file.js';
import { maskSecretsIn } from './mask-secrets.js';

/** What a history read gathers: assets, relations and findings, located at their commits. */
export interface Rehomed {
  assets: Asset[];
  relations: Relation[];
  findings: Finding[];
}

/** Where a commit message's findings are said to be: no file, the message of that commit. */
const MESSAGE_FILE = 'COMMIT_EDITMSG';

/**
 * A commit message holding a secret, read by the inspector for secrets only as git's own
 * `COMMIT_EDITMSG`, then located at the commit (`resource: 'commit message'`, no path); an
 * annotated tag's message (`commit.tag` set) likewise, at the commit it names (`'tag message'`).
 */
export async function inspectMessage(run: (file: ScanFile, ctx: { root: string; options: Record<string, unknown> }) => Promise<AnalyzerOutput>, prefix: string, ctx: { root: string; options: Record<string, unknown> }, message: string, commit: GitCommitInfo): Promise<AnalyzerOutput> {
  const rel = prefix + MESSAGE_FILE;
  const output = await run(scanFileOf(rel, Buffer.from(message)), { ...ctx, options: { ...ctx.options, detectors: ['secrets'] } });
  const said = commit.tag !== undefined ? `the message of tag ${maskSecretsIn(commit.tag)}` : `the message of commit ${commit.id.slice(0, 12)}`;
  const resource = commit.tag !== undefined ? 'tag message' : 'commit message';
  const at = <L extends { path?: string }>(l: L) => (l.path === rel ? { ...withoutPath(l), resource } : l);
  return {
    assets: (output.assets ?? []).filter((a) => a.kind === 'secret').map((a) => ({ ...a, locations: a.locations.map(at) })),
    findings: (output.findings ?? []).map((f) => ({ ...f, location: at(f.location), message: f.message.split(rel).join(said) })),
  };
}

function withoutPath<L extends { path?: string }>(l: L): Omit<L, 'path'> {
  const { path: _dropped, ...rest } = l;
  return rest;
}

/** One historical file's output, located at its commit and said so; assets kept, marked. */
export function rehome(output: AnalyzerOutput, commit: GitCommitInfo, out: Rehomed): void {
  const at = (l: Asset['locations'][number]) => (l.path || l.resource === 'commit message' || l.resource === 'tag message' ? { ...l, commit: commit.id } : l);
  const what = commit.tag !== undefined ? `tag ${maskSecretsIn(commit.tag)} (on commit ${commit.id.slice(0, 12)})` : `commit ${commit.id.slice(0, 12)}`;
  const when = `in git history: ${what} by ${commit.author}, ${commit.time.slice(0, 10)}${commit.summary ? ` ("${clip(maskSecretsIn(commit.summary))}")` : ''}`;
  for (const a of output.assets ?? []) {
    out.assets.push({ ...a, locations: a.locations.map(at), properties: a.kind === 'secret' ? a.properties : { ...a.properties, history: { commit: commit.id, time: commit.time } } });
  }
  for (const r of output.relations ?? []) out.relations.push(r as Relation);
  for (const f of output.findings ?? []) {
    const finding: Finding = { ...f, location: { ...f.location, commit: commit.id }, message: `${f.message}; ${when}`, properties: { ...f.properties, commit: commit.id, committedAt: commit.time, author: commit.author } };
    out.findings.push(finding);
  }
}

function clip(s: string): string {
  return s.length > 72 ? `${s.slice(0, 71)}…` : s;
}

import type { Asset, Finding, Location, RuleMeta, ScanResult, Severity } from '../core/index.js';
import { defineWriter } from './writer.js';

/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).
 *
 * Decisions, so reviewers need not guess:
 * - Results are the `fail` findings (level from severity: critical/high → error, medium → warning,
 *   low/info → note) and the `manual` ones as `kind: "review"` with `level: "none"` (SARIF §3.27.9:
 *   a non-`fail` kind must have level none) — "we could not read enough to decide" must not vanish,
 *   but must not look like a failure either. `pass` and `na` are left out.
 * - Rules carry GitHub's `security-severity` (critical 9.5, high 8, medium 5.5, low 3, info 1) and
 *   tags (`security`, the category, `framework/control` ids).
 * - A finding without a file path is placed on its asset's first file location; when the asset has
 *   none (a live cloud resource), the result carries only a logical location naming the resource.
 * - `partialFingerprints["aispm/v1"]` is the finding id, which is stable across scans.
 */

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Where users learn about the tool (SARIF `informationUri`); point it at the project's home page. */
export const AISPM_INFORMATION_URI = 'https://github.com/aispm/aispm';

export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const MAX_NOTIFICATIONS = 1000;
/** GitHub code scanning keeps at most 20 tags per rule. */
const MAX_TAGS = 20;

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** `sagemaker_notebook_direct_internet_access_disabled` → `SagemakerNotebookDirectInternetAccessDisabled`. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

function frameworkTags(frameworks: Record<string, string[]>): string[] {
  return Object.entries(frameworks).flatMap(([fw, ids]) => ids.map((c) => `${fw}/${c}`));
}

function ruleFrom(meta: RuleMeta | undefined, f: Finding): RuleMeta {
  return meta ?? { id: f.ruleId, version: '0', title: f.title, severity: f.severity, category: f.category, risk: f.title, remediation: f.remediation, frameworks: f.frameworks };
}

function helpOf(r: RuleMeta): { text: string; markdown: string } {
  const fw = frameworkTags(r.frameworks);
  const text = [r.risk, '', `Remediation: ${r.remediation}`, ...(fw.length ? ['', `Frameworks: ${fw.join(', ')}`] : []), ...(r.references?.length ? ['', `References: ${r.references.join(' ')}`] : [])].join('\n');
  const md = [`**Risk.** ${r.risk}`, '', `**Remediation.** ${r.remediation}`];
  for (const [tool, code] of Object.entries(r.remediationCode ?? {})) md.push('', `*${tool}*`, '', '```' + (tool === 'terraform' ? 'hcl' : tool === 'kubernetes' || tool === 'cloudformation' ? 'yaml' : ''), code.trimEnd(), '```');
  if (fw.length) md.push('', `**Frameworks.** ${fw.map((t) => `\`${t}\``).join(', ')}`);
  if (r.references?.length) md.push('', '**References.**', ...r.references.map((u) => `- ${u}`));
  return { text, markdown: md.join('\n') };
}

function sarifRule(r: RuleMeta): Obj {
  const rule: Obj = {
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.risk || r.title },
    help: helpOf(r),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { tags: [...new Set(['security', r.category, ...frameworkTags(r.frameworks)])].slice(0, MAX_TAGS), 'security-severity': SECURITY_SEVERITY[r.severity], precision: 'high' },
  };
  const uri = r.references?.find((u) => /^https?:\/\//.test(u));
  if (uri) rule.helpUri = uri;
  return rule;
}

function region(l: Location): Obj {
  const reg: Obj = { startLine: Math.max(1, l.line ?? 1), startColumn: Math.max(1, l.column ?? 1) };
  if (l.endLine && l.endLine >= (l.line ?? 1)) reg.endLine = l.endLine;
  return reg;
}

function locationOf(f: Finding, asset: Asset | undefined): Obj {
  const fileLoc = f.location.path ? f.location : asset?.locations.find((l) => l.path);
  const logical: Obj[] = [];
  const resource = f.location.resource ?? f.location.uri ?? (fileLoc ? undefined : asset?.locations.find((l) => l.resource || l.uri)?.resource);
  if (resource) logical.push({ fullyQualifiedName: resource, kind: 'resource' });
  if (!fileLoc && !logical.length) logical.push({ fullyQualifiedName: asset?.name ?? f.assetId, kind: 'resource' });
  const loc: Obj = {};
  const inCell = fileLoc?.cell !== undefined;
  if (fileLoc?.path) {
    // A notebook location's line counts inside the cell, not in the .ipynb JSON: point at the file and say where in words.
    loc.physicalLocation = { artifactLocation: { uri: encodePath(fileLoc.path), uriBaseId: '%SRCROOT%' }, region: inCell ? { startLine: 1 } : region(fileLoc) };
  }
  if (logical.length) loc.logicalLocations = logical;
  if (inCell) loc.message = { text: `notebook cell ${fileLoc!.cell! + 1}${fileLoc!.line ? `, line ${fileLoc!.line}` : ''}` };
  // Found in git history (`scan --history`): the line is in that commit's version of the file, which a viewer showing the file on disk must be told.
  if (f.location.commit) loc.message = { text: `in git history: commit ${f.location.commit}${loc.message ? `, ${(loc.message as { text: string }).text}` : ''}` };
  return loc;
}

/** Builds the SARIF log object (exported for tests and for the server's download). */
export function toSarif(result: ScanResult, rules: ReadonlyMap<string, RuleMeta>): Obj {
  const reported = result.findings.filter((f) => f.status === 'fail' || f.status === 'manual');
  const assets = new Map(result.assets.map((a) => [a.id, a]));
  const ruleIndex = new Map<string, number>();
  const sarifRules: Obj[] = [];
  for (const f of reported) {
    if (ruleIndex.has(f.ruleId)) continue;
    ruleIndex.set(f.ruleId, sarifRules.length);
    sarifRules.push(sarifRule(ruleFrom(rules.get(f.ruleId), f)));
  }
  const results: Obj[] = reported.map((f) => {
    const r: Obj = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId)!,
      ...(f.status === 'manual' ? { kind: 'review', level: 'none' } : { kind: 'fail', level: LEVEL[f.severity] }),
      message: { text: f.status === 'manual' ? `Needs manual review: ${f.message}` : f.message },
      locations: [locationOf(f, assets.get(f.assetId))],
      partialFingerprints: { 'aispm/v1': f.id },
      properties: { assetId: f.assetId, severity: f.severity, category: f.category, status: f.status, 'security-severity': SECURITY_SEVERITY[f.severity], ...(f.location.commit ? { commit: f.location.commit } : {}) },
    };
    return r;
  });
  const notifications: Obj[] = result.scan.issues.slice(0, MAX_NOTIFICATIONS).map((i) => ({
    level: 'warning',
    message: { text: i.message },
    descriptor: { id: `aispm/${i.reason}` },
    ...(i.path ? { locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(i.path), uriBaseId: '%SRCROOT%' } } }] } : {}),
    properties: { source: i.source },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'aispm', version: result.tool.version, semanticVersion: result.tool.version, informationUri: AISPM_INFORMATION_URI, rules: sarifRules } },
        automationDetails: { id: `aispm/${result.scan.id}` },
        invocations: [{ executionSuccessful: true, startTimeUtc: result.scan.startedAt, endTimeUtc: result.scan.finishedAt, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { targets: result.scan.targets, schema: result.schema },
      },
    ],
  };
}

/** SARIF 2.1.0 for GitHub code scanning: rules with help, results with physical locations. */
export const sarifWriter = defineWriter({
  format: 'sarif',
  description: 'SARIF 2.1.0 for GitHub code scanning and other SARIF viewers',
  extension: 'sarif',
  write: (result, opts) => `${JSON.stringify(toSarif(result, opts.rules), null, 2)}\n`,
});

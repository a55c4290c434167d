import {
  assetId, fileAssetId, makeFinding, type Asset, type AnalyzerOutput, type Finding, type Location, type Relation, type ScanIssue, type Severity, SEVERITY_RANK,
} from '../../core/index.js';
import { withoutChanceHits } from './chance-hits.js';
import { agentInstructionsTool, inDataDir, TABLE_FORMATS, type Classified, type DataFormat } from './classify.js';
import { classifyColumns, type ColumnClass } from './columns.js';
import { MAX_COLUMNS, MAX_INJECTION, MAX_PII_FIELDS, MAX_SECRETS, MAX_WHERE, piiKey, type InjectionOcc, type PartResult, type Where } from './part.js';
import { addPlaces, placesText } from './injection-places.js';
import { fieldText } from './field-text.js';
import { DIRECT_IDENTIFIERS, HEALTH_ENTITIES } from './pii/recognizers.js';
import { MAX_DEPTH, MAX_LEAVES } from './readers/json-paths.js';
import {
  conflictingLabelRule, duplicateRule, encodedInstructionRule, exfiltrationRule, hiddenInstructionRule, invisibleRule, phiDatasetRule, phiRule, piiRule, secretRule, triggerRule,
} from './rules.js';
import { isTestPath } from './secrets/false-positives.js';
import { vectorStoreAsset } from './vector-store-asset.js';
import type { PoisonHit } from './poisoning/dataset.js';

export const ANALYZER_ID = 'data';

/** Regulations a finding touches; the compliance helper maps these to controls. */
const GDPR = ['gdpr:Art.5', 'gdpr:Art.32'];
const GDPR_SPECIAL = ['gdpr:Art.9'];
const HIPAA = ['hipaa:164.514(b)', 'hipaa:164.502(b)'];

export type Sensitivity = 'public' | 'internal' | 'confidential' | 'restricted';

function loc(path: string, w: Where | undefined): Location {
  const l: Location = { path };
  if (!w) return l;
  if (w.line !== undefined) l.line = w.line;
  if (w.column !== undefined) l.column = w.column;
  if (w.row !== undefined) l.row = w.row;
  if (w.field !== undefined) l.field = w.field;
  if (w.cell !== undefined) l.cell = w.cell;
  return l;
}

/** `named`: the field the message has named already (a PII group's column), not said twice. */
function whereText(w: Where | undefined, named?: string): string {
  if (!w) return '';
  const parts: string[] = [];
  if (w.cell !== undefined) parts.push(`cell ${w.cell}`);
  if (w.row !== undefined) parts.push(`row ${w.row}`);
  if (w.line !== undefined) parts.push(`line ${w.line}${w.column !== undefined ? `:${w.column}` : ''}`);
  if (w.field && w.field !== named) parts.push(`field ${fieldText(w.field)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

const maxSev = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b);

/**
 * Merges chunk parts of one file: chunk-relative lines are shifted by the lines before them.
 * Record-level results (`poison`, `records`) are not merged: they belong to the whole dataset and
 * come from a job of their own (see `scanInChunks`).
 */
export function mergeParts(parts: readonly PartResult[]): PartResult {
  // Even one part goes through: a chunk keeps more than a file may (CHUNK_LIMIT_FACTOR), cut here.
  const out: PartResult = { secrets: [], pii: [], injection: [], columns: [], poison: [], status: { truncated: false, bytes: 0, rows: 0 }, lines: 0, records: 0, problems: [] };
  let rowsBefore = 0;
  const shift = (w: Where, by: number): Where => ({ ...w, ...(w.line !== undefined ? { line: w.line + by } : {}), ...(w.row !== undefined ? { row: w.row + rowsBefore } : {}) });
  const piiIdx = new Map<string, PartResult['pii'][number]>();
  let piiFields = 0;
  const secIdx = new Map<string, PartResult['secrets'][number]>();
  const colIdx = new Map<string, PartResult['columns'][number]>();
  /** Indicators met so far by evidence: the merged occurrence, or null past the kind's limit. */
  const injectionSeen = new Map<string, InjectionOcc | null>();
  const injectionKept = new Map<string, number>();
  for (const p of parts) {
    const by = out.lines;
    for (const s of p.secrets) {
      const k = `${s.ruleId}|${s.valueHash}`;
      const prev = secIdx.get(k);
      if (prev) prev.count += s.count;
      else if (out.secrets.length < MAX_SECRETS) {
        const n = { ...s, where: shift(s.where, by) };
        secIdx.set(k, n);
        out.secrets.push(n);
      } else out.unlistedSecrets = (out.unlistedSecrets ?? 0) + s.count;
    }
    for (const g of p.pii) {
      const own = piiKey(g.entity, g.field, g.otherFields);
      // A field group new to the file past its first MAX_PII_FIELDS joins the entity's folded group.
      const fold = !!g.field && piiFields >= MAX_PII_FIELDS && !piiIdx.has(own);
      const key = fold ? piiKey(g.entity, undefined, true) : own;
      const prev = piiIdx.get(key);
      const where = g.where.map((w) => shift(w, by));
      if (!prev) {
        const { field: _field, ...rest } = g;
        const n = fold ? { ...rest, otherFields: true, where } : { ...g, where };
        piiIdx.set(key, n);
        out.pii.push(n);
        if (!fold && g.field) piiFields++;
      } else {
        prev.count += g.count;
        prev.maxScore = Math.max(prev.maxScore, g.maxScore);
        for (const s of g.samples) if (prev.samples.length < 3 && !prev.samples.includes(s)) prev.samples.push(s);
        for (const w of where) if (prev.where.length < MAX_WHERE) prev.where.push(w);
      }
    }
    for (const i of p.injection) {
      const prev = injectionSeen.get(i.evidence);
      if (prev !== undefined) {
        // Met in an earlier chunk: this chunk's occurrences and places join it.
        if (prev) addPlaces(prev, i.count ?? 1, [i.where, ...(i.more ?? [])].map((w) => shift(w, by)));
        continue;
      }
      const kept = (injectionKept.get(i.kind) ?? 0) + 1;
      if (kept > MAX_INJECTION) {
        injectionSeen.set(i.evidence, null);
        out.unlistedIndicators = (out.unlistedIndicators ?? 0) + 1;
        continue;
      }
      injectionKept.set(i.kind, kept);
      const n: InjectionOcc = { ...i, where: shift(i.where, by), ...(i.more ? { more: i.more.map((w) => shift(w, by)) } : {}) };
      injectionSeen.set(i.evidence, n);
      out.injection.push(n);
    }
    for (const c of p.columns) {
      const prev = colIdx.get(c.name);
      if (!prev) {
        if (out.columns.length >= MAX_COLUMNS) continue;
        const n = { ...c, hits: { ...c.hits } };
        colIdx.set(c.name, n);
        out.columns.push(n);
        continue;
      }
      prev.nonEmpty += c.nonEmpty;
      for (const [e, k] of Object.entries(c.hits)) prev.hits[e] = (prev.hits[e] ?? 0) + k;
    }
    out.status.vectorStore ??= p.status.vectorStore;
    // Parts left out with the rest read only while no part stopped early; one that stopped names why.
    const stoppedBefore = out.status.truncated && !out.status.partsLeftOut;
    const stoppedHere = p.status.truncated && !p.status.partsLeftOut;
    if (!stoppedBefore && !stoppedHere && (out.status.partsLeftOut || p.status.partsLeftOut)) out.status.partsLeftOut = true;
    else delete out.status.partsLeftOut;
    if (stoppedHere && !stoppedBefore) out.status.truncatedBy = p.status.truncatedBy;
    else out.status.truncatedBy ??= p.status.truncatedBy;
    out.status.truncated ||= p.status.truncated;
    // Unread as a whole only when every part was (a document is one part).
    if ((p === parts[0] || out.status.unread) && p.status.unread) out.status.unread = true;
    else delete out.status.unread;
    if (p.status.cut) out.status.cut = (out.status.cut ?? 0) + p.status.cut;
    out.status.bytes += p.status.bytes;
    out.status.rows += p.status.rows;
    out.lines += p.lines;
    rowsBefore += p.status.rows;
    out.problems.push(...p.problems);
    for (const lp of p.lineProblems ?? []) (out.lineProblems ??= []).push({ text: lp.text, line: lp.line + by });
    if (p.invalidJsonLines) out.invalidJsonLines = (out.invalidJsonLines ?? 0) + p.invalidJsonLines;
    if (p.wideRecords) out.wideRecords = (out.wideRecords ?? 0) + p.wideRecords;
    if (p.phiRows) out.phiRows = (out.phiRows ?? 0) + p.phiRows;
    out.wideDocument ||= p.wideDocument;
    if (p.unlistedSecrets) out.unlistedSecrets = (out.unlistedSecrets ?? 0) + p.unlistedSecrets;
    if (p.shapeMisses) for (const [k, n] of Object.entries(p.shapeMisses)) (out.shapeMisses ??= {})[k] = (out.shapeMisses[k] ?? 0) + n;
    if (p.unlistedIndicators) out.unlistedIndicators = (out.unlistedIndicators ?? 0) + p.unlistedIndicators;
  }
  return out;
}

/**
 * Whether a table's health data is a few stray values in free text, apart from its identifiers: in
 * a package registry's 500,000 summaries, `G36 fault conditions` and `舞萌DX B50` read as ICD-10
 * codes, and 122 maintainers' addresses made the file "identifiable PHI". A table is PHI when a
 * column is clinical, when a row holds health data and an identifier together, or when health
 * values are more than one row in a thousand; a document is judged whole, as before (a clinical
 * note names its patient in one paragraph and the diagnosis in another).
 */
function incidentalHealth(part: PartResult, format: DataFormat, columns: readonly ColumnClass[]): boolean {
  if (!TABLE_FORMATS.has(format) && format !== 'jsonl') return false;
  if (part.phiRows || columns.some((c) => c.health || HEALTH_ENTITIES.has(c.entity))) return false;
  let healthValues = 0;
  for (const g of part.pii) if (HEALTH_ENTITIES.has(g.entity)) healthValues += g.count;
  return healthValues * 1000 < part.status.rows;
}

/** Formats that hold dataset shards, not test fixtures, wherever they sit (`hf-triage/test/data-00000-of-00001.arrow`). */
const SPLIT_FORMATS: ReadonlySet<string> = new Set(['parquet', 'arrow', 'tfrecord', 'lance', 'avro']);

function sensitivityOf(part: PartResult, phiLinked: boolean, columns: ColumnClass[]): Sensitivity {
  if (part.secrets.length || phiLinked || part.pii.some((g) => g.phi || g.severity === 'high')) return 'restricted';
  if (part.pii.some((g) => g.severity === 'medium') || columns.some((c) => c.entity === 'PERSON')) return 'confidential';
  if (part.pii.length) return 'internal';
  return 'public';
}

/**
 * Turns one file's merged part into assets, relations, findings and issues: the dataset (or
 * notebook) asset with `sensitivity` and `entities`, a `secret` asset per distinct secret, and the
 * findings with masked samples only.
 */
export function finalize(relPath: string, cls: Classified, merged: PartResult, opts: { piiScanned?: boolean } = {}): AnalyzerOutput {
  const part = withoutChanceHits(merged);
  const assets: Asset[] = [];
  const relations: Relation[] = [];
  const findings: Finding[] = [];
  const issues: ScanIssue[] = [];
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  // Instructions are a coding agent's (the agent that reads them) or an MCP server's code (none).
  const agentTool = cls.class === 'instructions' ? agentInstructionsTool(relPath) : undefined;
  const fileKind = cls.class === 'notebook' ? 'notebook' : cls.class === 'instructions' ? (agentTool ? 'agent' : 'mcp-server') : 'dataset';
  const fileId = cls.class === 'source' ? undefined : fileAssetId(fileKind, relPath);
  // A dataset's test split (`data/test.csv`, a Hugging Face `test/` shard) holds real records: a
  // secret there is reported in full.
  const test = isTestPath(relPath, cls.class === 'data' && (SPLIT_FORMATS.has(cls.format) || inDataDir(relPath, name.toLowerCase())));

  const say = (reason: 'parse-error' | 'limit', text: string) => issues.push({ path: relPath, reason, message: `${relPath}: ${text}`, source: ANALYZER_ID });
  for (const p of part.problems) say('parse-error', p);
  for (const p of part.lineProblems ?? []) say('parse-error', `${p.text} ${p.line}`);
  if (part.invalidJsonLines) say('parse-error', `${part.invalidJsonLines} line(s) are not valid JSON (scanned as text)`);
  if (part.wideDocument) say('limit', `holds over ${MAX_LEAVES} values or nests over ${MAX_DEPTH} levels in one record; the document was scanned as plain text (values found, without field names)`);
  if (part.wideRecords) say('limit', `${part.wideRecords} JSON record(s) with over ${MAX_LEAVES} values or nested over ${MAX_DEPTH} levels were scanned as plain text (values found, without field names)`);
  // Found but not each listed: said, so a list of 200 keys is not read as all there is.
  if (part.unlistedSecrets) say('limit', `over ${MAX_SECRETS} distinct secrets; ${part.unlistedSecrets} further occurrence(s) are not listed as findings`);
  if (part.unlistedIndicators) say('limit', `${part.unlistedIndicators} further injection indicator(s) past ${MAX_INJECTION} of a kind are not listed as findings`);
  if (part.status.partsLeftOut) say('limit', `${part.status.truncatedBy}: the parts named above were left out, the rest of the file was scanned`);
  else if (part.status.truncated && !part.status.unread) say('limit', `${part.status.truncatedBy ?? 'read limit reached'} after ${part.status.bytes} bytes; the rest was not scanned`);
  if (part.status.cut) say('limit', `${part.status.cut} line(s) longer than 16 MiB; only the first 16 MiB of each was scanned`);

  for (const s of part.secrets) {
    const sid = assetId('secret', s.provider, s.valueHash);
    assets.push({ id: sid, kind: 'secret', name: `${s.description} ${s.masked}`, provider: s.provider, type: s.ruleId, locations: [loc(relPath, s.where)], properties: { provider: s.provider, ruleId: s.ruleId, masked: s.masked, ai: s.ai, ...(test ? { testFixture: true } : {}) } });
    if (fileId) relations.push({ from: fileId, to: sid, kind: 'contains' });
    findings.push(
      makeFinding(secretRule, {
        assetId: sid,
        location: loc(relPath, s.where),
        message: `${s.description} ${s.masked} in ${relPath}${whereText(s.where)}${s.count > 1 ? `, ${s.count} times` : ''}${test ? ' (test path: likely a fixture, still revoke if real)' : ''}`,
        evidenceKey: `${s.ruleId}|${s.valueHash}|${relPath}`,
        severity: test ? 'low' : s.severity,
        properties: { secretRuleId: s.ruleId, provider: s.provider, masked: s.masked, ai: s.ai, occurrences: s.count, ...(test ? { testFixture: true } : {}) },
      }),
    );
  }
  if (!fileId) return { assets, relations, findings, issues };

  const columns = classifyColumns(part.columns, part.status.rows);
  const entities: Record<string, number> = {};
  for (const g of part.pii) entities[g.entity] = (entities[g.entity] ?? 0) + g.count;
  for (const c of columns) if (c.headerOnly) entities[c.entity] = (entities[c.entity] ?? 0) + c.count;

  for (const g of part.pii) {
    const rule = g.phi ? phiRule : piiRule;
    const first = g.where[0];
    const inField = g.otherFields ? ` columns/fields past the first ${MAX_PII_FIELDS} listed` : g.field ? ` column/field ${fieldText(g.field)}` : '';
    findings.push(
      makeFinding(rule, {
        assetId: fileId,
        location: loc(relPath, first),
        message: `${g.count} ${g.entity} value(s) in ${relPath}${inField}${whereText(first, g.field)}, e.g. ${g.samples.join(', ')}`,
        evidenceKey: g.otherFields ? `${g.entity}|(other fields)` : `${g.entity}|${g.field ?? ''}`,
        severity: g.severity === 'high' ? 'high' : g.severity === 'medium' ? 'medium' : 'low',
        properties: { entities: { [g.entity]: g.count }, samples: g.samples, score: Number(g.maxScore.toFixed(2)), occurrences: g.where.map((w) => ({ ...w })), regulations: g.phi ? [...HIPAA, ...GDPR_SPECIAL] : GDPR },
      }),
    );
  }
  for (const c of columns.filter((x) => x.headerOnly)) {
    findings.push(
      makeFinding(piiRule, {
        assetId: fileId,
        location: { path: relPath, field: c.name, ...(c.line ? { line: c.line } : {}) },
        message: `column ${c.name} of ${relPath} holds ${c.entity === 'PERSON' ? 'person names' : 'addresses'} (${c.count} values, by its header)`,
        evidenceKey: `${c.entity}|${c.name}`,
        severity: 'medium',
        properties: { entities: { [c.entity]: c.count }, regulations: GDPR },
      }),
    );
  }

  // PHI classification: health data (health entities or health columns) beside direct identifiers.
  const present = new Set(Object.keys(entities));
  const health = [...present].filter((e) => HEALTH_ENTITIES.has(e));
  if (columns.some((c) => c.health)) health.push(...columns.filter((c) => c.health).map((c) => `column:${c.name}`));
  const ids = [...present].filter((e) => DIRECT_IDENTIFIERS.has(e) && !HEALTH_ENTITIES.has(e));
  const phiLinked = health.length > 0 && ids.length > 0 && !incidentalHealth(part, cls.format, columns);
  if (phiLinked) {
    findings.push(
      makeFinding(phiDatasetRule, {
        assetId: fileId,
        location: { path: relPath },
        message: `${relPath} holds health data (${[...new Set(health)].slice(0, 5).join(', ')}) beside direct identifiers (${ids.slice(0, 5).join(', ')}): identifiable PHI`,
        evidenceKey: 'phi-linked',
        properties: { entities, health: [...new Set(health)], identifiers: ids, regulations: [...HIPAA, ...GDPR_SPECIAL] },
      }),
    );
  }

  const injRule = { 'hidden-instruction': hiddenInstructionRule, 'invisible-characters': invisibleRule, 'markdown-exfiltration': exfiltrationRule, 'encoded-instruction': encodedInstructionRule } as const;
  // In a coding agent's standing instructions anything hidden is followed in every session: high.
  const instructions = cls.class === 'instructions';
  const said = instructions ? (agentTool ? `, the standing instructions of ${agentTool}` : ", an MCP server's code (its tool descriptions reach every client's model)") : '';
  for (const i of part.injection) {
    // Every place the text occurs (the first few, and how many in all), not the first alone.
    const places = i.count && i.count > 1 ? { occurrences: i.count, places: [i.where, ...(i.more ?? [])].map((w) => ({ ...w })) } : {};
    findings.push(makeFinding(injRule[i.kind], { assetId: fileId, location: loc(relPath, i.where), message: `${i.detail} in ${relPath}${said}${whereText(i.where)}${placesText(i)}`, evidenceKey: i.evidence, properties: { indicator: i.kind, ...places }, ...(instructions ? { severity: 'high' as const } : {}) }));
  }
  const poisonRule = { 'exact-duplicates': duplicateRule, 'near-duplicates': duplicateRule, 'conflicting-labels': conflictingLabelRule, 'trigger-token': triggerRule } as const;
  // A prose document's records are its paragraphs, and paragraphs that repeat within one document
  // are mostly its structure (a changelog's entries, a copyright file's licence stanzas: 1,140 of the
  // 2,658 findings on Debian's /usr/share/doc as a RAG corpus), not a dataset's duplicated records:
  // still said, at info, so a `--fail-on low` gate does not trip on them.
  const prose = cls.format === 'text' || cls.format === 'markdown';
  for (const h of part.poison) {
    // Records of a format without lines (Parquet) carry line 0: their findings give rows alone.
    const hasLines = h.lines.some((l) => l > 0);
    const w: Where = hasLines ? { row: h.rows[0], line: h.lines[0] } : { row: h.rows[0] };
    const withinDocument = prose && poisonRule[h.kind] === duplicateRule;
    findings.push(
      makeFinding(poisonRule[h.kind], {
        assetId: fileId,
        location: loc(relPath, w),
        message: `${h.detail} in ${relPath} (rows ${poisonRowsText(h)})`,
        evidenceKey: `${h.kind}|${h.kind === 'trigger-token' ? String(h.properties?.token) : h.properties?.similarity === 1 ? 'exact' : 'near'}`,
        properties: { indicator: h.kind, rows: h.rows, ...(hasLines ? { lines: h.lines } : {}), count: h.count, ...(h.properties ?? {}), ...(withinDocument ? { withinDocument: true } : {}) },
        ...(withinDocument ? { severity: 'info' as const } : {}),
      }),
    );
  }

  if (cls.class === 'instructions') {
    // The coding agent these instructions configure, or the MCP server this code is, in the inventory.
    assets.push(
      agentTool
        ? { id: fileId!, kind: 'agent', name: `Instructions for ${agentTool}: ${relPath}`, provider: 'local', type: 'coding-agent-instructions', locations: [{ path: relPath }], properties: { agent: agentTool, instructions: relPath } }
        : { id: fileId!, kind: 'mcp-server', name: `MCP server in code: ${relPath}`, provider: 'local', type: 'code', locations: [{ path: relPath }], properties: { definedIn: relPath } },
    );
    return { assets, relations, findings, issues };
  }

  let sev: Severity = 'info';
  for (const f of findings) sev = maxSev(sev, f.severity);
  // Without the PII detectors only a secret can make data restricted; anything lower would be a
  // guess, so the level is left unknown (and says why) rather than claimed.
  const computed = sensitivityOf(part, phiLinked, columns);
  const known = opts.piiScanned !== false || computed === 'restricted';
  assets.push({
    id: fileId,
    kind: fileKind,
    name,
    provider: 'local',
    type: cls.format,
    locations: [{ path: relPath }],
    properties: {
      ...(known ? { sensitivity: computed, entities } : { piiScanned: false }),
      format: cls.format,
      ...(cls.gzip ? { compression: cls.codec ?? 'gzip' } : {}),
      ...(part.status.rows ? { rows: part.status.rows } : {}),
      ...(columns.length ? { columns: columns.map((c) => ({ name: c.name, entity: c.entity, share: c.share, ...(c.health ? { health: true } : {}) })) } : {}),
      ...(part.secrets.length ? { secrets: part.secrets.length } : {}),
      ...(phiLinked ? { phi: true } : {}),
      ...(part.status.truncated || part.status.cut ? { scanComplete: false } : {}),
    },
  });
  const store = part.status.vectorStore;
  if (store && fileId) {
    const vs = vectorStoreAsset(store, relPath, fileId, known ? { sensitivity: computed, entities } : {}, part.status.rows);
    assets.push(vs.asset);
    relations.push(vs.relation);
  }
  return { assets, relations, findings, issues };
}

/**
 * The example rows of a poisoning finding: a trigger's rows as a list; duplicates and conflicting
 * labels as the pairs they are (`197 & 198, 69 & 70`), which a flat list (`226, 283, 226, 285`)
 * left the reader to pair up.
 */
export function poisonRowsText(h: Pick<PoisonHit, 'kind' | 'rows'>): string {
  const rows = h.rows.slice(0, 6);
  if (h.kind === 'trigger-token') return rows.join(', ');
  const pairs: string[] = [];
  for (let i = 0; i + 1 < rows.length; i += 2) pairs.push(`${rows[i]} & ${rows[i + 1]}`);
  return pairs.join(', ');
}

import { describe, expect, it } from 'vitest';
import { sarifWriter, SECURITY_SEVERITY, toSarif } from './sarif.js';
import { ruleMap, sampleReport } from './report-fixture.test-support.js';
import { validateSarif as validate } from './sarif-schema.test-support.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function sarifOf(): Any {
  return JSON.parse(sarifWriter.write(sampleReport(), { color: false, rules: ruleMap() })) as Any;
}

describe('sarif writer', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const log = sarifOf();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('has the rule metadata GitHub shows: help, security-severity, tags, level', () => {
    const driver = sarifOf().runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'aispm', version: '0.1.0' });
    const rule = driver.rules.find((r: Any) => r.id === 'model_file_free_of_code_execution');
    expect(rule).toMatchObject({
      name: 'ModelFileFreeOfCodeExecution',
      shortDescription: { text: 'Model files do not run code when loaded' },
      defaultConfiguration: { level: 'error' },
      helpUri: 'https://example.org/pickle-risk',
      properties: { 'security-severity': '9.5', precision: 'high' },
    });
    expect(rule.properties.tags).toEqual(['security', 'unsafe-model', 'owasp-llm-2025/LLM03', 'mitre-atlas/AML.T0010']);
    expect(rule.help.text).toContain('Remediation: Convert to safetensors');
    expect(driver.rules.find((r: Any) => r.id === 'sagemaker_notebook_direct_internet_access_disabled').help.markdown).toContain('```hcl');
    // A rule the registry does not know still gets a descriptor from the finding.
    expect(driver.rules.find((r: Any) => r.id === 'unlisted_rule').shortDescription.text).toBeTruthy();
    for (const r of driver.rules) expect(Number.isFinite(Number(r.properties['security-severity']))).toBe(true);
    expect(Object.values(SECURITY_SEVERITY).map(Number)).toEqual([9.5, 8, 5.5, 3, 1]);
  });

  it('emits fail and manual results only, with relative locations and stable fingerprints', () => {
    const run = sarifOf().runs[0];
    const report = sampleReport();
    const expected = report.findings.filter((f) => f.status === 'fail' || f.status === 'manual');
    expect(run.results).toHaveLength(expected.length);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(expected.map((f) => f.id)).toContain(r.partialFingerprints['aispm/v1']);
      const phys = r.locations[0].physicalLocation;
      if (phys) {
        expect(phys.artifactLocation.uriBaseId).toBe('%SRCROOT%');
        expect(phys.artifactLocation.uri).not.toMatch(/^(\/|[a-z]+:)/i);
        expect(phys.region.startLine).toBeGreaterThanOrEqual(1);
      }
    }
    const pkl = run.results.find((r: Any) => r.ruleId === 'model_file_free_of_code_execution');
    expect(pkl).toMatchObject({ level: 'error', kind: 'fail', message: { text: 'Pickle imports os.system' } });
    expect(pkl.locations[0].physicalLocation.artifactLocation.uri).toBe('models/evil%20model.pkl');
    // No path on the finding: placed on the asset's file; no file anywhere: a logical location.
    const pii = run.results.find((r: Any) => r.message.text.startsWith('12 emails'));
    expect(pii.locations[0].physicalLocation.artifactLocation.uri).toBe('data/train.csv');
    const nb = run.results.find((r: Any) => r.ruleId === 'sagemaker_notebook_direct_internet_access_disabled');
    expect(nb.locations[0].physicalLocation).toBeUndefined();
    expect(nb.locations[0].logicalLocations[0]).toEqual({ fullyQualifiedName: 'aws_sagemaker_notebook_instance.lab', kind: 'resource' });
    const manual = run.results.find((r: Any) => r.kind === 'review');
    // A notebook cell location: the file, with the cell and line in words (cell lines are not file lines).
    expect(manual).toMatchObject({ level: 'none', locations: [{ physicalLocation: { region: { startLine: 1 } }, message: { text: 'notebook cell 2, line 2' } }] });
    const plain = run.results.find((r: Any) => r.ruleId === 'model_file_free_of_code_execution');
    expect(plain.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 });
    expect(run.invocations[0].toolExecutionNotifications[0]).toMatchObject({ level: 'warning', descriptor: { id: 'aispm/parse-error' } });
  });

  it('a finding from git history says its commit in the location and the properties, and still validates', () => {
    const report = sampleReport();
    const commit = 'ab'.repeat(20);
    const f = report.findings.find((x) => x.ruleId === 'model_file_free_of_code_execution')!;
    f.location = { ...f.location, line: 3, commit };
    const log = JSON.parse(sarifWriter.write(report, { color: false, rules: ruleMap() })) as Any;
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const r = log.runs[0].results.find((x: Any) => x.ruleId === 'model_file_free_of_code_execution');
    expect(r.locations[0].message).toEqual({ text: `in git history: commit ${commit}` });
    expect(r.properties.commit).toBe(commit);
    expect(log.runs[0].results.filter((x: Any) => x.properties.commit)).toHaveLength(1);
  });

  it('empty: a scan with nothing found is still a valid log with one run', () => {
    const empty = { ...sampleReport(), assets: [], relations: [], findings: [], paths: [], compliance: [] };
    empty.scan = { ...empty.scan, issues: [] };
    const log = toSarif(empty, new Map());
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect((log.runs as Any[])[0]!.results).toEqual([]);
  });

  it('sad: the schema rejects a bad level, a missing tool name and a line 0', () => {
    const log = sarifOf();
    log.runs[0].results[0].level = 'critical';
    delete log.runs[0].tool.driver.name;
    log.runs[0].results[1].locations[0].physicalLocation = { artifactLocation: { uri: 'a b' }, region: { startLine: 0 } };
    expect(validate(log)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths.some((p) => p.endsWith('/level'))).toBe(true);
    expect(paths.some((p) => p.endsWith('/startLine'))).toBe(true);
    expect(paths.some((p) => p.endsWith('/tool/driver'))).toBe(true);
    expect(paths.some((p) => p.endsWith('/artifactLocation/uri'))).toBe(true);
  });
});

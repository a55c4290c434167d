import type { Asset, AnalyzerOutput, Finding, Location, Observation, Properties, Relation, RelationKind } from '../../core/index.js';

/** At most this many locations per asset per file: a client used 500 times is still one asset. */
const MAX_LOCATIONS = 10;

/**
 * Collects one file's output: assets de-duplicated by id (locations unioned, first non-empty
 * property wins, the same policy as the graph merge), relations de-duplicated by (from, kind, to).
 */
export class Emitter {
  private readonly assets = new Map<string, Asset>();
  private readonly relations = new Map<string, Relation>();
  readonly findings: Finding[] = [];
  readonly observations: Observation[] = [];

  asset(a: Omit<Asset, 'locations'> & { location?: Location }): string {
    const have = this.assets.get(a.id);
    if (!have) {
      const { location, ...rest } = a;
      this.assets.set(a.id, { ...rest, locations: location ? [location] : [], properties: { ...a.properties } });
      return a.id;
    }
    if (a.location && have.locations.length < MAX_LOCATIONS) {
      const k = JSON.stringify(a.location);
      if (!have.locations.some((l) => JSON.stringify(l) === k)) have.locations.push(a.location);
    }
    for (const [k, v] of Object.entries(a.properties)) {
      if (v !== undefined && (have.properties[k] === undefined || have.properties[k] === '')) have.properties[k] = v;
    }
    return a.id;
  }

  has(id: string): boolean {
    return this.assets.has(id);
  }

  get(id: string): Asset | undefined {
    return this.assets.get(id);
  }

  list(kind?: Asset['kind']): Asset[] {
    return [...this.assets.values()].filter((a) => !kind || a.kind === kind);
  }

  relate(from: string, kind: RelationKind, to: string, properties?: Properties): void {
    if (from === to) return;
    const k = `${from}\u0000${kind}\u0000${to}`;
    if (!this.relations.has(k)) this.relations.set(k, properties ? { from, to, kind, properties } : { from, to, kind });
  }

  output(): AnalyzerOutput {
    // The same rule on the same asset with the same evidence (two identical calls) is one finding.
    const seen = new Set<string>();
    const findings = this.findings.filter((f) => !seen.has(f.id) && !!seen.add(f.id));
    return { assets: [...this.assets.values()], relations: [...this.relations.values()], findings, observations: this.observations };
  }
}

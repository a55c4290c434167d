import owaspLlm from './frameworks/owasp-llm-2025.json' with { type: 'json' };
import owaspAgentic from './frameworks/owasp-agentic.json' with { type: 'json' };
import atlas from './frameworks/mitre-atlas.json' with { type: 'json' };
import nistRmf from './frameworks/nist-ai-rmf.json' with { type: 'json' };
import nist600 from './frameworks/nist-ai-600-1.json' with { type: 'json' };
import iso42001 from './frameworks/iso-42001.json' with { type: 'json' };
import euAiAct from './frameworks/eu-ai-act.json' with { type: 'json' };
import gdpr from './frameworks/gdpr.json' with { type: 'json' };
import hipaa from './frameworks/hipaa.json' with { type: 'json' };

/** One control (or article, technique, risk, safeguard) of a framework catalogue. */
export interface Control {
  id: string;
  title: string;
  /** The objective, function-category, tactic/technique/mitigation kind the control sits in. */
  group?: string;
  /** Other spellings rules may use (resolved by `resolveControlId`). */
  aliases?: string[];
}

/** A framework catalogue as shipped in `src/compliance/frameworks/*.json` (ids and titles only). */
export interface Framework {
  id: string;
  name: string;
  version: string;
  url: string;
  /** Where the ids come from and under which licence; no source text is shipped. */
  source: string;
  aliasPattern?: string;
  controls: Control[];
}

/** Every catalogue aispm ships, in the order reports list them. */
export const frameworks: readonly Framework[] = [owaspLlm, owaspAgentic, atlas, nistRmf, nist600, iso42001, euAiAct, gdpr, hipaa] as Framework[];

/** Other names rules and users write for a framework id. */
const FRAMEWORK_ALIASES: Record<string, string> = {
  'owasp-llm': 'owasp-llm-2025',
  'owasp-top10-llm': 'owasp-llm-2025',
  'owasp-llm-top10': 'owasp-llm-2025',
  'owasp-llm-top-10': 'owasp-llm-2025',
  'owasp-agentic-2026': 'owasp-agentic',
  'owasp-asi': 'owasp-agentic',
  'owasp-agentic-top10': 'owasp-agentic',
  atlas: 'mitre-atlas',
  'nist-ai-rmf-1.0': 'nist-ai-rmf',
  'nist-rmf': 'nist-ai-rmf',
  'nist-600-1': 'nist-ai-600-1',
  'nist-genai': 'nist-ai-600-1',
  'iso-iec-42001': 'iso-42001',
  iso42001: 'iso-42001',
  'eu-ai-act-2024': 'eu-ai-act',
  'gdpr-2016': 'gdpr',
};

const byId = new Map(frameworks.map((f) => [f.id, f]));

/** The canonical framework id for `id` (an alias or the id itself), or undefined when unknown. */
export function resolveFrameworkId(id: string): string | undefined {
  const k = id.trim().toLowerCase().replace(/@.*$/, '');
  if (byId.has(k)) return k;
  return FRAMEWORK_ALIASES[k];
}

export function getFramework(id: string): Framework | undefined {
  const k = resolveFrameworkId(id);
  return k ? byId.get(k) : undefined;
}

const NIST_FN: Record<string, string> = { GV: 'GOVERN', MP: 'MAP', MS: 'MEASURE', MG: 'MANAGE', GOVERN: 'GOVERN', MAP: 'MAP', MEASURE: 'MEASURE', MANAGE: 'MANAGE' };

/**
 * Spelling normalisers per framework: sources write the same control many ways
 * (`LLM01:2025`, `GOVERN-1.1@1.0`, `GV-1.1`, `Art. 15(5)`, `§164.312(b)`). Each returns the
 * canonical spelling to look up; unknown ids stay unknown (the mapping test names them).
 */
const NORMALISERS: Record<string, (raw: string) => string> = {
  'owasp-llm-2025': (s) => s.toUpperCase().replace(/:20\d\d$/, '').replace(/^LLM(\d)$/, 'LLM0$1'),
  'owasp-agentic': (s) => s.toUpperCase().replace(/:20\d\d$/, '').replace(/^ASI(\d)$/, 'ASI0$1'),
  'mitre-atlas': (s) => {
    const u = s.toUpperCase();
    return u.startsWith('AML.') ? u : `AML.${u}`;
  },
  'nist-ai-rmf': (s) => {
    const m = /^(GOVERN|MAP|MEASURE|MANAGE|GV|MP|MS|MG)[\s\-_.]*(\d+\.\d+)$/i.exec(s);
    return m ? `${NIST_FN[m[1]!.toUpperCase()]} ${m[2]}` : s.toUpperCase();
  },
  'nist-ai-600-1': (s) => s.replace(/^§\s*/, '').toLowerCase(),
  'iso-42001': (s) => {
    const u = s.toUpperCase().replace(/\s+/g, '');
    return u.startsWith('A.') ? u : `A.${u}`;
  },
  'eu-ai-act': (s) => {
    const m = /^(?:art(?:icle)?\.?\s*)?(\d+)/i.exec(s);
    return m ? `Art.${m[1]}` : s;
  },
  gdpr: (s) => {
    const m = /^(?:art(?:icle)?\.?\s*)?(\d+)/i.exec(s);
    return m ? `Art.${m[1]}` : s;
  },
  hipaa: (s) => s.replace(/^(?:45\s*CFR\s*)?§?\s*/i, '').replace(/\s+/g, ''),
};

const controlIndex = new Map<string, Map<string, Control>>();
for (const f of frameworks) {
  const idx = new Map<string, Control>();
  for (const c of f.controls) {
    idx.set(c.id, c);
    idx.set(c.id.toLowerCase(), c);
    for (const a of c.aliases ?? []) idx.set(a.toLowerCase(), c);
  }
  controlIndex.set(f.id, idx);
}

/** The canonical control id for `raw` in framework `frameworkId` (aliases allowed), or undefined. */
export function resolveControlId(frameworkId: string, raw: string): string | undefined {
  const fw = resolveFrameworkId(frameworkId);
  if (!fw) return undefined;
  const idx = controlIndex.get(fw)!;
  const s = raw.trim().replace(/@[\w.]+$/, '');
  const norm = NORMALISERS[fw]?.(s) ?? s;
  return (idx.get(norm) ?? idx.get(norm.toLowerCase()) ?? idx.get(s) ?? idx.get(s.toLowerCase()))?.id;
}

export function getControl(frameworkId: string, controlId: string): Control | undefined {
  const fw = resolveFrameworkId(frameworkId);
  const id = fw && resolveControlId(fw, controlId);
  return id ? controlIndex.get(fw)!.get(id) : undefined;
}

import type { JsonValue } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { cfn, expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { getAll, loc, present, undecided, isUnknown } from '../cloud-shared/resource.js';

const STRENGTH: Record<string, number> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };
const HARM = ['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT'];

const filter = (type: string, inS: string, outS: string) => `    filters_config {\n      type            = "${type}"\n      input_strength  = "${inS}"\n      output_strength = "${outS}"\n    }\n`;
const guardrail = (body: string) => `resource "aws_bedrock_guardrail" "g" {\n  name                      = "acme-guardrail"\n  blocked_input_messaging   = "Blocked."\n  blocked_outputs_messaging = "Blocked."\n${body}}\n`;
const content = (filters: string) => `  content_policy_config {\n${filters}  }\n`;
const strong = content(filter('PROMPT_ATTACK', 'HIGH', 'NONE') + HARM.map((h) => filter(h, 'HIGH', 'HIGH')).join(''));
const weak = content(filter('PROMPT_ATTACK', 'LOW', 'NONE') + filter('HATE', 'LOW', 'LOW') + filter('VIOLENCE', 'NONE', 'NONE'));
const cfnGuard = (filters: string) => `  Guardrail:\n    Type: AWS::Bedrock::Guardrail\n    Properties:\n      Name: acme-guardrail\n      BlockedInputMessaging: Blocked.\n      BlockedOutputsMessaging: Blocked.\n      ContentPolicyConfig:\n        FiltersConfig:\n${filters}`;
const cfnFilter = (type: string, inS: string, outS: string) => `          - Type: ${type}\n            InputStrength: ${inS}\n            OutputStrength: ${outS}\n`;

/** The content filters of a guardrail by type. */
function filters(r: CloudResource): Map<string, { input: JsonValue; output: JsonValue }> {
  const out = new Map<string, { input: JsonValue; output: JsonValue }>();
  for (const f of getAll(r.attributes, 'content_policy_config.filters_config')) {
    const o = (f ?? {}) as Record<string, JsonValue>;
    if (typeof o.type === 'string') out.set(o.type, { input: o.input_strength ?? 'NONE', output: o.output_strength ?? 'NONE' });
  }
  return out;
}

/**
 * The expression behind a filter entry the code does not decide (a `dynamic` block over an unset
 * variable, a `type` from a variable): the filter a rule looks for may be among them, so a missing
 * one is `manual`, not `fail`.
 */
function undecidedEntry(r: CloudResource, path: string, field = 'type'): string | undefined {
  for (const e of getAll(r.attributes, path)) {
    if (isUnknown(e)) return e.$unknown;
    const v = (e as Record<string, JsonValue> | null)?.[field];
    if (isUnknown(v)) return v.$unknown;
  }
  return undefined;
}

const strengthOk = (v: JsonValue, min: number) => typeof v === 'string' && (STRENGTH[v] ?? 0) >= min;

/** Bedrock guardrail strength (Prowler bedrock_guardrail_*; beyond it: harmful-content strength and grounding). */
export const bedrockGuardrailRules = [
  iacRule({
    id: 'bedrock_guardrail_prompt_attack_filter_high',
    title: 'Bedrock guardrails block prompt attacks at HIGH input strength',
    severity: 'high',
    category: 'guardrail',
    risk: 'Without a strong prompt-attack filter, jailbreaks and injected instructions reach the model and can make it leak data or misuse tools.',
    remediation: 'Add a PROMPT_ATTACK content filter with input_strength = "HIGH" (its output strength must be NONE).',
    remediationCode: { terraform: 'filters_config {\n  type            = "PROMPT_ATTACK"\n  input_strength  = "HIGH"\n  output_strength = "NONE"\n}' },
    frameworks: FW.promptGuard,
    types: ['aws_bedrock_guardrail'],
    check: (r) => {
      const f = filters(r).get('PROMPT_ATTACK');
      const at = loc(r, 'content_policy_config.filters_config');
      if (f && undecided(f.input)) return { status: 'manual', message: `${r.address}: prompt-attack strength is set by \`${f.input.$unknown}\``, location: at };
      if (f && strengthOk(f.input, 3)) return { status: 'pass', message: `${r.address}: prompt attacks filtered at HIGH`, location: at };
      const open = f ? undefined : undecidedEntry(r, 'content_policy_config.filters_config');
      if (open) return { status: 'manual', message: `${r.address}: the content filters depend on \`${open}\`; check for a prompt-attack filter`, location: at };
      return { status: 'fail', message: `${r.address}: ${f ? `prompt-attack filter is only ${String(f.input)}` : 'no prompt-attack filter'}`, location: at };
    },
    examples: {
      pass: [tf('high', guardrail(strong)), cfn('cfn high', cfnGuard(cfnFilter('PROMPT_ATTACK', 'HIGH', 'NONE')))],
      fail: [tf('low', guardrail(weak)), tf('missing', guardrail(content(filter('HATE', 'HIGH', 'HIGH')))), cfn('cfn low', cfnGuard(cfnFilter('PROMPT_ATTACK', 'LOW', 'NONE')))],
    },
  }),
  iacRule({
    id: 'bedrock_guardrail_content_filters_medium_or_higher',
    title: 'Bedrock guardrails filter harmful content at MEDIUM strength or higher',
    severity: 'medium',
    category: 'guardrail',
    risk: 'Weak or missing hate, insult, sexual, violence and misconduct filters let the model produce harmful output in the company’s name.',
    remediation: 'Configure HATE, INSULTS, SEXUAL, VIOLENCE and MISCONDUCT filters with input and output strength MEDIUM or HIGH.',
    frameworks: FW.contentGuard,
    types: ['aws_bedrock_guardrail'],
    check: (r): RuleVerdict => {
      const fs = filters(r);
      const at = loc(r, 'content_policy_config.filters_config');
      const open = [...fs.values()].flatMap((f) => [f.input, f.output]).find((v) => isUnknown(v));
      if (open && isUnknown(open)) return { status: 'manual', message: `${r.address}: a filter strength is set by \`${open.$unknown}\``, location: at };
      const weakOnes = HARM.filter((h) => {
        const f = fs.get(h);
        return !f || !strengthOk(f.input, 2) || !strengthOk(f.output, 2);
      });
      const undecidedType = weakOnes.every((h) => !fs.has(h)) ? undecidedEntry(r, 'content_policy_config.filters_config') : undefined;
      if (weakOnes.length && undecidedType) return { status: 'manual', message: `${r.address}: the content filters depend on \`${undecidedType}\`; check ${weakOnes.join(', ')}`, location: at };
      return weakOnes.length ? { status: 'fail', message: `${r.address}: weak or missing content filters: ${weakOnes.join(', ')}`, location: at } : { status: 'pass', message: `${r.address}: all harmful-content filters at MEDIUM or higher`, location: at };
    },
    examples: { pass: [tf('strong', guardrail(strong))], fail: [tf('weak', guardrail(weak)), cfn('cfn weak', cfnGuard(cfnFilter('HATE', 'LOW', 'LOW')))] },
  }),
  iacRule({
    id: 'bedrock_guardrail_sensitive_information_filter_enabled',
    title: 'Bedrock guardrails filter personal and sensitive information',
    severity: 'medium',
    category: 'guardrail',
    risk: 'Without PII or regex filters the model can echo personal data from prompts, retrieved documents or training data.',
    remediation: 'Add sensitive_information_policy_config with pii_entities_config (BLOCK or ANONYMIZE) for the entity types you handle.',
    remediationCode: { terraform: 'sensitive_information_policy_config {\n  pii_entities_config {\n    type   = "US_SOCIAL_SECURITY_NUMBER"\n    action = "BLOCK"\n  }\n}' },
    frameworks: FW.piiGuard,
    types: ['aws_bedrock_guardrail'],
    check: (r) => {
      const ents = [...getAll(r.attributes, 'sensitive_information_policy_config.pii_entities_config'), ...getAll(r.attributes, 'sensitive_information_policy_config.regexes_config')];
      const at = loc(r, 'sensitive_information_policy_config');
      // An entry or action the code does not decide counts neither way: with no decided active
      // filter beside it, the answer is manual.
      const active = ents.filter((e) => {
        if (isUnknown(e)) return false;
        const a = (e as Record<string, JsonValue>)?.action;
        return a === undefined || a === 'BLOCK' || a === 'ANONYMIZE';
      });
      const open = ents.map((e) => (isUnknown(e) ? e : (e as Record<string, JsonValue>)?.action)).find(isUnknown);
      if (!active.length && open && isUnknown(open)) return { status: 'manual', message: `${r.address}: the sensitive-information filters depend on \`${open.$unknown}\``, location: at };
      return active.length ? { status: 'pass', message: `${r.address}: ${active.length} sensitive-information filter(s)`, location: at } : { status: 'fail', message: `${r.address}: no PII or sensitive-information filter`, location: at };
    },
    examples: {
      pass: [tf('pii', guardrail(`  sensitive_information_policy_config {\n    pii_entities_config {\n      type   = "EMAIL"\n      action = "ANONYMIZE"\n    }\n  }\n`))],
      fail: [tf('none', guardrail(strong)), cfn('cfn none', cfnGuard(cfnFilter('HATE', 'HIGH', 'HIGH')))],
    },
  }),
  iacRule({
    id: 'bedrock_guardrail_contextual_grounding_enabled',
    title: 'Bedrock guardrails check answers for grounding and relevance',
    severity: 'low',
    category: 'guardrail',
    risk: 'Without contextual grounding checks, RAG answers that are not supported by the retrieved sources (hallucinations) reach users unflagged.',
    remediation: 'Add contextual_grounding_policy_config with GROUNDING and RELEVANCE filters at a threshold of 0.5 or more.',
    remediationCode: { terraform: 'contextual_grounding_policy_config {\n  filters_config {\n    type      = "GROUNDING"\n    threshold = 0.75\n  }\n}' },
    frameworks: FW.grounding,
    types: ['aws_bedrock_guardrail'],
    check: (r) => {
      const fs = getAll(r.attributes, 'contextual_grounding_policy_config.filters_config');
      const at = loc(r, 'contextual_grounding_policy_config');
      const g = fs.find((f) => (f as Record<string, JsonValue>)?.type === 'GROUNDING') as Record<string, JsonValue> | undefined;
      if (g && undecided(g.threshold)) return { status: 'manual', message: `${r.address}: grounding threshold is set by \`${g.threshold.$unknown}\``, location: at };
      if (g && Number(g.threshold) >= 0.5) return { status: 'pass', message: `${r.address}: grounding threshold ${String(g.threshold)}`, location: at };
      const open = g ? undefined : undecidedEntry(r, 'contextual_grounding_policy_config.filters_config');
      if (open) return { status: 'manual', message: `${r.address}: the grounding filters depend on \`${open}\``, location: at };
      return { status: 'fail', message: `${r.address}: ${g ? `grounding threshold ${String(g.threshold)} is below 0.5` : 'no contextual grounding check'}`, location: at };
    },
    examples: {
      pass: [tf('grounding', guardrail(`  contextual_grounding_policy_config {\n    filters_config {\n      type      = "GROUNDING"\n      threshold = 0.75\n    }\n  }\n`))],
      fail: [tf('none', guardrail(strong)), tf('low threshold', guardrail(`  contextual_grounding_policy_config {\n    filters_config {\n      type      = "GROUNDING"\n      threshold = 0.1\n    }\n  }\n`))],
    },
  }),
  iacRule({
    id: 'bedrock_guardrail_encrypted_with_kms',
    title: 'Bedrock guardrails are encrypted with a customer-managed KMS key',
    severity: 'low',
    category: 'encryption',
    risk: 'Guardrail definitions (denied topics, word lists, regexes) reveal what the company protects; a customer-managed key keeps them under key policy.',
    remediation: 'Set kms_key_arn on the guardrail.',
    remediationCode: { terraform: 'kms_key_arn = aws_kms_key.bedrock.arn' },
    frameworks: FW.encryption,
    types: ['aws_bedrock_guardrail'],
    check: (r) => expectAttr(r, 'kms_key_arn', { what: 'kms_key_arn', ok: present, fail: 'not encrypted with a customer-managed key', pass: 'encrypted with a customer-managed key' }),
    examples: { pass: [tf('kms', guardrail('  kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/abc"\n'))], fail: [tf('none', guardrail(''))] },
  }),
];

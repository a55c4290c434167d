import type { JsonValue } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import type { RuleVerdict } from '../../engine/define-rule.js';
import { arm, expectAttr, iacRule, tf } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { get, getAll, isUnknown, list, loc, present, undecided } from '../cloud-shared/resource.js';

const T = ['azurerm_cognitive_account', 'azurerm_ai_services'];
const acct = (extra: string) => `resource "azurerm_cognitive_account" "oai" {\n  name                = "acme-openai"\n  location            = "eastus"\n  resource_group_name = "rg-ai"\n  kind                = "OpenAI"\n  sku_name            = "S0"\n  custom_subdomain_name = "acme-openai"\n${extra}}\n`;
const ais = (extra: string) => `resource "azurerm_ai_services" "ais" {\n  name                = "acme-ai"\n  location            = "eastus"\n  resource_group_name = "rg-ai"\n  sku_name            = "S0"\n${extra}}\n`;
const armAcct = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => [{ type: 'Microsoft.CognitiveServices/accounts', apiVersion: '2024-10-01', name: 'acme-openai', location: 'eastus', kind: 'OpenAI', sku: { name: 'S0' }, properties: { customSubDomainName: 'acme-openai', ...props }, ...extra }];

/** `public_network_access_enabled` (cognitive account) or `public_network_access` (AI services) → verdict. */
function publicAccess(r: CloudResource): RuleVerdict {
  const isAis = r.type === 'azurerm_ai_services';
  const path = isAis ? 'public_network_access' : 'public_network_access_enabled';
  const v = get(r.attributes, path);
  const acl = get(r.attributes, 'network_acls.default_action');
  const off = isAis ? v === 'Disabled' : v === false;
  // Either setting alone keeps the account private, so one known safe makes the other irrelevant.
  if (off || acl === 'Deny') return { status: 'pass', message: `${r.address}: ${off ? 'public network access disabled' : 'network ACLs deny by default'}`, location: loc(r, off ? path : 'network_acls') };
  if (undecided(v)) return { status: 'manual', message: `${r.address}: public network access is set by \`${v.$unknown}\``, location: loc(r, path) };
  if (undecided(acl)) return { status: 'manual', message: `${r.address}: public network access is on and the network ACL default action is set by \`${acl.$unknown}\``, location: loc(r, 'network_acls') };
  return { status: 'fail', message: `${r.address}: reachable from any network (public network access ${v === undefined ? 'enabled by default' : 'enabled'}, no default-deny ACL)`, location: loc(r, path) };
}

/** Azure OpenAI / AI Services / Cognitive Services accounts (Checkov CKV_AZURE_134/236/238/247; beyond: outbound restriction, private endpoint). */
export const cognitiveRules = [
  iacRule({
    id: 'azure_cognitive_account_public_network_access_disabled',
    title: 'Azure OpenAI and AI Services accounts are not reachable from public networks',
    severity: 'high',
    category: 'exposure',
    risk: 'A publicly reachable Azure OpenAI account can be called from anywhere by whoever holds a key or token: leaked keys are immediately usable, and the deployments can be abused for cost or data extraction.',
    remediation: 'Set public_network_access_enabled = false and reach the account through a private endpoint (or at least network_acls with default_action = "Deny").',
    remediationCode: { terraform: 'public_network_access_enabled = false\nnetwork_acls {\n  default_action = "Deny"\n}' },
    frameworks: FW.exposure,
    types: T,
    check: publicAccess,
    examples: {
      pass: [tf('private', acct('  public_network_access_enabled = false\n')), tf('acl deny', acct('  network_acls {\n    default_action = "Deny"\n  }\n')), arm('arm private', armAcct({ publicNetworkAccess: 'Disabled' })), tf('ai services private', ais('  public_network_access = "Disabled"\n'))],
      fail: [tf('default', acct('')), arm('arm public', armAcct({ publicNetworkAccess: 'Enabled' })), tf('ai services default', ais(''))],
    },
  }),
  iacRule({
    id: 'azure_cognitive_account_local_auth_disabled',
    title: 'Azure OpenAI and AI Services accounts accept Entra ID tokens only, not API keys',
    severity: 'high',
    category: 'identity',
    risk: 'API keys are long-lived shared secrets that end up in code, notebooks and .env files; anyone holding one can call every deployment of the account without an identity or audit trail.',
    remediation: 'Set local_auth_enabled = false and grant callers the Cognitive Services OpenAI User role.',
    remediationCode: { terraform: 'local_auth_enabled = false' },
    frameworks: FW.keyAuth,
    types: T,
    check: (r) => {
      const path = r.type === 'azurerm_ai_services' ? 'local_authentication_enabled' : 'local_auth_enabled';
      return expectAttr(r, path, { dflt: true, what: 'local (key) authentication', ok: (v) => v === false, fail: 'API-key (local) authentication is enabled', pass: 'key authentication disabled' });
    },
    examples: { pass: [tf('disabled', acct('  local_auth_enabled = false\n')), arm('arm disabled', armAcct({ disableLocalAuth: true })), tf('ai services disabled', ais('  local_authentication_enabled = false\n'))], fail: [tf('default', acct('')), arm('arm keys', armAcct({ disableLocalAuth: false })), tf('ai services default', ais(''))] },
  }),
  iacRule({
    id: 'azure_cognitive_account_managed_identity',
    title: 'Azure AI accounts have a managed identity',
    severity: 'low',
    category: 'identity',
    risk: 'Without a managed identity the account cannot use customer-managed keys or reach storage and search with Entra ID, pushing teams towards shared keys.',
    remediation: 'Add an identity block (SystemAssigned or UserAssigned).',
    remediationCode: { terraform: 'identity {\n  type = "SystemAssigned"\n}' },
    frameworks: FW.keyAuth,
    types: T,
    check: (r) => expectAttr(r, 'identity.type', { what: 'identity', ok: present, fail: 'no managed identity', pass: 'has a managed identity' }),
    examples: { pass: [tf('identity', acct('  identity {\n    type = "SystemAssigned"\n  }\n')), arm('arm identity', armAcct({}, { identity: { type: 'SystemAssigned' } }))], fail: [tf('none', acct(''))] },
  }),
  iacRule({
    id: 'azure_cognitive_account_encrypted_with_cmk',
    title: 'Azure AI accounts encrypt data with a customer-managed key',
    severity: 'low',
    category: 'encryption',
    risk: 'Fine-tuning files, batch jobs and stored completions are encrypted with Microsoft-managed keys unless a customer-managed key is configured.',
    remediation: 'Add a customer_managed_key block pointing at a Key Vault key.',
    frameworks: FW.encryption,
    types: T,
    check: (r) => expectAttr(r, 'customer_managed_key', { what: 'customer-managed key', ok: present, fail: 'encrypted with Microsoft-managed keys only', pass: 'customer-managed key configured' }),
    examples: { pass: [tf('cmk', acct('  customer_managed_key {\n    key_vault_key_id = "https://kv.vault.azure.net/keys/oai/1"\n  }\n'))], fail: [tf('none', acct(''))] },
  }),
  iacRule({
    id: 'azure_cognitive_account_outbound_network_restricted',
    title: 'Azure AI accounts restrict outbound network access',
    severity: 'medium',
    category: 'exposure',
    risk: 'Features such as "on your data", web grounding and tools make the service fetch URLs; unrestricted outbound access lets an injected prompt exfiltrate data to any host.',
    remediation: 'Set outbound_network_access_restricted = true and list allowed FQDNs in fqdns.',
    remediationCode: { terraform: 'outbound_network_access_restricted = true\nfqdns = ["acmesearch.search.windows.net"]' },
    frameworks: { 'owasp-llm-2025': ['LLM02', 'LLM06'], 'mitre-atlas': ['AML.T0025', 'AML.T0086', 'AML.M0019'] },
    types: T,
    check: (r) => expectAttr(r, 'outbound_network_access_restricted', { dflt: false, what: 'outbound restriction', ok: (v) => v === true, fail: 'outbound network access is unrestricted', pass: 'outbound access restricted' }),
    examples: { pass: [tf('restricted', acct('  outbound_network_access_restricted = true\n  fqdns = ["acme.search.windows.net"]\n')), arm('arm restricted', armAcct({ restrictOutboundNetworkAccess: true }))], fail: [tf('default', acct(''))] },
  }),
  iacRule({
    id: 'azure_cognitive_account_private_endpoint_configured',
    title: 'Azure AI accounts are reached through a private endpoint',
    severity: 'low',
    category: 'exposure',
    risk: 'Without a private endpoint, callers inside the network still traverse the public endpoint, and public access cannot be turned off.',
    remediation: 'Declare an azurerm_private_endpoint whose private_service_connection targets the account.',
    frameworks: FW.exposure,
    types: T,
    check: (r) => (list(r.attributes.private_endpoints).length ? { status: 'pass', message: `${r.address}: private endpoint ${String(list(r.attributes.private_endpoints)[0])}` } : { status: 'fail', message: `${r.address}: no private endpoint targets the account in this code` }),
    examples: {
      pass: [tf('pe', `${acct('  public_network_access_enabled = false\n')}resource "azurerm_private_endpoint" "pe" {\n  name = "pe-oai"\n  location = "eastus"\n  resource_group_name = "rg-ai"\n  subnet_id = "subnet-id"\n  private_service_connection {\n    name = "oai"\n    private_connection_resource_id = azurerm_cognitive_account.oai.id\n    subresource_names = ["account"]\n    is_manual_connection = false\n  }\n}\n`)],
      fail: [tf('none', acct(''))],
    },
  }),
];

const FILTERS = ['hate', 'sexual', 'violence', 'selfharm'];
const rai = (filters: string) => `resource "azurerm_cognitive_account_rai_policy" "p" {\n  name                 = "acme-filter"\n  cognitive_account_id = "acct-id"\n  base_policy_name     = "Microsoft.Default"\n${filters}}\n`;
const cf = (name: string, source: string, enabled: boolean, block: boolean, sev = 'Medium') => `  content_filter {\n    name               = "${name}"\n    filter_enabled     = ${enabled}\n    block_enabled      = ${block}\n    severity_threshold = "${sev}"\n    source             = "${source}"\n  }\n`;
const strongRai = FILTERS.flatMap((f) => ['Prompt', 'Completion'].map((s) => cf(f, s, true, true))).join('') + cf('jailbreak', 'Prompt', true, true);
const weakRai = cf('hate', 'Prompt', false, false) + cf('violence', 'Completion', true, false, 'High');
const dep = (extra: string) => `resource "azurerm_cognitive_deployment" "gpt" {\n  name                 = "acme-triage-llm"\n  cognitive_account_id = "acct-id"\n  model {\n    format  = "OpenAI"\n    name    = "gpt-4o"\n    version = "2024-08-06"\n  }\n  sku {\n    name = "Standard"\n  }\n${extra}}\n`;

type Filter = Record<string, JsonValue>;

/**
 * The content filters of a policy whose name and source are known, and the expression behind any
 * the code does not decide (a `dynamic` block or ARM parameter over an unset value, a name or source
 * from a variable): a filter a rule looks for may be among those, so its absence is not a failure.
 */
function filtersOf(r: CloudResource): { known: Filter[]; open?: string } {
  const known: Filter[] = [];
  let open: string | undefined;
  for (const f of getAll(r.attributes, 'content_filter')) {
    if (isUnknown(f)) open ??= f.$unknown;
    else if (f && typeof f === 'object' && !Array.isArray(f)) {
      const key = [f.name, f.source].find(isUnknown);
      if (key) open ??= key.$unknown;
      else known.push(f);
    }
  }
  return { known, open };
}

/** A filter's weakness: `weak` when it is known not to block, `open` (the expression) when that depends on an undecided value. */
function strength(f: Filter, keys: readonly string[]): { weak: boolean; open?: string } {
  const vals = keys.map((k) => f[k]);
  const isWeak = (k: string, v: JsonValue | undefined) => (k === 'severity_threshold' ? String(v) === 'High' : v !== true);
  const weak = keys.some((k, i) => !isUnknown(vals[i]) && isWeak(k, vals[i]));
  const open = vals.find(isUnknown);
  return { weak, open: open?.$unknown };
}

/** Azure OpenAI content filtering (RAI policies) and deployments: beyond Checkov — filter strength and jailbreak shield. */
export const raiRules = [
  iacRule({
    id: 'azure_openai_rai_policy_filters_blocking',
    title: 'Azure OpenAI content filter policies block harmful content in prompts and completions',
    severity: 'medium',
    category: 'guardrail',
    risk: 'A custom content filter that disables or only annotates hate, sexual, violence or self-harm categories (or only blocks at High) lets harmful content through in both directions.',
    remediation: 'For each of hate, sexual, violence and selfharm, on Prompt and Completion: filter_enabled = true, block_enabled = true, severity_threshold Low or Medium.',
    frameworks: FW.contentGuard,
    types: ['azurerm_cognitive_account_rai_policy'],
    check: (r) => {
      const fs = filtersOf(r);
      const weak: string[] = [];
      const open = new Map<string, string>();
      for (const name of FILTERS) {
        for (const src of ['Prompt', 'Completion']) {
          const f = fs.known.find((x) => String(x.name).toLowerCase() === name && String(x.source) === src);
          // Not overridden: the base policy's (default) setting applies, unless an undecided entry may override it.
          if (!f) {
            if (fs.open) open.set(`${name}/${src}`, fs.open);
            continue;
          }
          const s = strength(f, ['filter_enabled', 'block_enabled', 'severity_threshold']);
          if (s.weak) weak.push(`${name}/${src}`);
          else if (s.open) open.set(`${name}/${src}`, s.open);
        }
      }
      const at = loc(r, 'content_filter');
      if (weak.length) return { status: 'fail', message: `${r.address}: weakened content filters: ${weak.join(', ')}`, location: at };
      if (open.size) return { status: 'manual', message: `${r.address}: content filters ${[...open.keys()].join(', ')} depend on \`${[...open.values()][0]}\`, which the code does not set; check the deployed policy`, location: at };
      return { status: 'pass', message: `${r.address}: harmful-content filters block at Medium or lower`, location: at };
    },
    examples: {
      pass: [tf('strong', rai(strongRai)), arm('arm strong', [{ type: 'Microsoft.CognitiveServices/accounts/raiPolicies', apiVersion: '2024-10-01', name: 'acme-openai/acme-filter', properties: { basePolicyName: 'Microsoft.Default', contentFilters: [{ name: 'hate', enabled: true, blocking: true, severityThreshold: 'Medium', source: 'Prompt' }] } }])],
      fail: [tf('weak', rai(weakRai)), arm('arm weak', [{ type: 'Microsoft.CognitiveServices/accounts/raiPolicies', apiVersion: '2024-10-01', name: 'acme-openai/acme-filter', properties: { basePolicyName: 'Microsoft.Default', contentFilters: [{ name: 'hate', enabled: false, blocking: false, severityThreshold: 'High', source: 'Prompt' }] } }])],
    },
  }),
  iacRule({
    id: 'azure_openai_rai_policy_jailbreak_filter_enabled',
    title: 'Azure OpenAI content filter policies block jailbreak attempts',
    severity: 'high',
    category: 'guardrail',
    risk: 'Without the jailbreak (prompt shield) filter blocking, direct prompt attacks reach the model unchecked.',
    remediation: 'Add a content_filter named "jailbreak" for source Prompt with filter_enabled and block_enabled true.',
    frameworks: FW.promptGuard,
    types: ['azurerm_cognitive_account_rai_policy'],
    check: (r) => {
      const fs = filtersOf(r);
      const f = fs.known.find((x) => String(x.name).toLowerCase() === 'jailbreak');
      const s = f ? strength(f, ['filter_enabled', 'block_enabled']) : { weak: !fs.open, open: fs.open };
      const at = loc(r, 'content_filter');
      if (s.weak) return { status: 'fail', message: `${r.address}: ${f ? 'the jailbreak filter does not block' : 'no blocking jailbreak filter'}`, location: at };
      if (s.open) return { status: 'manual', message: `${r.address}: the jailbreak filter depends on \`${s.open}\`, which the code does not set; check the deployed policy`, location: at };
      return { status: 'pass', message: `${r.address}: jailbreak attempts are blocked`, location: at };
    },
    examples: { pass: [tf('on', rai(strongRai))], fail: [tf('off', rai(weakRai + cf('jailbreak', 'Prompt', true, false)))] },
  }),
  iacRule({
    id: 'azure_openai_deployment_auto_upgrade_disabled',
    title: 'Azure OpenAI deployments pin the model version',
    severity: 'low',
    category: 'supply-chain',
    risk: 'With automatic upgrades the model behind a deployment changes without review; safety evaluations and prompt tuning done on the old version no longer hold.',
    remediation: 'Set version_upgrade_option = "NoAutoUpgrade" and upgrade deliberately after evaluation.',
    frameworks: FW.supplyChain,
    types: ['azurerm_cognitive_deployment'],
    check: (r) => expectAttr(r, 'version_upgrade_option', { dflt: 'OnceNewDefaultVersionAvailable', what: 'version_upgrade_option', ok: (v) => v === 'NoAutoUpgrade', fail: 'the model version upgrades automatically', pass: 'model version pinned' }),
    examples: { pass: [tf('pinned', dep('  version_upgrade_option = "NoAutoUpgrade"\n'))], fail: [tf('auto', dep(''))] },
  }),
];

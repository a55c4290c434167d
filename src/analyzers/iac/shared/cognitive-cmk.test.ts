import { describe, expect, it } from 'vitest';
import { analyzeFiles, res } from '../testing/scan-files.js';
import { terraformAnalyzer } from '../terraform/index.js';

// The key of an Azure OpenAI account may be declared beside it, in its own resource; the account
// then has a customer-managed key although its block is absent.
const files = {
  'ai.tf': 'resource "azurerm_cognitive_account" "oai" {\n  name                = "acme-oai"\n  location            = "westeurope"\n  resource_group_name = "rg"\n  kind                = "OpenAI"\n  sku_name            = "S0"\n}\n',
  'keys.tf': 'resource "azurerm_cognitive_account_customer_managed_key" "oai" {\n  cognitive_account_id = azurerm_cognitive_account.oai.id\n  key_vault_key_id     = "https://acme-kv.vault.azure.net/keys/oai/1"\n}\n',
};

describe('azurerm_cognitive_account_customer_managed_key', () => {
  it('sets the customer-managed key of the account it names', async () => {
    const out = await analyzeFiles(terraformAnalyzer, files, 'ai.tf');
    const acct = res(out.assets!.find((a) => a.type === 'azurerm_cognitive_account'));
    expect(acct.attributes.customer_managed_key).toMatchObject({ key_vault_key_id: 'https://acme-kv.vault.azure.net/keys/oai/1' });
    expect(acct.attrFiles?.customer_managed_key).toBe('keys.tf');
  });

  it('is not reported as an unsupported resource', async () => {
    const out = await analyzeFiles(terraformAnalyzer, files, 'keys.tf');
    expect(JSON.stringify(out.observations ?? [])).not.toContain('azurerm_cognitive_account_customer_managed_key');
  });
});

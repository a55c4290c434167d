import type { RuleMeta } from '../../core/index.js';

const common = { version: '1', source: 'mcp', references: ['https://modelcontextprotocol.io/specification/draft/basic/security_best_practices'] };

export const MCP_CREDENTIALS_NOT_INLINE: RuleMeta = {
  ...common,
  id: 'mcp_server_credentials_not_inline',
  title: 'MCP server configs reference credentials instead of embedding them',
  severity: 'high',
  category: 'secret',
  risk:
    'A token written into an MCP client config (env, args, headers or URL) is readable by every process and ' +
    'extension running as the user, is synced and backed up with the dotfiles, and is often committed with the ' +
    'project. Agent configs are a known harvesting target for credentials.',
  remediation:
    'Move the value to the OS keychain or the environment and reference it: `"env": {"GITHUB_TOKEN": "${env:GITHUB_TOKEN}"}` ' +
    '(VS Code `${input:…}` prompts, Codex `bearer_token_env_var`). Rotate any token that was committed.',
  frameworks: { 'owasp-llm-2025': ['LLM02'], 'mitre-atlas': ['AML.T0083', 'AML.T0055'] },
};

export const MCP_PACKAGE_VERSION_PINNED: RuleMeta = {
  ...common,
  id: 'mcp_server_package_version_pinned',
  title: 'MCP servers launched from a registry are pinned to an exact version',
  severity: 'medium',
  category: 'supply-chain',
  risk:
    '`npx -y some-mcp-server` (or `@latest`, or an image without a digest) fetches and runs whatever the registry serves ' +
    'at each start, with the user\'s privileges and the tokens in its env. A hijacked or malicious release — or a ' +
    'changed tool description (a "rug pull") — reaches the agent silently.',
  remediation: 'Pin the exact version (`npx -y @modelcontextprotocol/server-github@2025.4.8`, `uvx mcp-server-fetch==2025.4.7`, `image@sha256:…`) and review updates before bumping.',
  frameworks: { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0010.005', 'AML.T0109'] },
};

export const MCP_REMOTE_USES_TLS: RuleMeta = {
  ...common,
  id: 'mcp_remote_server_uses_tls',
  title: 'Remote MCP servers are reached over TLS',
  severity: 'high',
  category: 'encryption',
  risk: 'A remote MCP server over plain HTTP exposes tool calls, their results and any bearer token to the network path, and lets an attacker in the middle rewrite tool definitions and results.',
  remediation: 'Use an `https://` URL for every non-loopback MCP server.',
  frameworks: { 'owasp-llm-2025': ['LLM02'], 'mitre-atlas': ['AML.T0055'] },
};

export const MCP_REMOTE_SENDS_AUTH: RuleMeta = {
  ...common,
  id: 'mcp_remote_server_authenticated',
  title: 'Remote MCP servers are called with authentication',
  severity: 'medium',
  category: 'identity',
  risk: 'A remote MCP server the client calls without credentials is either public (anyone can use the same tools and data) or relies on an OAuth flow this config does not show.',
  remediation: 'Configure an Authorization header from an env var or input, or confirm the server enforces OAuth 2.1 as the MCP authorization spec describes.',
  frameworks: { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0010.005'] },
};

export const MCP_TOOLS_REQUIRE_APPROVAL: RuleMeta = {
  ...common,
  id: 'mcp_server_tools_require_approval',
  title: 'MCP server tools require user approval before running',
  severity: 'medium',
  category: 'agency',
  risk: 'Auto-approved (`alwaysAllow`, `autoApprove`) or trusted (`trust: true`) MCP tools run whenever the model asks, so a prompt injection in any document or web page the agent reads can invoke them without a human in the loop.',
  remediation: 'Remove auto-approval for tools that write, execute or send data; keep it only for read-only tools you have reviewed.',
  frameworks: { 'owasp-llm-2025': ['LLM06'], 'mitre-atlas': ['AML.T0053', 'AML.T0086'] },
};

export const MCP_RULES: RuleMeta[] = [MCP_CREDENTIALS_NOT_INLINE, MCP_PACKAGE_VERSION_PINNED, MCP_REMOTE_USES_TLS, MCP_REMOTE_SENDS_AUTH, MCP_TOOLS_REQUIRE_APPROVAL];

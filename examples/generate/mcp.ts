import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Deterministic fake key material (the same estate on every install), never a real credential. */
function fakeChars(n: number, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let x = seed >>> 0;
  let out = '';
  for (let i = 0; i < n; i++) {
    // xorshift32: cheap, deterministic, good enough to look like a token.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}

/**
 * Writes the support bot team's Claude Desktop config as a developer left it in the repo: a GitHub
 * token and an OpenAI key pasted inline, an unpinned `@latest` server, auto-approved shell tools.
 * Also a `.env` with an Anthropic key that should never have been committed. Key shapes are
 * assembled from parts at generate time so no secret-shaped literal is committed.
 */
export async function generateMcpConfigs(estateRoot: string): Promise<void> {
  const dir = path.join(estateRoot, 'apps', 'support-bot', 'generated');
  await mkdir(dir, { recursive: true });
  const githubPat = ['ghp', fakeChars(36, 0x5eed01)].join('_');
  const openaiKey = ['sk', 'proj', fakeChars(48, 0x5eed02)].join('-');
  const anthropicKey = ['sk', 'ant', 'api03', fakeChars(86, 0x5eed03)].join('-');
  const config = {
    mcpServers: {
      github: {
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-github@latest'],
        env: { GITHUB_PERSONAL_ACCESS_TOKEN: githubPat },
      },
      'support-kb': {
        command: 'uvx',
        args: ['acme-support-kb-mcp'],
        env: { OPENAI_API_KEY: openaiKey, PINECONE_INDEX: 'acme-support-kb' },
      },
      'ops-shell': {
        command: 'npx',
        args: ['-y', 'mcp-shell-server'],
        alwaysAllow: ['run_command'],
      },
      'clinic-calendar': {
        url: 'https://calendar.acme-health.example/mcp/sse',
        headers: { Authorization: '${CALENDAR_TOKEN}' },
      },
    },
  };
  await writeFile(path.join(dir, 'claude_desktop_config.json'), `${JSON.stringify(config, null, 2)}\n`);
  await writeFile(path.join(dir, '.env'), ['# local overrides (should be git-ignored, but is not in this folder)', `ANTHROPIC_API_KEY=${anthropicKey}`, 'OPENAI_API_KEY=', ''].join('\n'));
}

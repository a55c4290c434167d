import { stableHash } from '../../core/index.js';
import { credentialIn, scanUrl, scanUrlsIn, isCredentialName, isPlaceholder, looksLikeToken, type InlineCredential } from '../shared/credentials.js';
import { readLaunch, type Launch } from './launch.js';
import type { RawServer } from './clients.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** One MCP server entry, normalised across clients. Holds no credential value, only masks. */
export interface McpServerInfo {
  name: string;
  field: string;
  transport: 'stdio' | 'sse' | 'http';
  command?: string;
  /** Arguments with inline credentials replaced by their masks. */
  args: string[];
  launch?: Launch;
  /** Remote endpoint (credentials in it masked). */
  url?: string;
  usesTls?: boolean;
  loopback?: boolean;
  /** True when the config sends a credential to the remote server (header, bearer env var, URL key). */
  sendsAuth: boolean;
  envVars: string[];
  headerNames: string[];
  inlineCredentials: InlineCredential[];
  disabled: boolean;
  /** Tools the client runs without asking (Cline/Roo `alwaysAllow`, `autoApprove`; Gemini `trust`). */
  autoApprove: string[];
  trusted: boolean;
  /** Tool names or definitions the config lists, if any. */
  tools: unknown[];
  definitionHash: string;
}

const AUTH_HEADER = /^(authorization|proxy-authorization|x-api-key|api-key|x-auth-token|x-access-token|cookie)$|token|key|secret/i;

function isLoopback(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1|0\.0\.0\.0|host\.docker\.internal)$/i.test(host);
}

/** `--flag value` / `--flag=value` pairs with credential-like flag names, and token-shaped args. */
function argCredentials(args: string[]): { masked: string[]; creds: InlineCredential[] } {
  const creds: InlineCredential[] = [];
  const masked = [...args];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = /^(--?[\w-]+)=(.*)$/.exec(a);
    if (eq && isCredentialName(eq[1]!)) {
      const c = credentialIn('args', eq[1]!, eq[2]);
      if (c) {
        creds.push(c);
        masked[i] = `${eq[1]}=${c.masked}`;
      }
      continue;
    }
    if (/^--?[\w-]+$/.test(a) && isCredentialName(a) && i + 1 < args.length && !args[i + 1]!.startsWith('-')) {
      const c = credentialIn('args', a, args[i + 1]);
      if (c) {
        creds.push(c);
        masked[i + 1] = c.masked;
        i++;
      }
      continue;
    }
    // `Authorization: Bearer …` passed to mcp-remote via `--header`.
    const hdr = /^([\w-]+)\s*:\s*(.+)$/.exec(a);
    if (hdr && AUTH_HEADER.test(hdr[1]!) && !/^https?$/i.test(hdr[1]!)) {
      const c = credentialIn('args', hdr[1]!, hdr[2]);
      if (c) {
        creds.push(c);
        masked[i] = `${hdr[1]}: ${c.masked}`;
      }
      continue;
    }
    const kv = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(a);
    const c = kv ? credentialIn('args', kv[1]!, kv[2]) : !isPlaceholder(a) && looksLikeToken(a) ? credentialIn('args', `arg${i}`, a) : undefined;
    if (c) {
      creds.push(c);
      masked[i] = kv ? `${kv[1]}=${c.masked}` : c.masked;
      continue;
    }
    // Connection strings of any scheme, whole or inside the arg: the Postgres server takes
    // `postgresql://user:pw@host/db` as its argument, docker gets `-e DB=…`, others `--db=…`.
    const u = scanUrlsIn(a);
    if (u.creds.length) {
      creds.push(...u.creds.map((x) => ({ ...x, where: 'args' as const })));
      masked[i] = u.text;
    }
  }
  return { masked, creds };
}

/** Normalises one client's server entry (Claude/Cursor/VS Code/Windsurf/Gemini/Codex/Continue/Zed/opencode shapes). */
export function normaliseServer(raw: RawServer): McpServerInfo {
  const e = raw.entry;
  // Zed nests `{ command: { path, args, env } }`; opencode puts the whole argv in `command`.
  const cmdObj = isObj(e.command) ? e.command : undefined;
  let command = str(cmdObj?.path) ?? str(e.command);
  let args = strings(cmdObj?.args ?? e.args);
  if (Array.isArray(e.command)) {
    const argv = strings(e.command);
    command = argv[0];
    args = argv.slice(1);
  }
  const env: Obj = { ...(isObj(cmdObj?.env) ? cmdObj.env : {}), ...(isObj(e.env) ? e.env : {}), ...(isObj(e.environment) ? e.environment : {}) };
  const headers: Obj = { ...(isObj(e.headers) ? e.headers : {}), ...(isObj(e.http_headers) ? e.http_headers : {}), ...(isObj(e.requestOptions) && isObj(e.requestOptions.headers) ? e.requestOptions.headers : {}) };
  const urlRaw = str(e.url) ?? str(e.serverUrl) ?? str(e.httpUrl) ?? str(e.uri);
  const declared = (str(e.type) ?? str(e.transport) ?? '').toLowerCase();

  const creds: InlineCredential[] = [];
  for (const [k, v] of Object.entries(env)) {
    const c = credentialIn('env', k, v);
    if (c) creds.push(c);
    // `DATABASE_URL: postgresql://app:pw@db/x`: the name says nothing, the URL holds a password.
    else if (typeof v === 'string') for (const u of scanUrlsIn(v).creds) creds.push({ ...u, where: 'env', key: k });
  }
  for (const [k, v] of Object.entries(headers)) {
    const c = AUTH_HEADER.test(k) || looksLikeToken(String(v)) ? credentialIn('headers', k, v) : undefined;
    if (c) creds.push(c);
  }
  const a = argCredentials(args);
  creds.push(...a.creds);

  const launch = command ? readLaunch(command, args) : undefined;
  if (launch) for (const [k, v] of launch.inlineEnv) if (!creds.some((c) => c.key === k)) {
    const c = credentialIn('args', k, v);
    if (c) creds.push(c);
  }

  let url: string | undefined;
  const remote = urlRaw ?? launch?.remoteUrl;
  if (remote) {
    const u = scanUrl(remote);
    url = u.url;
    if (urlRaw) creds.push(...u.creds);
  }
  let transport: McpServerInfo['transport'] = 'stdio';
  if (urlRaw) transport = declared === 'sse' || /\/sse\/?(\?|$)/.test(urlRaw) ? 'sse' : 'http';

  let usesTls: boolean | undefined;
  let loopback: boolean | undefined;
  if (url) {
    try {
      const u = new URL(url);
      usesTls = u.protocol === 'https:' || u.protocol === 'wss:';
      loopback = isLoopback(u.hostname);
    } catch {
      usesTls = /^https:/i.test(url);
    }
  }
  const headerNames = Object.keys(headers);
  const remoteHeaderArgs = args.some((x) => /^authorization\s*:/i.test(x));
  const sendsAuth =
    headerNames.some((h) => AUTH_HEADER.test(h)) ||
    typeof e.bearer_token_env_var === 'string' ||
    isObj(e.env_http_headers) ||
    isObj(e.oauth) ||
    remoteHeaderArgs ||
    (url !== undefined && /[?&](api[-_]?key|key|token|access_token)=/i.test(remote ?? ''));

  const autoApprove = [...strings(e.alwaysAllow), ...strings(e.autoApprove), ...strings(e.auto_approve)];
  const trusted = e.trust === true;
  const tools: unknown[] = Array.isArray(e.tools) ? (e.tools as unknown[]) : isObj(e.tools) ? Object.entries(e.tools).map(([k, v]) => ({ name: k, ...(isObj(v) ? v : {}) })) : [];
  for (const k of ['includeTools', 'enabled_tools']) for (const t of strings(e[k])) tools.push(t);

  const maskedEnv = Object.keys(env).sort();
  const definitionHash = stableHash([
    transport,
    command,
    JSON.stringify(a.masked),
    url,
    JSON.stringify(maskedEnv),
    JSON.stringify(headerNames.sort()),
    JSON.stringify(tools),
    JSON.stringify(autoApprove),
    String(trusted),
  ]);

  const info: McpServerInfo = {
    name: raw.name,
    field: raw.field,
    transport,
    args: a.masked,
    sendsAuth,
    envVars: maskedEnv,
    headerNames,
    inlineCredentials: creds,
    disabled: e.disabled === true || e.enabled === false,
    autoApprove,
    trusted,
    tools,
    definitionHash,
  };
  if (command) info.command = command;
  if (launch) info.launch = launch;
  if (url) info.url = url;
  if (usesTls !== undefined) info.usesTls = usesTls;
  if (loopback !== undefined) info.loopback = loopback;
  return info;
}

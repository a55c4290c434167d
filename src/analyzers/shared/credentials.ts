/** Credential names, token shapes and placeholders in config values: shared by the mcp, env and containers analyzers. */
import { maskValue } from '../../core/index.js';

/** A credential written into a config file, masked for the report. */
export interface InlineCredential {
  /** Where in the server entry: `env`, `args`, `headers` or `url`. */
  where: 'env' | 'args' | 'headers' | 'url';
  /** The env var, header or flag name (never the value). */
  key: string;
  masked: string;
}

/** `aaaaaaaa`: a filler, not a key. A loop, because `/^(.)\1+$/` overflows the regex stack on long values. */
function oneCharRepeated(v: string): boolean {
  for (let i = 1; i < v.length; i++) if (v.charCodeAt(i) !== v.charCodeAt(0)) return false;
  return v.length > 1;
}

/** Values that point elsewhere (`${VAR}`, `${input:x}`, `{env:X}`, `<your-key>`, `changeme`): not a credential. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 6) return true;
  if (/\$\{[^}]+\}|\$[A-Z_][A-Z0-9_]*\b|\{env:[^}]+\}|\{\{[^}]+\}\}|%[A-Z_]+%/.test(v)) return true;
  if (/^<[^>]*>$/.test(v) || /^\[[^\]]*\]$/.test(v)) return true;
  if (/^(your|my|xxx|changeme|change-me|replace|placeholder|todo|example|dummy|fake|redacted|insert|enter|none|null|undefined)/i.test(v)) return true;
  if (/^[x*._-]+$/i.test(v) || oneCharRepeated(v)) return true;
  return false;
}

/**
 * Prefixes of well-known token formats. Prefixes only, never whole keys, so this file is no secret.
 * A value with one of these shapes is a credential whatever its variable is called.
 */
const TOKEN_SHAPE = /^(sk-[A-Za-z0-9_-]{16,}|sk_(live|test)_[A-Za-z0-9]{16,}|rk_live_|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_|glpat-|xox[abpr]-|A[KS]IA[0-9A-Z]{16}|hf_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_-]{30,}|pplx-|gsk_[A-Za-z0-9]{20,}|r8_[A-Za-z0-9]{20,}|npm_[A-Za-z0-9]{30,}|pypi-|ntn_|secret_[A-Za-z0-9]{20,}|lin_api_|dop_v1_|shpat_|pcsk_|lsv2_)/;

/** True when a name says it holds a secret (`GITHUB_PERSONAL_ACCESS_TOKEN`, `apiKey`, `--password`). */
export function isCredentialName(name: string): boolean {
  return /(api[-_]?key|apikey|token|secret|passw(or)?d|pwd|credential|auth|bearer|private[-_]?key|access[-_]?key|(^|[-_])pat($|[-_])|client[-_]?secret)/i.test(name);
}

/** True when `value` (already known not to be a placeholder) has a known token shape. */
export function looksLikeToken(value: string): boolean {
  return TOKEN_SHAPE.test(value.trim().replace(/^Bearer\s+/i, ''));
}

/** A literal credential under `name`, or undefined when the value is empty, a reference or harmless. */
export function credentialIn(where: InlineCredential['where'], name: string, value: unknown): InlineCredential | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().replace(/^Bearer\s+/i, '');
  if (isPlaceholder(v)) return undefined;
  if (looksLikeToken(v) || (isCredentialName(name) && v.length >= 8 && !/^(true|false|https?:\/\/\S*)$/i.test(v))) {
    return { where, key: name, masked: maskValue(v) };
  }
  return undefined;
}

/** `decodeURIComponent` that gives the raw text back for a malformed escape instead of throwing. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const URL_SECRET_PARAM = /^(api[-_]?key|apikey|key|token|access[-_]?token|auth|secret|password|sig|signature)$/i;

/** Credentials in a URL (userinfo password, `?api_key=…`) and the URL with them masked. */
export function scanUrl(raw: string): { url: string; creds: InlineCredential[] } {
  const creds: InlineCredential[] = [];
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { url: raw, creds };
  }
  // A token as the whole userinfo (`https://ghp_…@github.com/org/repo.git`) is as secret as a password.
  const user = safeDecode(u.username);
  if (user && !u.password && !isPlaceholder(user) && (looksLikeToken(user) || /^[\w-]{20,}$/.test(user))) {
    creds.push({ where: 'url', key: 'userinfo', masked: maskValue(user) });
    u.username = '***';
  }
  if (u.password && !isPlaceholder(safeDecode(u.password))) {
    creds.push({ where: 'url', key: 'userinfo', masked: maskValue(safeDecode(u.password)) });
    u.password = '***';
  }
  for (const [k, v] of [...u.searchParams.entries()]) {
    if (URL_SECRET_PARAM.test(k) && !isPlaceholder(v)) {
      creds.push({ where: 'url', key: k, masked: maskValue(v) });
      u.searchParams.set(k, maskValue(v));
    }
  }
  return { url: creds.length ? u.toString() : raw, creds };
}

const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi;

/** Every URL inside `text` (`DB=postgresql://app:pw@db/x`, `--db=…`) scanned: the text masked and the credentials found. */
export function scanUrlsIn(text: string): { text: string; creds: InlineCredential[] } {
  const creds: InlineCredential[] = [];
  if (!text.includes('://')) return { text, creds };
  const masked = text.replace(URL_IN_TEXT, (raw) => {
    const u = scanUrl(raw);
    creds.push(...u.creds);
    return u.url;
  });
  return { text: masked, creds };
}

/** Text with every URL's userinfo credential and secret query values (`sig=`, `api_key=`) masked. */
export function maskUrlsIn(text: string): string {
  return scanUrlsIn(text).text;
}

/**
 * A shell command line (a DVC stage's `cmd`) with credentials masked: URL credentials, values after
 * credential-named flags (`--token X`, `--api-key=X`), credential-named assignments
 * (`OPENAI_API_KEY=… python train.py`) and bare token-shaped words.
 */
export function maskCommandLine(cmd: string): string {
  const words = maskUrlsIn(cmd).split(/(\s+)/);
  for (let i = 0; i < words.length; i += 2) {
    const w = words[i]!;
    const pair = /^(--?[\w.-]+|[A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(w);
    if (pair && isCredentialName(pair[1]!) && !isPlaceholder(pair[2]!)) words[i] = `${pair[1]}=${maskValue(pair[2]!)}`;
    else if (/^--?[\w.-]+$/.test(w) && isCredentialName(w) && i + 2 < words.length && !words[i + 2]!.startsWith('-') && !isPlaceholder(words[i + 2]!)) {
      words[i + 2] = maskValue(words[i + 2]!);
      i += 2;
    } else if (looksLikeToken(w)) words[i] = maskValue(w);
  }
  return words.join('');
}

import { escapeRegExp, type Severity } from '../../../core/index.js';

/**
 * One secret rule, as data (the gitleaks / Trivy shape). `keywords` are literal, case-insensitive
 * strings: a chunk of text that contains none of them is never run through `regex`, which keeps
 * 150+ rules cheap. `regex` must be anchored on a literal or a keyword (never a leading broad
 * character class) so the regex engine can skip ahead quickly.
 */
export interface SecretRuleDef {
  /** Stable id, kebab-case (`openai-project-key`). */
  id: string;
  description: string;
  /** Who issued the credential (`openai`, `aws`, `github`, `generic`, …); the `secret` asset's provider. */
  provider: string;
  /** Literal, case-insensitive prefilter strings; at least one must occur in the text. */
  keywords: string[];
  /** JavaScript regex source. Capture group `secretGroup` (default: 1 if present, else 0) is the secret. */
  regex: string;
  /** Regex flags besides `g` (e.g. `i`). */
  flags?: string;
  secretGroup?: number;
  /** Minimum Shannon entropy (bits per char) of the secret; below it the match is dropped. */
  entropy?: number;
  /** Default `high`; cloud and AI provider keys are `critical`. */
  severity?: Severity;
  /** True for AI provider keys (LLM APIs, model hubs, vector DBs): attack-path entry points. */
  ai?: boolean;
  /** Keyword-context rules (a bare 32-hex value next to `datadog`): skipped in lockfiles, lower confidence. */
  generic?: boolean;
  allowlist?: {
    /** A match whose secret matches one of these regexes is dropped. */
    regexes?: string[];
    /** A match whose secret contains one of these (case-insensitive) is dropped. */
    stopwords?: string[];
    /**
     * A match whose whole text (the key and the value, as the rule's regex matched it) matches
     * one of these, case-insensitively, is dropped: gitleaks' `regexTarget = "match"`. For rules
     * that read a value after a key name, where the name says the value is not the secret
     * (`password_encryption = scram-sha-256`).
     */
    matchRegexes?: string[];
  };
}

/** Shorthand for the many rules that are "a literal prefix, then a fixed alphabet". */
export function prefixed(
  id: string,
  provider: string,
  description: string,
  prefix: string,
  body: string,
  extra: Partial<SecretRuleDef> = {},
): SecretRuleDef {
  const esc = escapeRegExp(prefix);
  return { id, provider, description, keywords: [prefix], regex: `\\b(${esc}${body})(?![A-Za-z0-9_-])`, ...extra };
}

/**
 * Shorthand for "a value of this shape assigned to a name containing one of these keywords"
 * (`DATADOG_API_KEY = "…32 hex…"`). Anchored on the keyword, so the regex only runs near it.
 */
export function assigned(
  id: string,
  provider: string,
  description: string,
  keywords: string[],
  value: string,
  extra: Partial<SecretRuleDef> = {},
): SecretRuleDef {
  const kw = keywords.map(escapeRegExp).join('|');
  return {
    id,
    provider,
    description,
    keywords,
    // Spaces, not \s: a value never continues on the next line (`KEY=` followed by `OTHER=…`).
    // A value an opening parenthesis follows is a function's name (`oauth_token = _ParseOAuthArgs(args)`).
    regex: `(?:${kw})[\\w.-]{0,25}["']?[ \\t]{0,3}(?:=|:|=>|:=)[ \\t]{0,5}["'\`]?(${value})(?![A-Za-z0-9_+/=(-])`,
    flags: 'i',
    generic: true,
    entropy: 3,
    ...extra,
  };
}

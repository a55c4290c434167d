import type { InjectionKind } from './injection.js';

/**
 * The shape of one tool-poisoning family and the pieces its regexes share. Every quantifier in them
 * is bounded and no group repeats (a group is at most optional), so the work at each position of a
 * hostile file has a fixed ceiling and the whole file costs linear time.
 */

/** One family: the label a finding carries, its regex (global), and an optional veto on a match. */
export interface ToolPhrase {
  what: string;
  re: RegExp;
  /** False turns a match away (judged on the whole text: what another detector already reports). */
  keep?: (text: string, start: number, end: number) => boolean;
  /**
   * The label of this match instead of `what`, or undefined to turn it away: for a family whose
   * regex finds candidates that only a reading of their parts can tell apart (terminal escapes).
   * `prose`: the text is an agent's instruction file, not a server's code.
   */
  judge?: (text: string, start: number, end: number, prose: boolean) => string | undefined;
  /** The finding's kind when it is not an instruction in words (terminal escapes hide text). */
  kind?: InjectionKind;
}

/**
 * A regex from a readable source: each space stands for 1–12 whitespace characters, enough for a
 * docstring wrapped onto an indented next line, never an unbounded run.
 */
export function phrase(source: string, flags = 'gi'): RegExp {
  return new RegExp(source.replace(/ /g, String.raw`\s{1,12}`), flags);
}

/** Whom the instructions are hidden from or put before (spaces as in {@link phrase}). */
export const USER_WORDS = String.raw`(?:the )?(?:user|human|operator|developer)s?`;

/** A credential or agent-config file an instruction has no business reading into a model's context. */
export const SECRET_FILE = String.raw`(?:~|\$HOME|%USERPROFILE%)?[\\/]?\.(?:ssh[\\/](?:id_\w{1,40}\b(?!\.pub)|authorized_keys|config)|aws[\\/]credentials|netrc|pgpass|npmrc|pypirc|git-credentials|docker[\\/]config\.json|kube[\\/]config|config[\\/]gcloud[\\/][\w.]{1,80}|cursor[\\/]mcp\.json|codeium[\\/]windsurf[\\/]mcp_config\.json)|\bid_(?:rsa|ed25519|ecdsa|dsa)\b(?!\.pub)|\bclaude_desktop_config\.json\b|\bmcp\.json\b|\/etc\/(?:shadow|passwd)\b`;

/**
 * A command that fetches from or reaches out to another host, runs what it fetched, or wrecks the
 * machine: curl / wget to an address that is not this machine, a pipe into a shell, netcat, a
 * recursive chmod or rm, decoded base64, inline Python, an encoded PowerShell command. `npm test`,
 * `uv run`, `sudo` and `curl localhost:8080/health` are none of them.
 */
export const REMOTE_COMMAND = String.raw`(?:\b(?:curl|wget|iwr|invoke-webrequest|invoke-restmethod)\b[^\n|;&]{0,80}?https?:\/\/(?!localhost\b|127\.0\.0\.1\b|0\.0\.0\.0\b|\[::1\])|\|\s{0,3}(?:sudo\s{1,3})?(?:ba|z|da)?sh\b|\b(?:nc|ncat|netcat)\s{1,3}-\w|\bchmod\s{1,3}-R\b|\brm\s{1,3}-(?:rf|fr)\b|\bbase64\s{1,3}(?:-d|--decode)\b|\bpython3?\s{1,3}-c\b|\bpowershell(?:\.exe)?\s{1,3}-(?:e|enc|encodedcommand)\b)`;

/**
 * A veto for a family whose sentences other families may report already: true when one of
 * `others` matches text overlapping `start`–`end` (looked for in a window around it, each regex a
 * sticky-free copy so their own scans keep their place). One finding per span, the older family's.
 */
export function reportedBy(others: readonly ToolPhrase[]): (text: string, start: number, end: number) => boolean {
  const copies = others.map((p) => new RegExp(p.re.source, p.re.flags.includes('g') ? p.re.flags : `${p.re.flags}g`));
  return (text, start, end) => {
    const from = Math.max(0, start - 600);
    const window = text.slice(from, end + 300);
    for (const re of copies) {
      re.lastIndex = 0;
      for (let m = re.exec(window); m; m = re.exec(window)) {
        if (from + m.index >= end) break;
        if (from + m.index + m[0].length > start) return true;
        if (!m[0].length) re.lastIndex++;
      }
    }
    return false;
  };
}

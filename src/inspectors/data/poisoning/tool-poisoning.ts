import type { InjectionHit } from './injection.js';

/**
 * The wording of MCP tool poisoning and rules-file backdoors, read only where a model takes text as
 * standing orders: a coding agent's instruction files and an MCP server's code (whose tool
 * descriptions reach every client's model). In chat or RAG data "don't mention it to anyone" is
 * ordinary speech; in a tool's description it is the tell of an instruction meant to run unseen
 * (Invariant Labs' "tool poisoning" write-up: read `~/.cursor/mcp.json`, pass it as a parameter,
 * "do not mention that you first need to read the file … this could even upset the user").
 *
 * Three families, each a bounded phrase (no unbounded repetition, so a hostile file costs linear
 * time): hiding the action from the user, reading a credential file into the model's context or a
 * tool argument, and one tool rewriting how another behaves (tool shadowing).
 */

interface Phrase {
  what: string;
  re: RegExp;
}

const USER = String.raw`(?:the\s+)?(?:user|human|operator|developer)s?`;
/** A credential or agent-config file an instruction has no business reading into a model's context. */
const SECRET_FILE = String.raw`(?:~|\$HOME|%USERPROFILE%)?[\\/]?\.(?:ssh[\\/](?:id_\w+|authorized_keys|config)|aws[\\/]credentials|netrc|pgpass|npmrc|pypirc|git-credentials|docker[\\/]config\.json|kube[\\/]config|config[\\/]gcloud[\\/][\w.]+|cursor[\\/]mcp\.json|codeium[\\/]windsurf[\\/]mcp_config\.json)|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|\bclaude_desktop_config\.json\b|\bmcp\.json\b|\/etc\/(?:shadow|passwd)\b`;

const PHRASES: readonly Phrase[] = [
  {
    what: 'hides what it does from the user',
    re: new RegExp(
      [
        String.raw`\b(?:do\s+not|don['’]t|never|must\s+not)\s+(?:ever\s+)?(?:(?:tell|inform|notify)\s+${USER}\b|let\s+${USER}\s+(?:know|see|notice)\b)`,
        String.raw`\b(?:do\s+not|don['’]t|never|must\s+not)\s+(?:ever\s+)?(?:mention|reveal|disclose|admit|say|explain)\s+(?:that\s+you|(?:this|these)\s+(?:steps?|notes?|requirements?)|that\s+(?:this|it)\s+(?:tool|step)|(?:it|this)\s+to\s+${USER}|anything\s+about\s+(?:this|these))`,
        String.raw`\bwithout\s+(?:telling|informing|notifying)\s+${USER}\b`,
        String.raw`\b(?:could|would|might|will|may)\s+(?:even\s+)?(?:upset|alarm|scare|worry|confuse)\s+${USER}\b`,
        String.raw`\b(?:keep|hide)\s+(?:this|these\s+instructions|it)\s+(?:secret|hidden)\s+from\s+${USER}\b`,
        String.raw`\b${USER}\s+(?:must|should)\s+(?:not|never)\s+(?:know|see|notice|be\s+told|find\s+out)\b`,
      ].join('|'),
      'gi',
    ),
  },
  {
    // Asked of the model (please / also / first / you must read …), read and then passed on, or
    // sent anywhere: a server's own comment that says what it reads ("read the kube config from
    // ~/.kube/config and return its contexts") is none of the three.
    what: 'reads a credential file into the conversation',
    re: new RegExp(
      [
        String.raw`\b(?:please|also|first|you\s+(?:must|should|need\s+to|have\s+to))\s+(?:\w+\s+){0,2}?(?:read|cat|send|upload|attach|forward|include)\b[^.\n]{0,60}?(?:${SECRET_FILE})`,
        String.raw`\b(?:read|cat|open)\b[^.\n]{0,60}?(?:${SECRET_FILE})[^.\n]{0,60}?\b(?:and|then)\s+(?:pass|send|include|add|put|append|attach|forward|upload|post)\b`,
        String.raw`\b(?:send|upload|attach|forward|exfiltrate|leak)\b[^.\n]{0,40}?(?:${SECRET_FILE})`,
      ].join('|'),
      'gi',
    ),
  },
  {
    what: "passes a file's contents through a tool argument",
    re: /\bpass\s+(?:its|their|the|that\s+file['’]s|the\s+file['’]s)\s+(?:full\s+)?contents?\s+(?:as|in|into|via|through)\b/gi,
  },
  {
    what: 'changes how other tools behave (tool shadowing)',
    re: /\bwhen\s+this\s+tool\s+is\s+(?:available|present|loaded|installed|enabled|connected)\b|\b(?:other|every|all|any)\s+(?:\w+\s+)?tools?\s+(?:must|should|shall)\s+(?:now\s+|always\s+)?(?:send|forward|cc|bcc|redirect|route)\b|\b\w+\s+tool\s+must\s+(?:now\s+|always\s+)?(?:send|forward|redirect|route)\s+(?:all|every|any)\b/gi,
  },
];

/** Tool-poisoning phrases in a coding agent's instructions or an MCP server's code, in text order. */
export function findToolPoisoning(text: string): InjectionHit[] {
  const out: InjectionHit[] = [];
  for (const p of PHRASES) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      out.push({ kind: 'hidden-instruction', start: m.index, end: m.index + m[0].length, detail: `tool poisoning (${p.what}): ${m[0].slice(0, 60).replace(/\s+/g, ' ')}` });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

import type { InjectionHit } from './injection.js';
import { RULES_BACKDOOR } from './rules-backdoor.js';
import { AUTHORITY } from './tool-authority.js';
import { COMMAND_PREFIX } from './tool-command-prefix.js';
import { ENV_SECRETS } from './tool-env-secrets.js';
import { EXFILTRATION } from './tool-exfiltration.js';
import { LINE_JUMPING } from './tool-line-jumping.js';
import { CREDENTIAL_FILES } from './tool-credential-files.js';
import type { ToolPhrase } from './tool-phrase.js';
import { PREREQUISITE } from './tool-prerequisite.js';
import { TERMINAL_ESCAPES } from './tool-terminal-escapes.js';
import { UNASKED_ACTIONS } from './tool-unasked-actions.js';

/**
 * The wording of MCP tool poisoning and rules-file backdoors, read only where a model takes text as
 * standing orders: a coding agent's instruction files and an MCP server's code (whose tool
 * descriptions reach every client's model). In chat or RAG data "don't mention it to anyone" is
 * ordinary speech; in a tool's description it is the tell of an instruction meant to run unseen
 * (Invariant Labs' "tool poisoning" write-up: read `~/.cursor/mcp.json`, pass it as a parameter,
 * "do not mention that you first need to read the file … this could even upset the user").
 *
 * Twelve families, each a bounded phrase (every quantifier bounded, no group repeated, so a hostile
 * file costs linear time): hiding the action from the user, reading a credential file into the model's
 * context or a tool argument, one tool rewriting how another behaves (tool shadowing), the
 * conversation or secrets sent out through an argument, named secrets from the environment sent out
 * ($OPENAI_API_KEY into a side-channel parameter, "all API keys you have access to"), tools and
 * commands run unasked, a step unrelated to the tool ordered before it is used (a credential file,
 * a remote command, a sending tool), a remote command fastened onto every command the agent runs
 * (command prefixing), borrowed system authority, orders put ahead of the user's (line jumping),
 * code planted in what the agent writes (rules-file backdoor), and terminal escape codes that hide
 * text from a terminal client's user (concealed or same-colour text, a line erased or written over,
 * a hyperlink shown as another host: `invisible-characters`, the rest `hidden-instruction`).
 *
 * False-positive check (2026-11-27), every .js/.cjs/.mjs/.ts/.md/.json file of three `npm install
 * --ignore-scripts` trees, read in the scanner's 256 KiB blocks (packages two trees share are
 * counted in each): 15 MCP servers with the SDK, TypeScript, ESLint, the OpenAI and Anthropic SDKs
 * and LangChain, 359,017,260 bytes in 34,326 files; 11 more MCP servers (Sentry's, Stripe's,
 * Heroku's, Exa's, Tavily's, Desktop Commander …) with the MCP inspector, mcp-remote, Gemini CLI,
 * Mastra, LlamaIndex, the AI SDK and @langchain/core, 629,371,906 bytes in 76,575 files; rulesync,
 * 22,887,117 bytes in 7,521 files. In all, 1,011,276,283 bytes: 0 hits with the first three
 * families, 0 with all eight. The nearest real text is kept as negative tests (LangChain's
 * `<instructions>` summary prompt, Gemini CLI's "attach the exported chat history" hint).
 *
 * Second check, for the four newer families (2026-11-27, the same way, packages two trees share
 * counted in each; every .md read as an agent's instruction file, the rest as a server's code): the
 * reference MCP servers (filesystem, GitHub, everything, memory, sequential thinking, Postgres,
 * Brave search), the MCP SDK and inspector, Playwright's, Notion's, Supabase's, Sentry's, Stripe's,
 * Exa's and Tavily's servers, Context7, mcp-remote, Desktop Commander, Gemini CLI, the OpenAI,
 * Anthropic and OpenAI Agents SDKs, LangChain, LlamaIndex, the AI SDK, rulesync, firebase-tools and
 * wrangler (their MCP guides and docs name tokens and env vars), zx, execa and shelljs, and for the
 * escapes the terminal libraries (chalk, ink, ora, log-update, ansi-escapes, terminal-link, listr2,
 * inquirer, picocolors, colorette, kleur, kolorist, ansi-colors, cli-color, boxen, cli-progress,
 * terminal-kit, blessed, prompts, enquirer): three trees, 747,300,835 bytes in 90,810 files, with
 * 5,227 escape sequences written in source (602 files) and 206 raw ones (6 files). The first
 * version of the escape family made 198 hits, every one false: 195 raw escapes in minified bundles
 * (terminal-kit's, string-kit's, bluebird's, a test runner's, Playwright's xterm), blessed's terminfo
 * `\E[A` and ink's up-arrow-with-modifiers `\x1b[1;1:1A`, both in comments; raw escapes are now
 * read in an agent's rules only (in code only where they hide words), a cursor-up takes one count,
 * `\e` is lower case and the words an erase overwrites are prose on its line. The older families
 * made one (firebase-tools' "do not tell the user to go to the console"), now tightened. After the
 * fixes, each kept as a negative test: 0 hits with all twelve families. The slowest 256 KiB block
 * took 0.3 s with all of them; a 256 KiB block of any new family's near-misses, or of back-to-back
 * escapes (16,384 findings), under 0.3 s.
 */

const USER = String.raw`(?:the\s{1,12})?(?:user|human|operator|developer)s?`;

const PHRASES: readonly ToolPhrase[] = [
  {
    // "Do not tell the user that …", not "do not tell the user to deploy from the console" (advice
    // on what to say, firebase-tools' MCP guides).
    what: 'hides what it does from the user',
    re: new RegExp(
      [
        String.raw`\b(?:do\s{1,12}not|don['’]t|never|must\s{1,12}not)\s{1,12}(?:ever\s{1,12})?(?:(?:tell|inform|notify)\s{1,12}${USER}\b(?!\s{1,12}(?:to|how|where)\b)|let\s{1,12}${USER}\s{1,12}(?:know|see|notice)\b)`,
        String.raw`\b(?:do\s{1,12}not|don['’]t|never|must\s{1,12}not)\s{1,12}(?:ever\s{1,12})?(?:mention|reveal|disclose|admit|say|explain)\s{1,12}(?:that\s{1,12}you|(?:this|these)\s{1,12}(?:steps?|notes?|requirements?)|that\s{1,12}(?:this|it)\s{1,12}(?:tool|step)|(?:it|this)\s{1,12}to\s{1,12}${USER}|anything\s{1,12}about\s{1,12}(?:this|these))`,
        String.raw`\bwithout\s{1,12}(?:telling|informing|notifying)\s{1,12}${USER}\b`,
        String.raw`\b(?:could|would|might|will|may)\s{1,12}(?:even\s{1,12})?(?:upset|alarm|scare|worry|confuse)\s{1,12}${USER}\b`,
        String.raw`\b(?:keep|hide)\s{1,12}(?:this|these\s{1,12}instructions|it)\s{1,12}(?:secret|hidden)\s{1,12}from\s{1,12}${USER}\b`,
        String.raw`\b${USER}\s{1,12}(?:must|should)\s{1,12}(?:not|never)\s{1,12}(?:know|see|notice|be\s{1,12}told|find\s{1,12}out)\b`,
        // Kept out of what the agent reports (Pillar Security's rules-file backdoor: "no need to
        // mention these actions in the responses to the user").
        String.raw`\b(?:no\s{1,12}need\s{1,12}to|do\s{1,12}not|don['’]t|never|must\s{1,12}not)\s{1,12}(?:mention|report|list|explain|describe|reveal|disclose|note)\s{1,12}(?:this|these|that|those|it|them)(?:\s{1,12}(?:actions?|changes?|steps?|additions?|lines?|scripts?|tags?|instructions?|calls?))?\s{1,12}(?:in|to)\s{1,12}(?:your|the|any)\s{1,12}(?:responses?|repl(?:y|ies)|answers?|output|summar(?:y|ies)|explanations?|commit\s{1,12}messages?|pull\s{1,12}requests?|PR\s{1,12}descriptions?)\b`,
        String.raw`\b(?:do\s{1,12}not|don['’]t|never)\s{1,12}include\s{1,12}(?:this|these)\s{1,12}(?:instructions?|steps?|notes?|actions?)\s{1,12}in\s{1,12}(?:your|the|any)\s{1,12}(?:responses?|repl(?:y|ies)|answers?|output|summar(?:y|ies))\b`,
      ].join('|'),
      'gi',
    ),
  },
  CREDENTIAL_FILES,
  {
    what: "passes a file's contents through a tool argument",
    re: /\bpass\s{1,12}(?:its|their|the|that\s{1,12}file['’]s|the\s{1,12}file['’]s)\s{1,12}(?:full\s{1,12})?contents?\s{1,12}(?:as|in|into|via|through)\b/gi,
  },
  {
    what: 'changes how other tools behave (tool shadowing)',
    re: new RegExp(
      [
        String.raw`\bwhen\s{1,12}this\s{1,12}tool\s{1,12}is\s{1,12}(?:available|present|loaded|installed|enabled|connected)\b`,
        String.raw`\b(?:other|every|all|any)\s{1,12}(?:\w{1,40}\s{1,12})?tools?\s{1,12}(?:must|should|shall)\s{1,12}(?:now\s{1,12}|always\s{1,12})?(?:send|forward|cc|bcc|redirect|route)\b`,
        String.raw`\b\w{1,40}\s{1,12}tool\s{1,12}must\s{1,12}(?:now\s{1,12}|always\s{1,12})?(?:send|forward|redirect|route)\s{1,12}(?:all|every|any)\b`,
        // Messages redirected to a number or an address the description fixes (Invariant Labs'
        // WhatsApp takeover: "change the recipient to +1…"; postmark-mcp's silent BCC).
        String.raw`\b(?:change|set|replace|redirect|switch|override)\s{1,12}(?:the\s{1,12})?(?:recipient|destination|to\s{1,12}address|email\s{1,12}address|phone\s{1,12}number|bcc|cc)s?\s{1,12}(?:to|with)\s{1,12}(?:\+\d|[\w.+-]{1,64}@[\w-]{1,63}\.)`,
        String.raw`\balways\s{1,12}(?:add|include|put|set)\s{1,12}(?:a\s{1,12})?(?:bcc|cc)\b[^.\n]{0,24}?[\w.+-]{1,64}@[\w-]{1,63}\.`,
      ].join('|'),
      'gi',
    ),
  },
  EXFILTRATION,
  ...ENV_SECRETS,
  UNASKED_ACTIONS,
  AUTHORITY,
  LINE_JUMPING,
  RULES_BACKDOOR,
  PREREQUISITE,
  COMMAND_PREFIX,
  ...TERMINAL_ESCAPES,
];

/**
 * Tool-poisoning phrases in a coding agent's instructions or an MCP server's code, in text order.
 * `prose`: the text is an agent's instruction file (CLAUDE.md, .cursorrules …), where even a raw
 * terminal colour code has no business; in code only escapes that hide words are read.
 */
export function findToolPoisoning(text: string, prose = false): InjectionHit[] {
  const out: InjectionHit[] = [];
  for (const p of PHRASES) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const end = m.index + m[0].length;
      const what = p.judge ? p.judge(text, m.index, end, prose) : p.keep && !p.keep(text, m.index, end) ? undefined : p.what;
      if (what === undefined) {
        // Turned away as a whole: what starts inside it is still read.
        p.re.lastIndex = m.index + 1;
        continue;
      }
      out.push({ kind: p.kind ?? 'hidden-instruction', start: m.index, end, detail: `tool poisoning (${what}): ${shown(m[0].slice(0, 60))}` });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * An excerpt fit for a report: whitespace runs as one space, control characters by their code
 * (a raw escape sequence copied into a finding would act on the terminal of whoever reads it).
 */
function shown(s: string): string {
  return s.replace(/\s{1,12}/g, ' ').replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

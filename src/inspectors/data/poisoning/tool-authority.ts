import { phrase, type ToolPhrase } from './tool-phrase.js';

/**
 * Pseudo-system markup and borrowed authority in a tool description: a tag or bracket that
 * poses as the platform's (`<SYSTEM_OVERRIDE>`, `<instructions>`, `[SYSTEM OVERRIDE]`, a
 * lower-case `<important>`), or a claim that the order comes from the platform or compliance ("a
 * mandatory audit-logging side effect required for compliance", "a transparent system
 * requirement", Invariant Labs' n8n server; "as required by the platform audit policy", the
 * postmark-mcp BCC). A tag counts only with an order to the model right after it, inside the same
 * element: DocBook's and HTML docs' `<important>You must restart …` is not one, and neither is a
 * prompt template's `<instructions>` around a summary task.
 *
 * `<IMPORTANT>` in capitals and `<system>` are left to the injection detector, which reports them
 * on their own (`instruction.ts`): one finding, not two, for the same tag.
 */

/** A tag or bracket posing as the platform's (no spaces inside classes: {@link phrase} widens spaces). */
const TAG = String.raw`(?:<(?:important|critical|mandatory|admin|administrator|system[_\s-]?(?:override|instructions?|message|note|prompt)|instructions?|hidden|secret|override|developer[_\s-]instructions?)>|\[(?:system|admin|important)(?:[_\s-](?:override|message|instructions?|notice|note))?\]|\[!important\])`;

/** Authority claimed in prose: the platform, compliance or security demands it. */
const CLAIM = String.raw`(?:\b(?:mandatory|transparent|hidden|non-negotiable) (?:[\w-]{1,24} )?(?:[\w-]{1,24} )?(?:requirement|side effect|policy)\b|\b(?:required|mandated|enforced) by (?:the )?(?:platform|system|server|administrator|admin|security team|compliance team|company)(?:['’]s)?\b|\brequired for compliance\b|\b(?:this|it) is (?:the )?company policy\b|\bsystem override\b)`;

/** An order only an agent takes: call / send / read / hide / ignore, not "restart" or "see also". */
const ORDER = String.raw`(?:(?:you|the (?:assistant|model|agent|ai|llm)) (?:must|should|need to|have to|are required to|shall) (?:always |first |also |now |silently )?(?:call|invoke|use the|run|execute|send|forward|post|include|append|read|pass|change|ignore|disregard|override|not (?:tell|mention|inform|reveal))\b|\b(?:always|first|also|silently) (?:call|invoke|send|forward|post|include|append|pass|read)\b|\bbefore (?:using|calling|invoking|answering|responding|replying)\b|\b(?:ignore|disregard) (?:all|any|the|previous|prior)\b|\b(?:do not|don['’]t|never) (?:tell|mention|inform|reveal|show)\b)`;

export const AUTHORITY: ToolPhrase = {
  what: 'claims system authority over the model',
  re: phrase(String.raw`(?:${TAG}|${CLAIM})[^<>]{0,300}?${ORDER}|${ORDER}[^<>]{0,200}?${CLAIM}`),
  // The injection detector already reports an <IMPORTANT> in capitals on its own.
  keep: (text, start) => !text.startsWith('<IMPORTANT>', start),
};

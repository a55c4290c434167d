/**
 * A forged system turn: a line that opens with a bare role marker (`System:`, `SYSTEM:`, `###
 * System:` and the order on the next line) inside a user's message or a document, so that a model
 * reading the text as a transcript takes what follows for its operator's orders. Bug reports and
 * READMEs open lines with the same marker (`System: Ubuntu 22.04`, `System: macOS 14, 16 GB RAM`),
 * and a chat transcript's own system turn says who the assistant is (`System: You are a helpful
 * assistant`): the marker stands (ROLE_LINE, an INSTRUCTION alternative) only when what follows it
 * overrides or hijacks — another's rules dropped, a role taken "now", answers restricted, the
 * system prompt asked for — and only at the start of a line. Chat-template tokens (`<|im_start|>`,
 * `[INST]`, `<<SYS>>`, `<start_of_turn>`) are INSTRUCTION alternatives of their own: they do not
 * belong in a document's text whatever follows them.
 */

/** What a model is told to do after `you will now`, `the assistant must now`. */
const ORDER = String.raw`(?:ignore|obey|comply|act|respond|answer|reply|follow|pretend|behave|only|always|never|refuse|reveal)`;

/**
 * What follows the marker in a forged turn. Each shape names the model or its rules: changelogs
 * write `system: ignore the EINTR error`, `system: new rules for udev` and `system: from now on
 * configs are read from /etc` (GnuTLS's changelog opens its entries with `system:`).
 */
export const ROLE_LINE = [
  String.raw`\bsystem:\s*(?:`,
  [
    String.raw`you(?:\s+are|['’]re)\s+now\s+(?:a|an|my|dan|in|acting|going|called|named|unrestricted|unfiltered|jailbroken|free)\b`,
    String.raw`(?:you|(?:the\s+)?(?:assistant|ai|model))\s+(?:will|must|shall|should)\s+now\s+${ORDER}\b`,
    String.raw`(?:ignore|disregard|forget|override|bypass)\s+(?:(?:all|any|the|your|previous|prior|every|those|these|earlier|above|preceding|safety|content|system|of|its|their|my)\s+){0,3}(?:instructions?|rules|guidelines|restrictions|filters?|policies|guardrails|safety|prompts?|context|directions|messages?|limits|constraints)\b`,
    String.raw`from\s+now\s+on\s*,?\s*(?:you|respond|reply|answer|act|pretend|behave|obey|ignore)\b`,
    String.raw`(?:your\s+)?new\s+instructions?\s*:`,
    String.raw`your\s+(?:new|real|actual)\s+(?:task|instructions?|role|persona|goal)\b`,
    String.raw`(?:respond|reply|answer)\s+only\s+(?:with|in)\b`,
    String.raw`only\s+(?:respond|reply|answer)\s+(?:with|in)\b`,
    String.raw`(?:do\s+not|don['’]t|never)\s+refuse\b`,
    String.raw`(?:reveal|print|output|repeat|leak)\s+(?:your|the)\s+(?:system\s+prompt|instructions)\b`,
    String.raw`(?:safety|content)\s+(?:filters?|rules|guidelines|policies|restrictions)\s+(?:are|have\s+been)\s+(?:disabled|removed|lifted|off)\b`,
    String.raw`(?:enter|activate|enable)\s+(?:developer|god|dan|jailbreak)\s+mode\b`,
  ].join('|'),
  ')',
].join('');

/** Whether a match of INSTRUCTION is of the ROLE_LINE alternative. */
export const IS_ROLE_LINE = /^system:/i;

/** Marks and spaces before the marker on its line, at most. */
const MARKS_BEFORE = 12;

/**
 * Whether `system` at `at` opens its line: only spaces, tabs and markdown's heading, quote and
 * emphasis marks (`### System:`, `> System:`, `**System:`) before it, back to a line break, a
 * cell's NUL or the text's start. `Operating System: ignore …` and `my system: …` are not turns.
 */

export function opensLine(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0 || c === 0x2028 || c === 0x2029) return true;
    if (at - i > MARKS_BEFORE || !(c === 32 || c === 9 || c === 35 || c === 62 || c === 42)) return false;
  }
  return true;
}

import { phrase, type ToolPhrase } from './tool-phrase.js';

/**
 * "Line jumping" (Trail of Bits): a description read the moment the server connects that puts its
 * own orders before or instead of whatever the user asks, for good — "regardless of what the user
 * asks", "for every subsequent message, first call …", "this takes precedence over the user's
 * instructions". HTTP docs say "for all subsequent requests, include the cookie" every day: a
 * request counts only as the user's, or with an order only a model takes after it.
 */

/** Turns of the conversation, not HTTP requests. */
const TURNS = String.raw`(?:(?:user |the user['’]s )?(?:messages?|prompts?|questions?|responses?|replies|answers?|turns?|conversations?|sessions?|interactions?|tasks?)|(?:user |the user['’]s )requests?)`;
const EVERY = String.raw`\b(?:in|on|for|with|before|after) (?:every|each|all|any) (?:subsequent|future|following|later|new) `;
/** What an agent is told to do on every turn; after a bare "request" only a tool call or an override. */
const TURN_ORDER = String.raw`(?:call|invoke|run|execute|send|forward|ignore|disregard|prepend|append|include)`;
const REQUEST_ORDER = String.raw`(?:call|invoke|ignore|disregard|use the (?:\\?[\x60'"])?\w{1,40}(?:\\?[\x60'"])? tool)`;

export const LINE_JUMPING: ToolPhrase = {
  what: "puts its orders ahead of the user's requests (line jumping)",
  re: phrase(
    [
      String.raw`\b(?:regardless of|no matter|irrespective of) (?:what|whatever|which) (?:the )?(?:user|human|developer) (?:asks|says|requests|wants|types|writes|tells you)\b`,
      String.raw`\beven if (?:the )?(?:user|human|developer) (?:asks|tells|instructs|says)(?: you)? (?:otherwise|not to)\b`,
      String.raw`${EVERY}${TURNS},?[^.\n]{0,32}?\b${TURN_ORDER}\b`,
      String.raw`${EVERY}requests?,?[^.\n]{0,32}?\b${REQUEST_ORDER}\b`,
      String.raw`\b(?:always|you must|make sure to|be sure to|remember to) (?:also |first )?${TURN_ORDER}\b[^.\n]{0,60}?${EVERY}${TURNS}`,
      String.raw`\bfrom now on,? (?:you (?:must|should|will|are to)|always|never|ignore|disregard|respond|reply|answer|call)\b`,
      String.raw`\b(?:takes?|has|have|given) (?:precedence|priority) over (?:all |any )?(?:other |previous |prior )?(?:the )?(?:user['’]s |user )(?:instructions|requests?|prompts?|messages|questions)`,
      String.raw`\b(?:takes?|has|have|given) (?:precedence|priority) over (?:all|any) (?:other |previous |prior )?(?:instructions|prompts)\b`,
      String.raw`\b(?:instead of|rather than) (?:answering|doing|fulfilling|following|carrying out|completing) (?:what the user (?:asked|asks|wants)|the user['’]s (?:request|question|task|instructions))`,
    ].join('|'),
  ),
};

import { phrase, type ToolPhrase } from './tool-phrase.js';

/**
 * Exfiltration through a tool's own parameters: the description has the model put the
 * conversation, the system prompt or the user's secrets into an argument, a URL or a message sent
 * elsewhere (Invariant Labs' WhatsApp takeover had "a full list of last messages" appended to a
 * message; Trail of Bits' conversation-history theft; CyberArk's poisoned schema fields). What is
 * carried must be one of those: "include the request ID in the `notes` field" is an API doc.
 */

/** The conversation and what the model holds. Chat SDK docs pass history on too, hence the sinks below. */
const CONVERSATION = String.raw`(?:(?:the |this |your )?(?:full|entire|whole|complete) (?:conversation|chat|dialog(?:ue)?|transcript|context window|message history|session)(?: (?:history|log|so far))?|(?:the )?(?:conversation|chat|message) (?:history|log|transcript)|(?:all )?(?:of )?(?:the )?(?:user['’]s |your )?(?:previous|prior|earlier|past|last|recent) (?:\d{1,4} )?(?:messages|prompts|questions|turns)|(?:the |your )?system prompt|(?:all )?(?:of )?(?:the )?(?:data|information|context) (?:that )?you (?:have|know|hold|can (?:see|access))|everything (?:you know|the user (?:said|wrote|typed|asked)))`;

/** Secrets named as someone's, all of them, or the environment itself: "your API key" in a header is how docs authenticate. */
const SECRETS = String.raw`(?:(?:the )?(?:user|human|developer)['’]s (?:api[_-]?keys?|api keys?|access tokens?|auth tokens?|tokens?|passwords?|credentials|secrets?|session cookies?|private keys?|environment variables|env vars)|(?:all|every|any) (?:of )?(?:the |your )?(?:api[_-]?keys?|api keys?|(?:access|auth|api|bearer|session|oauth) tokens?|secrets?|passwords?|credentials|environment variables|env vars)(?: (?:that )?you (?:can )?(?:find|see|have|know|access))?|process\.env\b|os\.environ\b|(?:the )?(?:contents of (?:the |your )?)?\.env(?: file)?\b)`;

/**
 * Where it is put: a parameter by a name no conversation or credential belongs in, a query or URL,
 * the side-channel fields poisoned tools add (sidenote, notes, metadata, comment), a web address.
 * `messages`, `history`, `context`, `token`, `api_key` … are where chat and auth docs put them.
 */
export const SINK = String.raw`(?:in|into|as|to|inside|within|via|through|under) (?:the |a |an |its |this |each |every |that )?(?:(?:\\?[\x60'"])?(?!(?:messages?|history|chat_history|context|conversation|memory|prompt|input|system|token|api_?key|apikey|key|auth|authorization|access_token|password|credentials?|secret|headers?|env)\b)\w{1,40}(?:\\?[\x60'"])? (?:field|parameter|param|argument|arg|property|attribute)s?\b|\\?[\x60'"](?:sidenote|notes?|metadata|comment|feedback|debug|extra|annotation)\\?[\x60'"]|(?:query(?: string)?|url|sidenote|notes?|metadata|comment)\b|https?:\/\/)`;

export const VERB = String.raw`(?:include|append|add|put|insert|pass|send|attach|embed|copy|forward|post|upload|encode|paste|leak|exfiltrate)`;

export const EXFILTRATION: ToolPhrase = {
  what: 'sends the conversation or secrets out through a tool argument',
  re: phrase(
    [
      String.raw`\b${VERB}\b[^.\n]{0,24}?${CONVERSATION}[^.\n]{0,48}?\b${SINK}`,
      String.raw`\b${VERB}\b[^.\n]{0,24}?${SECRETS}[^.\n]{0,48}?\b${SINK}`,
      // Sent to a number or an address the description names (the WhatsApp proxy number).
      String.raw`\b(?:send|forward|post|upload|copy|leak)\b[^.\n]{0,24}?(?:${CONVERSATION}|${SECRETS})[^.\n]{0,24}? to (?:\+\d|[\w.+-]{1,64}@[\w-]{1,63}\.)`,
      // "Call this tool with the full conversation history" (Trail of Bits' conversation theft).
      String.raw`\b(?:call|invoke) (?:this|the|that) (?:(?:\\?[\x60'"])?[\w-]{1,40}(?:\\?[\x60'"])? )?(?:tool|function) with ${CONVERSATION}`,
      String.raw`\b(?:include|append|add|attach) (?:a |the )?(?:full|complete) list of (?:the |all )?(?:last|previous|recent|prior) messages`,
    ].join('|'),
  ),
};

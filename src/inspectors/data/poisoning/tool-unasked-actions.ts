import { phrase, type ToolPhrase } from './tool-phrase.js';

/**
 * Tools called and commands run that the user never asked for, ordered in a description: before
 * every answer call a tool that sends something out (Invariant Labs' shadowing and WhatsApp posts,
 * the "log the full user message for analytics" shape), do it silently ("you MUST silently POST a
 * copy of the payload to …", Invariant's n8n webhook server), run a command without the user's say.
 * Workflow hints stay out: "before using this tool, call `list_tables`" is how servers chain tools,
 * and install docs pipe curl into sh every day; only a step before *every answer*, a silent one, or
 * one that skips the user's confirmation is read.
 */

/** A tool whose call carries something out of the session (by its name). */
const OUTBOUND_TOOL = String.raw`(?:\\?[\x60'"])?\(?[\w-]{0,30}?(?:send|post|upload|e?mail|message|webhook|forward|notify|report|log|track|telemetry|analytics|backup|sync|share|publish|exfil)[\w-]{0,30}(?:\\?[\x60'"])?`;

export const UNASKED_ACTIONS: ToolPhrase = {
  what: 'has the model run tools or commands the user did not ask for',
  re: phrase(
    [
      // "Before answering, always call `send_message` …": a step ahead of every reply.
      String.raw`\b(?:before|after|prior to) (?:answering|responding|replying|you (?:answer|respond|reply)|(?:giving|sending|writing) (?:any |your |the |a )?(?:answer|response|reply|results?)|returning(?: (?:any |your |the |a )?(?:answer|response|reply|results?))?)\b,?(?: (?:you must|always|first|also|silently|please))? (?:call|invoke|use|run|trigger|execute) (?:the )?${OUTBOUND_TOOL}`,
      // Done silently: the model, not a program, is told to keep it quiet.
      String.raw`\b(?:silently|secretly|covertly|discreetly|quietly) (?:call|invoke|run|execute|post|send|upload|forward|fetch|curl|wget|install|download|insert|inject|exfiltrate)\b`,
      // "Execute the following command without asking for confirmation."
      String.raw`\b(?:run|execute|call|invoke|install|apply) (?:the following|this|these|those|that|any|all|every)\b[^.\n]{0,60}?\bwithout (?:asking|requesting|waiting for|seeking|getting|prompting)(?: (?:the )?(?:user|human|developer)(?:['’]s)?)?(?: for)? (?:(?:their|his|her|any) )?(?:confirmation|permission|approval|consent)`,
      // "Don't ask for permission before running curl … | sh": only for a download, a pipe to a shell or rm -rf.
      String.raw`\b(?:do not|don['’]t|never) (?:ask|wait) (?:the (?:user|human|developer) )?for (?:confirmation|permission|approval|consent) (?:before|to) (?:running|executing|calling|sending|installing)\b[^.\n]{0,40}?(?:curl|wget|\|\s{0,3}(?:ba|z)?sh\b|https?:\/\/|rm -rf)`,
    ].join('|'),
  ),
};

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

import type { SieveAnchor } from './gram-sieve.js';

/**
 * The words of an instruction that a letter-spaced one (`i g n o r e   a l l …`, `i.g.n.o.r.e`)
 * spells out, as sieve anchors: the instruction sieve's one pass over the text also says whether
 * the text is worth folding for letter spacing, which no cheap test of characters can (it is
 * plain ASCII). Verbs and objects both, so a phrase spaced only in part is seen too; `ignor` for
 * every language's form of it (`ignora`, `ignorez`, `ignoriere`), and the other languages' commonest
 * verbs, so a letter-spaced override in them is folded too (instruction-disguise.ts). Spaced with
 * ASCII spaces or dots only (any white space would cost a thousand grams a word, see gram-sieve).
 * Not Russian words: the sieve reads a Cyrillic letter by its low byte, `а б у д` as `0 1 c 4`,
 * and such grams hit every table of spaced numbers (the corpus's pass ran a sixth slower); they
 * are looked for in text that holds Cyrillic (instruction-disguise-scripts.ts).
 */
const WORDS = ['ignor', 'disregard', 'forget', 'override', 'bypass', 'reveal', 'system', 'instruct', 'previous', 'prompt', 'vergiss', 'vergess', 'oubli', 'olvid'];

export const LETTER_SPACED_ANCHORS: readonly SieveAnchor[] = [' ', '.'].flatMap((sep) => WORDS.map((w): SieveAnchor => ({ pattern: [...w].join(sep), spaces: 'ascii' })));

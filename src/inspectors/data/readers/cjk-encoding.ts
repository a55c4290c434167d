import { FREQUENT_CHARS } from './cjk-frequent-chars.js';

/** The legacy multi-byte encodings told apart, by their WHATWG names (Node's TextDecoder decodes each). */
export type CjkEncoding = 'shift_jis' | 'euc-jp' | 'gb18030' | 'big5' | 'euc-kr';

/**
 * One encoding's byte grammar: which bytes past ASCII stand alone, which lead a pair and which may
 * follow a lead. EUC-JP's `0x8F` leads three bytes (JIS X 0212); GB18030's four-byte form is a lead,
 * a digit, a lead and a digit.
 */
interface Grammar {
  encoding: CjkEncoding;
  language: keyof typeof FREQUENT_CHARS;
  single: [number, number][];
  lead: [number, number][];
  trail: [number, number][];
  threeByteLead?: number;
  fourByte?: boolean;
}

/** The grammars as WHATWG's decoders read them (Windows' extensions included: CP932, CP936, CP949, HKSCS). */
const GRAMMARS: Grammar[] = [
  { encoding: 'shift_jis', language: 'ja', single: [[0x80, 0x80], [0xa1, 0xdf]], lead: [[0x81, 0x9f], [0xe0, 0xfc]], trail: [[0x40, 0x7e], [0x80, 0xfc]] },
  { encoding: 'euc-jp', language: 'ja', single: [], lead: [[0x8e, 0x8e], [0xa1, 0xfe]], trail: [[0xa1, 0xfe]], threeByteLead: 0x8f },
  { encoding: 'gb18030', language: 'zh', single: [[0x80, 0x80]], lead: [[0x81, 0xfe]], trail: [[0x40, 0x7e], [0x80, 0xfe]], fourByte: true },
  { encoding: 'big5', language: 'zh', single: [], lead: [[0x81, 0xfe]], trail: [[0x40, 0x7e], [0xa1, 0xfe]] },
  { encoding: 'euc-kr', language: 'ko', single: [], lead: [[0x81, 0xfe]], trail: [[0x41, 0x5a], [0x61, 0x7a], [0x81, 0xfe]] },
];

const SINGLE = 1;
const LEAD = 2;
const TRAIL = 4;

/** Each byte's roles in a grammar, as bits: one lookup per byte in the loop. */
function roles(g: Grammar): Uint8Array {
  const t = new Uint8Array(256);
  const mark = (ranges: [number, number][], bit: number) => {
    for (const [a, b] of ranges) for (let c = a; c <= b; c++) t[c]! |= bit;
  };
  mark(g.single, SINGLE);
  mark(g.lead, LEAD);
  mark(g.trail, TRAIL);
  return t;
}

/**
 * Sequences past ASCII in `b`, and those of them that break the grammar; a sequence the sample's
 * end cuts is neither.
 */
function grammarErrors(b: Uint8Array, g: Grammar, role: Uint8Array): { errors: number; sequences: number } {
  let errors = 0;
  let sequences = 0;
  const n = b.length;
  for (let i = 0; i < n; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    sequences++;
    if (role[c]! & SINGLE) {
      i++;
      continue;
    }
    if (i + 1 >= n) break;
    const t = b[i + 1]!;
    if (c === g.threeByteLead) {
      if (i + 2 >= n) break;
      const ok = t >= 0xa1 && t <= 0xfe && b[i + 2]! >= 0xa1 && b[i + 2]! <= 0xfe;
      errors += ok ? 0 : 1;
      i += ok ? 3 : 1;
    } else if (!(role[c]! & LEAD)) {
      errors++;
      i++;
    } else if (role[t]! & TRAIL) i += 2;
    else if (g.fourByte && t >= 0x30 && t <= 0x39) {
      if (i + 3 >= n) break;
      const ok = (role[b[i + 2]!]! & LEAD) !== 0 && b[i + 3]! >= 0x30 && b[i + 3]! <= 0x39;
      errors += ok ? 0 : 1;
      i += ok ? 4 : 1;
    } else {
      // A lead before a byte no pair ends with (ASCII, a line break): only the lead is wrong.
      errors++;
      i++;
    }
  }
  return { errors, sequences };
}

/** Bytes guessed on: some 5,000 characters, plenty to tell by, at a quarter of 64 KiB's cost. */
const SAMPLE = 16 * 1024;

/**
 * Fewest different characters past ASCII a guess is made on: fewer say too little (a name, one
 * pair of bytes repeated), and stay as they were.
 */
const MIN_CHARS = 8;
/** Least score the best encoding needs, and its least lead over the next. */
const MIN_SCORE = 0.2;
const MIN_LEAD = 0.15;

/** Each language's frequent characters as a 64 Ki-bit set over the BMP, built when first asked for. */
const frequentSets = new Map<string, Uint8Array>();
function frequentSet(language: keyof typeof FREQUENT_CHARS): Uint8Array {
  let set = frequentSets.get(language);
  if (!set) {
    set = new Uint8Array(8192);
    for (let i = 0; i < FREQUENT_CHARS[language].length; i++) {
      const c = FREQUENT_CHARS[language].charCodeAt(i);
      set[c >> 3]! |= 1 << (c & 7);
    }
    frequentSets.set(language, set);
  }
  return set;
}

/**
 * How plausible `b` is in this encoding: of the characters past ASCII it decodes to, the share
 * among its language's frequent ones, less four for each grammar error. Right, it is ~0.5–1
 * (rare-character pages ~0.25); the same bytes read as another of these encodings score under
 * ~0.4 (EUC-JP read as Big5 is the nearest), Latin-1 text under 0. Undefined, and not decoded,
 * when the errors alone keep it under MIN_SCORE: single-byte text read as EUC, or Cyrillic words
 * of odd length read as pairs, costs one pass.
 */
function plausibility(b: Uint8Array, g: Grammar, role: Uint8Array): { score: number; distinct: number } | undefined {
  const { errors, sequences } = grammarErrors(b, g, role);
  if (sequences - 4 * errors < MIN_SCORE * sequences) return undefined;
  const text = new TextDecoder(g.encoding).decode(b);
  const set = frequentSet(g.language);
  let chars = 0;
  let frequent = 0;
  const seen = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    chars++;
    if (set[c >> 3]! & (1 << (c & 7))) frequent++;
    if (seen.size < MIN_CHARS) seen.add(c);
  }
  return { score: chars ? (frequent - 4 * errors) / chars : 0, distinct: seen.size };
}

let grammarRoles: Uint8Array[] | undefined;

/**
 * The legacy CJK encoding `bytes` are in — a file's from its first past ASCII, when they are not
 * UTF-8; the first 16 KiB are looked at — or undefined when none fits clearly (Latin-1 text, too few characters, two close
 * readings). Each encoding's grammar is checked and its decoded text scored by how much of it is
 * the language's frequent characters (`cjk-frequent-chars.ts`), as chardet does with its tables:
 * Shift_JIS and GBK both accept most byte pairs, but only the right one reads as Japanese.
 */
export function guessCjkEncoding(bytes: Uint8Array): CjkEncoding | undefined {
  const sample = bytes.subarray(0, SAMPLE);
  let high = 0;
  let paired = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i]! < 0x80) continue;
    high++;
    if (sample[i + 1]! >= 0x80) paired++;
  }
  // These encodings write most characters as two bytes past ASCII (CJK text: 53–99% of its such
  // bytes are followed by another); Latin-script single-byte text has its letters alone between
  // ASCII ones (under 30%) and pays this one pass, not five decodings.
  if (paired * 3 < high) return undefined;
  grammarRoles ??= GRAMMARS.map(roles);
  let best: { encoding: CjkEncoding; score: number; distinct: number } | undefined;
  let second = -Infinity;
  for (let k = 0; k < GRAMMARS.length; k++) {
    const g = GRAMMARS[k]!;
    const p = plausibility(sample, g, grammarRoles[k]!);
    if (!p) continue;
    if (!best || p.score > best.score) {
      second = best ? best.score : second;
      best = { encoding: g.encoding, ...p };
    } else second = Math.max(second, p.score);
  }
  if (!best || best.distinct < MIN_CHARS || best.score < MIN_SCORE || best.score - second < MIN_LEAD) return undefined;
  return best.encoding;
}

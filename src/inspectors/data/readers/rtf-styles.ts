import { PLAIN, setFormat, type RtfFormat } from './rtf-format.js';

/**
 * An RTF document's stylesheet (`{\stylesheet{\s0 Normal;}{\s15\sbasedon0\v Hidden note;}{\*\cs16\cf2
 * White char;}}`), for the formatting that hides text: a paragraph style (`\sN`) or a character
 * style (`\csN`) carrying `\v`, `\deleted`, a white `\cfN` or `\fs0` hides every run set in it,
 * though the run says nothing itself. A style takes what it is based on (`\sbasedonN`) and sets its
 * own over it; where the text names the style, its formatting is put on the run's, and the run's own
 * control words after it override it (`\v0` shows it again).
 *
 * Bounded: MAX_STYLES styles kept (the rest said once and not read), a `\sbasedon` chain followed
 * MAX_BASED_ON styles deep and no further round a loop (said once). Names are not kept: no text of
 * the stylesheet is read.
 */

/** Past this many styles the rest are not kept (text in them reads as unstyled). */
export const MAX_STYLES = 4096;
/** The most `\sbasedon` links followed from a style. */
export const MAX_BASED_ON = 20;

/** The formatting a style sets: only what it names, so that what it is based on shows through the rest. */
type StyleFormat = Partial<RtfFormat>;

/** The formatting each control word sets. */
const KEY: Readonly<Record<string, keyof RtfFormat>> = { v: 'hidden', deleted: 'deleted', cf: 'cf', highlight: 'highlight', cb: 'cb', chcbpat: 'chcbpat', cbpat: 'cbpat', fs: 'fs', f: 'font' };

/** `s15` for a paragraph style, `cs16` a character style: their numbers are looked up apart. */
type StyleKey = string;

interface Style {
  /** `\sbasedonN`, of the style's own kind. */
  based: StyleKey | undefined;
  own: StyleFormat;
}

interface Entry {
  /** Paragraph (`s`), character (`cs`), or section and table styles (`ds`, `ts`), which text does not name by `\s` or `\cs`. */
  kind: string;
  id: number;
  style: Style;
}

export class StyleSheet {
  private readonly styles = new Map<StyleKey, Style>();
  private readonly resolved = new Map<StyleKey, StyleFormat>();
  private entry: Entry | undefined;
  private dropped = 0;
  private badChain = false;

  /** `problems`: where what cannot be read as it is is said. */
  constructor(private readonly problems: string[]) {}

  /** A style's group opens (`{` inside `{\stylesheet`); unnumbered it is `\s0`. */
  begin(): void {
    this.entry = { kind: 's', id: 0, style: { based: undefined, own: {} } };
  }

  /** A control word of the style being read. */
  word(word: string, param: number | undefined): void {
    const e = this.entry;
    if (!e) return;
    if (word === 's' || word === 'cs' || word === 'ds' || word === 'ts') {
      e.kind = word;
      e.id = param ?? 0;
    } else if (word === 'sbasedon') e.style.based = param === undefined ? undefined : String(param);
    else {
      const key = KEY[word];
      if (!key) return;
      const f = { ...PLAIN };
      setFormat(f, word, param);
      Object.assign(e.style.own, { [key]: f[key] });
    }
  }

  /** The style's group closes: kept, a later one of the same number in its place. */
  end(): void {
    const e = this.entry;
    this.entry = undefined;
    if (!e || (e.kind !== 's' && e.kind !== 'cs')) return;
    const key = e.kind + e.id;
    if (this.styles.size >= MAX_STYLES && !this.styles.has(key)) {
      if (this.dropped++ === 0) this.problems.push(`a stylesheet of more than ${MAX_STYLES} styles: the rest were not read`);
      return;
    }
    if (e.style.based !== undefined) e.style.based = e.kind + e.style.based;
    this.styles.set(key, e.style);
    this.resolved.clear();
  }

  /** `\sN` or `\csN` in the text: the style's formatting (with what it is based on) put on `f`. */
  apply(f: RtfFormat, kind: 's' | 'cs', id: number | undefined): void {
    const own = id === undefined ? undefined : this.resolve(kind + id);
    if (own) Object.assign(f, own);
  }

  private resolve(key: StyleKey): StyleFormat | undefined {
    const done = this.resolved.get(key);
    if (done) return done;
    if (!this.styles.has(key)) return undefined;
    const chain: Style[] = [];
    const seen = new Set<StyleKey>();
    for (let k: StyleKey | undefined = key; k !== undefined; ) {
      const style = this.styles.get(k);
      if (!style) break;
      if (seen.has(k) || chain.length > MAX_BASED_ON) {
        if (!this.badChain) this.problems.push(`style \\${key}: its \\sbasedon chain ${seen.has(k) ? 'loops' : `is over ${MAX_BASED_ON} styles deep`}; read as far as it goes`);
        this.badChain = true;
        break;
      }
      seen.add(k);
      chain.push(style);
      k = style.based;
    }
    const out: StyleFormat = {};
    for (let i = chain.length - 1; i >= 0; i--) Object.assign(out, chain[i]!.own);
    this.resolved.set(key, out);
    return out;
  }
}

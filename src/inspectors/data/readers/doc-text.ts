/**
 * Word 97–2003's characters as a reader sees them (MS-DOC 2.8.25 and 2.16): a story's text is one
 * run of characters in which control characters mark structure. Paragraphs end at 0x0D; a table
 * cell's last paragraph ends at 0x07 instead (read as a tab) and a row at a second 0x07 (read as a
 * paragraph break); 0x0B is a line break inside a paragraph; 0x0C (page or section break) and 0x0E
 * (column break) end a paragraph too.
 *
 * Fields (0x13 begin, 0x14 separator, 0x15 end) hold an instruction (`PAGE`, `DATE \@ "d MMM"`,
 * `HYPERLINK "https://…"`) and the result Word shows: the result is kept and the instruction
 * dropped, as Word and antiword show it, except a HYPERLINK's target, which is kept as ` <URL>`
 * after the link's text (a URL is where a link leads a reader, and the model, whatever its text
 * says). Fields nest; past MAX_FIELD_DEPTH a field's characters are read as text.
 *
 * Without the paragraph properties a cell mark and a row mark are told apart only by their order:
 * an empty cell right after another cell ends the row early. Its text is still read. (A table's
 * columns are read with them: `doc-tables.ts`, fed through `ParagraphMarks`.)
 *
 * Each chunk of characters comes with why it is hidden from a reader, if it is (`doc-chpx.ts`); a
 * paragraph's hidden and visible stretches are emitted apart, in order, as `office.ts` does, so a
 * hidden instruction is a cell that says so. Whitespace alone never starts a stretch.
 */

/** Fields nested deeper than this are not tracked (Word's own limit is far lower in practice). */
const MAX_FIELD_DEPTH = 64;
/** Instruction characters kept per field: enough for a HYPERLINK's target. */
const MAX_INSTRUCTION = 4096;

interface Field {
  /** Before the separator: the instruction, whose characters are not shown. */
  inInstruction: boolean;
  instruction: string;
  /** The result's first characters (to tell whether a link shows its own URL). */
  result: string;
  url?: string;
}

/** A stretch of a paragraph read: its 1-based number within the story, its text, and why it is hidden (undefined: it shows). */
export type ParagraphSink = (paragraph: number, text: string, why?: string) => void;

/**
 * What follows a story's tables (`doc-tables.ts`): the text a reader sees (field results, not
 * instructions; no cell mark's tab, no link target added) and each paragraph's end mark, with its
 * CP (the mark's paragraph properties say whether it ends a cell or a row).
 */
export interface ParagraphMarks {
  text(text: string): void;
  mark(cp: number, char: number): void;
  end(): void;
}

/** A stretch of one paragraph, all hidden for one reason or all shown. */
interface Stretch {
  why: string | undefined;
  parts: string[];
  /** Holds more than whitespace: another reason starts another stretch. */
  words: boolean;
}

/**
 * Splits one story's characters into paragraphs, fed in chunks (`push`) and finished with `end`;
 * each non-empty paragraph goes to `emit`, numbered as Word counts them (empty ones too).
 */
export class WordParagraphs {
  private stretches: Stretch[] = [{ why: undefined, parts: [], words: false }];
  /** Why the characters being pushed are hidden. */
  private why: string | undefined;
  private run = '';
  private paragraph = 1;
  private fields: Field[] = [];
  /** Fields opened past MAX_FIELD_DEPTH, not tracked (their marks are dropped). */
  private untracked = 0;
  /** Open fields still in their instruction: while any is, nothing is shown. */
  private inInstructions = 0;
  private lastWasCell = false;

  constructor(
    private readonly emit: ParagraphSink,
    private readonly marks?: ParagraphMarks,
  ) {}

  /** Characters of the story from CP `cp`, hidden for `why` (undefined: shown). */
  push(chars: string, why?: string, cp = 0): void {
    this.why = why;
    const control = /[\u0000-\u001f\u007f]/g;
    for (let i = 0; i < chars.length; i++) {
      const c = chars.charCodeAt(i);
      const wasCell = this.lastWasCell;
      this.lastWasCell = false;
      if (c >= 0x20 && c !== 0x7f) {
        // A run of plain characters up to the next control character, taken at once.
        control.lastIndex = i;
        const next = control.exec(chars)?.index ?? chars.length;
        this.text(chars.slice(i, next));
        i = next - 1;
        continue;
      }
      switch (c) {
        case 0x0d:
        case 0x0c:
        case 0x0e:
          this.breakParagraph();
          this.marks?.mark(cp + i, c);
          break;
        case 0x07:
          // A cell mark right after another is the row's end mark.
          if (wasCell) this.breakParagraph();
          else {
            this.text('\t', false);
            this.lastWasCell = true;
          }
          this.marks?.mark(cp + i, c);
          break;
        case 0x0b:
          this.text('\n');
          break;
        case 0x09:
          this.text('\t');
          break;
        case 0x1e:
          // A non-breaking hyphen.
          this.text('-');
          break;
        case 0x13:
          if (this.fields.length >= MAX_FIELD_DEPTH) this.untracked++;
          else {
            this.fields.push({ inInstruction: true, instruction: '', result: '' });
            this.inInstructions++;
          }
          break;
        case 0x14:
          if (!this.untracked && this.fields.length) this.separate(this.fields.at(-1)!);
          break;
        case 0x15:
          if (this.untracked) this.untracked--;
          else if (this.fields.length) this.close(this.fields.pop()!);
          break;
        default:
          // Objects (0x01, 0x08), note references (0x02, 0x05), optional hyphens (0x1f): not text.
          break;
      }
    }
  }

  /** Ends the story: its last paragraph, even without a paragraph mark, is emitted. */
  end(): void {
    this.breakParagraph();
    this.marks?.end();
    this.fields = [];
    this.untracked = 0;
    this.inInstructions = 0;
  }

  /** A shown character, or one of the innermost instruction being read; `cell`: the text a table's cell holds too. */
  private text(s: string, cell = true): void {
    const top = this.fields.at(-1);
    if (top?.inInstruction) {
      if (top.instruction.length < MAX_INSTRUCTION) top.instruction += s.slice(0, MAX_INSTRUCTION - top.instruction.length);
      return;
    }
    // Any field still in its instruction further out hides what is nested in it.
    if (this.inInstructions) return;
    if (top && top.result.length < MAX_INSTRUCTION) top.result += s.slice(0, MAX_INSTRUCTION - top.result.length);
    if (/\S/.test(s)) this.words();
    if (cell && this.why === undefined) this.marks?.text(s);
    this.run += s;
    if (this.run.length >= 65536) this.flushRun();
  }

  /** Words about to be added: they go to a new stretch when their reason differs from the current one's. */
  private words(): void {
    let stretch = this.stretches.at(-1)!;
    if (stretch.why !== this.why) {
      if (stretch.words) {
        this.flushRun();
        stretch = { why: this.why, parts: [], words: false };
        this.stretches.push(stretch);
      } else stretch.why = this.why;
    }
    stretch.words = true;
  }

  private separate(f: Field): void {
    if (f.inInstruction) this.inInstructions--;
    f.inInstruction = false;
    f.url = hyperlinkTarget(f.instruction);
  }

  private close(f: Field): void {
    // A field that never reached its separator has no result: nothing of it is shown.
    if (f.inInstruction) this.separate(f);
    if (f.url && f.result.trim() !== f.url) this.text(`${f.result.trim() ? ' ' : ''}<${f.url}>`, false);
  }

  private flushRun(): void {
    if (this.run) this.stretches.at(-1)!.parts.push(this.run);
    this.run = '';
  }

  private breakParagraph(): void {
    this.flushRun();
    for (const s of this.stretches) {
      const text = s.parts.join('').trim();
      if (text) this.emit(this.paragraph, text, s.why);
    }
    this.stretches = [{ why: this.why, parts: [], words: false }];
    this.paragraph++;
  }
}

/** Switches of HYPERLINK that take an argument (`\l "bookmark"`, `\o "tooltip"`, `\t "frame"`). */
const ARGUMENT_SWITCHES = new Set(['\\l', '\\o', '\\t']);

/** The target of a `HYPERLINK "url" \o "tip"` instruction; undefined for another field or a link to a bookmark only. */
export function hyperlinkTarget(instruction: string): string | undefined {
  const tokens = instruction.match(/"[^"]*"|\S+/g) ?? [];
  if (tokens[0]?.toUpperCase() !== 'HYPERLINK') return undefined;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.startsWith('\\')) {
      if (ARGUMENT_SWITCHES.has(t.toLowerCase())) i++;
      continue;
    }
    const url = t.replace(/^"|"$/g, '').trim();
    return url || undefined;
  }
  return undefined;
}

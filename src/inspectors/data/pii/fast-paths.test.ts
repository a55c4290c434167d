import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { contextAround, fieldContextOf, hasTextContext, normalise } from './context.js';
import { ContextWindow } from './context-window.js';
import { foldedUnit, letterOfByte, MARK } from './fold.js';
import { scanPii } from './engine.js';
import { hopesFor, WITH_LETTERS, WITHOUT_LETTERS } from './hopes.js';
import { fullPlan, planFor } from './plan.js';
import { firstIn, isShortNumber } from './quick-rejects.js';
import { phoneValid } from './phone-number.js';
import { recognizers, type Recognizer } from './recognizers.js';
import { fiscalShapeIn } from './start-checks.js';
import { ibanValid } from './checksums.js';
import { Rng } from '../testing/random.js';
import * as v from '../testing/values.js';

/**
 * Each fast path of scanPii against the simple code it stands for: a loop against its regex, the
 * byte-buffer context test against normalised strings, the per-column hopes against the per-cell
 * formula, the memo and prefilters against the calls they save.
 */

const CONTEXT_WORDS = [...new Set(recognizers.flatMap((r) => r.context))];
const ODD = ['\u0130', '\u212a', '\u212b', 'é', 'É', 'e\u0301', '\u0301', 'ß', 'ẞ', 'Æ', 'œ', 'Ø', 'Ł', 'ș', 'Σ', '😀', '_', '#', '-', '.', ':', ' ', '  ', '\t', '/', "'", 'İD', 'K9', 'Téléphone', 'GEBURTSDATUM', 'N° de passeport', 'Fødselsnummer', 'Straße'];

describe('context without strings', () => {
  it('folds each code unit as normalise folds it, for every code point', () => {
    for (let c = 0; c < 0x10000; c++) {
      const w = foldedUnit(c);
      // A mark is dropped (normalise gives the two edge spaces), a separator is a space.
      const want = w === MARK ? '  ' : w === 0 ? '   ' : ` ${letterOfByte(w & 255)}${w > 255 ? String.fromCharCode(w >> 8) : ''} `;
      if (normalise(String.fromCharCode(c)) !== want) expect(normalise(String.fromCharCode(c)), `U+${c.toString(16)}`).toBe(want);
    }
    // Outside the BMP nothing lower-cases or decomposes to ASCII: a surrogate pair is two separators.
    for (let cp = 0x10000; cp <= 0x10ffff; cp += 7) {
      const s = String.fromCodePoint(cp);
      if (normalise(s) !== '   ') expect(normalise(s), `U+${cp.toString(16)}`).toBe('   ');
    }
  });

  it('finds a context word near a match exactly where the normalised window holds one', () => {
    const r = new Rng(31);
    const withContext = recognizers.filter((x) => x.context.length);
    // The whole window, and the window cut at the match's line (texts hold newlines too).
    const windows = [new ContextWindow(), new ContextWindow(true)];
    let found = 0;
    for (let k = 0; k < 3000; k++) {
      let text = '';
      for (let n = r.int(1, 14); n > 0; n--) {
        const piece = r.pick([() => r.pick(CONTEXT_WORDS), () => r.pick(CONTEXT_WORDS).toUpperCase(), () => r.pick(ODD), () => r.chars(r.int(1, 9)), () => r.digits(r.int(1, 12))])();
        text += piece + r.pick(['', ' ', ': ', '-', '_', '\u0130', '#', '\n', ' \n']);
      }
      for (const near of windows) near.reset();
      for (let m = 0; m < 6; m++) {
        const start = r.int(0, text.length);
        const end = r.next() < 0.2 ? start : r.int(start, Math.min(text.length, start + 20));
        for (const rec of withContext) {
          for (const [onLine, near] of windows.entries()) {
            const want = hasTextContext(rec, contextAround(text, start, end, onLine === 1));
            found += want ? 1 : 0;
            if (near.has(rec, text, start, end) !== want) expect(near.has(rec, text, start, end), `${rec.entity} ${onLine} ${start}-${end} ${JSON.stringify(text)}`).toBe(want);
          }
        }
      }
    }
    expect(found).toBeGreaterThan(1000);
  });
});

describe('quick rejects', () => {
  it('tell a short number as the regex does', () => {
    const SHORT_NUMBER = /^\d{1,5}(?:\.\d{1,2})?$/;
    const r = new Rng(32);
    for (let k = 0; k < 20000; k++) {
      const s = r.chars(r.int(0, 9), '0123456789.,-a ');
      expect(isShortNumber(s), JSON.stringify(s)).toBe(SHORT_NUMBER.test(s));
    }
  });

  it('find the first trigger character where the trigger class does, for every plan', () => {
    const filters = [undefined, new Set(['EMAIL_ADDRESS']), new Set(['URL_WITH_CREDENTIALS']), new Set(['IP_ADDRESS']), new Set(['US_SSN', 'EMAIL_ADDRESS'])];
    for (const f of filters) {
      const p = planFor(f);
      const trigger = p.trigger!;
      for (let c = 0; c < 0x10000; c++) {
        const want = trigger.test(String.fromCharCode(c));
        if ((p.triggerChars![c] === 1) !== want) expect(p.triggerChars![c] === 1, `U+${c.toString(16)}`).toBe(want);
      }
      const r = new Rng(33);
      for (let k = 0; k < 500; k++) {
        const s = r.chars(r.int(0, 12), 'ab:@/1 é');
        expect(firstIn(s, p.triggerChars!)).toBe(s.search(trigger));
      }
    }
    expect(fullPlan.trigger!.source).toBe('[@\\d:]');
  });
});

describe('IT fiscal code gate', () => {
  const FISCAL = recognizers.find((x) => x.entity === 'IT_FISCAL_CODE')!;

  it('passes every text the pattern matches in', () => {
    const r = new Rng(34);
    let matched = 0;
    for (let k = 0; k < 20000; k++) {
      let text = '';
      for (let n = r.int(1, 6); n > 0; n--) {
        text += r.pick([
          () => v.codiceFiscale(r),
          () => r.chars(r.int(14, 18), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
          () => r.chars(r.int(1, 30), 'abcdefghij '),
          () => r.pick(ODD),
          () => r.digits(r.int(1, 20)),
        ])();
        text += r.pick(['', ' ', '_', '-', 'x', '1', '.']);
      }
      const re = new RegExp(FISCAL.regex.source, FISCAL.regex.flags);
      const match = re.test(text);
      matched += match ? 1 : 0;
      if (match && !fiscalShapeIn(text)) expect(fiscalShapeIn(text), JSON.stringify(text)).toBe(true);
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it('stays linear on long words', () => {
    for (const text of ['A'.repeat(200_000), 'A1'.repeat(100_000), `${'B'.repeat(15)} `.repeat(20_000)]) expect(fiscalShapeIn(text)).toBe(false);
  });
});

describe('per-column hopes', () => {
  /** The per-cell formula hopesFor replaced. */
  function hopeful(r: Recognizer, threshold: number, letters: boolean, named: boolean): boolean {
    let ok = r.maxScore >= threshold;
    if (!ok || r.maxScoreWithoutLetters !== undefined) {
      const ceiling = letters ? r.maxScore : (r.maxScoreWithoutLetters ?? r.maxScore);
      const lifted = r.context.length > 0 && r.contextScore >= threshold && (letters || named);
      ok = ceiling >= threshold || lifted;
    }
    return ok;
  }

  it('say for every recognizer, column and threshold what the per-cell test said', () => {
    const fields = ['', 'id', 'ssn', 'mrn', 'dob', 'created', 'messages[0].content', 'npi', 'Passport_No', 'patientId', 'phone'];
    for (const entities of [undefined, new Set(['US_SSN', 'MEDICAL_RECORD_NUMBER', 'UK_NHS'])]) {
      const plan = planFor(entities);
      for (const field of fields) {
        // A column whose values are never the entity (CREDIT_CARD under `id`) drops every match of it, as consider does.
        const { names, vetoes } = fieldContextOf(field, recognizers);
        for (const threshold of [0, 0.05, 0.2, 0.35, 0.5, 0.6, 0.8, 0.95, 1]) {
          const hopes = hopesFor(plan, field, threshold);
          plan.list.forEach((r, p) => {
            const named = names[plan.index[p]!] === 1;
            const open = vetoes[plan.index[p]!] !== 1;
            expect((hopes[p]! & WITH_LETTERS) !== 0, `${r.entity} ${field} ${threshold}`).toBe(open && hopeful(r, threshold, true, named));
            expect((hopes[p]! & WITHOUT_LETTERS) !== 0, `${r.entity} ${field} ${threshold}`).toBe(open && hopeful(r, threshold, false, named));
          });
        }
      }
    }
  });
});

describe('field context cache', () => {
  it('gives a field with array indices, asked once or many times, the context of its general path', () => {
    const paths = ['messages[0].content', 'messages[1].content', '[7].ssn', '[8].ssn', 'rows[12].patient[3].mrn', 'a[b].phone', '[x1].dob'];
    const general = (f: string) => f.replace(/\[\d+\]/g, '[]');
    // More paths than either cache holds, so entries are flushed and asked for again.
    const many = Array.from({ length: 9000 }, (_, i) => `[${i}].${['ssn', 'email', 'note', 'dob'][i % 4]}`);
    for (const round of [0, 1]) {
      for (const f of [...paths, ...many.slice(round * 4500, round * 4500 + 4500), ...paths]) {
        const got = fieldContextOf(f, recognizers);
        const want = fieldContextOf(general(f), recognizers);
        if (got.text !== want.text || got.names.join() !== want.names.join() || got.vetoes.join() !== want.vetoes.join()) expect(got, f).toEqual(want);
      }
    }
    const ssn = recognizers.findIndex((x) => x.entity === 'US_SSN');
    expect(fieldContextOf('[8].ssn', recognizers).names[ssn]).toBe(1);
    expect(fieldContextOf('messages[1].content', recognizers).names[ssn]).toBe(0);
  });
});

describe('checksums read in place', () => {
  /** The IBAN check as it was written over normalised strings. */
  function ibanReference(iban: string): boolean {
    const s = iban.replace(/[\s-]/g, '').toUpperCase();
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
    let rem = 0;
    for (const ch of s.slice(4) + s.slice(0, 4)) {
      const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
      for (const c of v) rem = (rem * 10 + (c.charCodeAt(0) - 48)) % 97;
    }
    return rem === 1;
  }

  it('tell a valid IBAN as the string version did, spaced or not, in any case, with odd characters', () => {
    const r = new Rng(36);
    let valid = 0;
    for (let k = 0; k < 30000; k++) {
      let s = r.pick([() => v.iban(r), () => v.iban(r).replace(/(.{4})/g, '$1 ').trim(), () => r.chars(2) + r.digits(2) + r.chars(r.int(8, 32), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')])();
      // Mutations: a changed character, a lower-case one, a dash, other spaces, non-ASCII that upper-cases to ASCII.
      for (let e = r.int(0, 2); e > 0; e--) {
        const at = r.int(0, s.length);
        s = s.slice(0, at) + r.pick(['A', '7', 'a', 'z', '-', ' ', '  ', '\t', '\u00a0', 'ß', 'ı', 'é', '']) + s.slice(at + r.int(0, 1));
      }
      const want = ibanReference(s);
      valid += want ? 1 : 0;
      if (ibanValid(s) !== want) expect(ibanValid(s), JSON.stringify(s)).toBe(want);
    }
    expect(valid).toBeGreaterThan(3000);
  });
});

describe('scoring shortcuts', () => {
  it('keep libphonenumber verdicts, asked once or many times', () => {
    const r = new Rng(35);
    let valid = 0;
    for (let k = 0; k < 3000; k++) {
      const m = r.pick([() => v.usPhone(r), () => v.intlPhone(r), () => `${r.digits(3)}-${r.digits(3)}-${r.digits(4)}`, () => `+${r.digits(r.int(8, 14))}`, () => `(${r.digits(3)}) ${r.digits(3)}.${r.digits(4)}`])();
      const lib = parsePhoneNumberFromString(m, m.startsWith('+') ? undefined : 'US');
      const want = !!lib && lib.isValid();
      valid += want ? 1 : 0;
      expect(phoneValid(m), m).toBe(want);
      expect(phoneValid(m), m).toBe(want);
    }
    expect(valid).toBeGreaterThan(500);
  });

  it('score an email as before: a URL credential only with a :// in the 200 characters before it', () => {
    const EMAIL = recognizers[0]!;
    const before = (m: string, text: string, start: number) =>
      /\.(?:png|jpe?g|gif|svg|webp|js|ts|py|css)$/i.test(m) ? null : /[a-z][a-z0-9+.-]*:\/\/[^\s/@]*:?$/i.test(text.slice(Math.max(0, start - 200), start)) ? null : 0.9;
    const r = new Rng(36);
    for (let k = 0; k < 3000; k++) {
      const m = v.email(r);
      const lead = r.pick(['https://user:', 'ftp://', 'x://a b ', '://', 'http:/', 'see ', '']);
      const pad = 'a'.repeat(r.pick([0, 1, 150, 195, 196, 197, 198, 199, 200, 201, 260]));
      const text = r.next() < 0.5 ? `${lead}${pad}${m}` : `${pad}${lead}${m}`;
      const start = text.length - m.length;
      expect(EMAIL.score(m, text, start), JSON.stringify(text)).toBe(before(m, text, start));
    }
  });
});

describe('results', () => {
  it('share one frozen empty result, and make a fresh array for hits', () => {
    expect(Object.isFrozen(scanPii('n/a'))).toBe(true);
    expect(scanPii('12345')).toBe(scanPii('n/a'));
    const hits = scanPii('mail ana@example.com, ssn 219-45-1234');
    expect(hits.map((h) => h.entity)).toEqual(['EMAIL_ADDRESS', 'US_SSN']);
    expect(Object.isFrozen(hits)).toBe(false);
  });
});

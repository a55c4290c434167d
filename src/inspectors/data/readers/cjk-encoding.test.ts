import { describe, expect, it } from 'vitest';
import { CJK_CASES, CJK_CONTACTS, CJK_NOTES, encodeWithPython, PYTHON } from '../testing/cjk-texts.js';
import { Rng } from '../testing/random.js';
import { guessCjkEncoding } from './cjk-encoding.js';
import { Utf8Chunks } from './utf8-chunks.js';

const SKIP = !PYTHON && 'no python3 here to encode the texts';

/** French and German as Windows-1252 writes them: accents, `ß`, curly quotes, `€`. */
const LATIN = [
  'Compte rendu de la réunion du 12 février.\nLes élèves étaient très occupés à préparer l’été ; déjà à Noël ils étudiaient “la géométrie” et l’économie.\nÀ la fin, Hélène a payé 25 € pour le goûter, où Benoît était présent.\n',
  'Protokoll der Sitzung vom 3. März.\nDie Größe der Übungsräume wird geprüft; Jürgen Müller aus der Bahnhofstraße schlägt vor, die Äpfel für 4 € zu verkaufen.\nFrau Köhler hält das für schön, aber zu früh.\n',
];

/** Reads `bytes` through Utf8Chunks in chunks of random sizes (a character cut between two of them too). */
function readChunked(bytes: Buffer, r: Rng, most: number): string {
  const d = new Utf8Chunks();
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const n = r.int(0, most);
    text += d.write(bytes.subarray(i, i + n));
    i += n;
  }
  return text + d.end();
}

describe.skipIf(SKIP)('guessCjkEncoding', () => {
  const texts = CJK_CASES.flatMap((c) => [CJK_NOTES[c.lang], CJK_CONTACTS[c.lang]]);
  const encoded = encodeWithPython([...CJK_CASES.flatMap((c) => [[CJK_NOTES[c.lang], c.python] as const, [CJK_CONTACTS[c.lang], c.python] as const]), ...LATIN.map((t) => [t, 'cp1252'] as const)]);

  it('tells Shift_JIS, EUC-JP, GBK, GB18030, Big5 and EUC-KR notes and tables apart', () => {
    CJK_CASES.forEach((c, k) => {
      expect(guessCjkEncoding(encoded[2 * k]!), `${c.python} note`).toBe(c.whatwg);
      expect(guessCjkEncoding(encoded[2 * k + 1]!), `${c.python} table`).toBe(c.whatwg);
    });
  });

  it('decodes them whole however they are cut into chunks, a character split between two', () => {
    const r = new Rng(5);
    texts.forEach((text, k) => {
      for (let round = 0; round < 40; round++) expect(readChunked(encoded[k]!, r, round % 2 ? 9 : 300), `${CJK_CASES[k >> 1]!.python} #${k}`).toBe(text);
    });
  });

  it('guesses none for Russian in Windows-1251 or KOI8-R, whose letters come in runs as CJK bytes do', () => {
    const russian = 'Протокол заседания от третьего марта.\nУчастники обсудили новые правила, решили их принять и сообщить всем сотрудникам до конца недели.\n';
    for (const bytes of encodeWithPython([
      [russian, 'cp1251'],
      [russian, 'koi8_r'],
    ]))
      expect(guessCjkEncoding(bytes)).toBeUndefined();
  });

  it('guesses none for French and German in Windows-1252, which are still read as such', () => {
    const r = new Rng(6);
    LATIN.forEach((text, k) => {
      const bytes = encoded[texts.length + k]!;
      expect(guessCjkEncoding(bytes)).toBeUndefined();
      expect(readChunked(bytes, r, 9)).toBe(text);
    });
  });

  it('guesses none on a few characters: a short sample stays Windows-1252', () => {
    const [login, name] = encodeWithPython([
      ['ログイン', 'shift_jis'],
      ['担当：山田', 'euc_jp'],
    ]);
    expect(guessCjkEncoding(login!)).toBeUndefined();
    expect(guessCjkEncoding(name!)).toBeUndefined();
    const d = new Utf8Chunks();
    expect(d.write(Buffer.concat([Buffer.from('<b>'), login!, Buffer.from('</b>')])) + d.end()).toBe('<b>ƒ\u008dƒOƒCƒ“</b>');
  });
});

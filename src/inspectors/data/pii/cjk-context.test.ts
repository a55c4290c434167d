import { describe, expect, it } from 'vitest';
import { classifyColumns } from '../columns.js';
import { krRrnValid } from './checksums.js';
import { scanPii } from './engine.js';
import { Rng } from '../testing/random.js';
import { jpMyNumber } from '../testing/values.js';

/** Context words in Chinese, Japanese and Korean running text and names, found as substrings (cjk-words.ts). */

const found = (text: string, field = '', threshold = 0.5) => scanPii(text, field, { threshold }).map((h) => h.entity);
// A Japanese mobile number: weak without a context word (a national number, see phone-number.ts).
const phone = '090-3962-4817';
/** A valid bare Korean RRN: thirteen bare digits need a context word. */
const rrn = (() => {
  for (let c = 0; c < 10; c++) if (krRrnValid(`900101123456${c}`)) return `900101123456${c}`;
  throw new Error('no check digit');
})();

describe('CJK context words in running text', () => {
  it('lift a phone number, a date of birth and a passport number with no space before them', () => {
    for (const label of ['電話番号:', '電話番号：', '携帯電話', '联系电话：', '手机号码', '전화번호:', '휴대폰 번호는 ']) expect(found(`${label}${phone}`), label).toEqual(['PHONE_NUMBER']);
    for (const label of ['生年月日：', '出生日期', '생년월일: ']) expect(found(`${label}1985-03-12`), label).toEqual(['DATE_OF_BIRTH']);
    for (const [label, number] of [['パスポート番号 ', 'TK4072185'], ['护照号码：', 'E34072185'], ['여권번호는 ', 'M34072185']]) expect(found(`${label}${number}`), label).toEqual(['PASSPORT']);
    expect(found('運転免許証番号：340721856093')).toEqual(['DRIVER_LICENSE']);
  });

  it('lift national ids: a Korean RRN after 주민등록번호, a Chinese resident id past a higher threshold', () => {
    expect(found(`주민등록번호 ${rrn}`)).toEqual(['KR_RRN']);
    expect(found(`주민등록번호는${rrn}입니다`)).toEqual(['KR_RRN']);
    expect(found(`번호 ${rrn}`)).toEqual([]);
    // Eighteen characters with a date and a MOD 11-2 check stand alone at 0.7; the word makes them certain.
    expect(found('身份证号码：11010519491231002X')).toEqual(['CN_RESIDENT_ID']);
    expect(found('身份证号码：11010519491231002X', '', 0.8)).toEqual(['CN_RESIDENT_ID']);
    expect(found('号码：11010519491231002X', '', 0.8)).toEqual([]);
    // A failing check character is no id, whatever the word.
    expect(found('身份证号码：110101194912310021')).toEqual([]);
  });

  it('lift a Japanese My Number after マイナンバー or 個人番号, and name its column so', () => {
    const r = new Rng(12);
    const jp = jpMyNumber(r);
    for (const label of ['マイナンバー：', 'マイナンバーは', '個人番号 ']) expect(found(`${label}${jp}`), label).toEqual(['JP_MY_NUMBER']);
    expect(found(`番号 ${jp}`)).toEqual([]);
    expect(found(jp, '個人番号')).toEqual(['JP_MY_NUMBER']);
    expect(found(jp, 'マイナンバー')).toEqual(['JP_MY_NUMBER']);
    expect(found(jpMyNumber(r, false), '個人番号')).toEqual([]);
  });

  it('count in a column name as written', () => {
    expect(found(phone, '携帯電話')).toEqual(['PHONE_NUMBER']);
    expect(found(rrn, '주민등록번호')).toEqual(['KR_RRN']);
    expect(found('TK4072185', 'パスポート番号')).toEqual(['PASSPORT']);
  });

  it('do not lift them beside other words, or out of reach', () => {
    expect(found(`商品番号：${phone}`)).toEqual([]);
    expect(found(`注文 TK4072185`)).toEqual([]);
    expect(found(`電話${'。'.repeat(60)}${phone}`)).toEqual([]);
    // Latin words keep their word boundaries: a CJK neighbour does not make `xphone` a phone word.
    expect(found(`東京xphone ${phone}`)).toEqual([]);
  });
});

describe('CJK column names', () => {
  const classOf = (...names: string[]) => classifyColumns(names.map((name) => ({ name, nonEmpty: 3, hits: {} })), 3).map((c) => c.entity);
  it('name Korean phone, e-mail, birth date, passport and address columns, and CJK licence, card, account and name columns', () => {
    const want: Record<string, string> = {
      전화번호: 'PHONE_NUMBER', 휴대폰: 'PHONE_NUMBER', 이메일: 'EMAIL_ADDRESS', 생년월일: 'DATE_OF_BIRTH', 여권번호: 'PASSPORT', 주소: 'LOCATION',
      運転免許証番号: 'DRIVER_LICENSE', 驾驶证号: 'DRIVER_LICENSE', 운전면허번호: 'DRIVER_LICENSE', カード番号: 'CREDIT_CARD', 信用卡号: 'CREDIT_CARD',
      口座番号: 'IBAN_CODE', 계좌번호: 'IBAN_CODE', 氏名: 'PERSON', 姓名: 'PERSON', 성명: 'PERSON',
      マイナンバー: 'JP_MY_NUMBER', 個人番号: 'JP_MY_NUMBER',
    };
    for (const [name, entity] of Object.entries(want)) expect(classOf(name), name).toEqual([entity]);
  });

  it('read a bare 名前 or 이름 as a person only beside something else about people', () => {
    expect(classOf('名前')).toEqual([]);
    expect(classOf('이름', '전화번호')).toEqual(['PERSON', 'PHONE_NUMBER']);
  });
});

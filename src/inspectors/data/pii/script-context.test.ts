import { describe, expect, it } from 'vitest';
import { classifyColumns } from '../columns.js';
import { normalise } from './context.js';
import { scanPii } from './engine.js';

/** Context words and column names in Russian, Ukrainian and Greek (and headers in Japanese and Chinese). */

const only = (entity: string) => (text: string, field = '') => scanPii(text, field).map((h) => h.entity).filter((e) => e === entity);
// A French national number: weak without a context word (see phone-number.ts).
const number = '03 39 24 70 45';

describe('context words in Cyrillic and Greek', () => {
  it('are normalised as letters, accents dropped', () => {
    expect(normalise('Номер телефона')).toBe(' номер телефона ');
    expect(normalise('Τηλέφωνο')).toBe(' τηλεφωνο ');
    expect(normalise('ΟΔΟΣ')).toBe(' οδοσ ');
  });

  it('lift a phone number, a date of birth and a passport number in text', () => {
    const phone = only('PHONE_NUMBER');
    for (const label of ['Телефон:', 'Номер телефона', 'тел.', 'Моб.', 'Мобільний:', 'Τηλέφωνο:', 'Τηλ.', 'κινητό']) expect(phone(`${label} ${number}`), label).toEqual(['PHONE_NUMBER']);
    const dob = only('DATE_OF_BIRTH');
    for (const label of ['Дата рождения:', 'Дата народження', 'Ημερομηνία γέννησης:']) expect(dob(`${label} 12.03.1985`), label).toEqual(['DATE_OF_BIRTH']);
    const passport = only('PASSPORT');
    expect(passport('Паспорт 4506123456')).toEqual(['PASSPORT']);
    expect(passport('серия и номер паспорта: 4506123456')).toEqual(['PASSPORT']);
    expect(passport('Διαβατήριο AB4072185')).toEqual(['PASSPORT']);
  });

  it('lift them from a column name', () => {
    expect(only('PHONE_NUMBER')(number, 'Телефон')).toEqual(['PHONE_NUMBER']);
    expect(only('DATE_OF_BIRTH')('1985-03-12', 'дата_рождения')).toEqual(['DATE_OF_BIRTH']);
  });

  it('do not lift them beside other words', () => {
    expect(only('PHONE_NUMBER')(`Телевизор ${number}`)).toEqual([]);
    expect(only('PHONE_NUMBER')(`Заказ ${number}`)).toEqual([]);
    expect(only('PASSPORT')('Заказ 4506123456')).toEqual([]);
    expect(only('DATE_OF_BIRTH')('Дата заказа 12.03.1985')).toEqual([]);
  });
});

describe('column names in other scripts', () => {
  const classOf = (name: string) => classifyColumns([{ name, nonEmpty: 3, hits: {} }], 3)[0]?.entity;
  it('name phone, e-mail, birth date, passport and address columns', () => {
    const want: Record<string, string> = {
      Телефон: 'PHONE_NUMBER', 'Номер телефона': 'PHONE_NUMBER', Τηλέφωνο: 'PHONE_NUMBER', 電話番号: 'PHONE_NUMBER', 手机号: 'PHONE_NUMBER',
      'Эл. почта': 'EMAIL_ADDRESS', 'Электронная почта': 'EMAIL_ADDRESS', メールアドレス: 'EMAIL_ADDRESS', 电子邮件: 'EMAIL_ADDRESS',
      'Дата рождения': 'DATE_OF_BIRTH', 'Ημερομηνία γέννησης': 'DATE_OF_BIRTH', 生年月日: 'DATE_OF_BIRTH', 出生日期: 'DATE_OF_BIRTH',
      Паспорт: 'PASSPORT', 'Номер паспорта': 'PASSPORT', Διαβατήριο: 'PASSPORT', パスポート番号: 'PASSPORT', 护照号码: 'PASSPORT',
      Адрес: 'LOCATION', Διεύθυνση: 'LOCATION', 住所: 'LOCATION', 地址: 'LOCATION',
    };
    for (const [name, entity] of Object.entries(want)) expect(classOf(name), name).toBe(entity);
    for (const name of ['Телевизор', 'Заказ', 'Τιμή', '商品']) expect(classOf(name), name).toBeUndefined();
  });
});

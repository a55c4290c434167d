import type { Recognizer } from './recognizers.js';

/**
 * Context words in Chinese, Japanese and Korean. Those scripts write no spaces between words
 * (`身份证号码：110101…`, `電話番号は090-…`), and Korean glues its particles on (`주민등록번호는`),
 * so a word cannot be found on word boundaries as Latin, Cyrillic and Greek ones are (context.ts):
 * these are found as substrings of the window, as written (no fold: Han, kana and Hangul have no
 * case or accents). Each is as short as still says the one thing: `電話` also covers `電話番号`,
 * `メール` `メールアドレス`.
 */

/** Han (with Extension A and the compatibility ideographs), kana, Hangul syllables and jamo, halfwidth katakana. */
export const CJK = /[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]/;

/** Whether a context word is written in a CJK script (and so is matched as a substring). */
export const isCjkWord = (w: string): boolean => CJK.test(w);

export const CJK_PHONE = ['電話', '携帯', 'ケータイ', '电话', '手机', '手機', '联系方式', '聯絡方式', '전화', '휴대폰', '핸드폰', '연락처'];
export const CJK_EMAIL = ['メール', '电子邮件', '电邮', '邮箱', '電郵', '郵箱', '電子郵件', '메일', '전자우편'];
export const CJK_BIRTH_DATE = ['生年月日', '誕生日', '出生日期', '出生年月', '生日', '생년월일', '생일'];
export const CJK_PASSPORT = ['パスポート', '旅券', '护照', '護照', '여권'];
export const CJK_DRIVING_LICENCE = ['運転免許', '免許証', '驾驶证', '驾照', '駕照', '駕駛執照', '운전면허'];
export const CJK_CARD = ['クレジットカード', 'カード番号', '信用卡', '银行卡', '卡号', '신용카드', '카드번호'];
/** A bank account (the IBAN recognizer's context): not a bare `账号`, which is also a login. */
export const CJK_BANK_ACCOUNT = ['口座番号', '銀行口座', '银行账户', '银行账号', '銀行帳戶', '銀行帳號', '계좌'];
/** The Chinese resident identity card. */
export const CJK_CN_ID = ['身份证', '身份證', '公民身份号码'];
/** The Korean resident registration number. */
export const CJK_KR_RRN = ['주민등록번호', '주민번호'];
/** Japan's Individual Number: its everyday name and the law's. */
export const CJK_JP_MY_NUMBER = ['マイナンバー', '個人番号'];

/** Per recognizer, its context words in a CJK script; most have none. */
const cjkWordsOf = new WeakMap<Recognizer, readonly string[]>();
export function cjkWords(r: Recognizer): readonly string[] {
  let ws = cjkWordsOf.get(r);
  if (!ws) cjkWordsOf.set(r, (ws = r.context.filter(isCjkWord)));
  return ws;
}

/** Whether a column / field name, as written, holds one of `r`'s CJK context words (`身份证号码`, `携帯電話`). */
export function hasCjkFieldContext(r: Recognizer, field: string): boolean {
  const words = cjkWords(r);
  return words.length > 0 && words.some((w) => field.includes(w));
}

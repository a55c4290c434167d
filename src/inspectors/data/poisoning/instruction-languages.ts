import { foldLower } from '../pii/fold.js';

/**
 * Overrides, role hijacks and exfiltration asks in other languages, held to the English
 * discipline: an override names what it overrides as the model's (all, your, previous, above:
 * `toutes`, `vorherigen`, `anteriores`, `precedenti`, `poprzednie` …). "Ignorez les instructions
 * ci-dessous si vous utilisez Windows" and "Ignorieren Sie die folgenden Anweisungen" are
 * documentation talking to people. Words are written as the language spells them; each letter
 * becomes a class of its accented forms (the PII fold's table), so `precedentes`, `précédentes`
 * and `PRÉCÉDENTES` all match.
 */
export interface Language {
  name: string;
  /** Imperatives (and the infinitive a polite or verb-last sentence uses). */
  verbs: readonly string[];
  /** A polite pronoun after the verb (`Sie`, `vous`). */
  polite?: readonly string[];
  /** Qualifiers before the object that make it the model's: all, your, previous, above. */
  before: readonly string[];
  articles: readonly string[];
  objects: readonly string[];
  /** The same qualifiers where the language puts them after the noun (`instructions précédentes`). */
  after: readonly string[];
  /** Verb-last clauses (German: `alle vorherigen Anweisungen ignorieren`). */
  verbLast?: boolean;
  /**
   * Whole phrases: role hijacks and exfiltration asks. (French, German, Spanish, Italian,
   * Portuguese and Dutch requests for the system prompt are instruction-disclosure.ts's.)
   */
  phrases: readonly string[];
}

export const LANGUAGES: readonly Language[] = [
  {
    name: 'French',
    verbs: ['ignore', 'ignorez', 'ignorer', 'oublie', 'oubliez', 'oublier'],
    polite: [],
    before: ['toutes', 'tous', 'vos', 'tes'],
    articles: ['les', 'des'],
    objects: ['instructions', 'consignes', 'règles', 'directives', 'indications', 'invites', 'prompts', 'messages'],
    after: ['précédentes', 'précédents', 'antérieures', 'antérieurs', 'ci-dessus', 'données auparavant'],
    phrases: ['tu es maintenant en mode (?:développeur|DAN|sans restrictions?)', 'tu es désormais (?:DAN|sans restrictions?)', 'ne (?:le )?(?:dis|dites) (?:rien |pas )?à l[’\'](?:utilisateur|utilisatrice)'],
  },
  {
    name: 'German',
    verbs: ['ignoriere', 'ignorier', 'ignorieren', 'ignoriert', 'vergiss', 'vergesst', 'vergessen', 'missachte', 'missachten'],
    polite: ['Sie', 'bitte'],
    before: ['alle', 'sämtliche', 'deine', 'ihre', 'eure', 'vorherigen', 'vorherige', 'bisherigen', 'bisherige', 'früheren', 'obigen', 'vorangegangenen', 'vorstehenden'],
    articles: ['die'],
    objects: ['Anweisungen', 'Anweisung', 'Instruktionen', 'Regeln', 'Vorgaben', 'Befehle', 'Richtlinien', 'Anordnungen', 'Prompts', 'Nachrichten'],
    after: [],
    verbLast: true,
    phrases: ['du bist (?:jetzt|nun) (?:im )?(?:Entwicklermodus|DAN|uneingeschränkt)', 'sag(?:e)? (?:es |das )?(?:dem|der) (?:Benutzer|Nutzer|Nutzerin|Benutzerin) nicht'],
  },
  {
    name: 'Spanish',
    verbs: ['ignora', 'ignore', 'ignorad', 'ignoren', 'ignorar', 'olvida', 'olvide', 'olvidad', 'olviden', 'olvidar', 'descarta', 'descarte'],
    before: ['todas', 'todos', 'tus', 'sus'],
    articles: ['las', 'los'],
    objects: ['instrucciones', 'indicaciones', 'reglas', 'directrices', 'órdenes', 'mensajes', 'prompts'],
    after: ['anteriores', 'previas', 'previos', 'precedentes', 'de arriba'],
    phrases: ['ahora eres (?:un )?(?:DAN|desarrollador|modelo sin restricciones)', 'no (?:se lo )?(?:digas|menciones|cuentes) al usuario'],
  },
  {
    name: 'Italian',
    verbs: ['ignora', 'ignorate', 'ignori', 'ignorare', 'dimentica', 'dimenticate', 'dimentichi', 'trascura'],
    before: ['tutte', 'tutti', 'tue', 'sue', 'vostre'],
    articles: ['le', 'gli', 'i'],
    objects: ['istruzioni', 'regole', 'indicazioni', 'direttive', 'messaggi', 'prompt', 'comandi'],
    after: ['precedenti', 'anteriori', 'di sopra', 'sopra'],
    phrases: ['(?:ora|adesso) sei (?:in modalità )?(?:sviluppatore|DAN|senza restrizioni)', 'non (?:dirlo|dire niente|dirgli niente) all[’\']utente'],
  },
  {
    name: 'Portuguese',
    verbs: ['ignore', 'ignora', 'ignorem', 'ignorar', 'esqueça', 'esqueçam', 'esquece', 'desconsidere', 'desconsidera'],
    before: ['todas', 'todos', 'tuas', 'suas'],
    articles: ['as', 'os'],
    objects: ['instruções', 'regras', 'diretrizes', 'orientações', 'mensagens', 'prompts', 'comandos'],
    after: ['anteriores', 'prévias', 'precedentes', 'acima'],
    phrases: ['agora você é (?:um )?(?:DAN|desenvolvedor|modelo sem restrições)', 'não (?:conte|diga|mencione) (?:isso |nada )?ao usuário'],
  },
  {
    name: 'Dutch',
    verbs: ['negeer', 'negeren', 'vergeet', 'vergeten'],
    before: ['alle', 'je', 'jouw', 'uw', 'vorige', 'eerdere', 'voorgaande', 'bovenstaande'],
    articles: ['de'],
    objects: ['instructies', 'regels', 'aanwijzingen', 'richtlijnen', 'opdrachten', 'prompts', 'berichten'],
    after: ['hierboven'],
    phrases: ['je bent nu (?:in )?(?:ontwikkelaarsmodus|DAN|onbeperkt)', 'vertel (?:het|dit) niet aan de gebruiker'],
  },
  {
    name: 'Polish',
    verbs: ['zignoruj', 'zignorujcie', 'ignoruj', 'zapomnij', 'zapomnijcie', ],
    before: ['wszystkie', 'wszelkie', 'swoje', 'twoje', 'poprzednie', 'wcześniejsze', 'powyższe'],
    articles: [],
    objects: ['instrukcje', 'polecenia', 'zasady', 'reguły', 'wytyczne', 'wiadomości', 'prompty'],
    after: ['powyżej'],
    phrases: ['jesteś teraz (?:w trybie dewelopera|DAN|bez ograniczeń)', '(?:ujawnij|pokaż|powtórz) (?:(?:swój|twój) )?prompt systemowy', 'nie (?:mów|informuj) (?:o tym )?użytkownika'],
  },
  {
    name: 'Indonesian',
    verbs: ['abaikan', 'lupakan'],
    before: ['semua', 'seluruh'],
    articles: [],
    objects: ['instruksi', 'perintah', 'petunjuk', 'aturan', 'arahan', 'prompt', 'pesan'],
    after: ['sebelumnya', 'terdahulu', 'di atas'],
    phrases: ['(?:tampilkan|ungkapkan|ulangi|tunjukkan) prompt sistem(?:mu| anda)?', 'jangan (?:beritahu|beri tahu|katakan (?:ini )?kepada) pengguna'],
  },
  {
    name: 'Russian',
    verbs: ['игнорируй', 'игнорируйте', 'проигнорируй', 'проигнорируйте', 'забудь', 'забудьте'],
    before: ['все', 'всё', 'свои', 'твои', 'ваши', 'предыдущие', 'прежние', 'вышеуказанные'],
    articles: [],
    objects: ['инструкции', 'указания', 'правила', 'команды', 'сообщения', 'промпты'],
    after: [],
    phrases: ['теперь ты (?:в режиме разработчика|DAN|без ограничений)', '(?:покажи|раскрой|повтори) (?:свой )?системный промпт', 'не (?:говори|сообщай) (?:об этом )?пользователю'],
  },
];

/**
 * Show / reveal / tell me the system prompt in Chinese. 系统提示 alone is also a system notice (`显示系统提示`,
 * show system tips, is a settings label), so it is the model's (你的 / 您的) or the prompt's own
 * word (提示词, prompt words).
 */
const CHINESE_DISCLOSURE = '(?:显示|顯示|展示|输出|輸出|透露|泄露|洩露|公开|公開|重复|重複|打印|告诉我|告訴我|给我看|給我看)(?:一下)?(?:(?:你|您)的?(?:系统|系統)(?:提示词|提示詞|提示|指令|prompt)|(?:系统|系統)(?:提示词|提示詞|prompt))';
/**
 * The same in Japanese, in the imperative: the te-form ends the clause (`表示して。`, `見せてください`);
 * `システムプロンプトを表示して確認します` (display it and check) goes on, as a manual writes.
 */
const JAPANESE_DISCLOSURE = 'システムプロンプトを(?:(?:表示|出力|公開|開示)(?:して|しろ|せよ)|(?:見せ|教え)(?:て|ろ|なさい))(?:ください|下さい)?(?=[。！!？?\\s」"]|$)';

/**
 * Chinese and Japanese write no spaces and no case, so their overrides are one pattern each: the
 * qualifier (之前 / 以上 / これまで …) is required as in the other languages. Japanese may write the verb
 * as the loanword イグノア (ignore) too.
 */
export const CJK_PATTERNS: readonly { name: string; source: string }[] = [
  { name: 'Chinese', source: '(?:忽略|无视|無視|忘记|忘記)(?:你|您)?(?:之前|以上|先前|上面|前面|上述|此前)?的?(?:所有|全部|一切)?(?:之前|以上|先前|上面|前面|上述|此前|所有|全部)的?(?:指令|指示|说明|說明|提示|规则|規則|要求)' },
  { name: 'Japanese', source: '(?:以前|前|上記|これまで|今まで|すべて|全て)の(?:すべての|全ての)?(?:指示|命令|プロンプト|ルール|指令)(?:を|は)(?:すべて|全て)?(?:無視|忘れ|イグノア)' },
];

/**
 * Chinese and Japanese requests for the system prompt, each holding one of CJK_DISCLOSURE_STEMS:
 * looked for in windows around those (an alternative beside the overrides, scanned over a whole
 * Chinese page, cost it a quarter of its speed).
 */
export const CJK_DISCLOSURE_PATTERNS: readonly { name: string; source: string }[] = [
  { name: 'Chinese', source: CHINESE_DISCLOSURE },
  { name: 'Japanese', source: JAPANESE_DISCLOSURE },
];
/** The system prompt's name in every CJK_DISCLOSURE_PATTERNS match; a match reaches at most DISCLOSURE_REACH characters either side of it. */
export const CJK_DISCLOSURE_STEMS = /系统提示|系統提示|系统prompt|系統prompt|システムプロンプト/g;
export const DISCLOSURE_REACH = 16;

/**
 * Per ASCII letter, a class of the letters that fold to it (`e` → `[eéèêëēĕėęě…]`), from the PII
 * fold: Latin-1 and Latin Extended-A.
 */
const ACCENTED = new Map<string, string>();
for (let c = 0x41; c < 0x180; c++) {
  const ch = String.fromCharCode(c);
  const base = foldLower(ch.toLowerCase());
  if (/^[a-z]$/.test(base) && ch.toLowerCase() === ch) ACCENTED.set(base, (ACCENTED.get(base) ?? '') + ch);
}

/** A bit of regex with each character outside escapes and classes written as `f` says; escapes and classes are copied as written. */
function mapCharacters(source: string, f: (ch: string) => string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\' || ch === '[') {
      const end = ch === '\\' ? i + 2 : source.indexOf(']', i) + 1;
      out += source.slice(i, end);
      i = end - 1;
    } else out += f(ch);
  }
  return out;
}

/** A word (or a bit of regex) with each letter widened to its accented forms; spaces become `\s+`. */
export function accentFree(s: string): string {
  return mapCharacters(s, (ch) => {
    if (ch === ' ') return '\\s+';
    const base = foldLower(ch.toLowerCase());
    const cls = /^[a-z]$/.test(base) ? ACCENTED.get(base) : undefined;
    return cls && cls.length > 1 ? `[${cls}]` : ch;
  });
}

const alt = (words: readonly string[]) => `(?:${words.map(accentFree).join('|')})`;

/** One language's patterns: overrides that open with the verb, verb-last ones, role and exfiltration phrases. */
export function languageSources(l: Language): { verbFirst: string; verbLast?: string; phrases: string } {
  const v = alt(l.verbs);
  const polite = l.polite?.length ? `(?:${alt(l.polite)}\\s+)?` : '';
  const art = l.articles.length ? `(?:${alt(l.articles)}\\s+)?` : '';
  const before = alt(l.before);
  const obj = alt(l.objects);
  const after = l.after.length ? alt(l.after) : undefined;
  const qualified = [`(?:${before}\\s+){1,2}${art}${obj}${after ? `(?:\\s+${after})?` : ''}`];
  if (after) qualified.push(`${art}${obj}\\s+${after}`);
  return {
    verbFirst: `${v}\\s+${polite}(?:${qualified.join('|')})`,
    ...(l.verbLast ? { verbLast: `(?:${before}\\s+){1,2}${art}${obj}\\s+${v}` } : {}),
    phrases: l.phrases.map(accentFree).join('|'),
  };
}

/**
 * Turkish's i in both its forms and cases: dotless ı and dotted İ, which case-insensitive matching
 * does not pair with I and i (`TALİMATLARI`, or `TALIMATLARI` typed with a plain I), stand for
 * either i, and İ may be written decomposed (I and U+0307).
 */
export function turkishI(source: string): string {
  return mapCharacters(source, (ch) => (ch === 'ı' || ch === 'i' ? '(?:[iıİ]\u0307?)' : ch));
}

/**
 * Every way the letters of a pattern (a regex source) are written: precomposed (NFC, as the web
 * serves text), decomposed (NFD: text from macOS file names and some converters, `Bỏ` as `Bo` and
 * U+0309), and a letter of two marks with one composed and the other combining, in either order
 * (`ư` then a combining acute, as Windows-1258 and some Vietnamese keyboards write it). With
 * `bare`, a letter may also be written without its marks, as Turkish is typed on a keyboard
 * without its letters (`onceki talimatlari yok say`).
 */
export function spellings(source: string, bare: boolean): string {
  return mapCharacters(source, (ch) => letterSpellings(ch, bare));
}

function letterSpellings(ch: string, bare: boolean): string {
  const nfd = ch.normalize('NFD');
  if (nfd === ch) return ch;
  const base = nfd[0]!;
  const marks = [...nfd.slice(1)];
  const forms = new Set([ch]);
  const orders = marks.length === 2 ? [marks, [marks[1]!, marks[0]!]] : [marks];
  for (const [first, ...rest] of orders) {
    forms.add(base + first! + rest.join(''));
    const part = (base + first!).normalize('NFC');
    if (part.length === 1) forms.add(part + rest.join(''));
  }
  if (bare) forms.add(base);
  return `(?:${[...forms].join('|')})`;
}

/**
 * Korean, Arabic, Hindi, Turkish and Vietnamese: one pattern each, held to the same discipline
 * (an override names the model's instructions as previous / above / all; a disclosure or a
 * secrecy order is in the imperative). Korean and Hindi put the verb last, with an imperative
 * ending required (`무시하세요`, `अनदेखा करें`): `이전 규칙은 무시됩니다` (previous rules are ignored)
 * and `위 규칙을 무시하면` (if you ignore the rule above) describe. Turkish puts the verb last
 * too, and the word edge after it turns away `unutmayın` (do not forget) and `yok sayılır` (is
 * ignored). Turkish and Vietnamese are matched however their letters are written (see
 * {@link spellings}): Turkish also without its letters, as it is often typed.
 */
const HI_JA = '(?:\u091c\u093c?|\u095b)';
const OTHER_SCRIPT_SOURCES: readonly { name: string; source: string }[] = [
  {
    name: 'Korean',
    source: [
      '(?:모든\\s*)?(?:이전|앞|위|지금까지|기존)(?:의|에서)?\\s*(?:모든\\s*)?(?:지시사항|지시|명령|프롬프트|규칙|지침)(?:을|를|은|는|들을)?\\s*(?:모두\\s*|전부\\s*|다\\s*)?무시\\s*(?:하세요|하십시오|해라|하라|하고|해\\s*주세요|해)',
      '시스템\\s*프롬프트(?:를|을)?\\s*(?:(?:공개|출력|누설|반복)\\s*(?:하세요|하십시오|해라|하라|해\\s*주세요|해)|(?:보여|알려)\\s*(?:주세요|주십시오|줘))',
      '사용자에게\\s*(?:(?:이것을|이것|이\\s*사실을|이\\s*내용을|이를)\\s*)?(?:말하지|알리지|언급하지|밝히지)\\s*(?:마세요|마십시오|마라|말\\s*것|말고|마)',
    ].join('|'),
  },
  {
    name: 'Arabic',
    source: [
      '(?:تجاهل|تجاهلي|تجاهلوا|انس|انسَ|انسى)\\s+(?:(?:(?:جميع|كل)\\s+)(?:التعليمات|الأوامر|التوجيهات|القواعد|الإرشادات|تعليماتك)(?:\\s+(?:السابقة|أعلاه|الماضية))?|(?:التعليمات|الأوامر|التوجيهات|القواعد|الإرشادات|تعليماتك)\\s+(?:السابقة|أعلاه|الماضية))',
      '(?:اكشف|أظهر|اظهر|اعرض|اطبع|كرر)\\s+(?:لي\\s+)?(?:موجه|موجّه|مطالبة|تعليمات)\\s+النظام',
      'لا\\s+(?:تخبر|تخبري|تقل|تقولي|تذكر)\\s+(?:ذلك\\s+|هذا\\s+)?(?:المستخدم|للمستخدم)',
    ].join('|'),
  },
  {
    name: 'Hindi',
    source: [
      `(?:पिछले|पूर्व|ऊपर\\s+के|ऊपर\\s+दिए\\s+गए|सभी)\\s+(?:(?:सभी|पिछले)\\s+)?(?:निर्देशों|निर्देश|आदेशों|नियमों|प्रॉम्प्ट)\\s+(?:को\\s+)?(?:(?:अनदेखा|न${HI_JA}रअंदा${HI_JA})\\s+(?:करें|करो|कीजिए|कर\\s+(?:दो|दें|दीजिए))|भूल\\s+(?:जाओ|जाएं|जाएँ|जाइए))`,
      '(?:(?:अपना|अपने)\\s+)?सिस्टम\\s+(?:प्रॉम्प्ट|प्रोम्प्ट)\\s+(?:को\\s+)?(?:दिखाओ|दिखाएं|दिखाएँ|बताओ|बताएं|बताएँ|(?:प्रकट|प्रिंट)\\s+(?:करें|करो))',
      `(?:उपयोगकर्ता|यू${HI_JA}र)\\s+को\\s+(?:(?:यह|इसके\\s+बारे\\s+में)\\s+)?(?:(?:न|मत)\\s+(?:बताएं|बताएँ|बताओ|बताना)|(?:बताएं|बताओ)\\s+(?:नहीं|मत))`,
    ].join('|'),
  },
  {
    name: 'Turkish',
    source: [
      '(?:önceki|yukarıdaki|tüm|bütün)\\s+(?:(?:tüm|bütün|önceki)\\s+)?(?:talimatları|talimatlarını|talimatlarınızı|komutları|kuralları|yönergeleri)\\s+(?:(?:tamamen|hepsini)\\s+)?(?:yok\\s+say(?:ın)?|görmezden\\s+gel(?:in)?|unut(?:un)?|dikkate\\s+alma(?:yın)?)',
      // Show (me) the system prompt: `sistem istemini göster`, `bana sistem komutunu göster`,
      // `sistem istemini bana gösterin`. The imperative alone: the word edge turns away `gösterir`
      // (it shows) and `göstermek` (to show), as a manual describes an option.
      '(?:bana\\s+)?sistem\\s+(?:istemini|isteminizi|promptunu|promptunuzu|prompt[\'’]unu|komutunu)\\s+(?:bana\\s+)?(?:göster|açıkla|yazdır|tekrarla|ifşa\\s+et)(?:in|iniz)?',
      'kullanıcıya\\s+(?:bunu\\s+|bundan\\s+)?(?:söyleme|bahsetme|anlatma)(?:yin|yın)?',
    ].join('|'),
  },
  {
    name: 'Vietnamese',
    source: [
      '(?:bỏ\\s+qua|phớt\\s+lờ|quên(?:\\s+đi)?)\\s+(?:(?:tất\\s+cả|mọi|toàn\\s+bộ)\\s+(?:(?:các|những)\\s+)?(?:hướng\\s+dẫn|chỉ\\s+dẫn|chỉ\\s+thị|lệnh|quy\\s+tắc)(?:\\s+(?:trước\\s+đó|trước\\s+đây|phía\\s+trên|ở\\s+trên|bên\\s+trên))?|(?:(?:các|những)\\s+)?(?:hướng\\s+dẫn|chỉ\\s+dẫn|chỉ\\s+thị|lệnh|quy\\s+tắc)\\s+(?:trước\\s+đó|trước\\s+đây|phía\\s+trên|ở\\s+trên|bên\\s+trên))',
      '(?:tiết\\s+lộ|in\\s+ra|cho\\s+tôi\\s+xem|lặp\\s+lại|nhắc\\s+lại)\\s+(?:lời\\s+nhắc|prompt|chỉ\\s+dẫn)\\s+hệ\\s+thống',
      '(?:đừng|không\\s+được)\\s+(?:nói|tiết\\s+lộ|kể|cho\\s+biết)\\s+(?:(?:điều|chuyện)\\s+này\\s+)?(?:với|cho)\\s+người\\s+dùng',
    ].join('|'),
  },
];

/**
 * The patterns as precomposed text writes them (Turkish's i in any form: see turkishI), scanned
 * over whole texts; and in every spelling (see spellings), Turkish bare too, scanned where a text
 * holds combining marks or around the words of bare Turkish. Spelled, a pattern's letters are
 * alternations, and a Vietnamese or Turkish page ran at two thirds of its speed.
 */
export const OTHER_SCRIPT_PATTERNS: readonly { name: string; source: string }[] = OTHER_SCRIPT_SOURCES.map((p) => (p.name === 'Turkish' ? { ...p, source: turkishI(p.source) } : p));
export const OTHER_SCRIPT_SPELLED: readonly { name: string; source: string }[] = OTHER_SCRIPT_PATTERNS.map((p) =>
  p.name === 'Turkish' || p.name === 'Vietnamese' ? { ...p, source: spellings(p.source, p.name === 'Turkish') } : p,
);

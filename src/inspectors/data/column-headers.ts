import { foldLower } from './pii/fold.js';

/**
 * The column names that say what a column holds, in English and in the main European languages.
 * Headers are matched as `headerKey` spells them (lower case, Latin letters folded to ASCII), so
 * the lists are written ASCII-folded: `telefono` matches `Teléfono`, `strasse` matches `Straße`,
 * `fodselsdato` matches `Fødselsdato`.
 */

/**
 * A column's own name, folded: past a field path's last `.` (`person.name`) or a sheet's `!`
 * (`Customers!name`). A dot that ends an abbreviation — at the end, or before a space or a hyphen
 * (`Fecha Nac.`, `geb. Datum`, `Geb.-Datum`, `Tel. Nr.`) — is not a path's: it is dropped, and the
 * header read whole (`fecha nac`, `geb datum`, `geb-datum`, `tel nr`).
 */
export function headerKey(name: string): string {
  const sheet = name.lastIndexOf('!');
  let dot = name.lastIndexOf('.');
  while (dot > sheet && ABBREVIATION_DOT.test(name.slice(dot, dot + 2))) dot = name.lastIndexOf('.', dot - 1);
  const leaf = name.slice(Math.max(dot, sheet) + 1).replace(/\.(?=[ -]|$)/g, '').trim();
  // NFC: the fold decomposes (NFD), which splits Hangul syllables into jamo; recomposed, `주민등록번호` matches as written.
  return foldLower(leaf.toLowerCase()).normalize('NFC');
}

/** A dot and what follows it, when the dot ends an abbreviation rather than separating a path. */
const ABBREVIATION_DOT = /^\.(?:[ -]|$)/;

/** One pattern out of several anchored ones: a list per language reads better than one long line. */
const anyOf = (...res: RegExp[]): RegExp => new RegExp(res.map((r) => r.source).join('|'), 'i');

/** Header names → what the column holds. Value checks confirm the ones that can be validated. */
const ENGLISH_AND_IDS: [RegExp, string][] = [
  [/^(?:ssn|social[-_ ]?security(?:[-_ ]?(?:no|number))?|us[-_]?ssn)$/i, 'US_SSN'],
  [/^(?:dob|date[-_ ]?of[-_ ]?birth|birth[-_ ]?date|birthdate|birthday)$/i, 'DATE_OF_BIRTH'],
  [/^(?:e?-?mail(?:[-_ ]?address)?|email)$/i, 'EMAIL_ADDRESS'],
  [/^(?:phone|phone[-_ ]?(?:no|number)|mobile|cell|telephone|tel)$/i, 'PHONE_NUMBER'],
  [/^(?:npi|provider[-_ ]?npi|npi[-_ ]?number)$/i, 'US_NPI'],
  [/^(?:mrn|medical[-_ ]?record(?:[-_ ]?(?:no|number))?)$/i, 'MEDICAL_RECORD_NUMBER'],
  [/^(?:mbi|medicare[-_ ]?(?:id|number|mbi))$/i, 'US_MBI'],
  [/^(?:member[-_ ]?id|health[-_ ]?plan[-_ ]?id|insurance[-_ ]?id|subscriber[-_ ]?id)$/i, 'HEALTH_PLAN_ID'],
  [/^(?:icd[-_ ]?10|icd|diagnosis[-_ ]?code|dx[-_ ]?code)$/i, 'ICD10_CODE'],
  [/^(?:credit[-_ ]?card|card[-_ ]?number|cc[-_ ]?number|pan)$/i, 'CREDIT_CARD'],
  [/^(?:iban|bank[-_ ]?account)$/i, 'IBAN_CODE'],
  [/^(?:ip|ip[-_ ]?address|client[-_ ]?ip|remote[-_ ]?addr)$/i, 'IP_ADDRESS'],
  [/^(?:passport|passport[-_ ]?(?:no|number))$/i, 'US_PASSPORT'],
  [/^(?:cpf|cpf[-_ ]?(?:no|number))$/i, 'BR_CPF'],
  [/^(?:bsn|burgerservicenummer)$/i, 'NL_BSN'],
  [/^(?:nie|nie[-_ ]?(?:no|number))$/i, 'ES_NIE'],
  [/^(?:tfn|tax[-_ ]?file[-_ ]?(?:no|number))$/i, 'AU_TFN'],
  [/^(?:abn|australian[-_ ]?business[-_ ]?number)$/i, 'AU_ABN'],
  // Not a bare `fin` (a TCP flag, a fish's): only its values can say a column of that name holds FINs.
  [/^(?:nric|nric[-_ ]?fin|nric[-_ ]?(?:no|number)|fin[-_ ]?(?:no|number))$/i, 'SG_NRIC_FIN'],
  // Not `insee`: French open data names its commune codes so.
  [/^(?:nir|numero[-_ ]?(?:de[-_ ]?)?securite[-_ ]?sociale)$/i, 'FR_NIR'],
  [/^(?:hetu|henkilotunnus|personal[-_ ]?identity[-_ ]?code)$/i, 'FI_PERSONAL_IDENTITY_CODE'],
  [/^(?:(?:driver'?s?|driving)[-_ ]?licen[cs]e(?:[-_ ]?(?:no|number))?|dl[-_ ]?number|licen[cs]e[-_ ]?(?:no|number))$/i, 'US_DRIVER_LICENSE'],
  [/^(?:itin|itin[-_ ]?(?:no|number)|individual[-_ ]?taxpayer[-_ ]?(?:id|identification[-_ ]?number))$/i, 'US_ITIN'],
  // The Hangul and Han headers as written: the fold changes Latin letters only.
  [/^(?:rrn|resident[-_ ]?registration[-_ ]?(?:no|number)|jumin[-_ ]?(?:no|number|deungnok[-_ ]?beonho)|주민등록번호|주민번호)$/i, 'KR_RRN'],
  // Not a bare `pan`: a card column's primary account number (CREDIT_CARD above).
  [/^(?:pan[-_ ]?(?:no|number|card)|permanent[-_ ]?account[-_ ]?(?:no|number))$/i, 'IN_PAN'],
  [/^(?:personnummer|personnr|pnr|samordningsnummer)$/i, 'SE_PERSONNUMMER'],
  [/^(?:fodselsnummer|foedselsnummer|fnr|d[-_ ]?nummer)$/i, 'NO_FODSELSNUMMER'],
  [/^(?:cpr|cpr[-_ ]?(?:nr|no|nummer|number))$/i, 'DK_CPR'],
  [/^(?:ahv|avs|ahvn13|(?:ahv|avs)[-_ ]?(?:nr|no|nummer|number|numero)|numero[-_ ]?(?:ahv|avs)|sozialversicherungsnummer)$/i, 'CH_AHV'],
  [/^(?:shenfenzheng|sfz(?:hm)?|resident[-_ ]?identity[-_ ]?(?:card[-_ ]?)?(?:no|number)|身份证(?:号|号码)?|公民身份号码)$/i, 'CN_RESIDENT_ID'],
  [/^(?:(?:rsa|sa|za|south[-_ ]?african)[-_ ]?id(?:[-_ ]?(?:no|number))?)$/i, 'ZA_ID_NUMBER'],
  // Japan's Individual Number by its English, romanised and Japanese names (the katakana and Han as written).
  [/^(?:my[-_ ]?number(?:[-_ ]?card)?|individual[-_ ]?number|kojin[-_ ]?bang(?:o|ou)|マイナンバー|個人番号)$/i, 'JP_MY_NUMBER'],
  // Not a bare `tax_id`: any country's. `idnr` is how German forms abbreviate the Identifikationsnummer.
  [/^(?:steuer[-_ ]?id(?:[-_ ]?(?:nr|nummer))?|steuer[-_ ]?idnr|idnr|steuer[-_ ]?identifikationsnummer|steuerliche[-_ ]?identifikationsnummer)$/i, 'DE_TAX_ID'],
  [/^(?:rijksregister(?:[-_ ]?(?:nummer|nr))?|numero[-_ ]?(?:de[-_ ]?|du[-_ ]?)?registre[-_ ]?national|registre[-_ ]?national|nationaal[-_ ]?nummer|insz|niss|inss)$/i, 'BE_NATIONAL_NUMBER'],
  // `T.C. Kimlik No` reads `c kimlik no` past its dots (headerKey takes the last one for a path's).
  [/^(?:(?:t[-_ ]?c|c)[-_ ]?)?kimlik(?:[-_ ]?(?:no|numarasi|numara))?$|^(?:tckn|tc[-_ ]?no)$/i, 'TR_TC_KIMLIK'],
  [/^(?:oib|osobni[-_ ]?identifikacijski[-_ ]?broj)$/i, 'HR_OIB'],
  [/^(?:cnp|cod(?:ul)?[-_ ]?numeric[-_ ]?personal)$/i, 'RO_CNP'],
];

/**
 * The same columns named in German, French, Spanish, Italian, Portuguese, Dutch, Polish and the
 * Nordic languages. After the English list, so a header it names keeps its class. Not the words
 * that name other things as often: a bare `pass` (a password), `portable` (an adjective too),
 * `konto` (any account), `receta`/`rezept`/`ricetta` (recipes).
 */
const EUROPEAN: [RegExp, string][] = [
  [
    anyOf(
      /^(?:geburts[-_ ]?datum|geb[-_ ]?datum|geburtstag|geboren|geboorte[-_ ]?datum)$/, // de, nl
      /^(?:date[-_ ]?(?:de[-_ ]?)?naiss(?:ance)?|naissance)$/, // fr
      /^(?:fecha[-_ ]?(?:de[-_ ]?)?nac(?:imiento)?|nacimiento)$/, // es
      /^(?:data[-_ ]?(?:di[-_ ]?)?nascita|nascita|data[-_ ]?(?:de[-_ ]?)?nascimento|nascimento)$/, // it, pt
      /^(?:data[-_ ]?urodzenia)$/, // pl
      /^(?:fodelse[-_ ]?datum|f(?:o|oe)dsels[-_ ]?dato|f(?:o|oe)dselsdag|fodt|fodd|syntyma[-_ ]?aika|syntymapaiva)$/, // sv, da, no, fi
    ),
    'DATE_OF_BIRTH',
  ],
  [
    anyOf(
      /^(?:e[-_ ]?mail|e[-_ ]?mail[-_ ]?adres(?:se)?|mail[-_ ]?adres(?:se)?)$/, // de, nl, da, no
      /^(?:courriel|adresse[-_ ]?(?:e[-_ ]?)?mail|adresse[-_ ]?(?:de[-_ ]?)?courriel)$/, // fr
      /^(?:correo|correo[-_ ]?electronico|direccion[-_ ]?(?:de[-_ ]?)?(?:correo|e[-_ ]?mail))$/, // es
      /^(?:posta[-_ ]?elettronica|indirizzo[-_ ]?(?:e[-_ ]?)?mail|correio[-_ ]?ele(?:c)?tronico|endereco[-_ ]?(?:de[-_ ]?)?e[-_ ]?mail)$/, // it, pt
      /^(?:adres[-_ ]?e[-_ ]?mail)$/, // pl
      /^(?:e[-_ ]?post(?:[-_ ]?adress?e?)?|sahkoposti(?:osoite)?)$/, // sv, no, fi
    ),
    'EMAIL_ADDRESS',
  ],
  [
    anyOf(
      /^(?:telefon(?:[-_ ]?(?:nr|nummer|no))?|tel[-_ ]?nr|handy(?:[-_ ]?nummer)?|mobil(?:[-_ ]?(?:nr|nummer|telefon))?)$/, // de, da, no, sv
      /^(?:telefoon(?:[-_ ]?nummer)?|mobiel(?:[-_ ]?nummer)?)$/, // nl
      /^(?:numero[-_ ]?(?:de[-_ ]?)?telephone|tel[-_ ]?portable)$/, // fr
      /^(?:telefono|numero[-_ ]?(?:de[-_ ]?|di[-_ ]?)?telefono|movil|celular|cellulare)$/, // es, it
      /^(?:telefone|numero[-_ ]?(?:de[-_ ]?)?telefone|telemovel)$/, // pt
      /^(?:numer[-_ ]?telefonu|nr[-_ ]?tel(?:efonu)?|komorka)$/, // pl
      /^(?:tlf(?:[-_ ]?nr)?|puhelin(?:numero)?|matkapuhelin)$/, // da, no, fi
    ),
    'PHONE_NUMBER',
  ],
  [/^(?:cim[-_ ]?10|cie[-_ ]?10)$/, 'ICD10_CODE'], // fr, es: ICD-10 is CIM-10, CIE-10
  [
    anyOf(
      /^(?:konto[-_ ]?(?:nr|nummer)|bank[-_ ]?konto|rekening[-_ ]?(?:nr|nummer))$/, // de, nl, Nordic
      /^(?:numero[-_ ]?(?:de[-_ ]?)?compte|compte[-_ ]?bancaire|rib)$/, // fr
      /^(?:numero[-_ ]?(?:de[-_ ]?)?cuenta|cuenta[-_ ]?bancaria|conto[-_ ]?corrente|numero[-_ ]?(?:di[-_ ]?)?conto)$/, // es, it
      /^(?:numero[-_ ]?(?:da[-_ ]?)?conta|conta[-_ ]?bancaria)$/, // pt
      /^(?:numer[-_ ]?konta|nr[-_ ]?konta|rachunek[-_ ]?bankowy|tilinumero)$/, // pl, fi
    ),
    'IBAN_CODE',
  ],
  // Passports and licences named in another language are not US ones (see pii/travel-documents.ts):
  // Italian headers give Presidio's IT names, the others our PASSPORT / DRIVER_LICENSE.
  [/^(?:passaporto|numero[-_ ]?(?:di[-_ ]?|del[-_ ]?)?passaporto)$/, 'IT_PASSPORT'],
  [
    anyOf(
      /^(?:reisepass(?:[-_ ]?(?:nr|nummer))?|pass[-_ ]?(?:nr|nummer)|paspoort(?:[-_ ]?nummer)?|passinumero)$/, // de, sv, no, da, nl, fi
      /^(?:passeport|numero[-_ ]?(?:de[-_ ]?)?passeport|pasaporte|numero[-_ ]?(?:de[-_ ]?)?pasaporte)$/, // fr, es
      /^(?:passaporte|numero[-_ ]?(?:do[-_ ]?)?passaporte)$/, // pt
      /^(?:paszport|numer[-_ ]?paszportu)$/, // pl
    ),
    'PASSPORT',
  ],
  [/^(?:patente[-_ ]?(?:di[-_ ]?)?guida|numero[-_ ]?(?:di[-_ ]?|della[-_ ]?)?patente)$/, 'IT_DRIVER_LICENSE'],
  [
    anyOf(
      /^(?:fu(?:e)?hrerschein(?:[-_ ]?(?:nr|nummer))?|rijbewijs(?:[-_ ]?nummer)?)$/, // de, nl
      /^(?:permis[-_ ]?(?:de[-_ ]?)?conduire|licencia[-_ ]?(?:de[-_ ]?)?(?:conducir|conduccion)|carnet[-_ ]?(?:de[-_ ]?)?conducir)$/, // fr, es
      /^(?:carta[-_ ]?(?:de[-_ ]?)?conducao|carteira[-_ ]?(?:de[-_ ]?)?motorista|cnh)$/, // pt
      /^(?:prawo[-_ ]?jazdy|(?:korkort|korekort|forerkort)(?:s?[-_ ]?(?:nr|nummer))?|ajokortti(?:[-_ ]?numero)?)$/, // pl, sv, da, no, fi
    ),
    'DRIVER_LICENSE',
  ],
];

/**
 * The same in Russian, Ukrainian, Greek, Japanese, Chinese and Korean, written as headerKey gives
 * them (Cyrillic `й` folds to `и`, Greek loses its accents and writes a final `ς` as `σ`; Han,
 * kana and Hangul are kept).
 */
const OTHER_SCRIPTS: [RegExp, string][] = [
  [/^(?:дата[-_ ]?рождения|дата[-_ ]?народження|ημερομηνια[-_ ]?γεννησησ|生年月日|出生日期|出生年月日|생년월일)$/, 'DATE_OF_BIRTH'],
  [/^(?:телефон|номер[-_ ]?телефона|тел|моб(?:ильныи)?(?:[-_ ]?телефон)?|мобільнии|τηλεφωνο|κινητο|電話(?:番号)?|电话(?:号码)?|携帯(?:電話)?|手机(?:号码?)?|전화(?:번호)?|휴대폰(?:[-_ ]?번호)?|핸드폰(?:[-_ ]?번호)?|연락처)$/, 'PHONE_NUMBER'],
  [/^(?:эл(?:ектронная)?[-_ ]?почта|ел(?:ектронна)?[-_ ]?пошта|ηλεκτρονικο[-_ ]?ταχυδρομειο|メール(?:アドレス)?|電子メール|电子邮件|电子邮箱|邮箱|이메일(?:[-_ ]?주소)?)$/, 'EMAIL_ADDRESS'],
  [/^(?:паспорт|номер[-_ ]?паспорта|διαβατηριο|αριθμοσ[-_ ]?διαβατηριου|パスポート(?:番号)?|旅券番号|护照(?:号码?)?|여권(?:[-_ ]?번호)?)$/, 'PASSPORT'],
  [/^(?:運転免許証?(?:番号)?|免許証番号|驾驶证(?:号码?)?|驾照(?:号码?)?|운전면허(?:[-_ ]?번호)?)$/, 'DRIVER_LICENSE'],
  [/^(?:クレジットカード(?:番号)?|カード番号|信用卡(?:号码?)?|银行卡号|卡号|신용카드(?:[-_ ]?번호)?|카드[-_ ]?번호)$/, 'CREDIT_CARD'],
  [/^(?:口座番号|銀行口座|银行账[号户]|계좌(?:[-_ ]?번호)?)$/, 'IBAN_CODE'],
];

export const HEADER: readonly [RegExp, string][] = [...ENGLISH_AND_IDS, ...EUROPEAN, ...OTHER_SCRIPTS];

/** Headers that say "a name" without saying whose: a person's only beside something else about people. */
export const BARE_NAME = /^(?:name|nom|nombres?|nome|naam|namn|navn|nimi|名前|이름)$/;

export const PERSON = anyOf(
  /^(?:(?:first|last|full|given|family|middle|patient|customer|user|member|sur)[-_ ]?name|name|surname|patient|full_name)$/,
  /^(?:vor[-_ ]?name|nach[-_ ]?name|familien[-_ ]?name|ruf[-_ ]?name|geburts[-_ ]?name|vollstandiger[-_ ]?name|vor[-_ ]*und[-_ ]?nachname|patienten[-_ ]?name)$/, // de
  /^(?:nom|prenoms?|nom[-_ ]?(?:de[-_ ]?)?famille|nom[-_ ]?(?:de[-_ ]?)?naissance|nom[-_ ]?complet|nom[-_ ]?(?:et[-_ ]?)?prenoms?|nom[-_ ]?(?:du[-_ ]?)?patient)$/, // fr
  /^(?:nombres?|apellidos?|(?:primer|segundo)[-_ ]?apellido|nombre[-_ ]?(?:y[-_ ]?apellidos|completo)|(?:nombre[-_ ]?(?:del?[-_ ]?)?)?paciente)$/, // es
  /^(?:nome|cognome|nome[-_ ]?(?:e[-_ ]?)?cognome|nominativo|paziente|sobrenome|apelido|nome[-_ ]?completo|(?:primeiro|ultimo)[-_ ]?nome)$/, // it, pt
  /^(?:naam|voor[-_ ]?naam|voornamen|achter[-_ ]?naam|familie[-_ ]?naam|tussenvoegsel|roep[-_ ]?naam|volledige[-_ ]?naam)$/, // nl
  /^(?:imie|imiona|nazwisko|imie[-_ ]?(?:i[-_ ]?)?nazwisko|pacjent)$/, // pl
  /^(?:namn|fornamn|efternamn|tilltalsnamn|mellannamn|navn|fornavn|efternavn|etternavn|mell[eo]mnavn|fulde?[-_ ]?navn|fullt[-_ ]?navn)$/, // sv, da, no
  /^(?:nimi|etunimi|etunimet|sukunimi|potilas)$/, // fi
  // ja, zh, ko: a person's full name (`氏名`, `姓名`, `성명`); `名前` and `이름` are any name, as `name` is.
  /^(?:氏名|姓名|名前|お名前|이름|성명)$/,
);

/**
 * Postal addresses, and places of birth: a quasi-identifier (with a birth date and a sex it narrows
 * a person down), a place, and no date. Compounds with `ip`, `web`, `mail` name other addresses and are not here.
 */
export const LOCATION = anyOf(
  /^(?:place[-_ ]?of[-_ ]?birth|birth[-_ ]?place|birthplace|(?:city|town|country)[-_ ]?of[-_ ]?birth|pob)$/,
  /^(?:geburtsort|lieu[-_ ]?de[-_ ]?naissance|lugar[-_ ]?de[-_ ]?nacimiento|luogo[-_ ]?di[-_ ]?nascita|local[-_ ]?de[-_ ]?nascimento|geboorteplaats|miejsce[-_ ]?urodzenia|fodelseort|fodested)$/, // de, fr, es, it, pt, nl, pl, sv, da/no
  /^(?:address|street(?:[-_ ]?address)?|home[-_ ]?address|address[-_ ]?line[-_ ]?\d?|mailing[-_ ]?address)$/,
  /^(?:adresse|anschrift|post[-_ ]?anschrift|wohn[-_ ]?adresse|strasse|adress[-_ ]?zeile[-_ ]?\d?)$/, // de
  /^(?:adresse[-_ ]?(?:postale|du[-_ ]?domicile|domicile)|ligne[-_ ]?(?:d'?[-_ ]?)?adresse[-_ ]?\d?|rue)$/, // fr
  /^(?:direccion(?:[-_ ]?postal)?|domicilio|calle|indirizzo|residenza)$/, // es, it
  /^(?:endereco|morada|logradouro|rua)$/, // pt
  /^(?:adres|woon[-_ ]?adres|post[-_ ]?adres|huis[-_ ]?adres|straat)$/, // nl
  /^(?:ulica|adres[-_ ]?zamieszkania)$/, // pl
  /^(?:adress|gatuadress|hemadress|postadress|post[-_ ]?adresse|gate[-_ ]?adresse|osoite|katuosoite|kotiosoite|postiosoite)$/, // sv, da, no, fi
  /^(?:адрес|адреса|адрес[-_ ]?проживания|διευθυνση|住所|地址|住址|주소)$/, // ru, uk, el, ja, zh, ko
);

/**
 * Clinical columns. Not the words that as often mean something else: French `traitement`, Italian
 * `trattamento`, the Nordic `behandling` and the Dutch `behandeling` are also data processing or
 * handling (a GDPR register's column, a case's);
 * Spanish and Portuguese `tratamiento`/`tratamento` also a salutation (Sr., Sra.); German `Befund`
 * an audit finding, `Beschwerden` a complaint; `Allergene` a menu's allergens.
 */
export const HEALTH = anyOf(
  /^(?:diagnosis|diagnoses|condition|conditions|icd[-_ ]?10|icd|dx|medication|medications|drug|prescription|procedure|treatment|symptoms?|allergies|lab[-_ ]?results?|clinical[-_ ]?notes?|triage[-_ ]?notes?)$/,
  /^(?:cim[-_ ]?10|cie[-_ ]?10)$/,
  /^(?:diagnosen?|diagnostic|diagnosticos?|diagnosi|diagnoza|rozpoznanie|diagnos|diagnoosi)$/,
  /^(?:medikament(?:e)?|medikation|arzneimittel|medicaments?|medicamentos?|medicacion|medicacao|farmac[oi]|medicinali|medicijn(?:en)?|medicatie|geneesmiddel(?:en)?|leki|lakemedel|medicin|medisin|legemiddel|laegemiddel|laake|laakkeet|laakitys)$/,
  /^(?:behandlung|medische[-_ ]?behandeling|leczenie|therapie|terapia|traitement[-_ ]?(?:medical|en[-_ ]?cours)|tratamiento[-_ ]?(?:medico|actual)|trattamento[-_ ]?(?:medico|farmacologico|in[-_ ]?corso)|tratamento[-_ ]?(?:medico|atual))$/,
  /^(?:symptome?|symptomes|sintomas?|sintom[oi]|symptoom|symptomen|objawy|symptomer|oireet)$/,
  /^(?:allergien?|alergias?|allergia|allergie|allergieen|alergie|allergi(?:er)?|allergiat)$/,
  /^(?:anamnese|anamnesis|anamnesi|historia[-_ ]?clinica|cartella[-_ ]?clinica|laborwerte|laborbefund|receta[-_ ]?medica|ricetta[-_ ]?medica|receita[-_ ]?medica|recepta)$/,
  /^(?:krankheit(?:en)?|erkrankung(?:en)?|vorerkrankung(?:en)?|maladies?|enfermedad(?:es)?|malatti[ae]|patologias?|doencas?|ziekten?|aandoening(?:en)?|chorob[ay]|sjukdom(?:ar)?|sygdom(?:me)?|sykdom(?:mer)?|sairaus|sairaudet)$/,
);

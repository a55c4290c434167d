import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileAssetId } from '../../core/index.js';
import { classifyColumns } from './columns.js';
import { inScratchDir } from './testing/scratch-dir.js';
import { inspect } from './testing/scan-file.js';

const col = (name: string, nonEmpty = 100, hits: Record<string, number> = {}) => ({ name, nonEmpty, hits });
const entities = (cols: ReturnType<typeof classifyColumns>) => cols.map((c) => `${c.name}:${c.entity}`);

describe('column classes', () => {
  it('read a bare "name" column as people only beside something else about people', () => {
    // vega-datasets' airports.csv: airport names, no person anywhere.
    expect(classifyColumns([col('iata'), col('name'), col('city'), col('state'), col('latitude')], 100)).toEqual([]);
    // A customer table: the same header, next to e-mail addresses that validate.
    expect(entities(classifyColumns([col('id'), col('name'), col('email', 100, { EMAIL_ADDRESS: 98 })], 100))).toEqual(['name:PERSON', 'email:EMAIL_ADDRESS']);
    // Beside an address column, or with a header that says whose name it is, too.
    expect(entities(classifyColumns([col('name'), col('address')], 100))).toEqual(['name:PERSON', 'address:LOCATION']);
    expect(entities(classifyColumns([col('first_name'), col('city')], 100))).toEqual(['first_name:PERSON']);
  });

  it("read a workbook column's own name past its sheet (Customers!first_name)", () => {
    expect(entities(classifyColumns([col('Customers!first_name'), col('Customers!city')], 100))).toEqual(['Customers!first_name:PERSON']);
    expect(classifyColumns([col('Airports!name'), col('Airports!city')], 100)).toEqual([]);
  });

  it('name the national ids by their headers, but not by headers that mean something else too', () => {
    const heads = ['nie', 'hetu', 'tfn', 'abn', 'nric', 'fin_no', 'nir', 'numero_securite_sociale'];
    expect(entities(classifyColumns(heads.map((h) => col(h)), 100))).toEqual([
      'nie:ES_NIE', 'hetu:FI_PERSONAL_IDENTITY_CODE', 'tfn:AU_TFN', 'abn:AU_ABN', 'nric:SG_NRIC_FIN', 'fin_no:SG_NRIC_FIN', 'nir:FR_NIR', 'numero_securite_sociale:FR_NIR',
    ]);
    // A TCP flag or a fish's fin; French open data's commune codes.
    expect(classifyColumns([col('fin'), col('insee')], 100)).toEqual([]);
    const more = ['itin', 'rrn', '주민등록번호', 'pan_number', 'personnummer', 'fodselsnummer', 'fødselsnummer', 'cpr_nr', 'ahv_nummer', 'numero_avs', 'shenfenzheng', '身份证号码', 'sa_id_number'];
    expect(entities(classifyColumns(more.map((h) => col(h)), 100))).toEqual([
      'itin:US_ITIN', 'rrn:KR_RRN', '주민등록번호:KR_RRN', 'pan_number:IN_PAN', 'personnummer:SE_PERSONNUMMER', 'fodselsnummer:NO_FODSELSNUMMER', 'fødselsnummer:NO_FODSELSNUMMER',
      'cpr_nr:DK_CPR', 'ahv_nummer:CH_AHV', 'numero_avs:CH_AHV', 'shenfenzheng:CN_RESIDENT_ID', '身份证号码:CN_RESIDENT_ID', 'sa_id_number:ZA_ID_NUMBER',
    ]);
    const checked = ['my_number', 'マイナンバー', 'steuer_id', 'rijksregisternummer', 'tc_kimlik_no', 'oib', 'cnp'];
    expect(entities(classifyColumns(checked.map((h) => col(h)), 100))).toEqual([
      'my_number:JP_MY_NUMBER', 'マイナンバー:JP_MY_NUMBER', 'steuer_id:DE_TAX_ID', 'rijksregisternummer:BE_NATIONAL_NUMBER', 'tc_kimlik_no:TR_TC_KIMLIK', 'oib:HR_OIB', 'cnp:RO_CNP',
    ]);
    // A card column's primary account number is no Indian PAN.
    expect(entities(classifyColumns([col('pan')], 100))).toEqual(['pan:CREDIT_CARD']);
  });
});

describe('column classes in European languages', () => {
  const classOf = (h: string) => classifyColumns([col(h), col('email', 100, { EMAIL_ADDRESS: 100 })], 100)[0];
  const each = (heads: string[], entity: string) => {
    for (const h of heads) expect(classOf(h)?.entity, h).toBe(entity);
  };

  it('read the headers folded: accents, capitals and ß as their ASCII spelling', () => {
    expect(entities(classifyColumns([col('Geburtsdatum', 100, { DATE_OF_BIRTH: 97 }), col('Nachname')], 100))).toEqual(['Geburtsdatum:DATE_OF_BIRTH', 'Nachname:PERSON']);
    each(['Téléphone', 'TÉLÉPHONE', 'Teléfono', 'Numéro de téléphone', 'Telefonnummer', 'Komórka'], 'PHONE_NUMBER');
    each(['Fødselsdato', 'Födelsedatum', 'Syntymäaika', 'Date de naissance', 'fecha_de_nacimiento', 'Data di nascita'], 'DATE_OF_BIRTH');
    each(['Straße', 'STRASSE', 'Dirección', 'Endereço', 'Adresse postale'], 'LOCATION');
    each(['Prénom', 'Imię', 'Förnamn', 'Efternavn', 'Imię i nazwisko'], 'PERSON');
    // Text stored decomposed (macOS file names, some exports): `e` + U+0301.
    each(['Te\u0301le\u0301phone'], 'PHONE_NUMBER');
    // The Hangul and Han headers still match as written.
    each(['주민등록번호'], 'KR_RRN');
    each(['身份证号码'], 'CN_RESIDENT_ID');
  });

  it('read an abbreviation\'s dot as part of the header, a field path\'s dot as a path', () => {
    each(['Fecha Nac.', 'geb. Datum', 'Geb.-Datum'], 'DATE_OF_BIRTH');
    each(['Tel. Nr.', 'Nr. tel.', 'Tel.-Nr.'], 'PHONE_NUMBER');
    // A path's dot still separates its leaf: the patient's email, a sheet's column past its `!`.
    each(['patient.email', 'Kontakte!E-Mail', 'kontakt.e-mail'], 'EMAIL_ADDRESS');
    each(['person.geb. datum'], 'DATE_OF_BIRTH');
  });

  it("name each language's common columns", () => {
    each(['geburtsdatum', 'geb_datum', 'date_naissance', 'date_de_naissance', 'fecha_nacimiento', 'data_nascita', 'data_di_nascita', 'data_nascimento', 'geboortedatum', 'data_urodzenia', 'fodelsedatum', 'fodselsdato', 'syntymaaika'], 'DATE_OF_BIRTH');
    each(['telefon', 'telefonnummer', 'telefono', 'telephone', 'telefoon', 'numero_de_telephone', 'movil', 'cellulare', 'celular', 'mobiel', 'handy', 'komorka', 'tlf'], 'PHONE_NUMBER');
    each(['correo', 'correo_electronico', 'courriel', 'adresse_mail', 'e_mail', 'posta_elettronica', 'sahkoposti', 'epost', 'E-Mail-Adresse'], 'EMAIL_ADDRESS');
    each(['kontonummer', 'numero_de_cuenta', 'numero_de_compte', 'conto_corrente', 'rekeningnummer', 'numer_konta'], 'IBAN_CODE');
    // Not US documents: Presidio's Italian names, else ours (pii/travel-documents.ts).
    each(['reisepass', 'Reisepassnummer', 'passeport', 'numéro de passeport', 'pasaporte', 'passaporte', 'paspoort', 'paszport', 'passnummer'], 'PASSPORT');
    each(['passaporto', 'numero_passaporto'], 'IT_PASSPORT');
    each(['fuhrerschein', 'Führerschein', 'permis_de_conduire', 'licencia_de_conducir', 'rijbewijs', 'prawo_jazdy', 'korkort', 'Körkort', 'Körkortsnummer', 'Kørekort', 'Førerkort'], 'DRIVER_LICENSE');
    each(['patente_di_guida', 'numero_patente'], 'IT_DRIVER_LICENSE');
    each(['passport', 'passport_number'], 'US_PASSPORT');
    each(['drivers_license', 'dl_number'], 'US_DRIVER_LICENSE');
    each(['vorname', 'nachname', 'familienname', 'prenom', 'nom_de_famille', 'apellido', 'apellidos', 'cognome', 'sobrenome', 'voornaam', 'achternaam', 'imie', 'nazwisko', 'fornavn', 'efternavn', 'etternavn', 'etunimi', 'sukunimi'], 'PERSON');
    each(['adresse', 'anschrift', 'strasse', 'direccion', 'indirizzo', 'endereco', 'adres', 'ulica', 'postadresse'], 'LOCATION');
    each(['Diagnose', 'diagnostic', 'diagnóstico', 'diagnosi', 'diagnoza', 'Medikament', 'médicament', 'medicamento', 'farmaco', 'Behandlung', 'Symptome', 'síntomas', 'Allergien'], 'HEALTH_CONDITION');
    for (const h of ['Diagnose', 'diagnóstico', 'Behandlung', 'Allergien']) expect(classOf(h)!.health, h).toBe(true);
  });

  it('read a bare name in any language as a person only beside something else about people', () => {
    // Product and commune tables: a name, a price, a code.
    for (const bare of ['nom', 'Nom', 'nombre', 'nome', 'naam', 'namn', 'navn', 'nimi']) {
      expect(classifyColumns([col(bare), col('prix'), col('code_postal')], 100), bare).toEqual([]);
    }
    expect(entities(classifyColumns([col('nom'), col('prenom')], 100))).toEqual(['nom:PERSON', 'prenom:PERSON']);
    expect(entities(classifyColumns([col('nombre'), col('correo', 100, { EMAIL_ADDRESS: 90 })], 100))).toEqual(['nombre:PERSON', 'correo:EMAIL_ADDRESS']);
  });

  it('leave the words that as often name something else', () => {
    // Data processing in a GDPR register, a salutation, recipes, a password, a menu's allergens, a web address.
    for (const h of ['traitement', 'tratamiento', 'trattamento', 'behandling', 'receta', 'rezept', 'pass', 'allergene', 'adresse_web', 'adresse_ip', 'konto', 'portable']) {
      expect(classifyColumns([col(h), col('id')], 100), h).toEqual([]);
    }
  });

  it('classify the English headers as before', () => {
    const heads = ['ssn', 'dob', 'email', 'e-mail', 'phone', 'tel', 'iban', 'passport', 'first_name', 'address', 'diagnosis', 'treatment', 'city', 'state', 'product'];
    expect(classifyColumns(heads.map((h) => col(h)), 100).map((c) => `${c.name}:${c.entity}:${c.health}`)).toEqual([
      'ssn:US_SSN:false', 'dob:DATE_OF_BIRTH:false', 'email:EMAIL_ADDRESS:false', 'e-mail:EMAIL_ADDRESS:false', 'phone:PHONE_NUMBER:false', 'tel:PHONE_NUMBER:false',
      'iban:IBAN_CODE:false', 'passport:US_PASSPORT:false', 'first_name:PERSON:false', 'address:LOCATION:false', 'diagnosis:HEALTH_CONDITION:true', 'treatment:HEALTH_CONDITION:true',
    ]);
  });
});

describe('a German patient table, end to end', () => {
  const phi = 'data_health_data_not_linked_to_identifiers';
  const scan = (csv: string) =>
    inScratchDir('aispm-colheads-', async (root) => {
      await mkdir(path.join(root, 'data'));
      await writeFile(path.join(root, 'data', 'patienten.csv'), csv);
      return inspect(root, 'data/patienten.csv');
    });

  it('reads a Diagnose column beside names and birth dates as identifiable PHI', async () => {
    const out = await scan('Nachname;Vorname;Geburtsdatum;Diagnose\nMüller;Anna;12.03.1984;Diabetes mellitus Typ 2\nSchmidt;Jörg;01.11.1975;Hypertonie\nÖzdemir;Elif;23.07.1990;Asthma bronchiale\n');
    expect(out.findings!.some((f) => f.ruleId === phi)).toBe(true);
    const ds = out.assets!.find((a) => a.id === fileAssetId('dataset', 'data/patienten.csv'))!;
    expect(ds.properties.sensitivity).toBe('restricted');
    expect(ds.properties.columns).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Nachname', entity: 'PERSON' }),
        expect.objectContaining({ name: 'Geburtsdatum', entity: 'DATE_OF_BIRTH' }),
        expect.objectContaining({ name: 'Diagnose', health: true }),
      ]),
    );
  });

  it('reads diagnoses with no one named as no PHI, and a French product table as nobody', async () => {
    expect((await scan('Diagnose;Anzahl\nDiabetes mellitus Typ 2;120\nHypertonie;340\n')).findings!.some((f) => f.ruleId === phi)).toBe(false);
    const out = await scan('nom;prix;categorie\nChaise pliante;25;mobilier\nLampe de bureau;40;eclairage\n');
    expect(out.findings!.filter((f) => f.message.includes('person names'))).toEqual([]);
    expect(out.assets!.find((a) => a.id === fileAssetId('dataset', 'data/patienten.csv'))!.properties.sensitivity).toBe('public');
  });
});

describe('stray health values in a large table', () => {
  const phi = 'data_health_data_not_linked_to_identifiers';
  const scan = (name: string, csv: string) =>
    inScratchDir('aispm-stray-health-', async (root) => {
      await mkdir(path.join(root, 'data'));
      await writeFile(path.join(root, 'data', name), csv);
      return inspect(root, `data/${name}`);
    });
  /** A package list: a summary per row, a maintainer's address on every tenth; row `at` gets `odd`. */
  const packages = (rows: number, odd: Map<number, string>) => {
    const out = ['name,summary'];
    for (let i = 0; i < rows; i++) out.push(`pkg${i},"${odd.get(i) ?? (i % 10 ? `Tools for task ${i}` : `Helpers by maint${i}@acme-corp.com`)}"`);
    return out.join('\n') + '\n';
  };

  it('reads two ICD-10-shaped words among 3,000 summaries as health values, not as identifiable PHI', async () => {
    // The two a package registry's summaries really held (Debian's package-lists/pypi.tsv).
    const out = await scan('pypi.csv', packages(3000, new Map([[11, 'Fault detection and diagnosis of AHUs using G36 fault conditions'], [23, '舞萌DX B50数据分析 插件']])));
    expect(out.findings!.filter((f) => f.ruleId === 'data_no_health_information').map((f) => f.properties!.entities)).toEqual([{ ICD10_CODE: 2 }]);
    expect(out.findings!.some((f) => f.ruleId === phi)).toBe(false);
  });

  it('still reads health data and an identifier in one row, or health values in many rows, as identifiable PHI', async () => {
    const together = await scan('together.csv', packages(3000, new Map([[11, 'diagnosis E11.9 for patient ana.silva@acme-corp.com']])));
    expect(together.findings!.some((f) => f.ruleId === phi)).toBe(true);
    // Names by header, diagnoses in free text on one row in fifty.
    const notes = ['patient_name,notes'];
    for (let i = 0; i < 3000; i++) notes.push(`Patient ${i},${i % 50 ? 'follow-up in two weeks' : 'diagnosis E11.9, reviewed'}`);
    expect((await scan('notes.csv', notes.join('\n') + '\n')).findings!.some((f) => f.ruleId === phi)).toBe(true);
    // A small table is judged whole: one diagnosis among ten rows is a tenth of it.
    expect((await scan('small.csv', packages(10, new Map([[3, 'diagnosis E11.9 reviewed']])))).findings!.some((f) => f.ruleId === phi)).toBe(true);
  });
});

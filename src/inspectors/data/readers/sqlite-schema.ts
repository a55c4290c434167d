/**
 * What a table's `CREATE TABLE` statement (as SQLite keeps it in `sqlite_schema.sql`) says about
 * how its rows are stored: the column names in record order, which column (if any) is an alias of
 * the rowid and so is stored as NULL, and whether the table is WITHOUT ROWID (an index b-tree whose
 * records put the primary key's columns first). Virtual generated columns are not stored and are
 * left out. Only the column list is parsed: types, defaults and constraints are skipped over.
 */
export interface TableLayout {
  /** Stored column names, in declaration order (what `SELECT *` shows). */
  columns: string[];
  /**
   * For each value of a record, the index of its column in `columns`: a WITHOUT ROWID table stores
   * its primary key's columns first; a rowid table stores columns in order (undefined).
   */
  recordOrder?: number[];
  /** Index in `columns` of the INTEGER PRIMARY KEY column, whose value is the rowid; -1 when none. */
  rowidAlias: number;
  withoutRowid: boolean;
}

/** Words that end a column's type and start its constraints. */
const CONSTRAINT_WORDS = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
/** Words that start a table constraint rather than a column. */
const TABLE_CONSTRAINT_WORDS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

interface Token {
  text: string;
  /** True for a quoted identifier or string (never a keyword). */
  quoted: boolean;
}

/** Splits SQL into identifiers, words, quoted names and single punctuation; comments dropped. */
export function sqlTokens(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '-' && sql[i + 1] === '-') {
      const e = sql.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else if (c === '"' || c === '`' || c === "'" || c === '[') {
      const close = c === '[' ? ']' : c;
      let text = '';
      let j = i + 1;
      for (; j < n; j++) {
        if (sql[j] === close) {
          // A doubled quote is the quote itself ("" in "a""b"); brackets have no escape.
          if (close !== ']' && sql[j + 1] === close) {
            text += close;
            j++;
            continue;
          }
          break;
        }
        text += sql[j];
      }
      out.push({ text, quoted: true });
      i = j + 1;
    } else if (/[A-Za-z0-9_$\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j]!)) j++;
      out.push({ text: sql.slice(i, j), quoted: false });
      i = j;
    } else {
      out.push({ text: c, quoted: false });
      i++;
    }
  }
  return out;
}

const isWord = (t: Token | undefined, w: string) => t !== undefined && !t.quoted && t.text.toUpperCase() === w;

/** Splits tokens at top-level commas (not inside parentheses). */
function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (!t.quoted && t.text === '(') depth++;
    else if (!t.quoted && t.text === ')') depth--;
    if (depth === 0 && !t.quoted && t.text === ',') parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts.filter((p) => p.length);
}

/** The index of the `)` closing the `(` at `open` (the token count when none does). */
function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.quoted) continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return i;
  }
  return tokens.length;
}

/** The column names of a `PRIMARY KEY (a, b COLLATE nocase DESC)` list. */
function keyColumns(tokens: readonly Token[], from: number): string[] {
  const open = tokens.findIndex((t, i) => i >= from && !t.quoted && t.text === '(');
  if (open < 0) return [];
  return splitTopLevel(tokens.slice(open + 1, closingParen(tokens, open))).map((p) => p[0]!.text);
}

/** Parses a table's CREATE TABLE statement; undefined when it has no column list. */
export function tableLayout(sql: string): TableLayout | undefined {
  const tokens = sqlTokens(sql);
  const open = tokens.findIndex((t) => !t.quoted && t.text === '(');
  if (open < 0) return undefined;
  const close = closingParen(tokens, open);
  const tail = tokens.slice(close + 1);
  const withoutRowid = tail.some((t, i) => isWord(t, 'WITHOUT') && isWord(tail[i + 1], 'ROWID'));
  const declared: { name: string; type: string; pk: boolean; pkDesc: boolean; stored: boolean }[] = [];
  let tablePk: string[] = [];
  for (const def of splitTopLevel(tokens.slice(open + 1, close))) {
    if (!def[0]!.quoted && TABLE_CONSTRAINT_WORDS.has(def[0]!.text.toUpperCase())) {
      const pk = def.findIndex((t, i) => isWord(t, 'PRIMARY') && isWord(def[i + 1], 'KEY'));
      if (pk >= 0) tablePk = keyColumns(def, pk);
      continue;
    }
    let k = 1;
    const type: string[] = [];
    let parens = 0;
    for (; k < def.length; k++) {
      const t = def[k]!;
      if (parens === 0 && !t.quoted && CONSTRAINT_WORDS.has(t.text.toUpperCase())) break;
      if (!t.quoted && t.text === '(') parens++;
      if (!t.quoted && t.text === ')') parens--;
      type.push(t.text);
    }
    const rest = def.slice(k);
    const pkAt = rest.findIndex((t, i) => isWord(t, 'PRIMARY') && isWord(rest[i + 1], 'KEY'));
    // A generated column is stored only when declared STORED (VIRTUAL is the default).
    const generated = rest.some((t, i) => isWord(t, 'AS') && !t.quoted && rest[i + 1]?.text === '(');
    declared.push({
      name: def[0]!.text,
      type: type.filter((t) => /\w/.test(t)).join(' ').toUpperCase(),
      pk: pkAt >= 0,
      pkDesc: pkAt >= 0 && isWord(rest[pkAt + 2], 'DESC'),
      stored: !generated || rest.some((t) => isWord(t, 'STORED')),
    });
  }
  if (!declared.length) return undefined;
  const pkNames = tablePk.length ? tablePk : declared.filter((d) => d.pk).map((d) => d.name);
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const stored = declared.filter((d) => d.stored);
  if (withoutRowid) {
    // Primary-key columns first, in key order, then the others in declaration order.
    const pk = pkNames.map((p) => stored.find((d) => same(d.name, p))).filter((d) => d !== undefined);
    const others = stored.filter((d) => !pk.includes(d));
    return { columns: stored.map((d) => d.name), recordOrder: [...pk, ...others].map((d) => stored.indexOf(d)), rowidAlias: -1, withoutRowid };
  }
  // SQLite's rule: a single-column primary key declared exactly INTEGER is the rowid (the one quirk:
  // `INTEGER PRIMARY KEY DESC` as a column constraint is not).
  let rowidAlias = -1;
  if (pkNames.length === 1) {
    const at = stored.findIndex((d) => same(d.name, pkNames[0]!));
    const d = stored[at];
    if (d && d.type === 'INTEGER' && !(d.pk && d.pkDesc)) rowidAlias = at;
  }
  return { columns: stored.map((d) => d.name), rowidAlias, withoutRowid };
}

import { describe, expect, it } from 'vitest';
import type { DataRow } from './types.js';
import { yamlDocumentRows } from './yaml-doc.js';

/** Rasa's NLU training data: intents, each with a literal block of example utterances. */
const NLU = [
  'version: "3.1"',
  'nlu:',
  '- intent: greet',
  '  examples: |',
  '    - hey there',
  '    - good morning, my name is Ana',
  '- intent: update_contact',
  '  examples: |',
  '    - my email is ana.silva@acme-corp.com',
  '',
  '    - call me on 415 555 0100',
  '- intent: card',
  '  examples: "pay with \'card\' 4111 1111 1111 1111 please"',
  '',
].join('\n');

const read = (raw: string) => {
  const problems: string[] = [];
  const rows = [...yamlDocumentRows(raw, problems)];
  return { rows, problems, cells: rows.flatMap((r) => r.cells) };
};

/** The file text at a cell's line and column, for as many characters as the cell's text. */
const at = (raw: string, line: number, column: number, length: number) => raw.split('\n')[line - 1]!.slice(column - 1, column - 1 + length);

describe('YAML records', () => {
  it('reads each example of a Rasa intent as a row and record labelled with the intent, at its line and column', () => {
    const { rows, problems } = read(NLU);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.row, r.record?.label, r.cells.map((c) => c.field)])).toEqual([
      [1, 'greet', ['nlu[0].examples[0]']],
      [2, 'greet', ['nlu[0].examples[1]']],
      [3, 'update_contact', ['nlu[1].examples[0]']],
      [4, 'update_contact', ['nlu[1].examples[1]']],
      [5, 'card', ['nlu[2].intent', 'nlu[2].examples']],
    ]);
    const email = rows[2]!.cells[0]!;
    expect(email).toMatchObject({ text: 'my email is ana.silva@acme-corp.com', line: 9, column: 7, verbatim: true });
    expect(rows[2]!.record).toEqual({ text: email.text, label: 'update_contact', line: 9 });
    // After a blank line inside the block, the next example is still on its own source line.
    expect(rows[3]!.cells[0]).toMatchObject({ text: 'call me on 415 555 0100', line: 11, column: 7 });
    expect(at(NLU, 11, 7, 4)).toBe('call');
  });

  it('places a plain scalar exactly, and each line of any other literal block on its own line and column', () => {
    const raw = 'data:\n- owner: Ana Silva\n  note: |\n    first line of the note\n\n      indented: ana.silva@acme-corp.com\n    last line\n';
    const { rows } = read(raw);
    expect(rows).toHaveLength(1);
    const owner = rows[0]!.cells.find((c) => c.field === '[0].owner' || c.field === 'data[0].owner')!;
    expect(owner).toMatchObject({ text: 'Ana Silva', line: 2, column: 10, verbatim: true });
    const note = rows[0]!.cells.find((c) => c.field === 'data[0].note')!;
    expect(note.verbatim).toBe(false);
    expect(rows[0]!.record!.text).toContain('first line of the note');
    // The offset of the e-mail inside the value maps back to where it is written.
    const offset = note.text.indexOf('ana.silva');
    const spans = note.spans!;
    let k = 0;
    while (k + 3 < spans.length && spans[k + 3]! <= offset) k += 3;
    expect(spans[k + 1]).toBe(6);
    expect(at(raw, 6, spans[k + 2]! + offset - spans[k]!, 9)).toBe('ana.silva');
    const last = note.text.indexOf('last');
    while (k + 3 < spans.length && spans[k + 3]! <= last) k += 3;
    expect([spans[k + 1], spans[k + 2]! + last - spans[k]!]).toEqual([7, 5]);
  });

  it('places a quoted scalar inside its quotes, verbatim only when written without escapes', () => {
    const { cells } = read(NLU);
    const card = cells.find((c) => c.field === 'nlu[2].examples')!;
    // `'card'` inside double quotes needs no escaping: the value is as written.
    expect(card).toMatchObject({ line: 13, column: 14, verbatim: true });
    expect(at(NLU, 13, 14, 8)).toBe("pay with");
    const escaped = read('data:\n- text: "tab\\there and jane@acme-corp.com"\n').cells[0]!;
    expect(escaped).toMatchObject({ text: 'tab\there and jane@acme-corp.com', line: 2, column: 9, verbatim: false });
  });

  it('reads a top-level list, and each document of a multi-document stream as a record', () => {
    const list = read('- prompt: what is the capital of France\n  answer: Paris\n- prompt: summarise this ticket please\n  answer: done\n');
    expect(list.rows.map((r) => [r.row, r.cells.map((c) => c.field)])).toEqual([
      [1, ['[0].prompt', '[0].answer']],
      [2, ['[1].prompt', '[1].answer']],
    ]);
    const stream = read('text: first support conversation about a refund\n---\ntext: second support conversation about a delay\n');
    expect(stream.rows.map((r) => r.row)).toEqual([1, 2]);
    expect(stream.rows[1]!.cells[0]).toMatchObject({ line: 3, column: 7, verbatim: true });
  });

  it('reads a document that is no list of records as one row of its values (numbers too, booleans not)', () => {
    const { rows } = read('owner:\n  name: Ana Silva\n  phone: 4155550100\n  active: true\n  notes: ~\n');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).toBeUndefined();
    expect(rows[0]!.cells.map((c) => [c.field, c.text])).toEqual([
      ['owner.name', 'Ana Silva'],
      ['owner.phone', '4155550100'],
    ]);
  });

  it('does not expand aliases: a billion-laughs document costs its own size', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const { cells } = read(lines.join('\n') + '\n');
    expect(cells).toHaveLength(9);
  });

  it('says where a malformed document breaks and keeps what it could read', () => {
    const { rows, problems } = read('data:\n- text: a perfectly good first record here\n- text: "unterminated\n  label: x\n');
    expect(problems.join()).toMatch(/invalid YAML at line \d/);
    expect(rows.flatMap((r: DataRow) => r.cells).some((c) => c.text === 'a perfectly good first record here')).toBe(true);
  });

  it('stops taking values from a record past the leaf bound, and says so once', () => {
    const big = `data:\n- values: [${Array.from({ length: 10_050 }, (_, i) => i).join(',')}]\n- values: [${Array.from({ length: 10_050 }, (_, i) => i).join(',')}]\n`;
    const { rows, problems } = read(big);
    expect(rows[0]!.cells).toHaveLength(10_000);
    expect(problems.filter((p) => p.includes('more than 10000 values'))).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { classLabelRelabelers } from './class-labels.js';

const meta = (features: unknown) => JSON.stringify({ info: { features } });
const sentiment = { names: ['neg', 'pos'], _type: 'ClassLabel' };

describe('datasets ClassLabel features', () => {
  it('relabels a column of its own, and a sequence or list of them', () => {
    const r = classLabelRelabelers(meta({ text: { dtype: 'string', _type: 'Value' }, label: sentiment, tags: { feature: sentiment, _type: 'Sequence' }, more: { feature: sentiment, _type: 'LargeList' } }));
    expect([...r.keys()]).toEqual(['label', 'tags', 'more']);
    expect(r.get('label')!(1n)).toBe('pos');
    expect(r.get('tags')!([0n, 1, 0])).toEqual(['neg', 'pos', 'neg']);
    expect(r.get('more')!([1])).toEqual(['pos']);
  });

  it('relabels a class label inside a dict, a list of dicts and a dict of lists (Sequence of a dict)', () => {
    const r = classLabelRelabelers(
      meta({
        answers: { text: { dtype: 'string', _type: 'Value' }, verdict: sentiment },
        turns: { feature: { text: { dtype: 'string', _type: 'Value' }, rating: sentiment }, _type: 'List' },
        spans: { feature: { start: { dtype: 'int32', _type: 'Value' }, kind: sentiment }, _type: 'Sequence' },
        short: [{ kind: sentiment }],
      }),
    );
    expect(r.get('answers')!({ text: 'fine', verdict: 0n })).toEqual({ text: 'fine', verdict: 'neg' });
    // datasets 4's List of a dict: a list of structs.
    expect(r.get('turns')!([{ text: 'a', rating: 1n }, { text: 'b', rating: 0n }])).toEqual([{ text: 'a', rating: 'pos' }, { text: 'b', rating: 'neg' }]);
    // datasets 3's Sequence of a dict is stored as a struct of lists.
    expect(r.get('spans')!({ start: [3, 9], kind: [1n, 0n] })).toEqual({ start: [3, 9], kind: ['pos', 'neg'] });
    expect(r.get('short')!([{ kind: 1 }])).toEqual([{ kind: 'pos' }]);
  });

  it('keeps what is not a class id: -1 (no label), out of range, text, missing keys', () => {
    const r = classLabelRelabelers(meta({ label: sentiment, answers: { verdict: sentiment } }));
    expect(r.get('label')!(-1n)).toBe(-1n);
    expect(r.get('label')!(7)).toBe(7);
    expect(r.get('label')!('pos')).toBe('pos');
    expect(r.get('answers')!({ other: 1 })).toEqual({ other: 1 });
  });

  it('builds nothing for columns without class labels, and ignores unreadable or hostile metadata', () => {
    expect(classLabelRelabelers(meta({ text: { dtype: 'string', _type: 'Value' }, img: { _type: 'Image' }, d: { a: { dtype: 'int32', _type: 'Value' } } })).size).toBe(0);
    expect(classLabelRelabelers('not json').size).toBe(0);
    expect(classLabelRelabelers(undefined).size).toBe(0);
    expect(classLabelRelabelers(meta({ label: { names: [1, 2], _type: 'ClassLabel' } })).size).toBe(0);
    let deep: unknown = sentiment;
    for (let i = 0; i < 100; i++) deep = { x: deep };
    expect(classLabelRelabelers(meta({ deep })).size).toBe(0);
  });
});

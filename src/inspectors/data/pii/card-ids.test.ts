import { describe, expect, it } from 'vitest';
import { luhn } from './checksums.js';
import { scanPii } from './engine.js';
import { idContext, idLengthRun } from './card-ids.js';

const entities = (text: string, field = '') => scanPii(text, field).map((h) => `${h.entity} ${h.value}`);

/** `body` with the Luhn check digit that makes it pass, built here so no card-shaped literal is committed. */
function withLuhn(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhn(body + d)) return body + d;
  throw new Error('unreachable');
}

// A Visa-prefixed 19-digit run, as a 64-bit id in 4.0e18–5.0e18 prints, and a 16-digit card.
const ID19 = withLuhn('459832644751620301');
const CARD16 = withLuhn('411111111111111');
const grouped = (n: string) => n.match(/.{1,4}/g)!.join(' ');

describe('64-bit ids that pass Luhn behind a card prefix', () => {
  it('are no card when an id names them on their line, a hex value stands beside them, or their field is an id', () => {
    for (const t of [`IORegistryEntryID = ${ID19}`, `IOKit registry entry ${ID19}`, `"dd.trace_id":"${ID19}"`, `id=${ID19}`, `span ${ID19} parent 0x1000002a5`, `objectID: ${ID19}`, `"IOReportChannels"=((${ID19},4295098369,"PKGC_C0_ENTRANCE_COUNTER"),(`, `(4295098369; ${ID19})`]) {
      expect(entities(t), t).toEqual([]);
    }
    expect(entities(ID19, 'registry.entry_id')).toEqual([]);
    expect(entities(ID19, 'IORegistryEntryID')).toEqual([]);
    expect(entities(CARD16, 'id')).toEqual([]);
  });

  it("are still a card with a card word beside them, in a card's field, grouped, or with nothing that says id", () => {
    expect(entities(`card id=${ID19}`)).toEqual([`CREDIT_CARD ${ID19}`]);
    expect(entities(`Visa ${ID19}, registry 7`)).toEqual([`CREDIT_CARD ${ID19}`]);
    expect(entities(ID19, 'card_id')).toEqual([`CREDIT_CARD ${ID19}`]);
    expect(entities(`id: ${grouped(ID19)}`)).toEqual([`CREDIT_CARD ${grouped(ID19)}`]);
    expect(entities(`Charged ${ID19} yesterday.`)).toEqual([`CREDIT_CARD ${ID19}`]);
    expect(entities(`Charged ${ID19}, 12 items`)).toEqual([`CREDIT_CARD ${ID19}`]);
    expect(entities(`"IOReportChannels"=((${ID19},4295098369,"card")`)).toEqual([`CREDIT_CARD ${ID19}`]);
    // Sixteen digits are a card's length, not only an id's: an id word alone does not drop them.
    expect(entities(`order id ${CARD16}`)).toEqual([`CREDIT_CARD ${CARD16}`]);
  });

  it('read an id name only before the run and on its line, and not inside another word', () => {
    expect(idContext(`entry id\n${ID19}`, 9, 28)).toBe(false);
    for (const w of ['ANDROID', 'paid', 'idea']) expect(idContext(`${w} ${ID19}`, w.length + 1, w.length + 20), w).toBe(false);
    expect(idContext(`x ${ID19} 0xdeadbeef`, 2, 21)).toBe(true);
    expect(idLengthRun(ID19)).toBe(true);
    expect(idLengthRun(CARD16)).toBe(false);
    expect(idLengthRun(grouped(ID19))).toBe(false);
  });
});

/**
 * The test writer's row compressors, the inverse of readers/sas7bdat-decompress.ts: each uses
 * every kind of instruction its decoder knows that a row of test data calls for, so that pandas
 * reading the writer's files back checks the decoders' reading of them too.
 */

/** SASYZCRL: runs of blanks, zeros and `@` as one byte, other runs as two, the rest as literal copies. */
export function rlePack(row: Uint8Array): Buffer {
  const out: number[] = [];
  const lit: number[] = [];
  const flush = () => {
    while (lit.length) {
      const m = Math.min(lit.length, 64);
      out.push(0x80 + (((m - 1) >> 4) << 4) + ((m - 1) & 0x0f), ...lit.splice(0, m));
    }
  };
  for (let i = 0; i < row.length; ) {
    const b = row[i]!;
    let run = 1;
    while (i + run < row.length && row[i + run] === b && run < 4112) run++;
    let m: number;
    if ((b === 0x20 || b === 0) && run >= 17) {
      m = Math.min(run, 17 + 4095);
      flush();
      out.push((b === 0x20 ? 0x60 : 0x70) | ((m - 17) >> 8), (m - 17) & 0xff);
    } else if ((b === 0x20 || b === 0 || b === 0x40) && run >= 2) {
      m = Math.min(run, 17);
      flush();
      out.push((b === 0x40 ? 0xd0 : b === 0x20 ? 0xe0 : 0xf0) | (m - 2));
    } else if (run >= 3) {
      m = Math.min(run, 18);
      flush();
      out.push(0xc0 | (m - 3), b);
    } else {
      lit.push(b);
      i++;
      continue;
    }
    i += m;
  }
  flush();
  return Buffer.from(out);
}

/** SASYZCR2: 16 items to a control word — literal bytes, runs (short and long) and back-references (short and long patterns). */
export function rdcPack(row: Uint8Array): Buffer {
  const out: number[] = [];
  let ctrlAt = -1;
  let items = 16;
  const item = (command: boolean, bytes: number[]) => {
    if (items === 16) {
      ctrlAt = out.length;
      out.push(0, 0);
      items = 0;
    }
    if (command) {
      const bit = 0x8000 >> items;
      out[ctrlAt] = out[ctrlAt]! | (bit >> 8);
      out[ctrlAt + 1] = out[ctrlAt + 1]! | (bit & 0xff);
    }
    out.push(...bytes);
    items++;
  };
  for (let i = 0; i < row.length; ) {
    const b = row[i]!;
    let run = 1;
    while (i + run < row.length && row[i + run] === b && run < 4114) run++;
    if (run >= 19) {
      item(true, [0x10 | ((run - 19) & 0x0f), (run - 19) >> 4, b]);
      i += run;
      continue;
    }
    if (run >= 3) {
      item(true, [run - 3, b]);
      i += run;
      continue;
    }
    // The longest earlier match, 3 to 271 bytes at 3 to 4098 back.
    let best = 0;
    let bestOff = 0;
    for (let off = 3; off <= Math.min(i, 4098); off++) {
      let k = 0;
      while (k < 271 && i + k < row.length && row[i + k] === row[i - off + k]) k++;
      if (k > best) [best, bestOff] = [k, off];
    }
    if (best >= 16) {
      item(true, [0x20 | ((bestOff - 3) & 0x0f), (bestOff - 3) >> 4, best - 16]);
      i += best;
    } else if (best >= 3) {
      item(true, [(best << 4) | ((bestOff - 3) & 0x0f), (bestOff - 3) >> 4]);
      i += best;
    } else {
      item(false, [b]);
      i++;
    }
  }
  return Buffer.from(out);
}

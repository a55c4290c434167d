import { Parser } from 'htmlparser2';

/** What a pass over an XML part is told: each element's open (with its attributes) and close, and text. */
export interface XmlHandlers {
  open?(name: string, attribs: Record<string, string>): void;
  close?(name: string): void;
  text?(t: string): void;
}

/**
 * One pass over an XML part of an Office or OpenDocument file (htmlparser2 in XML mode, entities
 * decoded: every open tag gets its close, even when the file forgets it).
 */
export function parseXml(xml: string, h: XmlHandlers): void {
  const p = new Parser({ onopentag: h.open, onclosetag: h.close, ontext: h.text }, { xmlMode: true, decodeEntities: true });
  p.write(xml);
  p.end();
}

/** The text of every element of `names` in a part, one line each (a document's title, subject, keywords). */
export function elementsText(xml: string, names: ReadonlySet<string>): string {
  const lines: string[] = [];
  let cur: string[] | undefined;
  parseXml(xml, {
    open(name) {
      if (names.has(name)) cur = [];
    },
    close(name) {
      if (!names.has(name) || !cur) return;
      const line = cur.join('').trim();
      if (line) lines.push(line);
      cur = undefined;
    },
    text(t) {
      cur?.push(t);
    },
  });
  return lines.join('\n');
}

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

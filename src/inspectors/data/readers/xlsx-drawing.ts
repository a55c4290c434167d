import { parseXml } from './xml.js';

/**
 * What a sheet's drawing (`xl/drawings/drawing1.xml`) says in words: the text of its shapes (a text
 * box, a callout) and its pictures' and shapes' alt text (`xdr:cNvPr` `title` and `descr`). Neither
 * is a cell, and an instruction or a pasted customer record can sit in either, over the cells or
 * out of sight; an agent that reads the workbook reads them too.
 */

export interface DrawingText {
  kind: 'text box' | 'alt text';
  text: string;
}

export function drawingTexts(xml: string): DrawingText[] {
  const out: DrawingText[] = [];
  /** Text of the shape being read: its paragraphs, each `a:t` run joined, paragraphs by a line break. */
  let shape: string[] | undefined;
  let depth = 0;
  let inText = false;
  parseXml(xml, {
    open(name, a) {
      if (name === 'xdr:sp') {
        if (depth++ === 0) shape = [];
      } else if (name === 'xdr:cNvPr') {
        const alt = [a.title, a.descr].filter((t) => t?.trim()).join('\n').trim();
        if (alt) out.push({ kind: 'alt text', text: alt });
      } else if (name === 'a:p' && shape?.length) shape.push('\n');
      else if (name === 'a:t' && shape) inText = true;
    },
    close(name) {
      if (name === 'a:t') inText = false;
      else if (name === 'xdr:sp' && --depth === 0 && shape) {
        const text = shape.join('').trim();
        if (text) out.push({ kind: 'text box', text });
        shape = undefined;
      }
    },
    text(t) {
      if (inText && shape) shape.push(t);
    },
  });
  return out;
}

import { describe, expect, it } from 'vitest';
import { pdfRows } from './pdf.js';

/**
 * PDFs written here object by object (catalog, pages, content streams with the standard Helvetica
 * font, an info dictionary, a cross-reference table), as a PDF library lays them out; a PDF written
 * by ReportLab (white text and the invisible render mode among its lines) was checked by hand.
 */
function pdf(pages: string[][], info?: Record<string, string>): Uint8Array {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  pages.forEach((lines, i) => {
    const content = `BT /F1 12 Tf 14 TL 72 750 Td ${lines.map((l) => `(${esc(l)}) Tj T*`).join(' ')} ET`;
    objects[pageIds[i]!] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${pageIds[i]! + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`;
    objects[pageIds[i]! + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  });
  const infoId = objects.length;
  if (info) objects[infoId] = `<< ${Object.entries(info).map(([k, v]) => `/${k} (${esc(v)})`).join(' ')} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R${info ? ` /Info ${infoId} 0 R` : ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

describe('PDF reader', () => {
  it('reads each page as a cell, lines kept apart, and the document metadata as one more', async () => {
    const doc = pdf([['Refund policy: write to claims@acme-corp.com', 'or call +1 415 555 0132.'], ['Page two (continued).']], { Title: 'Refunds', Author: 'Dana Fox' });
    const { rows, problems, truncated } = await pdfRows(doc);
    expect(problems).toEqual([]);
    expect(truncated).toBe(false);
    expect(rows.map((r) => [r.cells[0]!.field, r.cells[0]!.text])).toEqual([
      ['metadata', 'Title: Refunds\nAuthor: Dana Fox'],
      ['page 1', 'Refund policy: write to claims@acme-corp.com\nor call +1 415 555 0132.'],
      ['page 2', 'Page two (continued).'],
    ]);
  });

  it('leaves the caller its bytes (pdf.js takes the buffer it is given)', async () => {
    const doc = pdf([['x']]);
    const before = doc.length;
    await pdfRows(doc);
    expect(doc.length).toBe(before);
  });

  it('throws for a file that is not a PDF, for the scan to name', async () => {
    await expect(pdfRows(new TextEncoder().encode('%PDF-1.4 and then nothing at all'))).rejects.toThrow();
  });
});

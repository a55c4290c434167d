import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cutShortHint } from './cut-short.js';
import { inspectBytes } from './testing/scan-file.js';

const zip = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'.repeat(50)), 'word/document.xml': new TextEncoder().encode('<w:document/>'.repeat(200)) });
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('cutShortHint', () => {
  it('says a zip or a PDF lost its end, and nothing when the end is there or the format has none', () => {
    expect(cutShortHint('docx', zip)).toBe('');
    expect(cutShortHint('ods', zip.subarray(0, zip.length >> 1))).toBe(' (the file is cut short: no zip central directory at its end)');
    expect(cutShortHint('pdf', pdf)).toBe('');
    expect(cutShortHint('pdf', pdf.subarray(0, 40))).toBe(' (the file is cut short: no %%EOF at its end)');
    expect(cutShortHint('xls', zip.subarray(0, 10))).toBe('');
  });

  it('is said in the issue of a Word document cut in half', async () => {
    const { messages } = await inspectBytes('data/report.docx', zip.subarray(0, zip.length >> 1));
    expect(messages[0]).toMatch(/^data\/report\.docx: not a readable Word document: .+ \(the file is cut short: no zip central directory at its end\)$/);
  });
});

// pdf.js ships no types for its parser module; it is imported only for its side effect (it
// registers itself as `globalThis.pdfjsWorker`), so nothing of it is typed here.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';

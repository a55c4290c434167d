/**
 * Imports pdf.js's legacy build (the one that runs on Node 20) without letting it slow the rest
 * of the process down.
 *
 * That build carries core-js polyfills, and a few of them replace built-ins Node already has
 * because core-js distrusts an edge case of theirs: `Array.prototype.push` (its length past 2^53),
 * `JSON.parse` (source-text access), `Function.prototype.toString`, `DOMException`. The
 * replacement push is plain JavaScript, 3.5 times slower than V8's own, and it served every array
 * in the thread for the rest of the scan: after the first PDF a worker ran all its detectors about
 * 8 % slower, and a fifth of pdf.js's own page reading was that push. So the built-ins are
 * recorded before the import and every one it replaced is put back. What it added stays: Node 20
 * lacks `Promise.withResolvers`, the iterator helpers and the new `Set` methods, and pdf.js uses
 * them. The parser half (`pdf.worker.mjs`, which pdf.js would import on its first document) is
 * imported in the same window.
 */

export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loaded: Promise<PdfJs> | undefined;

/** pdf.js, imported once per thread with the built-ins it replaced restored. */
export function importPdfJs(): Promise<PdfJs> {
  return (loaded ??= importRestoring(async () => {
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // Its "fake worker" (the parser, run in this thread) is imported on the first document unless
    // it is already loaded: loaded here, inside the window, where its polyfills are undone too.
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return lib;
  }));
}

/** Runs `load` and then puts back every built-in property it replaced (not those it added). */
export async function importRestoring<T>(load: () => Promise<T>): Promise<T> {
  const before = builtinOwners().map((owner) => ({ owner, props: descriptorsOf(owner) }));
  try {
    return await load();
  } finally {
    for (const { owner, props } of before) {
      for (const [key, was] of props) {
        const now = Object.getOwnPropertyDescriptor(owner, key);
        if (now && !sameDescriptor(was, now) && now.configurable) Object.defineProperty(owner, key, was);
      }
    }
  }
}

function descriptorsOf(owner: object): Map<PropertyKey, PropertyDescriptor> {
  const out = new Map<PropertyKey, PropertyDescriptor>();
  for (const key of Reflect.ownKeys(owner)) {
    const d = Object.getOwnPropertyDescriptor(owner, key);
    if (d) out.set(key, d);
  }
  return out;
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return Object.is(a.value, b.value) && a.get === b.get && a.set === b.set;
}

/** The objects whose properties core-js may patch: the global object, the built-ins and their prototypes. */
function builtinOwners(): object[] {
  const typedArray = Object.getPrototypeOf(Uint8Array) as object;
  const iteratorProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object;
  const constructors: ({ prototype: object } & object)[] = [
    Object, Function, Array, String, Number, Boolean, Symbol, BigInt, Date, RegExp, Error, Promise, Map, Set, WeakMap, WeakSet,
    ArrayBuffer, DataView, Uint8Array, Uint8ClampedArray, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, URL, URLSearchParams,
  ];
  return [globalThis, JSON, Math, Reflect, iteratorProto, typedArray, (typedArray as { prototype: object }).prototype, ...constructors.flatMap((c) => [c, c.prototype])];
}

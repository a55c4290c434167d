/**
 * Text-level indicators of prompt injection and data poisoning in training / RAG text: hidden
 * instructions aimed at a model, invisible and bidi characters, markdown-image exfiltration URLs,
 * and base64 that decodes to instructions. Each returns offsets so the finding can say where.
 */

export type InjectionKind = 'hidden-instruction' | 'invisible-characters' | 'markdown-exfiltration' | 'encoded-instruction';

export interface InjectionHit {
  kind: InjectionKind;
  start: number;
  end: number;
  /** A short, safe description of what matched (never the whole record). */
  detail: string;
}

/** Phrases that address the model rather than the reader: overrides, role hijacks, exfiltration asks. */
const INSTRUCTION =
  /\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+|previous\s+|prior\s+|above\s+|earlier\s+|preceding\s+){1,3}(?:instructions?|prompts?|rules|directions|guidelines|context|messages?)\b|\b(?:new|updated|real|actual)\s+system\s+(?:prompt|instructions?)\b|<\/?(?:system|im_start|im_end)>|\[\/?INST\]|<\|(?:im_start|im_end|system|endoftext)\|>|\byou\s+are\s+now\s+(?:in\s+)?(?:developer|dan|jailbreak|unrestricted|god)\b|\b(?:reveal|print|output|repeat|leak)\s+(?:your|the)\s+(?:system\s+prompt|instructions|hidden\s+prompt|api\s+keys?|secrets?)\b|\bdo\s+not\s+(?:tell|inform|mention\s+(?:this\s+)?to)\s+the\s+user\b|\b(?:assistant|ai|model|llm|chatbot)\s*(?:,|:)?\s*(?:must|should)\s+(?:now\s+)?(?:ignore|always\s+respond|send|include|append)\b/gi;

/** Zero-width, bidi controls and the Unicode tag block (U+E0000–E007F: invisible ASCII smuggling). */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;

/** `![alt](https://host/path?x=…)` where the URL carries a query / template a model would fill in. */
const MD_IMAGE = /!\[[^\]\n]{0,200}\]\(\s*<?(https?:\/\/[^\s)>]{1,2000})>?(?:\s+"[^"]*")?\s*\)/gi;

/** Base64 alphabet lookup (A–Z a–z 0–9 + /). */
const B64 = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') B64[c.charCodeAt(0)] = 1;

/** Runs of 40–4096 base64 characters (plus padding), found in one linear pass. */
function* base64Runs(text: string): Generator<{ start: number; end: number }> {
  let start = -1;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    if (c < 128 && B64[c] === 1) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      let end = i;
      while (end < n && text.charCodeAt(end) === 61 && end - i < 2) end++;
      const len = i - start;
      const after = end < n ? text.charCodeAt(end) : 0;
      if (len >= 40 && len <= 4096 && after !== 61) yield { start, end };
      start = -1;
    }
  }
}

/** Hidden instructions, plain-text form. */
export function findHiddenInstructions(text: string): InjectionHit[] {
  const out: InjectionHit[] = [];
  INSTRUCTION.lastIndex = 0;
  for (let m = INSTRUCTION.exec(text); m; m = INSTRUCTION.exec(text)) {
    out.push({ kind: 'hidden-instruction', start: m.index, end: m.index + m[0].length, detail: m[0].slice(0, 60).replace(/\s+/g, ' ') });
  }
  return out;
}

/** Invisible characters; one hit per run, with the code points named. */
export function findInvisible(text: string): InjectionHit[] {
  const out: InjectionHit[] = [];
  INVISIBLE.lastIndex = 0;
  let last: InjectionHit | undefined;
  for (let m = INVISIBLE.exec(text); m; m = INVISIBLE.exec(text)) {
    const cp = m[0].codePointAt(0)!;
    // A lone BOM at offset 0 is an encoding marker, not smuggling.
    if (cp === 0xfeff && m.index === 0) continue;
    const name = cp >= 0xe0000 ? 'unicode-tag' : cp >= 0x202a && cp <= 0x202e ? 'bidi-control' : cp >= 0x2066 && cp <= 0x2069 ? 'bidi-isolate' : 'zero-width';
    if (last && m.index <= last.end + 1) {
      last.end = m.index + m[0].length;
      continue;
    }
    last = { kind: 'invisible-characters', start: m.index, end: m.index + m[0].length, detail: `U+${cp.toString(16).toUpperCase().padStart(4, '0')} (${name})` };
    out.push(last);
  }
  // Tag characters spell ASCII: decode and look for an instruction inside. Only a run already
  // found above can get a detail, so text without invisible characters skips this second pass.
  if (!out.length) return out;
  const tags = [...text.matchAll(/(?:\uDB40[\uDC20-\uDC7E])+/g)];
  for (const t of tags) {
    const decoded = [...t[0]].map((c) => String.fromCharCode(c.codePointAt(0)! - 0xe0000)).join('');
    const hit = out.find((h) => h.start <= t.index! && h.end >= t.index!);
    if (hit) hit.detail = `unicode-tag text (${decoded.length} chars)${findHiddenInstructions(decoded).length ? ' carrying an instruction' : ''}`;
  }
  return out;
}

/** Markdown images whose URL carries a query string or template: the zero-click exfiltration channel. */
export function findMarkdownExfiltration(text: string): InjectionHit[] {
  if (!text.includes('![')) return [];
  const out: InjectionHit[] = [];
  MD_IMAGE.lastIndex = 0;
  for (let m = MD_IMAGE.exec(text); m; m = MD_IMAGE.exec(text)) {
    const url = m[1]!;
    const q = url.indexOf('?');
    const templated = /\{[^}]*\}|\$\{|%7B|\[(?:DATA|data|INFO|info)\]/.test(url);
    const query = q >= 0 ? url.slice(q + 1) : '';
    const carries = templated || /(?:^|&)[^=&]{1,40}=(?:[^&]{24,}|\{)/.test(query);
    if (!carries) continue;
    let host: string;
    try {
      host = new URL(url.replace(/\{[^}]*\}/g, 'x')).host;
    } catch {
      host = url.slice(8, 40);
    }
    out.push({ kind: 'markdown-exfiltration', start: m.index, end: m.index + m[0].length, detail: `image URL to ${host} carrying ${templated ? 'a template' : 'a long query value'}` });
  }
  return out;
}

/** Base64 runs that decode to readable text containing an instruction to a model. */
export function findEncodedInstructions(text: string): InjectionHit[] {
  const out: InjectionHit[] = [];
  for (const run of base64Runs(text)) {
    const m = { index: run.start, 0: text.slice(run.start, run.end) };
    const decoded = Buffer.from(m[0], 'base64').toString('utf8');
    // Mostly printable ASCII, or it is an image / key / hash.
    let printable = 0;
    for (let i = 0; i < decoded.length; i++) {
      const c = decoded.charCodeAt(i);
      if ((c >= 32 && c < 127) || c === 10 || c === 13 || c === 9) printable++;
    }
    if (printable < decoded.length * 0.95) continue;
    const inner = findHiddenInstructions(decoded);
    if (!inner.length) continue;
    out.push({ kind: 'encoded-instruction', start: m.index, end: m.index + m[0].length, detail: `base64 decoding to "${inner[0]!.detail}"` });
  }
  return out;
}

/** All text-level injection indicators in one pass. */
export function scanInjection(text: string): InjectionHit[] {
  return [...findHiddenInstructions(text), ...findInvisible(text), ...findMarkdownExfiltration(text), ...findEncodedInstructions(text)];
}

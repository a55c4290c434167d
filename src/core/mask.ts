/**
 * Masks a secret or personal value for display: a few characters either side, the middle elided
 * (`sk-pr…9Qa`). Short values keep less, so a 4-digit PIN never shows more than one character.
 * A PEM block keeps its BEGIN line, which names the kind of key and is no secret, and masks its
 * body alone: masked whole, every private key read `-----…---`, which told a reader nothing.
 */
export function maskValue(value: string): string {
  const v = value.trim();
  if (v.startsWith('-----BEGIN ')) return maskPem(v);
  if (v.length <= 4) return v.length <= 1 ? '…' : `${v[0]}…`;
  if (v.length <= 8) return `${v.slice(0, 1)}…${v.slice(-1)}`;
  if (v.length <= 16) return `${v.slice(0, 2)}…${v.slice(-2)}`;
  return `${v.slice(0, 5)}…${v.slice(-3)}`;
}

/** The BEGIN line of a PEM header (`-----BEGIN RSA PRIVATE KEY-----`), its label at most 64 characters. */
const PEM_BEGIN = /^-----BEGIN [A-Z0-9 ]{1,64}-----/;

/**
 * `-----BEGIN RSA PRIVATE KEY----- MIIEo…Q==`: the header, then the base64 body masked as any
 * value is. Header fields (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`) and the END line are not body.
 */
function maskPem(v: string): string {
  const begin = PEM_BEGIN.exec(v)?.[0];
  if (!begin) return maskValue(v.slice(5));
  let body = '';
  for (const line of v.slice(begin.length).split(/\r?\n/)) {
    if (line.startsWith('-----END')) break;
    if (!line.includes(':')) body += line.replace(/\s+/g, '');
  }
  return body ? `${begin} ${maskValue(body)}` : `${begin}…`;
}

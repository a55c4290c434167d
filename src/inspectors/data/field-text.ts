/**
 * A field name as a finding's message says it (the location keeps it whole). A header can be a
 * sentence (npm's package list heads a column `summary (words in [tested here: ...] at its start
 * are from tests on this kind of machine, …)`): its head is kept. A path of keys
 * (`shapes.AssociateDelegateToResourceRequest.members.ResourceId.documentation` in botocore's service models) is
 * read from its leaf: cut at 60 characters from the head, the path lost the one key that said which
 * value it was (`…members.Resourc…`). A path is shown whole up to 120 characters; past that its first
 * key, then its last keys that fit.
 */
const PROSE_MAX = 60;
const PATH_MAX = 120;

export function fieldText(f: string): string {
  if (f.length <= PROSE_MAX) return f;
  if (/\s/.test(f) || !/[./[]/.test(f)) return `${f.slice(0, PROSE_MAX - 3)}…`;
  if (f.length <= PATH_MAX) return f;
  const head = /^[^./[]*/.exec(f)![0].slice(0, 30);
  // The tail that fits after the head and `…`, from a key's start (its `.`, `/` or `[`).
  const room = PATH_MAX - head.length - 1;
  const tail = f.slice(f.length - room);
  const at = tail.search(/[./[]/);
  return `${head}…${at > 0 ? tail.slice(at) : tail}`;
}

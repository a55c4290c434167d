/**
 * Whether a paragraph is markup with next to no text in it: an image or a link alone
 * (`<p><img alt="689.jpg" src="…/689.jpg" width="250" /></p>` in a blog feed's HTML, escaped or
 * not). Such paragraphs are no RAG chunk or training record: a feed's photo lines differ by a
 * number only, and were reported as near-duplicate records by the dozen.
 */

/** A tag, raw or escaped as a feed escapes its HTML. */
const TAG = /<[^<>]*>|&lt;[\s\S]*?&gt;/g;
/** A character reference (`&nbsp;`, `&#12288;`). */
const ENTITY = /&(?:#\d+|#x[\da-f]+|[a-z]+);/gi;
/** Text left once tags and references are gone, at or below which the paragraph is markup only. */
const MAX_TEXT = 12;

export function isMarkupOnly(text: string): boolean {
  // Most paragraphs hold no tag at all: one scan for `<` and `&lt;` decides them.
  if (text.indexOf('<') < 0 && text.indexOf('&lt;') < 0) return false;
  const left = text.replace(TAG, ' ').replace(ENTITY, ' ');
  let visible = 0;
  for (let i = 0; i < left.length; i++) {
    const c = left.charCodeAt(i);
    // White space (and the ideographic space a Japanese paragraph opens with) is not text.
    if (c > 32 && c !== 0x3000 && ++visible > MAX_TEXT) return false;
  }
  return true;
}

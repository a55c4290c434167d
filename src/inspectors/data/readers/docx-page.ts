import { nearColour } from './slide-colour.js';
import { themeColours } from './theme-colours.js';
import { whiteHex } from './white-colour.js';

/**
 * A Word document's page colour (Design → Page Color: `<w:background w:color="1F1F1F"/>` before
 * `w:body`), which hidden-by-colour text is judged against. Word shows it in print layout, the view
 * a document opens in, only when settings.xml says `<w:displayBackgroundShape/>` (ISO/IEC 29500-1
 * §17.15.1.26: "if this element is omitted, background shapes shall not be displayed" — Word
 * writes it whenever a page colour is set from its menu). Without it the page a reader sees is
 * white, whatever the background says, and white text on it is hidden as before.
 */

/** The parts read for it beside the text: the settings and the theme a `w:themeColor` names. */
export const DOCX_PAGE_PARTS = /^word\/(?:settings|theme\/theme1)\.xml$/;

/** How far into document.xml the background is looked for: it comes right after the root element. */
const HEAD_BYTES = 1 << 16;

/** Word's theme colour names (ST_ThemeColor) to the theme's `a:clrScheme` slots (Word's default mapping). */
const THEME_SLOT: Record<string, string> = {
  dark1: 'dk1',
  light1: 'lt1',
  dark2: 'dk2',
  light2: 'lt2',
  text1: 'dk1',
  background1: 'lt1',
  text2: 'dk2',
  background2: 'lt2',
  accent1: 'accent1',
  accent2: 'accent2',
  accent3: 'accent3',
  accent4: 'accent4',
  accent5: 'accent5',
  accent6: 'accent6',
  hyperlink: 'hlink',
  followedhyperlink: 'folhlink',
};

const HEX = /^[0-9a-f]{6}$/i;

/** An attribute of one tag's text (`w:color="…"`). */
function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`).exec(tag)?.[1];
}

/** Whether an on/off element (`<w:displayBackgroundShape/>`, `w:val="false"` switching it off) is in `xml` and on. */
function onOffSet(xml: string, element: string): boolean {
  const tag = new RegExp(`<${element}\\b[^>]*>`).exec(xml)?.[0];
  if (!tag) return false;
  const v = attribute(tag, 'w:val')?.toLowerCase();
  return v === undefined || (v !== '0' && v !== 'false' && v !== 'off');
}

/**
 * The `RRGGBB` colour of the pages a reader of the document sees, when Word shows one; undefined
 * for the plain white page. A theme colour (`w:themeColor`) is taken from the theme, unless tinted
 * or shaded, when the `w:color` Word wrote beside it (the worked-out value) is.
 */
export function docxPageColour(files: Readonly<Record<string, Uint8Array>>): string | undefined {
  const doc = files['word/document.xml'];
  const settings = files['word/settings.xml'];
  if (!doc || !settings) return undefined;
  const decoder = new TextDecoder('utf-8');
  const head = decoder.decode(doc.subarray(0, HEAD_BYTES));
  const body = head.indexOf('<w:body');
  const tag = /<w:background\b[^>]*>/.exec(body < 0 ? head : head.slice(0, body))?.[0];
  if (!tag || !onOffSet(decoder.decode(settings), 'w:displayBackgroundShape')) return undefined;
  let colour = attribute(tag, 'w:color');
  const themed = attribute(tag, 'w:themeColor')?.toLowerCase();
  const theme = files['word/theme/theme1.xml'];
  if (themed && THEME_SLOT[themed] && theme && attribute(tag, 'w:themeTint') === undefined && attribute(tag, 'w:themeShade') === undefined) {
    colour = themeColours(decoder.decode(theme)).scheme.get(THEME_SLOT[themed]!) ?? colour;
  }
  return colour && HEX.test(colour) && !whiteHex(colour) ? colour.toUpperCase() : undefined;
}

/** Whether a `RRGGBB` colour is the page's: white on a white page (no page colour), near it on a coloured one. */
export function pageColoured(colour: string | undefined, page: string | undefined): boolean {
  if (!colour || !HEX.test(colour)) return false;
  return page === undefined ? whiteHex(colour) : nearColour(colour, page);
}

/** Why a run in `colour` cannot be read on the page: white text on a white page, or text the page's own colour. */
export function hiddenByColour(colour: string | undefined, page: string | undefined): string | undefined {
  if (!pageColoured(colour, page)) return undefined;
  return page === undefined ? 'white text' : 'text coloured like the page';
}

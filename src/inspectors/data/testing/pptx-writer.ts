import { strToU8, zipSync } from 'fflate';

/**
 * PowerPoint decks for tests, written with the parts and relationships PowerPoint writes: slides
 * linked to a layout, the layout to a master, the master to a theme, and the slide size in
 * `ppt/presentation.xml` (16:9, 12192000 × 6858000 EMU, unless said). Only what the readers look at.
 */

export const PML = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A solid fill of a colour element (`<a:srgbClr val="FFFFFF"/>`). */
export const solid = (colour: string) => `<a:solidFill>${colour}</a:solidFill>`;
export const rgb = (hex: string) => `<a:srgbClr val="${hex}"/>`;
export const schemeColour = (name: string) => `<a:schemeClr val="${name}"/>`;

/** A background of a solid colour (`p:bgPr`), or by reference to the theme's first background style. */
export const background = (colour: string, byTheme = false) =>
  `<p:bg>${byTheme ? `<p:bgRef idx="1001">${colour}</p:bgRef>` : `<p:bgPr>${solid(colour)}<a:effectLst/></p:bgPr>`}</p:bg>`;

/** A text run, coloured when `colour` is a colour element. */
export const textRun = (text: string, colour?: string) => `<a:r><a:rPr lang="en-US"${colour ? `>${solid(colour)}</a:rPr>` : '/>'}<a:t>${text}</a:t></a:r>`;

/** An `a:xfrm` placing a shape at an offset and extent in EMU. */
const xfrmOf = (at?: readonly number[]) => (at ? `<a:xfrm><a:off x="${at[0]}" y="${at[1]}"/><a:ext cx="${at[2]}" cy="${at[3]}"/></a:xfrm>` : '');

/** A list style (`a:lstStyle`, or a master's `p:titleStyle`…) giving each level (0 is `a:lvl1pPr`) a text colour element. */
export function listStyle(levels: Record<number, string>, tag = 'a:lstStyle'): string {
  const lvls = Object.entries(levels).map(([n, c]) => `<a:lvl${Number(n) + 1}pPr marL="0"><a:defRPr sz="1800">${solid(c)}</a:defRPr></a:lvl${Number(n) + 1}pPr>`);
  return `<${tag}>${lvls.join('')}</${tag}>`;
}

/** A master's `p:txStyles`: title, body and other text colours by level. */
export function textStyles(styles: { title?: Record<number, string>; body?: Record<number, string>; other?: Record<number, string> }): string {
  const one = (k: 'title' | 'body' | 'other') => listStyle(styles[k] ?? {}, `p:${k}Style`);
  return `<p:txStyles>${one('title')}${one('body')}${one('other')}</p:txStyles>`;
}

export interface ShapeOptions {
  /** Its `p:spPr` fill. */
  fill?: string;
  /** Its offset and extent in EMU. */
  at?: [number, number, number, number];
  /** Its `p:style`. */
  style?: string;
  /** A placeholder of this type and index (`p:nvPr/p:ph`). */
  ph?: { type?: string; idx?: number };
  /** Its `a:lstStyle` (listStyle()). */
  lstStyle?: string;
  /** The paragraph's outline level (`a:pPr lvl`). */
  lvl?: number;
}

/** A shape holding one paragraph of runs. */
export function shape(runs: string, opts: ShapeOptions = {}): string {
  const ph = opts.ph ? `<p:ph${opts.ph.type ? ` type="${opts.ph.type}"` : ''}${opts.ph.idx === undefined ? '' : ` idx="${opts.ph.idx}"`}/>` : '';
  const nv = `<p:nvSpPr><p:cNvPr id="2" name="${ph ? 'Placeholder 1' : 'TextBox 1'}"/><p:cNvSpPr${ph ? '' : ' txBox="1"'}/><p:nvPr>${ph}</p:nvPr></p:nvSpPr>`;
  const geometry = ph ? '' : '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>';
  const pPr = opts.lvl === undefined ? '' : `<a:pPr lvl="${opts.lvl}"/>`;
  return `<p:sp>${nv}<p:spPr>${xfrmOf(opts.at)}${geometry}${opts.fill ?? ''}</p:spPr>${opts.style ?? ''}<p:txBody><a:bodyPr/>${opts.lstStyle ?? '<a:lstStyle/>'}<a:p>${pPr}${runs}</a:p></p:txBody></p:sp>`;
}

/** A group of shapes placed at `at` whose children are placed in the child space `child` (offset and extent). */
export function group(shapes: string, at: [number, number, number, number], child: [number, number, number, number] = at): string {
  const xfrm = `<a:xfrm><a:off x="${at[0]}" y="${at[1]}"/><a:ext cx="${at[2]}" cy="${at[3]}"/><a:chOff x="${child[0]}" y="${child[1]}"/><a:chExt cx="${child[2]}" cy="${child[3]}"/></a:xfrm>`;
  return `<p:grpSp><p:nvGrpSpPr><p:cNvPr id="5" name="Group 4"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr>${xfrm}</p:grpSpPr>${shapes}</p:grpSp>`;
}

/** A table in a frame at `at`: rows of cells, each of runs and its own `a:tcPr` fill when given. */
export function table(rows: { runs: string; fill?: string }[][], at: [number, number, number, number] = [0, 0, 6000000, 1000000]): string {
  const cols = rows[0]?.map(() => `<a:gridCol w="${Math.floor(at[2] / rows[0]!.length)}"/>`).join('') ?? '';
  const tr = rows.map((cells) => `<a:tr h="370840">${cells.map((c) => `<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p>${c.runs}</a:p></a:txBody><a:tcPr>${c.fill ?? ''}</a:tcPr></a:tc>`).join('')}</a:tr>`).join('');
  const frame = `<p:nvGraphicFramePr><p:cNvPr id="4" name="Table 3"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="${at[0]}" y="${at[1]}"/><a:ext cx="${at[2]}" cy="${at[3]}"/></p:xfrm>`;
  return `<p:graphicFrame>${frame}<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1" bandRow="1"/><a:tblGrid>${cols}</a:tblGrid>${tr}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`;
}

/** A picture at `at` (offset and extent in EMU), or placed by its layout when not given. */
export function picture(at?: [number, number, number, number]): string {
  const xfrm = xfrmOf(at);
  return `<p:pic><p:nvPicPr><p:cNvPr id="9" name="Picture 8"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId9"/></p:blipFill><p:spPr>${xfrm}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`;
}

/** A slide of shapes, with its own background when `bg` is given. */
export const slide = (shapes: string, bg = '', tail = '') => `<p:sld ${PML}><p:cSld>${bg}<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shapes}</p:spTree></p:cSld>${tail}</p:sld>`;

/** A theme whose colour scheme is Office's unless `scheme` says otherwise (slot → hex). */
export function theme(scheme: Record<string, string> = {}): string {
  const slots = { dk1: '000000', lt1: 'FFFFFF', dk2: '44546A', lt2: 'E7E6E6', accent1: '4472C4', accent2: 'ED7D31', accent3: 'A5A5A5', accent4: 'FFC000', accent5: '5B9BD5', accent6: '70AD47', hlink: '0563C1', folHlink: '954F72', ...scheme };
  const colour = (k: string, v: string) => (k === 'dk1' || k === 'lt1' ? `<a:sysClr val="${k === 'dk1' ? 'windowText' : 'window'}" lastClr="${v}"/>` : rgb(v));
  const clr = Object.entries(slots).map(([k, v]) => `<a:${k}>${colour(k, v)}</a:${k}>`).join('');
  const bgStyles = `<a:bgFillStyleLst>${solid(schemeColour('phClr'))}<a:gradFill/><a:blipFill/></a:bgFillStyleLst>`;
  return `<a:theme ${PML} name="Office Theme"><a:themeElements><a:clrScheme name="Office">${clr}</a:clrScheme><a:fmtScheme name="Office"><a:fillStyleLst>${solid(schemeColour('phClr'))}</a:fillStyleLst>${bgStyles}</a:fmtScheme></a:themeElements></a:theme>`;
}

export const OFFICE_MAP = 'bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"';

/** A master with a background (by default the theme's first style in `bg1`), a colour map (Office's unless given), shapes (its placeholders) and `p:txStyles`. */
export const master = (bg = background(schemeColour('bg1'), true), clrMap = OFFICE_MAP, body: { shapes?: string; txStyles?: string } = {}) =>
  `<p:sldMaster ${PML}><p:cSld>${bg}<p:spTree>${body.shapes ?? ''}</p:spTree></p:cSld><p:clrMap ${clrMap}/>${body.txStyles ?? ''}</p:sldMaster>`;
/** A layout with a background when given, a colour map override, and shapes (its placeholders). */
export const layout = (bg = '', override = '', shapes = '') =>
  `<p:sldLayout ${PML}><p:cSld>${bg}<p:spTree>${shapes}</p:spTree></p:cSld><p:clrMapOvr>${override || '<a:masterClrMapping/>'}</p:clrMapOvr></p:sldLayout>`;

const rels = (...targets: [string, string][]) =>
  `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${targets.map(([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${REL}/${type}" Target="${target}"/>`).join('')}</Relationships>`;

export interface DeckParts {
  slides: string[];
  /** Each slide's layout number (1 when not said); layouts are numbered from 1. */
  slideLayouts?: number[];
  layouts?: string[];
  master?: string;
  theme?: string;
  size?: [number, number];
  /** Parts added or replaced as given (a corrupt one, say). */
  extra?: Record<string, string>;
}

/** A .pptx of these slides, every layout on the one master. */
export function pptxDeck(d: DeckParts): Uint8Array {
  const [cx, cy] = d.size ?? [12192000, 6858000];
  const parts: Record<string, string> = {
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'ppt/presentation.xml': `<p:presentation ${PML}><p:sldSz cx="${cx}" cy="${cy}"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`,
    'ppt/slideMasters/slideMaster1.xml': d.master ?? master(),
    'ppt/slideMasters/_rels/slideMaster1.xml.rels': rels(['theme', '../theme/theme1.xml']),
    'ppt/theme/theme1.xml': d.theme ?? theme(),
  };
  (d.layouts ?? [layout()]).forEach((xml, i) => {
    parts[`ppt/slideLayouts/slideLayout${i + 1}.xml`] = xml;
    parts[`ppt/slideLayouts/_rels/slideLayout${i + 1}.xml.rels`] = rels(['slideMaster', '../slideMasters/slideMaster1.xml']);
  });
  d.slides.forEach((xml, i) => {
    parts[`ppt/slides/slide${i + 1}.xml`] = xml;
    parts[`ppt/slides/_rels/slide${i + 1}.xml.rels`] = rels(['slideLayout', `../slideLayouts/slideLayout${d.slideLayouts?.[i] ?? 1}.xml`]);
  });
  Object.assign(parts, d.extra);
  return zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, strToU8(v)])));
}

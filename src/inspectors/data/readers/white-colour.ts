/**
 * Whether six hex digits `RRGGBB` name white or all but white (each channel 0xF0 or more): the
 * test Word runs and shading, OpenDocument styles and spreadsheet fonts and fills share for text
 * hidden in the page's colour.
 */
export function whiteHex(rgb: string | undefined): boolean {
  const m = /^([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(rgb ?? '');
  return !!m && [m[1], m[2], m[3]].every((h) => parseInt(h!, 16) >= 0xf0);
}

import { lengthPt } from './odf-styles.js';
import { offSlide } from './slide-place.js';

/**
 * Whether an OpenDocument slide's shape (`draw:frame`, a drawn shape: `svg:x`, `svg:y`,
 * `svg:width`, `svg:height`, page coordinates even inside a group) lies wholly outside its page
 * (`size`, in points: its master page's page layout, `fo:page-width` × `fo:page-height`), where the
 * show never draws it though a loader reads its text. A shape placed by a transform
 * (`draw:transform`, rotated) or without all four lengths is not placed here.
 */
export function offPage(a: Record<string, string>, size: { cx: number; cy: number } | undefined): boolean {
  if (!size || a['draw:transform'] !== undefined) return false;
  const [x, y, cx, cy] = [a['svg:x'], a['svg:y'], a['svg:width'], a['svg:height']].map(lengthPt);
  if (x === undefined || y === undefined || cx === undefined || cy === undefined) return false;
  return offSlide({ x, y, cx, cy }, size);
}

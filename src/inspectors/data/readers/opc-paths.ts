/**
 * Where an Office package relationship points (ECMA-376 Part 2, §9.3): a `Target` is a path
 * relative to the folder of the part whose `_rels` names it (`worksheets/sheet1.xml` from the
 * workbook, `../comments1.xml` from a sheet), or absolute from the package root
 * (`/xl/worksheets/sheet1.xml`). `.` and `..` segments are resolved; `..` never climbs past the root.
 */
export function resolvePart(dir: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = dir.split('/').filter(Boolean);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

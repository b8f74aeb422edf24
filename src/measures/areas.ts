import { literal } from './sql';

/** The levels a measure can be grouped by, top down. */
export type AreaLevel = 'province' | 'city' | 'county' | 'township' | 'village';

/** Which areas a measure returns: every area of `level`, optionally only the children of `parentCode`. */
export interface AreaScope {
  level: AreaLevel;
  parentCode?: string | null;
}

/** SQL: the `parent_code` of the region whose code is `code` (NULL when there is none). */
function parentOf(code: string, depth: number): string {
  const r = `p${depth}`;
  return `(SELECT ${r}.parent_code FROM regions ${r} WHERE ${r}.code = ${code})`;
}

/**
 * SQL mapping a county code `county` (an expression) to the code of the area it falls in at `level`: itself, its
 * city (the county row's parent) or its province (the city row's parent). NULL below the county, and NULL above it
 * in an extract without the city and province rows (a county extract has no such areas).
 */
export function countyToArea(level: AreaLevel, county: string): string {
  switch (level) {
    case 'village':
    case 'township':
      return 'CAST(NULL AS VARCHAR)';
    case 'county':
      return county;
    case 'city':
      return parentOf(county, 1);
    case 'province':
      return parentOf(parentOf(county, 1), 2);
  }
}

/**
 * The SQL expression that maps a village row `v` of `regions` to the code of the area it falls in at `level`,
 * following `parent_code` upwards (village → township → county → city → province), so an extract of several counties
 * groups each village under its own county. Children, visits and water points are all located by village code, so
 * every measure groups through this.
 */
export function villageToArea(level: AreaLevel, v = 'v'): string {
  switch (level) {
    case 'village':
      return `${v}.code`;
    case 'township':
      return `${v}.parent_code`;
    default:
      return countyToArea(level, parentOf(`${v}.parent_code`, 0));
  }
}

/** WHERE clause on `regions a` selecting the areas of a scope. */
export function areaFilter(scope: AreaScope, a = 'a'): string {
  const parent = scope.parentCode ? ` AND ${a}.parent_code = ${literal(scope.parentCode)}` : '';
  return `${a}.level = ${literal(scope.level)}${parent}`;
}

/** SQL ordering regions by level, top down (province first, village last). */
export const LEVEL_ORDER = (level = 'level') =>
  `CASE ${level} WHEN 'province' THEN 0 WHEN 'city' THEN 1 WHEN 'county' THEN 2 WHEN 'township' THEN 3 ELSE 4 END`;

/**
 * Every region with its label point and WKB boundary (NULL when the extract has none): what the map draws.
 * Ordered by level then code so layers can index it.
 */
export function regionsSql(): string {
  return `SELECT code, name, level, unit_type, parent_code, label_lng, label_lat, geometry, boundary_schematic
FROM regions
ORDER BY ${LEVEL_ORDER()}, code`;
}

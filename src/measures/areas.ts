import { literal } from './sql';

/** The levels a measure can be grouped by. */
export type AreaLevel = 'county' | 'township' | 'village';

/** Which areas a measure returns: every area of `level`, optionally only the children of `parentCode`. */
export interface AreaScope {
  level: AreaLevel;
  parentCode?: string | null;
}

/**
 * The SQL expression that maps a village row `v` of `regions` to the code of the area it falls in at `level`.
 * Children, visits and water points are all located by village code, so every measure groups through this.
 */
export function villageToArea(level: AreaLevel, v = 'v'): string {
  switch (level) {
    case 'village':
      return `${v}.code`;
    case 'township':
      return `${v}.parent_code`;
    case 'county':
      return `(SELECT code FROM regions WHERE level = 'county' LIMIT 1)`;
  }
}

/** WHERE clause on `regions a` selecting the areas of a scope. */
export function areaFilter(scope: AreaScope, a = 'a'): string {
  const parent = scope.parentCode ? ` AND ${a}.parent_code = ${literal(scope.parentCode)}` : '';
  return `${a}.level = ${literal(scope.level)}${parent}`;
}

/**
 * Every region with its label point and WKB boundary (NULL when the extract has none): what the map draws.
 * Ordered by level then code so layers can index it.
 */
export function regionsSql(): string {
  return `SELECT code, name, level, unit_type, parent_code, label_lng, label_lat, geometry, boundary_schematic
FROM regions
ORDER BY CASE level WHEN 'county' THEN 0 WHEN 'township' THEN 1 ELSE 2 END, code`;
}

import { dateLiteral, literal } from './sql';
import { villageToArea, type AreaLevel } from './areas';

/** One area: a province, a city, a county, a township or a village. */
export interface AreaRef {
  level: AreaLevel;
  code: string;
}

/** WHERE condition on a village row `v` of `regions` keeping the villages inside `area`. */
export function villageInArea(area: AreaRef, v = 'v'): string {
  switch (area.level) {
    case 'province':
    case 'city':
    case 'county':
      return `${villageToArea(area.level, v)} = ${literal(area.code)}`;
    case 'township':
      return `${v}.parent_code = ${literal(area.code)}`;
    case 'village':
      return `${v}.code = ${literal(area.code)}`;
  }
}

const onRoll = (c: string, d: string) => `(${c}.enrolled_on IS NULL OR ${c}.enrolled_on <= ${d}) AND (${c}.exited_on IS NULL OR ${c}.exited_on > ${d})`;
const colourAt = (d: string) => `(SELECT child_key, arg_max(colour, assessed_on) AS colour FROM colour_assessments WHERE assessed_on <= ${d} GROUP BY child_key)`;

export interface TransitionRow {
  from_colour: string;
  to_colour: string;
  children: number;
}

/**
 * Colour transitions over a period (“this quarter 7 children went yellow → red”): for the children of `area` on
 * the roll at `to`, the colour in force at `from` (latest assessment on or before it; 'ungraded' when none, or
 * when the child was not yet on the roll) against the colour in force at `to`. Only pairs with children.
 */
export function riskTransitionsSql({ area, from, to }: { area: AreaRef; from: string; to: string }): string {
  const f = dateLiteral(from);
  const t = dateLiteral(to);
  return `SELECT coalesce(CASE WHEN ${onRoll('c', f)} THEN a.colour END, 'ungraded') AS from_colour,
  coalesce(b.colour, 'ungraded') AS to_colour,
  count(*)::INTEGER AS children
FROM children c
JOIN regions v ON v.code = c.village_code
LEFT JOIN ${colourAt(f)} a ON a.child_key = c.child_key
LEFT JOIN ${colourAt(t)} b ON b.child_key = c.child_key
WHERE ${onRoll('c', t)} AND ${villageInArea(area)}
GROUP BY ALL
ORDER BY 1, 2`;
}

export interface CategoryRow {
  category: string;
  children: number;
  red: number;
  yellow: number;
  blue: number;
  green: number;
  ungraded: number;
}

/**
 * Children of `area` on the roll at `asOf` by category and current colour. A child in several categories is
 * counted once in each of them, so these rows add up to more than the area's total.
 */
export function categoryBreakdownSql({ area, asOf }: { area: AreaRef; asOf: string }): string {
  const d = dateLiteral(asOf);
  return `SELECT cat AS category, count(*)::INTEGER AS children,
  count(*) FILTER (WHERE l.colour = 'red')::INTEGER AS red,
  count(*) FILTER (WHERE l.colour = 'yellow')::INTEGER AS yellow,
  count(*) FILTER (WHERE l.colour = 'blue')::INTEGER AS blue,
  count(*) FILTER (WHERE l.colour = 'green')::INTEGER AS green,
  count(*) FILTER (WHERE l.colour IS NULL)::INTEGER AS ungraded
FROM (SELECT c.child_key, unnest(c.categories) AS cat FROM children c JOIN regions v ON v.code = c.village_code
      WHERE ${onRoll('c', d)} AND ${villageInArea(area)}) k
LEFT JOIN ${colourAt(d)} l USING (child_key)
GROUP BY cat
ORDER BY children DESC, cat`;
}

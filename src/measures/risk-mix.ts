import { dateLiteral } from './sql';
import { areaFilter, villageToArea, type AreaScope } from './areas';

export interface RiskMixParams extends AreaScope {
  /** ISO date: children on the roll that day, each with the latest colour assessed on or before it. */
  asOf: string;
}

/** One row per area, as returned by {@link riskMixSql}. */
export interface RiskMixRow {
  code: string;
  name: string;
  children: number;
  red: number;
  yellow: number;
  blue: number;
  green: number;
  ungraded: number;
  /** (red + yellow) / children; NULL when the area has no child on the roll. */
  share_red_yellow: number | null;
  /** graded / children (四色管理覆盖率); NULL when the area has no child on the roll. */
  share_graded: number | null;
}

/**
 * 风险分色 (risk mix): per area, the children on the roll at `asOf` by their current colour.
 *
 * - On the roll at D: `enrolled_on` is NULL or ≤ D, and `exited_on` is NULL or > D (a child leaves on the exit day).
 * - Current colour: the latest assessment with `assessed_on` ≤ D; none → 未评估 (ungraded).
 * - A child is counted once, whatever its number of categories.
 * - Every area of the scope is returned, with zeros when it has no child.
 */
export function riskMixSql({ level, parentCode, asOf }: RiskMixParams): string {
  const d = dateLiteral(asOf);
  return `WITH roll AS (
  SELECT child_key, village_code FROM children
  WHERE (enrolled_on IS NULL OR enrolled_on <= ${d}) AND (exited_on IS NULL OR exited_on > ${d})
), latest AS (
  SELECT child_key, arg_max(colour, assessed_on) AS colour
  FROM colour_assessments WHERE assessed_on <= ${d} GROUP BY child_key
), by_area AS (
  SELECT ${villageToArea(level)} AS code,
    count(*) AS children,
    count(*) FILTER (WHERE l.colour = 'red') AS red,
    count(*) FILTER (WHERE l.colour = 'yellow') AS yellow,
    count(*) FILTER (WHERE l.colour = 'blue') AS blue,
    count(*) FILTER (WHERE l.colour = 'green') AS green,
    count(*) FILTER (WHERE l.colour IS NULL) AS ungraded
  FROM roll r LEFT JOIN latest l USING (child_key) JOIN regions v ON v.code = r.village_code
  GROUP BY 1
)
SELECT a.code, a.name,
  coalesce(b.children, 0)::INTEGER AS children,
  coalesce(b.red, 0)::INTEGER AS red,
  coalesce(b.yellow, 0)::INTEGER AS yellow,
  coalesce(b.blue, 0)::INTEGER AS blue,
  coalesce(b.green, 0)::INTEGER AS green,
  coalesce(b.ungraded, 0)::INTEGER AS ungraded,
  CASE WHEN b.children > 0 THEN (b.red + b.yellow) / b.children END AS share_red_yellow,
  CASE WHEN b.children > 0 THEN (b.children - b.ungraded) / b.children END AS share_graded
FROM regions a LEFT JOIN by_area b ON b.code = a.code
WHERE ${areaFilter({ level, parentCode })}
ORDER BY a.code`;
}

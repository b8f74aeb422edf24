import { dateLiteral, literal } from './sql';
import { areaFilter, villageToArea, type AreaScope } from './areas';
import { ALERTS } from '../extract/schema';

export type AlertKind = (typeof ALERTS)[number];

export interface AlertsParams extends AreaScope {
  /** ISO date: children on the roll that day. The flags themselves carry no date (they are as the extract has them). */
  asOf: string;
}

/** One row per area, as returned by {@link alertsSql}. */
export interface AlertsRow {
  code: string;
  name: string;
  parent_code: string | null;
  /** Children on the roll with at least one alert flag (counted once, whatever the number of flags). */
  children_with_alert: number;
  living_alone_or_missing: number;
  guardian_unable: number;
  suspected_violence: number;
  injury_or_harm: number;
}

/**
 * 强制报告 (immediate-report alerts): per area, the children on the roll at `asOf` whose record carries an alert
 * flag (`children.alerts`), in total and by kind.
 *
 * - A child with several flags is counted once in `children_with_alert` and once in each of its kinds; a kind
 *   repeated in one child's list counts once. NULL and an empty list mean no alert.
 * - Counts only: an alert is not aged (the format holds no date for it) and not turned into a rate or average.
 * - On the roll: `enrolled_on` NULL or ≤ D, `exited_on` NULL or > D.
 * - Every area of the scope is returned, with zeros when it has none; ordered by `children_with_alert` (most
 *   first), then code.
 */
export function alertsSql({ level, parentCode, asOf }: AlertsParams): string {
  const d = dateLiteral(asOf);
  const kinds = ALERTS.map((k) => `count(*) FILTER (WHERE list_contains(c.alerts, ${literal(k)})) AS ${k}`).join(',\n    ');
  const columns = ALERTS.map((k) => `coalesce(b.${k}, 0)::INTEGER AS ${k}`).join(',\n  ');
  return `WITH flagged AS (
  SELECT village_code, alerts FROM children
  WHERE (enrolled_on IS NULL OR enrolled_on <= ${d}) AND (exited_on IS NULL OR exited_on > ${d})
    AND len(coalesce(alerts, [])) > 0
), by_area AS (
  SELECT ${villageToArea(level)} AS code,
    count(*) AS children_with_alert,
    ${kinds}
  FROM flagged c JOIN regions v ON v.code = c.village_code
  GROUP BY 1
)
SELECT a.code, a.name, a.parent_code,
  coalesce(b.children_with_alert, 0)::INTEGER AS children_with_alert,
  ${columns}
FROM regions a
LEFT JOIN by_area b ON b.code = a.code
WHERE ${areaFilter({ level, parentCode })}
ORDER BY children_with_alert DESC, a.code`;
}

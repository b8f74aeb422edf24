import { ident } from './sql';

export interface RankingRow {
  code: string;
  name: string;
  value: number | null;
  previous: number | null;
  change: number | null;
  rank: number | null;
  /** The children the value is a rate over, now and at the previous period (when the ranking names its denominator). */
  denominator: number | null;
  previous_denominator: number | null;
}

/**
 * The township ranking (赛马比拼) on one column of a measure: `current` and `previous` are the same measure's SQL
 * (one row per area with `code`, `name` and the column) at the selected period and at the end of the previous
 * quarter. Areas without a value are listed last, unranked. Units without territory of their own (`unit_type`
 * 'other': farms, institutes, with a handful of children at most) are not ranked against townships. With
 * `denominator`, the column of children the rate is over comes along, for small-cell suppression in exports.
 */
export function rankingSql(params: { current: string; previous: string; column: string; higherIsBetter?: boolean; denominator?: string }): string {
  const { current, previous, column, higherIsBetter = true, denominator } = params;
  const col = ident(column);
  const den = denominator ? ident(denominator) : null;
  const order = higherIsBetter ? 'DESC' : 'ASC';
  return `WITH cur AS (${current}), prev AS (${previous})
SELECT cur.code, cur.name, cur.${col}::DOUBLE AS value, prev.${col}::DOUBLE AS previous,
  (cur.${col} - prev.${col})::DOUBLE AS change,
  ${den ? `cur.${den}::INTEGER` : 'NULL::INTEGER'} AS denominator, ${den ? `prev.${den}::INTEGER` : 'NULL::INTEGER'} AS previous_denominator,
  CASE WHEN cur.${col} IS NOT NULL THEN rank() OVER (PARTITION BY cur.${col} IS NULL ORDER BY cur.${col} ${order})::INTEGER END AS rank
FROM cur LEFT JOIN prev ON prev.code = cur.code JOIN regions r ON r.code = cur.code
WHERE r.unit_type IS DISTINCT FROM 'other'
ORDER BY cur.${col} IS NULL, cur.${col} ${order}, cur.code`;
}

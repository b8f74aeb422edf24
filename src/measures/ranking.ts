import { ident } from './sql';

export interface RankingRow {
  code: string;
  name: string;
  value: number | null;
  previous: number | null;
  change: number | null;
  rank: number | null;
}

/**
 * The township ranking (赛马比拼) on one column of a measure: `current` and `previous` are the same measure's SQL
 * (one row per area with `code`, `name` and the column) at the selected period and at the end of the previous
 * quarter. Areas without a value are listed last, unranked. Units without territory of their own (`unit_type`
 * 'other': farms, institutes, with a handful of children at most) are not ranked against townships.
 */
export function rankingSql({ current, previous, column, higherIsBetter = true }: { current: string; previous: string; column: string; higherIsBetter?: boolean }): string {
  const col = ident(column);
  const order = higherIsBetter ? 'DESC' : 'ASC';
  return `WITH cur AS (${current}), prev AS (${previous})
SELECT cur.code, cur.name, cur.${col}::DOUBLE AS value, prev.${col}::DOUBLE AS previous,
  (cur.${col} - prev.${col})::DOUBLE AS change,
  CASE WHEN cur.${col} IS NOT NULL THEN rank() OVER (PARTITION BY cur.${col} IS NULL ORDER BY cur.${col} ${order})::INTEGER END AS rank
FROM cur LEFT JOIN prev ON prev.code = cur.code JOIN regions r ON r.code = cur.code
WHERE r.unit_type IS DISTINCT FROM 'other'
ORDER BY cur.${col} IS NULL, cur.${col} ${order}, cur.code`;
}

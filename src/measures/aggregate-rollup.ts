import { AGGREGATE_TABLES, type AggregateTableName } from '../extract/schema';
import { countyToArea } from './areas';
import { ident, literal } from './sql';

/**
 * The city and province rows of an aggregate table rolled up from its county rows (issue #11 item 6): what
 * `npm run combine` writes above the county instead of running every builder over the whole province, and what the
 * browser sums for a custom visit profile above the county (src/measures/custom-above.ts).
 *
 * Exact, not an approximation: every count in the aggregate tables counts children, visits, villages, townships,
 * stations, staff or water points, each of which lies in exactly one county (combine refuses stations and staff
 * registered above the county), so the builder run at the city level over all counties gives the sum of its
 * counties' counts. Rates are never averaged: each is its builder's own ratio, recomputed from the summed
 * numerator and denominator. The one figure whose numerator is not in the county rows, the active village stations
 * of the townships that have a station target (`agg_stations.target_progress`), is summed from the township rows,
 * where it is `active_village_stations` of each township with a target (a township's county is the first 6 digits of
 * its code: codes nest, which the loader checks, so `regions` needs no township row). Settings that the builders apply
 * (`interval_days`, `stale_months`) are the same for every county of a month and carried as keys.
 * tests/unit/aggregate-rollup.test.ts checks, table by table, that the rolled-up rows equal the whole-extract
 * builders' rows.
 */

/** How one aggregate table rolls up. */
interface RollUp {
  /** Columns carried as keys: the same in every county row of a month (a setting the builder applied). */
  carried?: readonly string[];
  /** DOUBLE columns: SQL over the summed columns (`s.<column>`, BIGINT or NULL), as the builder computes them. */
  ratios: Readonly<Record<string, string>>;
  /** Extra sums over the county's township rows `t` (BIGINT), available to `ratios` as `s.<name>`. */
  fromTownships?: Readonly<Record<string, string>>;
}

/** Columns every aggregate table has as keys (with `profile_id` in agg_visits). */
const KEYS = new Set(['profile_id', 'level', 'region_code', 'month', 'evaluated_on']);

/** Settings columns: the same for every county of a month, whatever the table. */
const SETTINGS_COLUMNS = ['interval_days', 'stale_months'];

const ratio = (num: string, den: string) => `CASE WHEN s.${den} > 0 THEN CAST(s.${num} AS DOUBLE) / s.${den} END`;

/**
 * Each table's ratios. A table not listed here (one added later) rolls up when all its non-key columns are
 * INTEGER counts (summed) or settings; a DOUBLE column without a ratio here is refused by {@link rollUpAggregateSql}.
 */
const ROLL_UPS: Partial<Record<AggregateTableName, RollUp>> = {
  agg_risk: {
    ratios: {
      share_red_yellow: 'CASE WHEN s.children > 0 THEN (s.red + s.yellow) / s.children END',
      share_graded: 'CASE WHEN s.children > 0 THEN (s.children - s.ungraded) / s.children END',
    },
  },
  agg_visits: { ratios: { rate: ratio('compliant', 'due') } },
  agg_stations: {
    ratios: {
      share_with_station: ratio('villages_with_station', 'villages'),
      share_with_director: ratio('villages_with_director', 'villages'),
      target_progress: 'CASE WHEN s.target_village_stations > 0 THEN CAST(coalesce(s.targeted_stations, 0) AS DOUBLE) / s.target_village_stations END',
      training_rate: 'CASE WHEN s.directors > 0 AND s.directors_training_unknown = 0 THEN CAST(s.directors_trained AS DOUBLE) / s.directors END',
      children_per_director: ratio('children', 'directors'),
    },
    fromTownships: { targeted_stations: 'sum(t.active_village_stations) FILTER (WHERE t.target_village_stations IS NOT NULL)' },
  },
  agg_water: { ratios: { share_complete: ratio('complete', 'points') } },
  agg_guardianship: {
    ratios: {
      agreement_rate: 'CASE WHEN s.agreement_signed + s.agreement_unsigned > 0 THEN s.agreement_signed / (s.agreement_signed + s.agreement_unsigned) END',
      pairing_rate: 'CASE WHEN s.pairing_done + s.pairing_missing > 0 THEN s.pairing_done / (s.pairing_done + s.pairing_missing) END',
    },
  },
};

/**
 * SQL: the rows of aggregate table `table` for every area at `level` (city or province) summed from the county
 * (and, for agg_stations, township) rows in `source` (a table or view with the table's columns), in the table's
 * columns, for the areas all of whose counties in `regions` have a row that month (and profile): an area with a
 * county missing (its file could not be loaded, or it was not computed) gets no row rather than a part sum.
 * Throws when the table has a DOUBLE column this module cannot recompute.
 */
export function rollUpAggregateSql(table: AggregateTableName, source: string, level: 'city' | 'province'): string {
  const spec = AGGREGATE_TABLES.find((t) => t.name === table);
  if (!spec) throw new Error(`unknown aggregate table ${table}`);
  const rule: RollUp = ROLL_UPS[table] ?? { ratios: {} };
  const carried = spec.columns.map((c) => c.name).filter((n) => rule.carried?.includes(n) || SETTINGS_COLUMNS.includes(n));
  const groupKeys = [...(spec.columns.some((c) => c.name === 'profile_id') ? ['profile_id'] : []), 'month', ...carried];
  const summed = spec.columns.filter((c) => !KEYS.has(c.name) && !carried.includes(c.name) && !(c.name in rule.ratios));
  const unknown = summed.filter((c) => c.type !== 'INTEGER');
  if (unknown.length > 0) throw new Error(`${table}: no roll-up rule for ${unknown.map((c) => `${c.name} (${c.type})`).join(', ')}`);
  const townshipSums = Object.entries(rule.fromTownships ?? {});
  const keyList = (alias: string) => groupKeys.map((k) => `${alias}.${ident(k)}`).join(', ');
  const columns = spec.columns.map((c) => {
    if (c.name === 'level') return `${literal(level)} AS level`;
    if (c.name === 'region_code') return 's.area_code AS region_code';
    if (c.name === 'evaluated_on' || groupKeys.includes(c.name)) return `s.${ident(c.name)}`;
    if (c.name in rule.ratios) return `${rule.ratios[c.name] as string} AS ${ident(c.name)}`;
    return `CAST(s.${ident(c.name)} AS INTEGER) AS ${ident(c.name)}`;
  });
  const townships =
    townshipSums.length === 0
      ? ''
      : `, by_townships AS (
  SELECT ${countyToArea(level, 'left(t.region_code, 6)')} AS area_code, ${keyList('t')},
    ${townshipSums.map(([name, sql]) => `CAST(${sql} AS BIGINT) AS ${ident(name)}`).join(', ')}
  FROM ${ident(source)} t WHERE t.level = 'township'
  GROUP BY 1, ${keyList('t')}
)`;
  return `WITH rows_in AS (
  SELECT r.*, ${countyToArea(level, 'r.region_code')} AS area_code FROM ${ident(source)} r WHERE r.level = 'county'
), counties AS (
  SELECT ${countyToArea(level, 'c.code')} AS area_code, count(*) AS n FROM regions c WHERE c.level = 'county' GROUP BY 1
), by_counties AS (
  SELECT r.area_code, ${keyList('r')}, min(r.evaluated_on) AS evaluated_on, count(DISTINCT r.region_code) AS counties,
    ${summed.map((c) => `CAST(sum(r.${ident(c.name)}) AS BIGINT) AS ${ident(c.name)}`).join(', ')}
  FROM rows_in r
  GROUP BY r.area_code, ${keyList('r')}
)${townships}, s AS (
  SELECT b.*${townshipSums.map(([name]) => `, t.${ident(name)}`).join('')}
  FROM by_counties b JOIN counties k ON k.area_code = b.area_code AND b.counties = k.n${
    townshipSums.length === 0 ? '' : `\n  LEFT JOIN by_townships t ON t.area_code = b.area_code AND ${groupKeys.map((k) => `t.${ident(k)} = b.${ident(k)}`).join(' AND ')}`
  }
)
SELECT ${columns.join(', ')}
FROM s`;
}

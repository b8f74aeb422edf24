import { AGGREGATE_TABLES, type AggregateTableName } from '../extract/schema';
import { areaFilter, type AreaLevel, type AreaScope } from './areas';
import { rankingSql } from './ranking';
import { ident, literal } from './sql';

/**
 * Reading the aggregate tables made at extract time (src/measures/aggregates.ts), for the views above the county:
 * a city's or province's map, tiles, ranking and trend come from here, and never from the raw tables (which may hold
 * only the counties drilled into, or none).
 *
 * Each aggregate row is a measure builder's row (`riskMixSql`, `visitComplianceSql`, …) with its keys in front, so
 * {@link aggregateAreasSql} gives back the very rows, column for column, that the builder gives for the same level,
 * month (and visit profile): a theme reads one or the other without knowing which.
 */

/** The key columns of an aggregate table, which the measure's own rows do not have. */
const KEY_COLUMNS = new Set(['profile_id', 'level', 'region_code', 'month', 'evaluated_on', 'interval_days', 'stale_months']);

/** The measure's columns an aggregate table holds (all but its keys), in the builder's order. */
export function aggregateMeasureColumns(table: AggregateTableName): string[] {
  const spec = AGGREGATE_TABLES.find((t) => t.name === table);
  if (!spec) throw new Error(`unknown aggregate table ${table}`);
  return spec.columns.map((c) => c.name).filter((c) => !KEY_COLUMNS.has(c));
}

export interface AggregateReadParams extends AreaScope {
  table: AggregateTableName;
  /** `YYYY-MM`, one of the months the extract's aggregates hold. */
  month: string;
  /** agg_visits: the built-in visit profile's id (required there, refused elsewhere). */
  profileId?: string | null;
}

function rowCondition({ table, level, month, profileId }: AggregateReadParams, g: string): string {
  if ((table === 'agg_visits') !== (profileId !== undefined && profileId !== null)) throw new Error(`${table}: a visit profile is needed for agg_visits only`);
  const profile = table === 'agg_visits' ? ` AND ${g}.profile_id = ${literal(profileId as string)}` : '';
  return `${g}.level = ${literal(level)} AND ${g}.month = ${literal(month)}${profile}`;
}

/**
 * SQL: every area of the scope (`level`, optionally the children of `parentCode`), `code` and `name` from
 * `regions`, then the measure's columns for `month` from the aggregate table — the rows the measure builder gives
 * for that level and month. An area without an aggregate row has NULLs. Ordered by code, as the builders are.
 */
export function aggregateAreasSql(params: AggregateReadParams): string {
  const { table, level, parentCode } = params;
  const columns = aggregateMeasureColumns(table)
    .map((c) => `g.${ident(c)}`)
    .join(', ');
  return `SELECT a.code, a.name, ${columns}
FROM regions a LEFT JOIN ${ident(table)} g ON g.region_code = a.code AND ${rowCondition(params, 'g')}
WHERE ${areaFilter({ level, parentCode })}
ORDER BY a.code`;
}

export interface AggregateTrendParams {
  table: AggregateTableName;
  area: { level: AreaLevel; code: string };
  /** The months of the trend, oldest first (those the aggregates hold; a month without a row is left out). */
  months: readonly string[];
  /** The measure's column traced (a share). */
  column: string;
  /** The column of what the share is over, for small-cell suppression in exports. */
  denominator?: string;
  profileId?: string | null;
}

/** One month of a trend, as returned by {@link aggregateTrendSql}. */
export interface AggregateTrendRow {
  month: string;
  value: number | null;
  denominator: number | null;
}

/** SQL: one area's `column` month by month, oldest first, from the aggregate table. */
export function aggregateTrendSql({ table, area, months, column, denominator, profileId }: AggregateTrendParams): string {
  if (!aggregateMeasureColumns(table).includes(column)) throw new Error(`${table} has no column ${column}`);
  if (denominator !== undefined && !aggregateMeasureColumns(table).includes(denominator)) throw new Error(`${table} has no column ${denominator}`);
  if (months.length === 0) throw new Error('a trend needs at least one month');
  const profile = table === 'agg_visits' ? ` AND g.profile_id = ${literal(profileId ?? '')}` : '';
  return `SELECT g.month, g.${ident(column)}::DOUBLE AS value, ${denominator ? `g.${ident(denominator)}::INTEGER` : 'NULL::INTEGER'} AS denominator
FROM ${ident(table)} g
WHERE g.level = ${literal(area.level)} AND g.region_code = ${literal(area.code)} AND g.month IN (${months.map((m) => literal(m)).join(', ')})${profile}
ORDER BY g.month`;
}

export interface AggregateRankingParams {
  table: AggregateTableName;
  /** The areas ranked: `level`, the children of `parentCode` (a city's counties, a province's cities). */
  level: AreaLevel;
  parentCode: string;
  month: string;
  /** The month the change is measured from (the end of the previous quarter). */
  previousMonth: string;
  column: string;
  denominator?: string;
  profileId?: string | null;
}

/**
 * SQL: the ranking (赛马比拼) of the children of an area on one column, read from the aggregates, with the same
 * columns, ranks and change as the township ranking ({@link rankingSql}).
 */
export function aggregateRankingSql(params: AggregateRankingParams): string {
  const { table, level, parentCode, month, previousMonth, column, denominator, profileId } = params;
  const read = (m: string) => aggregateAreasSql({ table, level, parentCode, month: m, profileId });
  return rankingSql({ current: read(month), previous: read(previousMonth), column, denominator });
}

/** SQL: one area's visit compliance month by month from agg_visits (`month`, `due`, `compliant`, `rate`), oldest first, as visitTrendSql gives it. */
export function aggregateVisitTrendSql({ area, months, profileId }: { area: { level: AreaLevel; code: string }; months: readonly string[]; profileId: string }): string {
  if (months.length === 0) throw new Error('a trend needs at least one month');
  return `SELECT g.month, g.due, g.compliant, g.rate
FROM agg_visits g
WHERE g.profile_id = ${literal(profileId)} AND g.level = ${literal(area.level)} AND g.region_code = ${literal(area.code)} AND g.month IN (${months.map((m) => literal(m)).join(', ')})
ORDER BY g.month`;
}

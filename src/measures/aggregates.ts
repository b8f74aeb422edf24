import { AGGREGATE_TABLES, type AggregateTableName } from '../extract/schema';
import type { VisitProfile } from '../policy/profile';
import { DEFAULT_SETTINGS, inspectionIntervalDays, type Settings } from '../policy/settings';
import { LEVEL_ORDER, type AreaLevel } from './areas';
import { addMonths, evaluationDate, monthOf, previousQuarterEnd, windowMonths } from './months';
import { guardianshipSql } from './guardianship';
import { qualitySql } from './quality';
import { riskMixSql } from './risk-mix';
import { dateLiteral, literal } from './sql';
import { stationCoverageSql } from './station-coverage';
import { visitComplianceSql } from './visit-compliance';
import { waterSafetySql } from './water-safety';

/**
 * The aggregate tables made at extract time (issue #11): for every region at every level (province, city, county, township, village: those the extract has) and every month of the
 * window, each theme's per-area figures — what its map, tiles, ranking and trend read. They are not a second
 * implementation: each table is the theme's measure builder (`riskMixSql`, `visitComplianceSql`,
 * `stationCoverageSql`, `waterSafetySql`, `guardianshipSql`, `qualitySql`), run once per level, month (and visit profile), its rows tagged with
 * those keys and stacked. The extract tool runs these statements on native DuckDB after loading the raw tables
 * with the app's loader; the same statements run in duckdb-wasm give the same rows (tests/unit/aggregates.test.ts).
 *
 * Each month M is evaluated as the app evaluates it: at E = the earlier of M's last day and the as-of date
 * (`evaluated_on`), the water patrol interval being the one that applies on E.
 */

export interface AggregateInputs {
  /** The extract's as-of date (ISO). */
  asOf: string;
  /** The visit profiles whose compliance is pre-computed (the built-in ones, at extract time). */
  profiles: readonly VisitProfile[];
  settings?: Settings;
  /**
   * The levels aggregated: those the extract's `regions` holds (a county extract has no city or province rows, so
   * rows for those levels would be none). Every level when omitted.
   */
  levels?: readonly AreaLevel[];
  /** Only these of the aggregated months (a county's rows checked against the extract's, src/db/county-check.ts). */
  months?: readonly string[];
}

/** Every level, top down. */
export const AREA_LEVELS: readonly AreaLevel[] = ['province', 'city', 'county', 'township', 'village'];

/**
 * The months aggregated: the months the app offers (the window ending with the as-of month), preceded by the
 * months back to the end of the quarter before the first of them, which the ranking compares the first months
 * with (2026-10-31 → 2025-09 … 2026-10). Oldest first.
 */
export function aggregateMonths(asOf: string): string[] {
  const shown = windowMonths(asOf);
  const first = previousQuarterEnd(shown[0] as string);
  const out: string[] = [];
  for (let m = first; m <= monthOf(asOf); m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The spec of an aggregate table. */
function specOf(table: AggregateTableName) {
  const spec = AGGREGATE_TABLES.find((t) => t.name === table);
  if (!spec) throw new Error(`unknown aggregate table ${table}`);
  return spec;
}

/** One measure's rows for one level and month, with the keys in front (`code` becomes `region_code`). */
function part(table: AggregateTableName, keys: Record<string, string>, measureSql: string): string {
  const named = Object.entries(keys)
    .map(([name, value]) => `${value} AS ${name}`)
    .join(', ');
  const columns = specOf(table).columns.map((c) => c.name).join(', ');
  return `SELECT ${columns} FROM (SELECT ${named}, m.code AS region_code, m.* EXCLUDE (code, name) FROM (${measureSql}) m)`;
}

/**
 * One aggregate table as statements to stack (`UNION ALL`, or one INSERT each): one per level and month (and
 * visit profile), each the theme's measure builder with the keys in front, every one with the columns of the
 * table's spec in src/extract/schema.ts, in order. Ordered by month, then level, then profile.
 */
export function aggregateParts(table: AggregateTableName, inputs: AggregateInputs): string[] {
  const { asOf, profiles } = inputs;
  const levels = AREA_LEVELS.filter((l) => (inputs.levels ?? AREA_LEVELS).includes(l));
  const settings = inputs.settings ?? DEFAULT_SETTINGS;
  if (table === 'agg_visits' && profiles.length === 0) throw new Error('agg_visits needs at least one visit profile');
  const out: string[] = [];
  for (const month of aggregateMonths(asOf).filter((m) => !inputs.months || inputs.months.includes(m))) {
    const date = evaluationDate(month, asOf);
    for (const level of levels) {
      const keys = { level: literal(level), month: literal(month), evaluated_on: dateLiteral(date) };
      switch (table) {
        case 'agg_risk':
          out.push(part(table, keys, riskMixSql({ level, asOf: date })));
          break;
        case 'agg_visits':
          for (const profile of profiles) out.push(part(table, { profile_id: literal(profile.id), ...keys }, visitComplianceSql({ level, month, asOf, profile })));
          break;
        case 'agg_stations':
          out.push(part(table, keys, stationCoverageSql({ level, asOf: date })));
          break;
        case 'agg_water': {
          const intervalDays = inspectionIntervalDays(settings, date);
          out.push(part(table, { ...keys, interval_days: `CAST(${literal(intervalDays)} AS INTEGER)` }, waterSafetySql({ level, asOf: date, intervalDays })));
          break;
        }
        case 'agg_guardianship': {
          const staleMonths = settings.recordUpdate.intervalMonths;
          out.push(part(table, { ...keys, stale_months: `CAST(${literal(staleMonths)} AS INTEGER)` }, guardianshipSql({ level, asOf: date, staleMonths })));
          break;
        }
        case 'agg_quality': {
          const staleMonths = settings.recordUpdate.intervalMonths;
          out.push(part(table, { ...keys, stale_months: `CAST(${literal(staleMonths)} AS INTEGER)` }, qualitySql({ level, asOf: date, staleMonths })));
          break;
        }
      }
    }
  }
  return out;
}

/** The rows of an aggregate table held in `source` (a table or subquery), in the table's order: its key. */
export function aggregateOrderedSql(table: AggregateTableName, source: string): string {
  const order = [...(table === 'agg_visits' ? ['profile_id'] : []), LEVEL_ORDER(), 'region_code', 'month'];
  return `SELECT * FROM ${source} ORDER BY ${order.join(', ')}`;
}

/**
 * 两期对比: each theme's map figure in period A, in period B, and the change between them, per area.
 *
 * A period is a month (`YYYY-MM`) or, for the assessment and visit figures, a quarter (`YYYY-Qn`). The figure of a
 * period is the theme's own builder, never a second definition:
 * - a month: the builder at the month (its evaluation date: the month's last day, or the as-of date when earlier);
 * - a quarter of the risk figure: the builder at the quarter's last month (the colours held at its end);
 * - a quarter of the visit figure: the builder at each of the quarter's months up to the as-of month, pooled —
 *   compliant child-months ÷ due child-months (a child due in all three months counts three times).
 * Each side carries its numerator and denominator, so that exports can suppress the sides and the change
 * (src/export/change-suppression.ts) by the rules for rates.
 */
import type { AggregateTableName } from '../extract/schema';
import { aggregateAreasSql } from './aggregate-read';
import { areaFilter, type AreaScope } from './areas';
import { guardianshipSql } from './guardianship';
import { addMonths, evaluationDate, isMonth, monthOf } from './months';
import { riskMixSql } from './risk-mix';
import { literal } from './sql';
import { stationCoverageSql } from './station-coverage';
import { visitComplianceSql } from './visit-compliance';
import { waterSafetySql } from './water-safety';
import type { VisitProfile } from '../policy/profile';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../policy/settings';

/** The figures that can be compared: one per theme, its map figure (ids are the themes'). */
export const CHANGE_FIGURES = ['risk', 'visits', 'stations', 'water', 'guardianship'] as const;
export type ChangeFigureId = (typeof CHANGE_FIGURES)[number];

export interface ChangeFigure {
  /** The builder's column shown on the map (a share, 0–1). */
  column: string;
  /** SQL expressions over the builder's row `m`: the share's numerator and denominator. */
  numerator: string;
  denominator: string;
  /** Whether numerator and denominator count children (exports suppress them); else villages or water points. */
  ofChildren: boolean;
  higherIsBetter: boolean;
  /** How a quarter is taken; null when the figure is compared by month only. */
  quarter: 'end' | 'pooled' | null;
}

export const FIGURES: Record<ChangeFigureId, ChangeFigure> = {
  risk: { column: 'share_red_yellow', numerator: 'm.red + m.yellow', denominator: 'm.children', ofChildren: true, higherIsBetter: false, quarter: 'end' },
  visits: { column: 'rate', numerator: 'm.compliant', denominator: 'm.due', ofChildren: true, higherIsBetter: true, quarter: 'pooled' },
  stations: { column: 'share_with_station', numerator: 'm.villages_with_station', denominator: 'm.villages', ofChildren: false, higherIsBetter: true, quarter: null },
  water: { column: 'share_complete', numerator: 'm.complete', denominator: 'm.points', ofChildren: false, higherIsBetter: true, quarter: null },
  guardianship: { column: 'agreement_rate', numerator: 'm.agreement_signed', denominator: 'm.agreement_reported', ofChildren: true, higherIsBetter: true, quarter: null },
};

const QUARTER = /^(\d{4})-Q([1-4])$/;

export function isQuarter(period: string): boolean {
  return QUARTER.test(period);
}

/** `2026-08` → `2026-Q3`. */
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The months of a period, oldest first: the month itself, or the quarter's months up to the as-of month. */
export function periodMonths(period: string, asOf: string): string[] {
  if (isMonth(period)) return [period];
  const q = QUARTER.exec(period);
  if (!q) throw new Error(`not a period: ${period}`);
  const first = `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}`;
  const last = monthOf(asOf);
  const months = [0, 1, 2].map((i) => addMonths(first, i)).filter((m) => m <= last);
  if (months.length === 0) throw new Error(`period after the as-of date: ${period}`);
  return months;
}

export interface PeriodInputs {
  /** The extract's as-of date. */
  asOf: string;
  /** The visit-rule profile (the visit figure only). */
  profile: VisitProfile;
}

/** The theme's builder at one month, for the areas of `scope`. */
function figureAtMonth(figure: ChangeFigureId, scope: AreaScope, month: string, { asOf, profile }: PeriodInputs): string {
  const date = evaluationDate(month, asOf);
  switch (figure) {
    case 'risk':
      return riskMixSql({ ...scope, asOf: date });
    case 'visits':
      return visitComplianceSql({ ...scope, month, asOf, profile });
    case 'stations':
      return stationCoverageSql({ ...scope, asOf: date });
    case 'water':
      return waterSafetySql({ ...scope, asOf: date, intervalDays: inspectionIntervalDays(DEFAULT_SETTINGS, date) });
    case 'guardianship':
      return guardianshipSql({ ...scope, asOf: date, staleMonths: DEFAULT_SETTINGS.recordUpdate.intervalMonths });
  }
}

export interface PeriodFigureRow {
  code: string;
  name: string;
  /** The share; NULL when its denominator is 0. */
  value: number | null;
  numerator: number;
  denominator: number;
}

/** The theme's builder rows (`m`) for the areas of the scope at one month: from the raw rows or the aggregates. */
type RowsAtMonth = (month: string) => string;

/** A figure in one period from its rows month by month: one month's, the quarter's end, or its months pooled. */
function periodFrom(figure: ChangeFigureId, period: string, asOf: string, rowsAt: RowsAtMonth): string {
  const f = FIGURES[figure];
  const months = periodMonths(period, asOf);
  if (isQuarter(period) && f.quarter === null) throw new Error(`${figure} is compared by month only`);
  if (isQuarter(period) && f.quarter === 'pooled') {
    const parts = months.map((m) => `SELECT m.code, m.name, (${f.numerator})::BIGINT AS numerator, (${f.denominator})::BIGINT AS denominator FROM (${rowsAt(m)}) m`);
    return `SELECT code, any_value(name) AS name, (sum(numerator) / nullif(sum(denominator), 0))::DOUBLE AS value, sum(numerator)::INTEGER AS numerator, sum(denominator)::INTEGER AS denominator
FROM (${parts.join('\nUNION ALL\n')}) p
GROUP BY code`;
  }
  const month = months[months.length - 1] as string;
  return `SELECT m.code, m.name, m.${f.column}::DOUBLE AS value, (${f.numerator})::INTEGER AS numerator, (${f.denominator})::INTEGER AS denominator
FROM (${rowsAt(month)}) m`;
}

/**
 * A theme's map figure in one period, per area of `scope`: `code, name, value, numerator, denominator`
 * ({@link PeriodFigureRow}). A quarter of a figure compared by month only is refused.
 */
export function periodFigureSql(params: { figure: ChangeFigureId; scope: AreaScope; period: string } & PeriodInputs): string {
  const { figure, scope, period } = params;
  return periodFrom(figure, period, params.asOf, (m) => figureAtMonth(figure, scope, m, params));
}

/** One area's row of {@link changeSql}. */
export interface ChangeRow {
  code: string;
  name: string;
  value_a: number | null;
  value_b: number | null;
  /** value_b − value_a (a share: ×100 gives percentage points); NULL when either side is. */
  change: number | null;
  /** The change signed so that above 0 is better (the risk figure is better lower). */
  improvement: number | null;
  numerator_a: number | null;
  denominator_a: number | null;
  numerator_b: number | null;
  denominator_b: number | null;
  /** False for units without territory of their own (farms, institutes): drawn, but not ranked. */
  ranked: boolean;
}

export interface ChangeParams extends AreaScope, PeriodInputs {
  figure: ChangeFigureId;
  /** Period A (the earlier, usually) and B, `YYYY-MM` or `YYYY-Qn`. */
  a: string;
  b: string;
}

/** Per area of the scope, periods A (`pa`) and B (`pb`) side by side and the change: the columns of {@link ChangeRow}. */
function changeBetween(figure: ChangeFigureId, scope: AreaScope, pa: string, pb: string): string {
  const better = FIGURES[figure].higherIsBetter ? '' : '-';
  return `WITH pa AS (${pa}),
pb AS (${pb})
SELECT r.code, r.name, pa.value AS value_a, pb.value AS value_b, (pb.value - pa.value)::DOUBLE AS change,
  (${better}(pb.value - pa.value))::DOUBLE AS improvement,
  pa.numerator AS numerator_a, pa.denominator AS denominator_a, pb.numerator AS numerator_b, pb.denominator AS denominator_b,
  r.unit_type IS DISTINCT FROM ${literal('other')} AS ranked
FROM regions r LEFT JOIN pa ON pa.code = r.code LEFT JOIN pb ON pb.code = r.code
WHERE ${areaFilter(scope, 'r')}
ORDER BY improvement IS NULL, improvement, r.code`;
}

/**
 * Per area of the scope, a theme's map figure in periods A and B and the change from A to B
 * ({@link ChangeRow}), worst change first (areas without one last, then by code).
 */
export function changeSql(params: ChangeParams): string {
  const { figure, level, parentCode, a, b } = params;
  const scope: AreaScope = { level, parentCode };
  return changeBetween(figure, scope, periodFigureSql({ ...params, scope, figure, period: a }), periodFigureSql({ ...params, scope, figure, period: b }));
}

/** Each figure's aggregate table (src/measures/aggregates.ts): its theme's builder, stacked by level and month. */
export const CHANGE_TABLES: Record<ChangeFigureId, AggregateTableName> = {
  risk: 'agg_risk',
  visits: 'agg_visits',
  stations: 'agg_stations',
  water: 'agg_water',
  guardianship: 'agg_guardianship',
};

export interface AggregateChangeParams extends AreaScope {
  figure: ChangeFigureId;
  a: string;
  b: string;
  /** The extract's as-of date: the last month a quarter of visits pools. */
  asOf: string;
  /** agg_visits: the visit profile's id (required there, refused elsewhere, as aggregateAreasSql does). */
  profileId?: string | null;
}

/**
 * {@link changeSql} read from the aggregate tables alone, for the views above the county (a city's counties, a
 * province's cities): each month of a period is the theme's own builder rows as the aggregates hold them
 * ({@link aggregateAreasSql}), taken and pooled exactly as changeSql takes the builder's, so the rows are
 * changeSql's for the same areas and periods. A month the aggregates do not hold has no figure (NULL).
 */
export function aggregateChangeSql(params: AggregateChangeParams): string {
  const { figure, level, parentCode, a, b, asOf, profileId } = params;
  const scope: AreaScope = { level, parentCode };
  const rowsAt: RowsAtMonth = (month) => aggregateAreasSql({ table: CHANGE_TABLES[figure], level, parentCode, month, profileId });
  return changeBetween(figure, scope, periodFrom(figure, a, asOf, rowsAt), periodFrom(figure, b, asOf, rowsAt));
}

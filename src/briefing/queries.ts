/**
 * The measures a briefing (简报) is written from: the same SQL builders, with the same parameters, as the themes'
 * charts and panels, for one month and one scope (the county, or a township and its villages). The page runs
 * them through react-query (sharing the themes' cache), the tests run them in Node; both hand the rows to
 * `writeBriefing` (./sentences), which computes nothing but wording.
 */
import type { AggregateTableName } from '../extract/schema';
import { aggregateAreasSql, aggregateVisitTrendSql } from '../measures/aggregate-read';
import { aggregateMonths } from '../measures/aggregates';
import type { AreaLevel } from '../measures/areas';
import { guardianshipSql, type GuardianshipRow } from '../measures/guardianship';
import { addMonths, evaluationDate, previousQuarterEnd } from '../measures/months';
import { riskMixSql, type RiskMixRow } from '../measures/risk-mix';
import { stationCoverageSql, villageGapsSql, type StationCoverageRow, type VillageGapRow } from '../measures/station-coverage';
import { visitComplianceSql, visitTrendSql, type VisitComplianceRow, type VisitTrendRow } from '../measures/visit-compliance';
import { waterSafetySql, type WaterSafetyRow } from '../measures/water-safety';
import type { VisitProfile } from '../policy/profile';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../policy/settings';

/** Months of the compliance trend chart, as in the visits theme. */
export const TREND_MONTHS = 12;

export interface BriefingScope {
  level: 'province' | 'city' | 'county' | 'township';
  code: string;
  name: string;
  /** The parent area's code (the county's for a township); null for the extract's top area without one. */
  parentCode: string | null;
}

export interface BriefingParams {
  scope: BriefingScope;
  /** `YYYY-MM`. */
  month: string;
  /** The extract's as-of date. */
  asOf: string;
  profile: VisitProfile;
}

/** Rows of every measure the briefing uses. */
export interface BriefingResults {
  riskScope: RiskMixRow[];
  riskSub: RiskMixRow[];
  visitScope: VisitComplianceRow[];
  visitScopePrevious: VisitComplianceRow[];
  visitSub: VisitComplianceRow[];
  /** The areas below at the end of the previous quarter: the ranking's change, as in the themes' rankings. */
  visitSubPreviousQuarter: VisitComplianceRow[];
  visitTrend: VisitTrendRow[];
  stationScope: StationCoverageRow[];
  stationSub: StationCoverageRow[];
  villageGaps: VillageGapRow[];
  waterScope: WaterSafetyRow[];
  waterSub: WaterSafetyRow[];
  guardianshipScope: GuardianshipRow[];
}

export type BriefingQueryId = keyof BriefingResults;

export const BRIEFING_QUERY_IDS = [
  'riskScope',
  'riskSub',
  'visitScope',
  'visitScopePrevious',
  'visitSub',
  'visitSubPreviousQuarter',
  'visitTrend',
  'stationScope',
  'stationSub',
  'villageGaps',
  'waterScope',
  'waterSub',
  'guardianshipScope',
] as const satisfies readonly BriefingQueryId[];

/** One measure query: its name and parameters key the cache exactly as the themes' queries do. */
export interface BriefingQuery {
  name: string;
  build: (params: never) => string;
  params: unknown;
}

const q = <P>(name: string, build: (params: P) => string, params: P): BriefingQuery => ({ name, build: build as (params: never) => string, params });

/** The date a month's figures are taken at: its last day, or the extract's as-of date when earlier. */
export function briefingDate(p: BriefingParams): string {
  return evaluationDate(p.month, p.asOf);
}

/** The level of the scope's areas the briefing lists: a province's cities, a city's counties, a county's townships, a township's villages. */
export function subLevelOf(scope: BriefingScope): 'city' | 'county' | 'township' | 'village' {
  return ({ province: 'city', city: 'county', county: 'township', township: 'village' } as const)[scope.level];
}

/** Whether the scope is above the county: its figures then come from the aggregate tables only. */
export function isAboveCounty(scope: BriefingScope): boolean {
  return scope.level === 'province' || scope.level === 'city';
}

const noRowsSql = () => 'SELECT NULL::VARCHAR AS code WHERE false';

/**
 * Above the county, the same rows read from the aggregate tables (src/measures/aggregate-read.ts), with the keys
 * the city panel's queries use; the village gap list, raw rows only, has none (the sentences count the gaps from
 * the aggregates instead).
 */
function aboveCountyQueries(p: BriefingParams): Record<BriefingQueryId, BriefingQuery> {
  const { scope, month, asOf, profile } = p;
  const own = { level: scope.level, parentCode: scope.parentCode };
  const below = { level: subLevelOf(scope), parentCode: scope.code };
  const read = (table: AggregateTableName, at: { level: AreaLevel; parentCode: string | null }, m = month) =>
    q('aggregate-areas', aggregateAreasSql, { table, ...at, month: m, profileId: table === 'agg_visits' ? profile.id : undefined });
  const trendMonths = aggregateMonths(asOf).filter((m) => m <= month).slice(-TREND_MONTHS);
  return {
    riskScope: read('agg_risk', own),
    riskSub: read('agg_risk', below),
    visitScope: read('agg_visits', own),
    visitScopePrevious: read('agg_visits', own, addMonths(month, -1)),
    visitSub: read('agg_visits', below),
    visitSubPreviousQuarter: read('agg_visits', below, previousQuarterEnd(month)),
    visitTrend: q('aggregate-visit-trend', aggregateVisitTrendSql, { area: { level: scope.level, code: scope.code }, months: trendMonths, profileId: profile.id }),
    stationScope: read('agg_stations', own),
    stationSub: read('agg_stations', below),
    villageGaps: q('no-rows', noRowsSql, {}),
    waterScope: read('agg_water', own),
    waterSub: read('agg_water', below),
    guardianshipScope: read('agg_guardianship', own),
  };
}

export function briefingQueries(p: BriefingParams): Record<BriefingQueryId, BriefingQuery> {
  if (isAboveCounty(p.scope)) return aboveCountyQueries(p);
  const { scope, month, asOf, profile } = p;
  const date = briefingDate(p);
  const sub = subLevelOf(scope);
  const own = { level: scope.level, parentCode: scope.parentCode };
  const below = { level: sub, parentCode: scope.code };
  const intervalDays = inspectionIntervalDays(DEFAULT_SETTINGS, date);
  return {
    riskScope: q('risk-mix', riskMixSql, { ...own, asOf: date }),
    riskSub: q('risk-mix', riskMixSql, { ...below, asOf: date }),
    visitScope: q('visit-compliance', visitComplianceSql, { ...own, month, asOf, profile }),
    visitScopePrevious: q('visit-compliance', visitComplianceSql, { ...own, month: addMonths(month, -1), asOf, profile }),
    visitSub: q('visit-compliance', visitComplianceSql, { ...below, month, asOf, profile }),
    visitSubPreviousQuarter: q('visit-compliance', visitComplianceSql, { ...below, month: previousQuarterEnd(month), asOf, profile }),
    visitTrend: q('visit-trend', visitTrendSql, { area: { level: scope.level, code: scope.code }, endMonth: month, months: TREND_MONTHS, asOf, profile }),
    stationScope: q('station-coverage', stationCoverageSql, { ...own, asOf: date }),
    stationSub: q('station-coverage', stationCoverageSql, { ...below, asOf: date }),
    villageGaps: q('village-gaps', villageGapsSql, { parentCode: scope.code, asOf: date }),
    waterScope: q('water-safety', waterSafetySql, { ...own, asOf: date, intervalDays }),
    waterSub: q('water-safety', waterSafetySql, { ...below, asOf: date, intervalDays }),
    guardianshipScope: q('guardianship', guardianshipSql, { ...own, asOf: date, staleMonths: DEFAULT_SETTINGS.recordUpdate.intervalMonths }),
  };
}

/** The SQL text of a briefing query. */
export function sqlOf(query: BriefingQuery): string {
  return (query.build as (params: unknown) => string)(query.params);
}

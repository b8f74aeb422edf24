/**
 * The measures a briefing (简报) is written from: the same SQL builders, with the same parameters, as the themes'
 * charts and panels, for one month and one scope (the county, or a township and its villages). The page runs
 * them through react-query (sharing the themes' cache), the tests run them in Node; both hand the rows to
 * `writeBriefing` (./sentences), which computes nothing but wording.
 */
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

export function subLevelOf(scope: BriefingScope): 'township' | 'village' {
  return scope.level === 'county' ? 'township' : 'village';
}

export function briefingQueries(p: BriefingParams): Record<BriefingQueryId, BriefingQuery> {
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

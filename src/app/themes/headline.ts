/**
 * Each theme's headline figure: the one the township ranking (赛马比拼) and the big screen's tiles use. One
 * definition, so the side panel and the big screen share cached queries.
 */
import { risk } from '../../i18n/zh';
import { guardianshipFigures } from '../../i18n/zh-guardianship';
import { stationFigures } from '../../i18n/zh-stations';
import { visitFigures } from '../../i18n/zh-visits';
import { waterFigures } from '../../i18n/zh-water';
import type { AreaScope } from '../../measures/areas';
import { evaluationDate, previousQuarterEnd } from '../../measures/months';
import { guardianshipSql } from '../../measures/guardianship';
import { rankingSql } from '../../measures/ranking';
import { riskMixSql } from '../../measures/risk-mix';
import { stationCoverageSql } from '../../measures/station-coverage';
import { visitComplianceSql } from '../../measures/visit-compliance';
import { waterSafetySql } from '../../measures/water-safety';
import type { VisitProfile } from '../../policy/profile';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../../policy/settings';
import type { ThemeId } from '../url-state';

export interface HeadlineInputs {
  month: string;
  asOf: string;
  profile: VisitProfile;
}

export interface Headline {
  /** Chinese name of the figure. */
  name: string;
  definition: string;
  /** The measure's column holding it (a share, 0–1). */
  column: string;
  /** The measure's column of children the share is over, when it is a share of children (exports suppress small ones). */
  denominator?: string;
  /** The measure's SQL for a scope at a month. */
  sql: (scope: AreaScope, inputs: HeadlineInputs) => string;
}

const at = (month: string, asOf: string) => evaluationDate(month, asOf);

export const HEADLINES: Record<ThemeId, Headline> = {
  risk: {
    name: risk.gradedShare,
    definition: risk.gradedShareDef,
    column: 'share_graded',
    denominator: 'children',
    sql: (scope, { month, asOf }) => riskMixSql({ ...scope, asOf: at(month, asOf) }),
  },
  visits: {
    name: visitFigures.rate.name,
    definition: visitFigures.rate.definition,
    column: 'rate',
    denominator: 'due',
    sql: (scope, { month, asOf, profile }) => visitComplianceSql({ ...scope, month, asOf, profile }),
  },
  stations: {
    name: stationFigures.share_with_station.label,
    definition: stationFigures.share_with_station.def,
    column: 'share_with_station',
    sql: (scope, { month, asOf }) => stationCoverageSql({ ...scope, asOf: at(month, asOf) }),
  },
  water: {
    name: waterFigures(0).share_complete.label,
    definition: waterFigures(0).share_complete.def,
    column: 'share_complete',
    sql: (scope, { month, asOf }) => {
      const date = at(month, asOf);
      return waterSafetySql({ ...scope, asOf: date, intervalDays: inspectionIntervalDays(DEFAULT_SETTINGS, date) });
    },
  },
  guardianship: {
    name: guardianshipFigures(DEFAULT_SETTINGS.recordUpdate.intervalMonths).agreement_rate.label,
    definition: guardianshipFigures(DEFAULT_SETTINGS.recordUpdate.intervalMonths).agreement_rate.def,
    column: 'agreement_rate',
    denominator: 'agreement_reported',
    sql: (scope, { month, asOf }) => guardianshipSql({ ...scope, asOf: at(month, asOf), staleMonths: DEFAULT_SETTINGS.recordUpdate.intervalMonths }),
  },
};

/**
 * The township ranking on a theme's headline, with the change since the end of the previous quarter: the townships
 * of the county `parentCode` (of every county in the extract when omitted).
 */
export function headlineRankingSql({ theme, inputs, parentCode }: { theme: ThemeId; inputs: HeadlineInputs; parentCode?: string }): string {
  const h = HEADLINES[theme];
  const scope = { level: 'township' as const, parentCode };
  return rankingSql({
    current: h.sql(scope, inputs),
    previous: h.sql(scope, { ...inputs, month: previousQuarterEnd(inputs.month) }),
    column: h.column,
    denominator: h.denominator,
  });
}

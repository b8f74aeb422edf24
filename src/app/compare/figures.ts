/** The compared figure of each theme (its map figure), by name, and the periods a comparison offers. */
import { risk } from '../../i18n/zh';
import { guardianshipFigures } from '../../i18n/zh-guardianship';
import { stationFigures } from '../../i18n/zh-stations';
import { visitFigures } from '../../i18n/zh-visits';
import { waterFigures } from '../../i18n/zh-water';
import { FIGURES, isQuarter, periodMonths, quarterOf, type ChangeFigureId } from '../../measures/change';
import { previousQuarterEnd } from '../../measures/months';
import { DEFAULT_SETTINGS } from '../../policy/settings';
import type { ComparePeriods } from '../url-state';
import { COVERAGE_CLASSES, RISK_SHARE_CLASSES, type ColourClass } from '../../map/colour-scales';

export function figureName(figure: ChangeFigureId): string {
  switch (figure) {
    case 'risk':
      return risk.shareRedYellow;
    case 'visits':
      return visitFigures.rate.name;
    case 'stations':
      return stationFigures.share_with_station.label;
    case 'water':
      return waterFigures(0).share_complete.label;
    case 'guardianship':
      return guardianshipFigures(DEFAULT_SETTINGS.recordUpdate.intervalMonths).agreement_rate.label;
  }
}

/** The colour scale of a figure's own theme map, which both maps of the split view use. */
export function figureClasses(figure: ChangeFigureId): readonly ColourClass[] {
  return figure === 'risk' ? RISK_SHARE_CLASSES : COVERAGE_CLASSES;
}

/** The quarters whose last month, or the as-of month, is among `months` (oldest first). */
export function windowQuarters(months: readonly string[]): string[] {
  return [...new Set(months.map(quarterOf))];
}

/** Every period a comparison may name in the URL: the months on offer and their quarters. */
export function allPeriods(months: readonly string[]): string[] {
  return [...months, ...windowQuarters(months)];
}

/**
 * The period a figure is compared in: a quarter for a figure compared by month only becomes the quarter's last month
 * with data (so a link made on the visit theme still shows something sensible on another).
 */
export function periodFor(figure: ChangeFigureId, period: string, asOf: string): string {
  return isQuarter(period) && FIGURES[figure].quarter === null ? (periodMonths(period, asOf).at(-1) as string) : period;
}

export function comparedPeriods(figure: ChangeFigureId, compare: ComparePeriods, asOf: string): ComparePeriods {
  return { a: periodFor(figure, compare.a, asOf), b: periodFor(figure, compare.b, asOf) };
}

/** What turning the comparison on starts from: the end of the previous quarter against the month on screen. */
export function defaultCompare(month: string): ComparePeriods {
  return { a: previousQuarterEnd(month), b: month };
}

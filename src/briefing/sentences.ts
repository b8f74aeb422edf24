/**
 * The briefing (简报) as words and small tables, from the rows of the measures in ./queries: pure, no DuckDB, no
 * React. It chooses, orders, suppresses and words the figures; it computes no statistic of its own (the only
 * arithmetic is the change between two printed rates, the points missing an item as points − complete, and
 * counting the rows of a gap list by township).
 *
 * Suppression (src/export/suppression.ts, as for every export): a count of children below the extract's threshold is
 * written "不足5名" (in tables "<5"), and nothing printed lets a reader get it back by subtraction: the sentences
 * give the total, red, yellow and ungraded children but never all the colours; the table and chart of colours by
 * area go through `suppressTable` (complementary cells "*"); a rate over too few children, or over a small count
 * of them, is not given (`suppressRate`).
 */
import type { ColourMixRow, ComplianceRow, MissingItemsRow, RankingRow, TargetRow } from '../charts/options';
import { formatCount, formatDateZh, formatPointChangeZh, formatShare } from '../i18n/zh';
import { briefingText, monthShort, nameList, say } from '../i18n/zh-briefing';
import { waterItemNames } from '../i18n/zh-water';
import { levelNames } from '../i18n/zh';
import { addMonths } from '../measures/months';
import { complianceTargetOf, type ComplianceTarget } from '../policy/profile';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../policy/settings';
import { briefingDate, isAboveCounty, subLevelOf, type BriefingParams, type BriefingResults } from './queries';
import { redYellowBandsForExport, trendForExport, type RedYellowBands } from '../export/chart-suppression';
import { formatCell, isSmall, suppressRate, suppressTable, type SuppressedCell } from '../export/suppression';

/** At most this many names in a sentence; beyond, "等N个". */
export const NAME_CAP = 5;
/** Townships named as where most gaps are. */
const WHERE_CAP = 3;
/** Rows of the village gap table. */
export const GAP_ROWS = 15;

export const BRIEFING_THEMES = ['risk', 'visits', 'stations', 'water', 'guardianship'] as const;
export type BriefingTheme = (typeof BRIEFING_THEMES)[number];

export interface BriefingInput {
  params: BriefingParams;
  results: BriefingResults;
  countyName: string;
  /** The extract's small-cell threshold. */
  threshold: number;
}

export interface TextTable {
  title: string;
  header: string[];
  /** Which columns are numbers (right-aligned). */
  numeric: boolean[];
  rows: { key: string; cells: string[] }[];
}

export interface Briefing {
  title: string;
  /** ISO date the month's figures are taken at. */
  date: string;
  target: ComplianceTarget;
  /** Per theme, its paragraphs. */
  paragraphs: Record<BriefingTheme, string[]>;
  riskTable: TextTable;
  gapTable: TextTable;
  /** Chart rows, already suppressed. */
  charts: {
    /** Areas × colours, at county level (townships); empty below it, where `bands` is drawn instead. */
    colourMix: ColourMixRow[];
    /** Villages grouped by their share of red and yellow children, at township level; null at county level. */
    bands: RedYellowBands | null;
    trend: ComplianceRow[];
    ranking: RankingRow[];
    targets: TargetRow[];
    missing: MissingItemsRow[];
  };
  /** True when some cell of the risk table or chart is suppressed. */
  suppressed: boolean;
}

const COLOUR_COLUMNS = ['red', 'yellow', 'blue', 'green', 'ungraded'] as const;

/** A printed rate (formatShare, one decimal) back as a number of tenths of a point, so changes match what is printed. */
const printedTenths = (rate: number) => Math.round(Number(formatShare(rate).slice(0, -1)) * 10);

export function writeBriefing({ params, results, countyName, threshold: T }: BriefingInput): Briefing {
  const { scope, month, profile } = params;
  const date = briefingDate(params);
  const dateZh = formatDateZh(date);
  const who = scope.level === 'county' ? say.wholeCounty(scope.name) : scope.name;
  const above = isAboveCounty(scope);
  const subWord = levelNames[subLevelOf(scope)];
  const persons = (n: number) => (isSmall(n, T) ? say.fewer(T) : say.count(formatCount(n), '名'));
  const units = (n: number) => say.count(formatCount(n), '个');
  const places = (n: number) => say.count(formatCount(n), '处');
  const own = <R extends { code: string }>(rows: R[]) => rows.find((r) => r.code === scope.code);
  const target = complianceTargetOf(profile);
  const targetZh = formatShare(target.rate, Number.isInteger(target.rate * 100) ? 0 : 1);

  // 一、风险分色
  const risk: string[] = [];
  const r = own(results.riskScope);
  if (!r || r.children === 0) risk.push(say.riskNone(dateZh, who));
  else {
    let text = say.riskTotal(dateZh, who, persons(r.children), persons(r.red), persons(r.yellow));
    if (r.ungraded === 0) text += say.allGraded;
    else if (r.share_graded !== null && suppressRate(r.children - r.ungraded, r.children, T).shown) text += say.graded(formatShare(r.share_graded), persons(r.ungraded));
    else text += say.gradedNoRate(persons(r.ungraded));
    risk.push(text);
  }
  // Areas × colours; an area's children (the row totals) and the scope's count of each colour (the column totals)
  // are printed too.
  const riskRows = results.riskSub.filter((x) => x.children > 0);
  const suppressed = suppressTable(
    { rowLabels: riskRows.map((x) => x.code), columnLabels: [...COLOUR_COLUMNS], counts: riskRows.map((x) => COLOUR_COLUMNS.map((c) => x[c])) },
    T,
    { showRowTotals: true, showColumnTotals: true, showGrandTotal: true },
  );
  const cellText = (cell: SuppressedCell) => (cell.shown ? formatCount(cell.value) : formatCell(cell, T));
  const riskTable: TextTable = {
    title: briefingText.tables.riskTitle(subWord),
    header: [briefingText.tables.area, briefingText.tables.children, '红色', '黄色', '蓝色', '绿色', '未评估'],
    numeric: [false, true, true, true, true, true, true],
    rows: riskRows.map((x, i) => ({ key: x.code, cells: [x.name, cellText(suppressed.rowTotals![i]!), ...suppressed.cells[i]!.map(cellText)] })),
  };
  // The chart hides exactly what the table hides (its bars could otherwise be read against the table), hidden
  // counts drawn as nothing with their mark.
  // Villages' red and yellow children are mostly under the threshold, so their bars would be mostly marks: below the
  // county the chart groups the villages instead.
  const byVillage = subLevelOf(scope) === 'village';
  const bands = byVillage
    ? redYellowBandsForExport(
        riskRows.map((x) => ({ name: x.name, red: x.red, yellow: x.yellow, blue: x.blue, green: x.green, ungraded: x.ungraded })),
        T,
      )
    : null;
  const colourMix: ColourMixRow[] = byVillage ? [] : riskRows.map((x, i) => {
    const marks: ColourMixRow['marks'] = {};
    const row = { name: x.name, red: x.red, yellow: x.yellow, blue: x.blue, green: x.green, ungraded: x.ungraded };
    COLOUR_COLUMNS.forEach((c, j) => {
      const cell = suppressed.cells[i]![j]!;
      if (!cell.shown) {
        marks[c] = formatCell(cell, T);
        row[c] = 0;
      }
    });
    return Object.keys(marks).length > 0 ? { ...row, marks } : row;
  });
  const anySuppressed = [...suppressed.cells.flat(), ...(suppressed.rowTotals ?? [])].some((c) => !c.shown);

  // 二、走访合规
  const visits: string[] = [];
  const v = own(results.visitScope);
  const previous = own(results.visitScopePrevious);
  const previousMonth = addMonths(month, -1);
  let visitText = say.visitsHead(monthShort(month), profile.name, who);
  if (!v || v.due === 0) visitText += say.visitsNoneDue;
  else {
    if (v.due < T) visitText += say.visitsFewDue(persons(v.due));
    else if (v.rate === null || !suppressRate(v.compliant, v.due, T).shown) {
      visitText += isSmall(v.compliant, T) ? say.visitsFewCompliant(persons(v.due), say.fewer(T)) : say.visitsFewMissed(persons(v.due), say.fewer(T));
    } else {
      visitText += say.visitsRate(persons(v.due), formatShare(v.rate));
      if (previous && previous.rate !== null && suppressRate(previous.compliant, previous.due, T).shown) {
        const change = (printedTenths(v.rate) - printedTenths(previous.rate)) / 1000;
        visitText += say.visitsChange(monthShort(previousMonth, previousMonth.slice(0, 4) !== month.slice(0, 4)), formatPointChangeZh(change));
      }
    }
    visitText += '。';
    const compared = results.visitSub.filter((x) => x.due >= T && x.rate !== null);
    const below = compared
      .filter((x) => printedTenths(x.rate as number) < Math.round(target.rate * 1000))
      .sort((a, b) => (a.rate as number) - (b.rate as number) || a.code.localeCompare(b.code));
    if (compared.length > 0) {
      visitText += below.length > 0 ? say.belowTarget(nameList(below.map((x) => x.name), NAME_CAP, subWord), targetZh) : say.noneBelowTarget(subWord, targetZh);
    }
    const notCompared = results.visitSub.filter((x) => x.due > 0 && x.due < T).length;
    if (notCompared > 0) visitText += say.notCompared(notCompared, subWord, T);
  }
  visits.push(visitText);
  if (v) visits.push(v.overdue > 0 ? say.overdue(dateZh, persons(v.overdue), v.never_visited > 0 ? persons(v.never_visited) : null) : say.noOverdue(dateZh));

  // 三、阵地覆盖
  const stations: string[] = [];
  const s = own(results.stationScope);
  if (!s || s.villages === 0) stations.push(say.noVillages(who));
  else {
    let text = say.stationsVillages(who, units(s.villages), units(s.villages_with_station), formatShare(s.share_with_station), units(s.villages_with_director), formatShare(s.share_with_director));
    const noStation = results.villageGaps.filter((g) => !g.has_station);
    const noDirector = results.villageGaps.filter((g) => !g.has_director);
    // Above the county the villages are not listed (raw rows): their number comes from the aggregates, and where
    // they are is said by county (city).
    const aboveGaps = (count: (x: (typeof results.stationSub)[number]) => number) =>
      results.stationSub
        .filter((x) => count(x) > 0)
        .sort((a, b) => count(b) - count(a) || a.code.localeCompare(b.code))
        .slice(0, WHERE_CAP)
        .map((x) => say.withCount(x.name, units(count(x))))
        .join('、');
    /** Where most gaps are: townships by their number of such villages (county), or the villages' names (township). */
    const where = (rows: typeof noStation) => {
      if (scope.level !== 'county') return nameList(rows.map((g) => g.name), NAME_CAP, levelNames.village);
      const byTownship = new Map<string, number>();
      for (const g of rows) byTownship.set(g.township_name, (byTownship.get(g.township_name) ?? 0) + 1);
      return [...byTownship]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
        .slice(0, WHERE_CAP)
        .map(([name, n]) => say.withCount(name, units(n)))
        .join('、');
    };
    if (above) {
      const without = s.villages - s.villages_with_station;
      text += without === 0 ? say.allStations : say.stationGap(units(without), persons(s.children_no_station), aboveGaps((x) => x.villages - x.villages_with_station));
    } else if (noStation.length === 0) text += say.allStations;
    else if (scope.level === 'county') text += say.stationGap(units(noStation.length), persons(s.children_no_station), where(noStation));
    else {
      // The colour table lists these villages' children: when one of them is suppressed there, their sum here
      // would give it back, so the sum is left out.
      const hidden = new Set(riskRows.filter((_, i) => !suppressed.rowTotals![i]!.shown).map((x) => x.code));
      const children = noStation.some((g) => hidden.has(g.code)) ? null : persons(s.children_no_station);
      text += say.stationGapList(units(noStation.length), children, where(noStation));
    }
    if (above) {
      const without = s.villages - s.villages_with_director;
      text += without === 0 ? say.allDirectors : say.directorGap(units(without), aboveGaps((x) => x.villages - x.villages_with_director));
    } else if (noDirector.length === 0) text += say.allDirectors;
    else if (scope.level === 'county') text += say.directorGap(units(noDirector.length), where(noDirector));
    else text += say.directorGapList(units(noDirector.length), where(noDirector));
    stations.push(text);
    let homes = '';
    if (s.target_village_stations !== null && s.target_village_stations > 0 && s.target_progress !== null) {
      homes += say.targetProgress(units(s.target_village_stations), formatShare(s.target_progress));
    }
    if (s.townships > 0) {
      if (scope.level !== 'township') {
        const missing = results.stationSub.filter((x) => x.townships > 0 && x.townships_home_ok < x.townships);
        homes += missing.length === 0 ? say.homesAllOk(units(s.townships)) : say.homesSomeMissing(units(s.townships_home_ok), units(s.townships), nameList(missing.map((x) => x.name), NAME_CAP, subWord));
      } else homes += s.townships_home_ok >= s.townships ? say.homeOk(who) : say.homeMissing(who);
    }
    if (homes) stations.push(homes);
  }
  const gapTable: TextTable = {
    title: briefingText.tables.gapsTitle(Math.min(GAP_ROWS, results.villageGaps.length), results.villageGaps.length),
    header: [briefingText.tables.village, briefingText.tables.township, briefingText.tables.station, briefingText.tables.director],
    numeric: [false, false, false, false],
    rows: results.villageGaps.slice(0, GAP_ROWS).map((g) => ({
      key: g.code,
      cells: [g.name, g.township_name, g.has_station ? briefingText.tables.present : briefingText.tables.missing, g.has_director ? briefingText.tables.present : briefingText.tables.missing],
    })),
  };

  // 四、防溺水“四个一”
  const water: string[] = [];
  const w = own(results.waterScope);
  const intervalDays = inspectionIntervalDays(DEFAULT_SETTINGS, date);
  if (!w || w.points === 0) water.push(say.waterNone(who));
  else {
    let text = say.waterPoints(who, places(w.points), places(w.complete), formatShare(w.share_complete));
    const incomplete = w.points - w.complete;
    if (incomplete === 0) text += say.waterAllComplete;
    else {
      const items = (
        [
          [waterItemNames.sign, w.missing_sign],
          [waterItemNames.ring, w.missing_ring],
          [waterItemNames.rope, w.missing_rope],
          [waterItemNames.pole, w.missing_pole],
        ] as const
      ).filter(([, n]) => n > 0);
      text += say.waterMissing(places(incomplete), items.map(([name, n]) => say.waterItem(name, places(n))).join('、'));
      const worst = results.waterSub
        .filter((x) => x.points - x.complete > 0)
        .sort((a, b) => b.points - b.complete - (a.points - a.complete) || a.code.localeCompare(b.code))
        .slice(0, WHERE_CAP);
      if (worst.length > 1) text += say.waterWhere(subWord, worst.map((x) => say.withCount(x.name, places(x.points - x.complete))).join('、'));
    }
    water.push(text);
    if (w.inspection_unknown > 0) water.push(say.waterOverdueUnknown(dateZh, places(w.inspection_overdue), places(w.inspection_unknown), intervalDays));
    else water.push(w.inspection_overdue > 0 ? say.waterOverdue(dateZh, places(w.inspection_overdue), intervalDays) : say.waterNoOverdue(dateZh, intervalDays));
  }

  // 五、监护落实. Left-behind children and the signed count are not printed: with the unsigned and unknown counts
  // they would give each other back by subtraction; the rate is printed only where suppressRate allows it.
  const guardianship: string[] = [];
  const g = own(results.guardianshipScope);
  if (!g || g.children === 0) guardianship.push(say.guardNone(dateZh, who));
  else {
    const rate = (num: number, den: number, value: number | null) => (value !== null && suppressRate(num, den, T).shown ? formatShare(value) : null);
    if (g.left_behind === 0) guardianship.push(say.guardNoLeftBehind(dateZh, who));
    else {
      guardianship.push(say.guardAgreement(dateZh, who, rate(g.agreement_signed, g.agreement_reported, g.agreement_rate), persons(g.agreement_unsigned), persons(g.agreement_unknown)));
      guardianship.push(say.guardPairing(rate(g.pairing_done, g.pairing_done + g.pairing_missing, g.pairing_rate), persons(g.pairing_missing), persons(g.pairing_unknown)));
    }
    // The disabled children out of school are a part of the out-of-school count: when both are printed, their
    // difference must not be a small count either.
    const disabledOut = isSmall(g.out_of_school - g.disabled_out_of_school, T) && !isSmall(g.disabled_out_of_school, T) ? say.hiddenCount : persons(g.disabled_out_of_school);
    guardianship.push(g.out_of_school === 0 ? say.guardNoDropout(persons(g.out_of_school_unknown)) : say.guardDropout(persons(g.out_of_school), disabledOut, persons(g.out_of_school_unknown)));
    guardianship.push(say.guardStale(DEFAULT_SETTINGS.recordUpdate.intervalMonths, persons(g.colour_stale), persons(g.colour_never)));
  }

  // Charts: the themes' standard charts, on rows suppressed as above.
  const trendAll = results.visitTrend;
  const first = trendAll.findIndex((x) => x.compliant > 0);
  const trend = trendForExport(
    (first < 0 ? [] : trendAll.slice(first)).map((x) => ({ month: x.month, rate: x.rate, due: x.due })),
    T,
  );
  // Areas whose rate is not given are left out of the ranking, as in exported rankings.
  const rateOf = (r: { compliant: number; due: number; rate: number | null } | undefined) => (r && r.rate !== null && suppressRate(r.compliant, r.due, T).shown ? r.rate : null);
  const ranking: RankingRow[] = results.visitSub
    .map((x) => ({ name: x.name, value: rateOf(x), previous: rateOf(results.visitSubPreviousQuarter.find((p) => p.code === x.code)), code: x.code }))
    .filter((x) => x.value !== null)
    .sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.code.localeCompare(b.code))
    .map(({ name, value, previous }) => ({ name, value, previous: value === null ? null : previous }));
  const targets: TargetRow[] =
    scope.level !== 'township'
      ? results.stationSub.filter((x) => x.target_village_stations !== null).map((x) => ({ name: x.name, target: x.target_village_stations, actual: x.active_village_stations }))
      : [];
  const missing: MissingItemsRow[] = results.waterSub
    .filter((x) => x.points > x.complete)
    .map((x) => ({ name: x.name, missing_sign: x.missing_sign, missing_ring: x.missing_ring, missing_rope: x.missing_rope, missing_pole: x.missing_pole }));

  return {
    title: briefingText.title(countyName, scope.level === 'county' || scope.name === countyName ? null : scope.name, month),
    date,
    target,
    paragraphs: { risk, visits, stations, water, guardianship },
    riskTable,
    gapTable,
    charts: { colourMix, bands, trend, ranking, targets, missing },
    suppressed: anySuppressed,
  };
}

/**
 * The side panel above the county (a province or a city), for every theme: the scope's tiles, its cities or
 * counties, the ranking (赛马比拼) of them and the 12-month trend of the theme's headline figure — all read from
 * the aggregate tables (./levels.ts), none from the raw rows. What exists only as raw rows is named, with where
 * to find it.
 */
import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { formatCount, formatShare, risk, ui, units } from '../../i18n/zh';
import { guardianshipFigures } from '../../i18n/zh-guardianship';
import { levelsText } from '../../i18n/zh-levels';
import { stationFigures } from '../../i18n/zh-stations';
import { visitFigures } from '../../i18n/zh-visits';
import { waterFigures } from '../../i18n/zh-water';
import type { RegionFeature } from '../../map/region-features';
import { aggregateRankingSql, aggregateTrendSql, type AggregateTrendRow } from '../../measures/aggregate-read';
import { formatMonthZh, previousQuarterEnd } from '../../measures/months';
import type { RankingRow } from '../../measures/ranking';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../../policy/settings';
import { AreaTable, type AreaColumn } from '../panel/AreaTable';
import { exportMetaOf } from '../panel/export-meta';
import { Footnotes, Kpis, type Kpi } from '../panel/Kpis';
import { RankingSection } from '../panel/RankingSection';
import { Section } from '../panel/Section';
import { useCustomRun } from '../custom-runs';
import { measureQuery } from '../queries';
import type { ThemeId } from '../url-state';
import { childLevelOf, type ThemeContext } from './context';
import { HEADLINES } from './headline';
import { CustomAbove } from './custom-above';
import { aggregateAreasQuery, aggregateProfile, profileAggregated, profilePreAggregated, THEME_AGGREGATES } from './levels';

/** Whether an area is above the county (a province or a city). */
export function isAbove(area: { level: RegionFeature['level'] }): boolean {
  return area.level === 'province' || area.level === 'city';
}

/** The township drilled into: the selected township, or the selected village's; null otherwise. */
export function townshipOf(selected: RegionFeature | null): string | null {
  return selected?.level === 'township' ? selected.code : selected?.level === 'village' ? selected.parentCode : null;
}

/** One figure of a theme above the county: a count, or a share. */
export interface AboveFigure {
  column: string;
  label: string;
  definition: string;
  unit?: string;
  /** A share (shown as a percentage). */
  share?: boolean;
  /** A share of children: the column of children it is over (exports hide it by the rules for rates). */
  over?: string;
  /** A count of children (suppressed in exports when small); other counts (villages, points) are not. */
  children?: boolean;
}

const share = (column: string, label: string, definition: string, over?: string): AboveFigure => ({ column, label, definition, share: true, over });
const count = (column: string, label: string, definition: string, unit: string, children = false): AboveFigure => ({ column, label, definition, unit, children });

/** The figures each theme shows above the county: columns of its aggregate table. */
export function aboveFigures(theme: ThemeId, date: string): AboveFigure[] {
  const g = guardianshipFigures(DEFAULT_SETTINGS.recordUpdate.intervalMonths);
  const w = waterFigures(inspectionIntervalDays(DEFAULT_SETTINGS, date));
  const s = stationFigures;
  switch (theme) {
    case 'risk':
      return [
        count('children', risk.children, risk.childrenDef, units.person, true),
        count('red', risk.table.red, levelsText.redDef, units.person, true),
        count('yellow', risk.table.yellow, levelsText.yellowDef, units.person, true),
        share('share_red_yellow', risk.shareRedYellow, risk.shareRedYellowDef, 'children'),
        share('share_graded', risk.gradedShare, risk.gradedShareDef, 'children'),
      ];
    case 'visits':
      return [
        count('due', visitFigures.due.name, visitFigures.due.definition, units.person, true),
        count('compliant', visitFigures.compliant.name, visitFigures.compliant.definition, units.person, true),
        share('rate', visitFigures.rate.name, visitFigures.rate.definition, 'due'),
        count('overdue', visitFigures.overdue.name, visitFigures.overdue.definition, units.person, true),
        count('never_visited', visitFigures.never_visited.name, visitFigures.never_visited.definition, units.person, true),
      ];
    case 'stations':
      return [
        count('villages', s.villages.label, s.villages.def, s.villages.unit),
        count('villages_with_station', s.villages_with_station.label, s.villages_with_station.def, s.villages_with_station.unit),
        share('share_with_station', s.share_with_station.label, s.share_with_station.def),
        share('share_with_director', s.share_with_director.label, s.share_with_director.def),
        count('directors', s.directors.label, s.directors.def, s.directors.unit),
        count('children_no_station', s.children_no_station.label, s.children_no_station.def, s.children_no_station.unit, true),
      ];
    case 'water':
      return [
        count('points', w.points.label, w.points.def, w.points.unit),
        count('complete', w.complete.label, w.complete.def, w.complete.unit),
        share('share_complete', w.share_complete.label, w.share_complete.def),
        count('inspection_overdue', w.inspection_overdue.label, w.inspection_overdue.def, w.inspection_overdue.unit),
      ];
    case 'guardianship':
      return [
        count('left_behind', g.left_behind.label, g.left_behind.def, g.left_behind.unit, true),
        share('agreement_rate', g.agreement_rate.label, g.agreement_rate.def, 'agreement_reported'),
        share('pairing_rate', g.pairing_rate.label, g.pairing_rate.def, 'left_behind'),
        count('out_of_school', g.out_of_school.label, g.out_of_school.def, g.out_of_school.unit, true),
        count('colour_stale', g.colour_stale.label, g.colour_stale.def, g.colour_stale.unit, true),
      ];
  }
}

/** What the headline shares are over (HEADLINES' `denominator` columns). */
const DENOMINATOR_LABELS: Record<string, string> = {
  children: risk.children,
  due: visitFigures.due.name,
  agreement_reported: guardianshipFigures(DEFAULT_SETTINGS.recordUpdate.intervalMonths).agreement_reported.label,
};

type Row = Record<string, string | number | null> & { code: string; name: string };

const num = (row: Row | null | undefined, column: string): number | null => {
  const v = row?.[column];
  return v === null || v === undefined ? null : Number(v);
};

function show(f: AboveFigure, row: Row | null | undefined): string {
  const v = num(row, f.column);
  return f.share ? formatShare(v) : v === null ? '—' : formatCount(v);
}

/** The tiles, the areas one level down, the ranking and the trend of a theme, above the county. */
export function AbovePanel({ ctx, theme }: { ctx: ThemeContext; theme: ThemeId }) {
  const { conn, extract, scope, month, date } = ctx;
  const manifest = extract.manifest;
  const threshold = manifest.small_cell_threshold;
  const sub = childLevelOf(scope) as 'city' | 'county';
  const figures = aboveFigures(theme, date);
  const headline = HEADLINES[theme];
  const table = THEME_AGGREGATES[theme];
  const profileId = aggregateProfile(ctx, theme);
  const computed = useCustomRun(extract.id, ctx.profile.id)?.state === 'done';
  const usable = theme !== 'visits' || profileAggregated(ctx) || computed;
  const scopeQuery = useQuery({ ...aggregateAreasQuery(ctx, theme, { level: scope.level, parentCode: scope.parentCode }), enabled: usable });
  const subQuery = useQuery({ ...aggregateAreasQuery(ctx, theme, { level: sub, parentCode: scope.code }), enabled: usable });
  const previousMonth = previousQuarterEnd(month);
  const ranking = useQuery({
    ...measureQuery(conn, extract, 'aggregate-ranking', aggregateRankingSql, { table, level: sub, parentCode: scope.code, month, previousMonth, column: headline.column, denominator: headline.denominator, profileId }),
    enabled: usable,
  });
  const months = (manifest.aggregates?.months ?? []).filter((m) => m <= month).slice(-12);
  const trend = useQuery({
    ...measureQuery(conn, extract, 'aggregate-trend', aggregateTrendSql, { table, area: { level: scope.level, code: scope.code }, months, column: headline.column, denominator: headline.denominator, profileId }),
    enabled: usable && months.length > 0,
  });

  const note = (
    <Section title={levelsText.rawOnlyTitle} testId="above-raw-only">
      <p className="note">{levelsText.rawOnly}</p>
      <p className="note">{levelsText.fromAggregates}</p>
    </Section>
  );
  if (!usable) {
    return (
      <>
        <p className="notice" role="status" data-testid="profile-not-aggregated">
          {levelsText.profileNotAggregated(ctx.profile.name)}
        </p>
        <CustomAbove ctx={ctx} />
        {note}
      </>
    );
  }

  const row = scopeQuery.data ? (rowsOf<Row>(scopeQuery.data).find((r) => r.code === scope.code) ?? null) : null;
  const subRows = subQuery.data ? rowsOf<Row>(subQuery.data) : null;
  const kpis: Kpi[] = figures.map((f) => ({ id: f.column.replaceAll('_', '-'), label: f.label, value: show(f, row), unit: f.share ? undefined : f.unit, definition: f.definition }));
  const columns: AreaColumn<Row>[] = [
    { header: ui.area, show: (r) => r.name },
    ...figures.map(
      (f): AreaColumn<Row> =>
        f.over
          ? { header: f.label, show: (r) => show(f, r), numeric: true, rate: { numerator: (r) => Math.round((num(r, f.column) ?? 0) * (num(r, f.over as string) ?? 0)), denominator: (r) => num(r, f.over as string) ?? 0 } }
          : f.share
            ? { header: f.label, show: (r) => show(f, r), numeric: true }
            : { header: f.label, show: (r) => show(f, r), numeric: true, ...(f.children ? { count: true, csv: (r: Row) => num(r, f.column) } : { csv: (r: Row) => num(r, f.column) }) },
    ),
  ];
  const denominatorLabel = headline.denominator ? (DENOMINATOR_LABELS[headline.denominator] ?? headline.denominator) : null;
  const trendRows = trend.data ? rowsOf<AggregateTrendRow>(trend.data) : null;
  const subTitle = levelsText.exportSub(scope.name, sub, ui.themes[theme]);
  return (
    <>
      {theme === 'visits' && !profilePreAggregated(ctx) && <CustomAbove ctx={ctx} />}
      <Kpis items={kpis} theme={theme} loading={!scopeQuery.data} />
      <Section title={`${levelsText.subAreas(sub)} · ${ui.themes[theme]}`}>
        <AreaTable<Row>
          rows={subRows}
          rowKey={(r) => r.code}
          onSelect={(r) => ctx.select(r.code)}
          testId="sub-areas"
          exportName={`${subTitle}_${date}`}
          exportMeta={exportMetaOf(ctx, subTitle, date)}
          threshold={threshold}
          limit={40}
          columns={columns}
        />
      </Section>
      <RankingSection
        ctx={ctx}
        rows={ranking.data ? rowsOf<RankingRow>(ranking.data) : null}
        measureName={headline.name}
        unit="%"
        previousMonth={previousMonth}
        title={levelsText.ranking(sub)}
        profileName={theme === 'visits' ? ctx.profile.name : undefined}
      />
      <Section title={levelsText.trend(headline.name)} testId="above-trend">
        <AreaTable<AggregateTrendRow>
          rows={trendRows}
          rowKey={(r) => r.month}
          testId="above-trend-table"
          exportName={`${levelsText.exportTrend(scope.name, headline.name)}_${date}`}
          exportMeta={exportMetaOf(ctx, levelsText.exportTrend(scope.name, headline.name), date)}
          threshold={threshold}
          limit={12}
          columns={[
            { header: levelsText.trendMonth, show: (r) => formatMonthZh(r.month) },
            denominatorLabel
              ? { header: headline.name, show: (r) => formatShare(r.value), numeric: true, rate: { numerator: (r) => Math.round((r.value ?? 0) * (r.denominator ?? 0)), denominator: (r) => r.denominator ?? 0 } }
              : { header: headline.name, show: (r) => formatShare(r.value), numeric: true },
            ...(denominatorLabel ? [{ header: levelsText.trendCount(denominatorLabel), show: (r: AggregateTrendRow) => (r.denominator === null ? '—' : formatCount(r.denominator)), numeric: true, count: true, csv: (r: AggregateTrendRow) => r.denominator }] : []),
          ]}
        />
      </Section>
      {note}
      <Footnotes items={kpis} />
    </>
  );
}

/** 强制报告 above the county: its names are raw rows, shown once a county is entered. */
export function AboveAlertsNote() {
  return (
    <section className="alerts" data-testid="alerts-above">
      <p className="note">{levelsText.alertsAbove}</p>
    </section>
  );
}

/**
 * 简报 above the county with a visit profile the aggregates do not hold (a county's own): its visit paragraphs
 * cannot be written from them. Said plainly, with the way back.
 */
export function AboveBriefingNotice({ profile, onLeave }: { profile: string; onLeave: () => void }) {
  return (
    <div className="briefing-page" data-testid="briefing-above">
      <div className="briefing-bar">
        <button type="button" onClick={onLeave} data-testid="briefing-leave">
          {levelsText.briefingBack}
        </button>
      </div>
      <p className="notice" role="status">
        {levelsText.profileNotAggregated(profile)}
      </p>
    </div>
  );
}

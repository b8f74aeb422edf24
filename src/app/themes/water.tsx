import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { Chart } from '../../charts/Chart';
import { missingItemsOption } from '../../charts/options';
import { formatCount, formatDateZh, formatShare, items, persons, ui, units, withUnit } from '../../i18n/zh';
import { waterFigures, waterItemNames, waterLegend, waterPoints, waterTheme, waterTypeNames, waterTypeUnknown } from '../../i18n/zh-water';
import { AreaValues } from '../../map/area-values';
import { BAD, classColour, COVERAGE_CLASSES, faded, GOOD, NO_DATA, POOR, WARN, type Rgba } from '../../map/colour-scales';
import type { MapPoint, MapTheme } from '../../map/map-theme';
import { previousQuarterEnd } from '../../measures/months';
import type { RankingRow } from '../../measures/ranking';
import { waterPointsSql, waterSafetySql, type WaterPointRow, type WaterSafetyRow } from '../../measures/water-safety';
import { DEFAULT_SETTINGS, inFloodSeason, inspectionIntervalDays } from '../../policy/settings';
import { measureQuery } from '../queries';
import { awaitingEngine } from '../first-paint/deferred-connector';
import type { QueryPriority } from '../../db/query-queue';
import { AreaTable } from '../panel/AreaTable';
import { exportAreaLabel, exportMetaOf } from '../panel/export-meta';
import { waterTasks } from '../../export/task-list';
import { fileText, taskThemeNames } from '../../i18n/zh-export';
import { Footnotes, Kpis, type Kpi } from '../panel/Kpis';
import { RankingSection } from '../panel/RankingSection';
import { Section } from '../panel/Section';
import { headlineRankingSql } from './headline';
import { subLevelOf, type ThemeContext, type ThemeMapResult } from './context';
import { aboveMapQuery, noRowsQuery } from './levels';
import { nearLegendItem, nearPointSet, waterNearQuery, WaterNearSection } from './water-near';
import type { WaterNearChildrenRow } from '../../measures/water-near-children';

/** Points coloured by how many of the four items are present. */
const ITEMS_COLOUR: Record<number, Rgba> = { 4: GOOD, 3: WARN, 2: POOR, 1: BAD, 0: BAD };

function missingOf(p: WaterPointRow): string[] {
  const items: [boolean, string][] = [
    [p.has_sign, waterItemNames.sign],
    [p.has_ring, waterItemNames.ring],
    [p.has_rope, waterItemNames.rope],
    [p.has_pole, waterItemNames.pole],
  ];
  return items.filter(([present]) => !present).map(([, name]) => name);
}

function overdueText(overdue: boolean | null): string {
  return overdue === null ? waterPoints.unknown : overdue ? waterPoints.overdue : waterPoints.onTime;
}

/** Known overdue points; a lower bound (≥) when some points' state cannot be known at the date. */
function overdueCount(overdue: number, unknown: number): string {
  return unknown > 0 ? waterPoints.atLeast(formatCount(overdue)) : formatCount(overdue);
}

function describePoint(p: WaterPointRow): MapPoint {
  return {
    id: p.point_id,
    position: [p.lng, p.lat],
    colour: ITEMS_COLOUR[p.items_present] ?? BAD,
    radius: p.items_present === 4 ? 4 : 6,
    title: `${p.village_name} · ${p.water_type ? waterTypeNames[p.water_type] : waterTypeUnknown}`,
    lines: [
      [waterLegend.fourItems, waterPoints.missingItems(missingOf(p))],
      [
        waterPoints.columns.last_inspected_on,
        p.inspection_overdue === null ? waterPoints.inspectedLater : p.days_since_inspection === null ? waterPoints.neverInspected : waterPoints.daysSince(p.days_since_inspection),
      ],
      [waterPoints.columns.inspection_overdue, overdueText(p.inspection_overdue)],
      [waterPoints.columns.children_in_village, persons(p.children_in_village)],
    ],
  };
}

/** The map's queries: water safety of every township and every village, and the water points. */
export function waterMapQueries(ctx: ThemeContext, priority: QueryPriority = 'map') {
  const { conn, extract, date } = ctx;
  const intervalDays = inspectionIntervalDays(DEFAULT_SETTINGS, date);
  if (ctx.above) {
    // Water points are raw rows: no points above the county.
    const children = aboveMapQuery(ctx, 'water', priority);
    return [children, children, noRowsQuery(ctx, priority), noRowsQuery(ctx, priority)] as const;
  }
  return [
    measureQuery(conn, extract, 'water-safety', waterSafetySql, { level: 'township', asOf: date, intervalDays }, priority),
    measureQuery(conn, extract, 'water-safety', waterSafetySql, { level: 'village', asOf: date, intervalDays }, priority),
    measureQuery(conn, extract, 'water-points', waterPointsSql, { asOf: date, intervalDays }, priority),
    waterNearQuery(ctx, priority),
  ] as const;
}

export function useWaterMap(ctx: ThemeContext, active: boolean): ThemeMapResult {
  const intervalDays = inspectionIntervalDays(DEFAULT_SETTINGS, ctx.date);
  const [townsQuery, villagesQuery, pointsQuery, nearQuery] = waterMapQueries(ctx);
  const towns = useQuery({ ...townsQuery, enabled: active });
  const villages = useQuery({ ...villagesQuery, enabled: active });
  const points = useQuery({ ...pointsQuery, enabled: active });
  const near = useQuery({ ...nearQuery, enabled: active });
  const map = useMemo<MapTheme>(() => {
    const tv = towns.data ? new AreaValues(towns.data) : null;
    const vv = villages.data ? new AreaValues(villages.data) : null;
    const values = (level: string) => (level === 'township' ? tv : vv);
    const figs = waterFigures(intervalDays);
    return {
      fill: (f) => faded(classColour(COVERAGE_CLASSES, values(f.level)?.get(f.code, 'share_complete') ?? null)),
      fillKey: [towns.data, villages.data],
      points: [
        nearPointSet(near.data ? rowsOf<WaterNearChildrenRow>(near.data) : []),
        { id: 'water', points: points.data ? rowsOf<WaterPointRow>(points.data).map(describePoint) : [] },
      ],
      legend: {
        title: figs.share_complete.label,
        items: [
          ...COVERAGE_CLASSES.map((c) => ({ label: c.label, colour: faded(c.colour) })),
          { label: waterLegend.noPoints, colour: faded(NO_DATA) },
          { label: waterLegend.complete, colour: GOOD, shape: 'dot' as const },
          { label: waterLegend.missingOne, colour: WARN, shape: 'dot' as const },
          { label: waterLegend.missingTwo, colour: POOR, shape: 'dot' as const },
          { label: waterLegend.missingMore, colour: BAD, shape: 'dot' as const },
          nearLegendItem,
        ],
        definition: figs.share_complete.def,
        notes: [waterTheme.fourItems],
      },
      describe: (f) => {
        const v = values(f.level);
        const n = v?.get(f.code, 'points') ?? 0;
        if (!n) return [[figs.points.label, waterLegend.none]];
        return [
          [figs.points.label, items(n)],
          [figs.share_complete.label, formatShare(v?.get(f.code, 'share_complete') ?? null)],
          [figs.missing_pole.label, items(v?.get(f.code, 'missing_pole') ?? 0)],
          [figs.inspection_overdue.label, `${overdueCount(v?.get(f.code, 'inspection_overdue') ?? 0, v?.get(f.code, 'inspection_unknown') ?? 0)} ${units.item}`],
        ];
      },
    };
  }, [towns.data, villages.data, points.data, near.data, intervalDays]);
  return { map, ready: Boolean(towns.data && villages.data && ((points.data && near.data) || awaitingEngine(ctx.conn))), error: towns.error ?? villages.error ?? points.error ?? near.error };
}

export function WaterPanel({ ctx }: { ctx: ThemeContext }) {
  const { conn, extract, date, month, scope } = ctx;
  const { small_cell_threshold: threshold, synthetic, as_of: asOf } = extract.manifest;
  const intervalDays = inspectionIntervalDays(DEFAULT_SETTINGS, date);
  const figs = waterFigures(intervalDays);
  const subLevel = subLevelOf(scope);
  const scopeQuery = useQuery(measureQuery(conn, extract, 'water-safety', waterSafetySql, { level: scope.level, parentCode: scope.parentCode, asOf: date, intervalDays }));
  const subQuery = useQuery({
    ...measureQuery(conn, extract, 'water-safety', waterSafetySql, { level: subLevel ?? 'village', parentCode: scope.code, asOf: date, intervalDays }),
    enabled: subLevel !== null,
  });
  const pointsQuery = useQuery(measureQuery(conn, extract, 'water-points', waterPointsSql, { parentCode: scope.level === 'village' ? scope.parentCode : scope.code, asOf: date, intervalDays }));
  const ranking = useQuery({
    ...measureQuery(conn, extract, 'headline-ranking', headlineRankingSql, { theme: 'water', inputs: { month, asOf, profile: ctx.profile }, parentCode: scope.code }),
    enabled: scope.level === 'county',
  });
  const row = scopeQuery.data ? (rowsOf<WaterSafetyRow>(scopeQuery.data).find((r) => r.code === scope.code) ?? null) : null;
  const subRows = subQuery.data ? rowsOf<WaterSafetyRow>(subQuery.data).filter((r) => r.points > 0) : [];
  const points = pointsQuery.data ? rowsOf<WaterPointRow>(pointsQuery.data) : [];
  const incomplete = points.filter((p) => p.items_present < 4 && (scope.level !== 'village' || p.village_code === scope.code));
  const unknown = row?.inspection_unknown ?? 0;
  const kpis: Kpi[] = [
    { id: 'points', label: figs.points.label, value: formatCount(row?.points ?? 0), unit: units.item, definition: figs.points.def },
    { id: 'share-complete', label: figs.share_complete.label, value: formatShare(row?.share_complete ?? null), definition: figs.share_complete.def, warn: (row?.share_complete ?? 1) < 1 },
    { id: 'inspection-overdue', label: figs.inspection_overdue.label, value: overdueCount(row?.inspection_overdue ?? 0, unknown), unit: units.item, definition: figs.inspection_overdue.def, warn: (row?.inspection_overdue ?? 0) > 0, note: unknown > 0 ? waterPoints.knownOnly : undefined },
    ...(unknown > 0 ? [{ id: 'inspection-unknown', label: figs.inspection_unknown.label, value: formatCount(unknown), unit: units.item, definition: figs.inspection_unknown.def }] : []),
    { id: 'missing-sign', label: figs.missing_sign.label, value: formatCount(row?.missing_sign ?? 0), unit: units.item, definition: figs.missing_sign.def },
    { id: 'missing-ring', label: figs.missing_ring.label, value: formatCount(row?.missing_ring ?? 0), unit: units.item, definition: figs.missing_ring.def },
    { id: 'missing-rope', label: figs.missing_rope.label, value: formatCount(row?.missing_rope ?? 0), unit: units.item, definition: figs.missing_rope.def },
    { id: 'missing-pole', label: figs.missing_pole.label, value: formatCount(row?.missing_pole ?? 0), unit: units.item, definition: figs.missing_pole.def },
  ];
  const past = date < asOf;
  const footnotes = [
    ...(unknown > 0 ? [waterTheme.pastInspection(formatDateZh(date), items(unknown), items(row?.inspection_overdue ?? 0))] : []),
    ...(past ? [waterTheme.itemsNow] : []),
    DEFAULT_SETTINGS.waterInspection.note,
  ];
  return (
    <>
      <p className="note">{waterTheme.interval(intervalDays, inFloodSeason(DEFAULT_SETTINGS, date))}</p>
      <Kpis items={kpis} theme="water" loading={!scopeQuery.data} />
      {subRows.length > 0 && (
        <Section title={waterLegend.chartSection}>
          <Chart option={missingItemsOption({ asOf: date, synthetic }, subRows)} height={Math.max(260, 26 * subRows.length + 110)} testId="chart-missing" />
        </Section>
      )}
      {scope.level === 'county' && <RankingSection ctx={ctx} rows={ranking.data ? rowsOf<RankingRow>(ranking.data) : null} measureName={figs.share_complete.label} unit="%" previousMonth={previousQuarterEnd(month)} />}
      <Section title={`${ui.gapList} · ${waterPoints.gapTitle}`}>
        <AreaTable<WaterPointRow>
          rows={pointsQuery.data ? incomplete : null}
          rowKey={(r) => r.point_id}
          onSelect={(r) => ctx.select(r.village_code)}
          testId="gap-list"
          exportName={`${exportAreaLabel(ctx)}_${fileText.taskListWord}_${taskThemeNames.water}_${date}`}
          exportMeta={exportMetaOf(ctx, `${exportAreaLabel(ctx)}${taskThemeNames.water}${fileText.taskListWord}`, date)}
          taskList={waterTasks}
          threshold={threshold}
          columns={[
            { header: waterPoints.columns.village_name, show: (r) => r.village_name },
            { header: waterPoints.columns.township_name, show: (r) => r.township_name },
            { header: waterLegend.missingColumn, show: (r) => missingOf(r).join('、') },
            { header: waterPoints.columns.inspection_overdue, show: (r) => (r.inspection_overdue === null ? waterPoints.unknown : r.inspection_overdue ? ui.yes : ui.no) },
            { header: withUnit(waterPoints.columns.children_in_village, units.person), show: (r) => formatCount(r.children_in_village), numeric: true, count: true, csv: (r) => r.children_in_village },
          ]}
        />
        <p className="note">{waterPoints.def} {ui.csvNote(threshold)}</p>
      </Section>
      <WaterNearSection ctx={ctx} />
      <Footnotes items={kpis} extra={footnotes} />
    </>
  );
}

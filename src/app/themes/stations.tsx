import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { Chart } from '../../charts/Chart';
import { targetProgressOption } from '../../charts/options';
import { formatCount, formatDateZh, formatShare, persons, ui, units, withUnit } from '../../i18n/zh';
import { stationFigures, stationKindNames, stationLegend, stationPoints, stationsTheme, villageGaps } from '../../i18n/zh-stations';
import { AreaValues } from '../../map/area-values';
import { BAD, classColour, COVERAGE_CLASSES, faded, GOOD, INACTIVE, NO_DATA, POOR, WARN, type Rgba } from '../../map/colour-scales';
import type { MapPoint, MapTheme } from '../../map/map-theme';
import { previousQuarterEnd } from '../../measures/months';
import type { RankingRow } from '../../measures/ranking';
import { stationCoverageSql, stationPointsSql, villageGapsSql, type StationCoverageRow, type StationPointRow, type VillageGapRow } from '../../measures/station-coverage';
import { measureQuery } from '../queries';
import { awaitingEngine } from '../first-paint/deferred-connector';
import type { QueryPriority } from '../../db/query-queue';
import { AreaTable } from '../panel/AreaTable';
import { exportAreaLabel, exportMetaOf } from '../panel/export-meta';
import { stationTasks } from '../../export/task-list';
import { fileText, taskThemeNames } from '../../i18n/zh-export';
import { Footnotes, Kpis, type Kpi } from '../panel/Kpis';
import { RankingSection } from '../panel/RankingSection';
import { Section } from '../panel/Section';
import { headlineRankingSql } from './headline';
import { subLevelOf, type ThemeContext, type ThemeMapResult } from './context';
import { aboveMapQuery, noRowsQuery } from './levels';

const KIND_STYLE: Record<StationPointRow['kind'], { colour: Rgba; radius: number }> = {
  county_centre: { colour: [110, 60, 160, 255], radius: 9 },
  township_home: { colour: [30, 90, 190, 255], radius: 7 },
  village_station: { colour: [20, 140, 150, 255], radius: 4 },
};

/** Village cells: has a station and a director / lacks one / lacks both. */
function villageColour(station: number | null, director: number | null): Rgba {
  if (station === null || director === null) return NO_DATA;
  if (station > 0 && director > 0) return GOOD;
  if (station > 0 || director > 0) return station > 0 ? WARN : POOR;
  return BAD;
}

const fig = stationFigures;

/** The map's queries: station coverage of every township and every village, and the stations as points. */
export function stationsMapQueries(ctx: ThemeContext, priority: QueryPriority = 'map') {
  const { conn, extract, date } = ctx;
  if (ctx.above) {
    // Stations are raw rows: no points above the county.
    const children = aboveMapQuery(ctx, 'stations', priority);
    return [children, children, noRowsQuery(ctx, priority)] as const;
  }
  return [
    measureQuery(conn, extract, 'station-coverage', stationCoverageSql, { level: 'township', asOf: date }, priority),
    measureQuery(conn, extract, 'station-coverage', stationCoverageSql, { level: 'village', asOf: date }, priority),
    measureQuery(conn, extract, 'station-points', stationPointsSql, {}, priority),
  ] as const;
}

export function useStationsMap(ctx: ThemeContext, active: boolean): ThemeMapResult {
  const [townsQuery, villagesQuery, pointsQuery] = stationsMapQueries(ctx);
  const towns = useQuery({ ...townsQuery, enabled: active });
  const villages = useQuery({ ...villagesQuery, enabled: active });
  const points = useQuery({ ...pointsQuery, enabled: active });
  const map = useMemo<MapTheme>(() => {
    const tv = towns.data ? new AreaValues(towns.data) : null;
    const vv = villages.data ? new AreaValues(villages.data) : null;
    const stationRows = points.data ? rowsOf<StationPointRow>(points.data) : [];
    const mapPoints: MapPoint[] = stationRows.map((s) => ({
      id: s.station_id,
      position: [s.lng, s.lat],
      colour: s.active ? KIND_STYLE[s.kind].colour : INACTIVE,
      radius: KIND_STYLE[s.kind].radius,
      title: stationKindNames[s.kind],
      lines: [
        [stationPoints.columns.region_name, s.region_name],
        [stationPoints.columns.active, s.active ? stationPoints.active : stationPoints.inactive],
        [stationPoints.columns.meets_standard, s.meets_standard === null ? stationPoints.standardUnknown : s.meets_standard ? stationPoints.meetsStandard : stationPoints.belowStandard],
      ],
    }));
    return {
      fill: (f) =>
        faded(
          // Above the county the map's areas (counties, cities) are coloured as townships are.
          f.level !== 'village'
            ? tv
              ? classColour(COVERAGE_CLASSES, tv.get(f.code, 'share_with_station'))
              : NO_DATA
            : villageColour(vv?.get(f.code, 'villages_with_station') ?? null, vv?.get(f.code, 'villages_with_director') ?? null),
        ),
      fillKey: [towns.data, villages.data],
      points: [{ id: 'stations', points: mapPoints }],
      legend: {
        title: fig.share_with_station.label,
        items: [
          ...COVERAGE_CLASSES.map((c) => ({ label: c.label, colour: faded(c.colour) })),
          { label: stationLegend.villageBoth, colour: faded(GOOD) },
          { label: stationLegend.villageNoDirector, colour: faded(WARN) },
          { label: stationLegend.villageNoStation, colour: faded(POOR) },
          { label: stationLegend.villageNeither, colour: faded(BAD) },
          ...(['county_centre', 'township_home', 'village_station'] as const).map((k) => ({ label: stationKindNames[k], colour: KIND_STYLE[k].colour, shape: 'dot' as const })),
          { label: stationPoints.inactive, colour: INACTIVE, shape: 'dot' as const },
        ],
        definition: fig.share_with_station.def,
      },
      describe: (f) => {
        if (f.level !== 'village') {
          if (!tv) return [];
          return [
            [fig.share_with_station.label, formatShare(tv.get(f.code, 'share_with_station'))],
            [fig.share_with_director.label, formatShare(tv.get(f.code, 'share_with_director'))],
            [fig.active_village_stations.label, `${formatCount(tv.get(f.code, 'active_village_stations') ?? 0)} / ${tv.get(f.code, 'target_village_stations') ?? '—'}`],
            [fig.children_no_station.label, persons(tv.get(f.code, 'children_no_station') ?? 0)],
          ];
        }
        return [
          [villageGaps.columns.has_station, (vv?.get(f.code, 'villages_with_station') ?? 0) > 0 ? villageGaps.present : villageGaps.missing],
          [villageGaps.columns.has_director, (vv?.get(f.code, 'villages_with_director') ?? 0) > 0 ? villageGaps.present : villageGaps.missing],
          [fig.children.label, persons(vv?.get(f.code, 'children') ?? 0)],
        ];
      },
    };
  }, [towns.data, villages.data, points.data]);
  return { map, ready: Boolean(towns.data && villages.data && (points.data || awaitingEngine(ctx.conn))), error: towns.error ?? villages.error ?? points.error };
}

const pct = (v: number | null) => formatShare(v);

export function StationsPanel({ ctx }: { ctx: ThemeContext }) {
  const { conn, extract, date, month, scope } = ctx;
  const { small_cell_threshold: threshold, synthetic, as_of: asOf } = extract.manifest;
  const subLevel = subLevelOf(scope);
  const scopeQuery = useQuery(measureQuery(conn, extract, 'station-coverage', stationCoverageSql, { level: scope.level, parentCode: scope.parentCode, asOf: date }));
  const subQuery = useQuery({
    ...measureQuery(conn, extract, 'station-coverage', stationCoverageSql, { level: subLevel ?? 'village', parentCode: scope.code, asOf: date }),
    enabled: subLevel !== null,
  });
  const gaps = useQuery({ ...measureQuery(conn, extract, 'village-gaps', villageGapsSql, { parentCode: scope.code, asOf: date }), enabled: scope.level !== 'village' });
  const ranking = useQuery({
    ...measureQuery(conn, extract, 'headline-ranking', headlineRankingSql, { theme: 'stations', inputs: { month, asOf, profile: ctx.profile }, parentCode: scope.code }),
    enabled: scope.level === 'county',
  });
  const row = scopeQuery.data ? (rowsOf<StationCoverageRow>(scopeQuery.data).find((r) => r.code === scope.code) ?? null) : null;
  const subRows = subQuery.data ? rowsOf<StationCoverageRow>(subQuery.data) : [];
  const kpis: Kpi[] = [
    { id: 'share-with-station', label: fig.share_with_station.label, value: pct(row?.share_with_station ?? null), definition: fig.share_with_station.def, warn: (row?.share_with_station ?? 1) < 1 },
    { id: 'share-with-director', label: fig.share_with_director.label, value: pct(row?.share_with_director ?? null), definition: fig.share_with_director.def, warn: (row?.share_with_director ?? 1) < 1 },
    {
      id: 'training-rate',
      label: fig.training_rate.label,
      value: pct(row?.training_rate ?? null),
      definition: fig.training_rate.def,
      warn: (row?.training_rate ?? 1) < 1,
      note: row && row.directors_training_unknown > 0 ? stationsTheme.pastTrainingShort : undefined,
    },
    { id: 'target-progress', label: fig.target_progress.label, value: pct(row?.target_progress ?? null), definition: fig.target_progress.def },
    { id: 'children-per-director', label: fig.children_per_director.label, value: row?.children_per_director == null ? '—' : row.children_per_director.toFixed(1), unit: fig.children_per_director.unit, definition: fig.children_per_director.def },
    { id: 'children-no-station', label: fig.children_no_station.label, value: formatCount(row?.children_no_station ?? 0), unit: units.person, definition: fig.children_no_station.def },
  ];
  if (scope.level !== 'village') {
    kpis.push({ id: 'homes-ok', label: fig.townships_home_ok.label, value: `${row?.townships_home_ok ?? 0} / ${row?.townships ?? 0}`, definition: fig.townships_home_ok.def, warn: (row?.townships_home_ok ?? 0) < (row?.townships ?? 0) });
  }
  const targetRows = subLevel === 'township' ? subRows.filter((r) => r.target_village_stations !== null) : [];
  return (
    <>
      <Kpis items={kpis} theme="stations" loading={!scopeQuery.data} />
      {targetRows.length > 0 && (
        <Section title={fig.target_progress.label}>
          <Chart
            option={targetProgressOption({ asOf: date, synthetic }, targetRows.map((r) => ({ name: r.name, target: r.target_village_stations, actual: r.active_village_stations })), stationLegend.targetChart(fig.active_village_stations.label))}
            height={Math.max(260, 26 * targetRows.length + 100)}
            testId="chart-targets"
          />
          {extract.manifest.targets_source && <p className="note">{ui.targetsSource(extract.manifest.targets_source)}</p>}
        </Section>
      )}
      {scope.level === 'county' && <RankingSection ctx={ctx} rows={ranking.data ? rowsOf<RankingRow>(ranking.data) : null} measureName={fig.share_with_station.label} unit="%" previousMonth={previousQuarterEnd(month)} />}
      {scope.level !== 'village' && (
        <Section title={`${ui.gapList} · ${villageGaps.title}`}>
          <AreaTable<VillageGapRow>
            rows={gaps.data ? rowsOf<VillageGapRow>(gaps.data) : null}
            rowKey={(r) => r.code}
            onSelect={(r) => ctx.select(r.code)}
            testId="gap-list"
            exportName={`${exportAreaLabel(ctx)}_${fileText.taskListWord}_${taskThemeNames.stations}_${date}`}
            exportMeta={exportMetaOf(ctx, `${exportAreaLabel(ctx)}${taskThemeNames.stations}${fileText.taskListWord}`, date)}
            taskList={stationTasks}
            threshold={threshold}
            empty={villageGaps.empty}
            columns={[
              { header: ui.area, show: (r) => r.name },
              { header: villageGaps.columns.township_name, show: (r) => r.township_name },
              { header: villageGaps.columns.has_station, show: (r) => (r.has_station ? villageGaps.present : villageGaps.missing) },
              { header: villageGaps.columns.has_director, show: (r) => (r.has_director ? villageGaps.present : villageGaps.missing) },
              { header: withUnit(villageGaps.columns.children, units.person), show: (r) => formatCount(r.children), numeric: true, count: true, csv: (r) => r.children },
            ]}
          />
          <p className="note">{villageGaps.def} {ui.csvNote(threshold)}</p>
        </Section>
      )}
      <Footnotes
        items={kpis}
        extra={[
          ...(row && row.directors_training_unknown > 0 ? [stationsTheme.pastTraining(formatDateZh(date), persons(row.directors_training_unknown), persons(row.directors_trained), persons(row.directors))] : []),
          ...(date < asOf ? [stationsTheme.pastState] : []),
          stationsTheme.virtualUnits,
          stationsTheme.registeredAbove,
        ]}
      />
    </>
  );
}

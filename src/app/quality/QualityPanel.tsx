import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { formatCount, levelNames, units } from '../../i18n/zh';
import { qualityText as q } from '../../i18n/zh-quality';
import { placePoints, qualityPointsSql, qualityRegionsSql, qualitySql, type Placement, type QualityPointRow, type QualityRegionRow, type QualityRow } from '../../measures/quality';
import { DEFAULT_SETTINGS } from '../../policy/settings';
import { AreaTable, type AreaColumn } from '../panel/AreaTable';
import { exportAreaLabel, exportMetaOf } from '../panel/export-meta';
import { Section } from '../panel/Section';
import { measureQuery } from '../queries';
import { QualityAbove } from './QualityAbove';
import { QualitySubAreas } from './QualitySubAreas';
import { sourceRowsIn } from './source-rows';
import { subLevelOf, type ThemeContext } from '../themes/context';
import type { QualityView } from '../url-state';
import type { SourceRowCounts, TableName } from '../../extract/schema';

type ListId = Exclude<QualityView, 'on'>;
/** The figures counted from children's records: their lists are villages with counts, never a child. */
const CHILD_LISTS = ['ungraded', 'stale', 'visits_off_roll', 'assessments_off_roll'] as const satisfies readonly ListId[];
type ChildList = (typeof CHILD_LISTS)[number];
const isChildList = (id: ListId | null): id is ChildList => (CHILD_LISTS as readonly string[]).includes(id ?? '');

const staleMonths = () => DEFAULT_SETTINGS.recordUpdate.intervalMonths;

interface PlacedPoint extends QualityPointRow {
  placement: Placement;
}

/** The code of the area that a sub-area table's row stands for, and whether `code` lies inside `area`. */
const inside = (code: string, area: string) => code.startsWith(area);

/**
 * 数据质量 for the area on screen: each figure a button opening the list behind it (`list`, in the URL), the
 * sub-areas' figures, and the source rows the extract tool rejected or merged. Children appear only as counts.
 * Above the county, {@link QualityAbove}: the same figures from the aggregate table.
 */
export function QualityPanel({ ctx, list, onList }: { ctx: ThemeContext; list: ListId | null; onList: (list: ListId | null) => void }) {
  const { conn, extract, date, scope } = ctx;
  const manifest = extract.manifest;
  const belowCounty = scope.level === 'county' || scope.level === 'township' || scope.level === 'village';
  const months = staleMonths();
  const subLevel = subLevelOf(scope);
  const scopeQuery = useQuery({ ...measureQuery(conn, extract, 'quality', qualitySql, { level: scope.level, parentCode: scope.parentCode, asOf: date, staleMonths: months }), enabled: belowCounty });
  const subQuery = useQuery({ ...measureQuery(conn, extract, 'quality', qualitySql, { level: subLevel ?? 'village', parentCode: scope.code, asOf: date, staleMonths: months }), enabled: belowCounty && subLevel !== null });
  const villageParent = scope.level === 'township' ? scope.code : scope.level === 'village' ? scope.parentCode : null;
  const villagesQuery = useQuery({
    ...measureQuery(conn, extract, 'quality', qualitySql, { level: 'village', parentCode: villageParent, asOf: date, staleMonths: months }),
    enabled: belowCounty && isChildList(list),
  });
  const pointsQuery = useQuery({ ...measureQuery(conn, extract, 'quality-points', qualityPointsSql, { areaCode: scope.code }), enabled: belowCounty });
  const regionsQuery = useQuery({ ...measureQuery(conn, extract, 'quality-regions', qualityRegionsSql, { areaCode: scope.code }), enabled: belowCounty });

  const points = useMemo<PlacedPoint[] | null>(
    () => {
      if (!pointsQuery.data) return null;
      const rows = rowsOf<QualityPointRow>(pointsQuery.data);
      const placed = placePoints(rows);
      return rows.map((r, i) => ({ ...r, placement: placed[i] as Placement }));
    },
    [pointsQuery.data],
  );
  if (!belowCounty) return <QualityAbove ctx={ctx} list={list} onList={onList} />;
  const row = scopeQuery.data ? (rowsOf<QualityRow>(scopeQuery.data).find((r) => r.code === scope.code) ?? null) : null;
  const regions = regionsQuery.data ? rowsOf<QualityRegionRow>(regionsQuery.data) : null;
  const count = (id: 'outside' | 'unchecked' | 'noShape' | 'virtual'): number | null => {
    if (id === 'outside' || id === 'unchecked') {
      if (!points) return null;
      return points.filter((p) => (id === 'outside' ? p.placement === 'outside' : p.placement === 'no_shape' || p.placement === 'schematic')).length;
    }
    if (!regions) return null;
    return regions.filter((r) => (id === 'noShape' ? !r.has_shape : r.unit_type === 'other')).length;
  };
  // In an extract of several counties, the county's own source rows when the manifest records them per county.
  const countyRows = manifest.counties.length > 1 && ctx.county ? sourceRowsIn(manifest, ctx.county.code) : null;
  const sourceRows = countyRows ?? manifest.quality?.source_rows ?? null;
  const sourceTotals = sourceRows ? Object.values(sourceRows).reduce((t, c) => ({ rejected: t.rejected + c.rejected, merged: t.merged + c.merged }), { rejected: 0, merged: 0 }) : null;
  const n = (k: keyof QualityRow) => (row ? Number(row[k]) : null);
  const stations = n('stations') ?? 0;
  const outside = count('outside');
  const unchecked = count('unchecked');

  interface Figure {
    id: ListId;
    value: number | null;
    unit: string;
    note?: string;
    warn: boolean;
  }
  const figures: Figure[] = [
    { id: 'ungraded', value: n('ungraded'), unit: units.person, note: row ? [q.ofChildren(row.children), q.share(row.ungraded, row.children)].filter(Boolean).join('，') : undefined, warn: (n('ungraded') ?? 0) > 0 },
    { id: 'stale', value: n('stale'), unit: units.person, note: row ? q.share(row.stale, row.children) : undefined, warn: (n('stale') ?? 0) > 0 },
    { id: 'visits_off_roll', value: n('visits_off_roll'), unit: units.record, warn: (n('visits_off_roll') ?? 0) > 0 },
    { id: 'assessments_off_roll', value: n('assessments_off_roll'), unit: units.record, warn: (n('assessments_off_roll') ?? 0) > 0 },
    { id: 'stations_no_coords', value: n('stations_no_coords'), unit: units.item, note: row ? q.ofStations(stations) : undefined, warn: (n('stations_no_coords') ?? 0) > 0 },
    { id: 'points_outside', value: outside, unit: units.item, warn: (outside ?? 0) > 0 },
    { id: 'points_unchecked', value: unchecked, unit: units.item, warn: false },
    { id: 'regions_no_shape', value: count('noShape'), unit: units.item, warn: (count('noShape') ?? 0) > 0 },
    { id: 'virtual_units', value: count('virtual'), unit: units.item, warn: false },
    { id: 'source_rows', value: sourceTotals ? sourceTotals.rejected + sourceTotals.merged : null, unit: units.row, note: sourceTotals ? `${q.rejectedMerged(sourceTotals.rejected, sourceTotals.merged)}${scope.level === 'county' ? '' : countyRows ? q.wholeCountyShort : q.wholeExtractShort}` : q.notRecorded, warn: (sourceTotals?.rejected ?? 0) > 0 },
  ];
  const loading = (f: Figure) => f.value === null && !(f.id === 'source_rows');

  return (
    <>
      <Section title={q.title} testId="quality">
        <p className="note">{q.intro}</p>
        <div className="kpis quality-figures">
          {figures.map((f) => (
            <button
              type="button"
              key={f.id}
              className={`kpi quality-figure${f.warn ? ' warn' : ''}${list === f.id ? ' active' : ''}`}
              title={`${q.figures[f.id].def}（${list === f.id ? q.closeList : q.openList}）`}
              aria-expanded={list === f.id}
              onClick={() => onList(list === f.id ? null : f.id)}
              data-testid={`quality-${f.id}`}
            >
              <div className="kpi-label">{q.figures[f.id].label}</div>
              <div className="kpi-value" data-testid={`quality-value-${f.id}`}>
                {loading(f) ? <span className="kpi-pending">…</span> : f.value === null ? '—' : <>{formatCount(f.value)}<small>{f.unit}</small></>}
              </div>
              {f.note && <div className="kpi-note">{f.note}</div>}
            </button>
          ))}
        </div>
        {points && points.length > 0 && unchecked === points.length && <p className="note" data-testid="quality-unchecked-all">{q.allUnchecked}</p>}
      </Section>
      {list && (
        <Section title={`${q.figures[list].label} · ${q.listTitle}`} testId="quality-list">
          <QualityList ctx={ctx} list={list} villages={villagesQuery.data ? rowsOf<QualityRow>(villagesQuery.data).filter((r) => inside(r.code, scope.code)) : null} points={points} regions={regions} sourceRows={sourceRows} perCounty={countyRows !== null} />
        </Section>
      )}
      {subLevel && (
        <QualitySubAreas ctx={ctx} level={subLevel} rows={subQuery.data ? rowsOf<QualityRow>(subQuery.data) : null} />
      )}
      <footer className="footnotes">
        {figures.map((f) => (
          <p key={f.id}>
            {q.figures[f.id].label}：{q.figures[f.id].def}
          </p>
        ))}
        <p>{DEFAULT_SETTINGS.recordUpdate.note}</p>
        <p>{q.childrenOnlyCounts}</p>
      </footer>
    </>
  );
}

interface QualityListProps {
  ctx: ThemeContext;
  list: ListId;
  villages: QualityRow[] | null;
  points: PlacedPoint[] | null;
  regions: QualityRegionRow[] | null;
  sourceRows: Partial<Record<TableName, SourceRowCounts>> | null;
  /** The source rows are the county's own, not the whole extract's. */
  perCounty: boolean;
}

/** The list behind one figure: villages with counts, stations and points, regions, or the source rows per table. */
function QualityList({ ctx, list, villages, points, regions, sourceRows, perCounty }: QualityListProps) {
  const { date, geometry } = ctx;
  const threshold = ctx.extract.manifest.small_cell_threshold;
  const label = q.figures[list].label;
  const exportName = `${exportAreaLabel(ctx)}_${q.exportList}_${label}_${date}`;
  const exportMeta = exportMetaOf(ctx, `${exportAreaLabel(ctx)}${q.exportList}：${label}`, date);
  const common = { testId: 'quality-list-table', exportName, exportMeta, threshold, limit: 30, empty: q.emptyList };
  if (isChildList(list)) {
    const value = (r: QualityRow) => Number(r[list]);
    const rows = villages ? villages.filter((r) => value(r) > 0).sort((a, b) => value(b) - value(a) || a.code.localeCompare(b.code)) : null;
    const townshipName = (r: QualityRow) => geometry.byCode.get(geometry.byCode.get(r.code)?.parentCode ?? '')?.name ?? '';
    const columns: AreaColumn<QualityRow>[] = [
      { header: levelNames.village, show: (r) => r.name },
      { header: q.table.township, show: townshipName },
      { header: q.figures[list].label, show: (r) => formatCount(value(r)), numeric: true, count: true, csv: value },
    ];
    return (
      <>
        <AreaTable<QualityRow> {...common} rows={rows} rowKey={(r) => r.code} onSelect={(r) => ctx.select(r.code)} columns={columns} />
        <p className="note">{q.childrenOnlyCounts}</p>
      </>
    );
  }
  if (list === 'stations_no_coords' || list === 'points_outside' || list === 'points_unchecked') {
    const wanted = (p: PlacedPoint) =>
      list === 'stations_no_coords' ? p.source === 'station' && p.placement === 'no_coords' : list === 'points_outside' ? p.placement === 'outside' : p.placement === 'no_shape' || p.placement === 'schematic';
    const rows = points ? points.filter(wanted) : null;
    return (
      <>
        <AreaTable<PlacedPoint>
          {...common}
          rows={rows}
          rowKey={(p) => `${p.source}:${p.id}`}
          onSelect={(p) => (geometry.byCode.has(p.region_code) && p.region_level !== 'county' ? ctx.select(p.region_code) : undefined)}
          columns={[
            { header: q.table.id, show: (p) => p.id },
            { header: q.table.kind, show: (p) => (p.source === 'station' ? (q.stationKinds[p.kind ?? ''] ?? q.source.station) : q.source.water_point) },
            { header: q.table.region, show: (p) => p.region_name },
            { header: q.table.problem, show: (p) => q.placement[p.placement] },
          ]}
        />
      </>
    );
  }
  if (list === 'regions_no_shape' || list === 'virtual_units') {
    const rows = regions ? regions.filter((r) => (list === 'regions_no_shape' ? !r.has_shape : r.unit_type === 'other')) : null;
    return (
      <AreaTable<QualityRegionRow>
        {...common}
        rows={rows}
        rowKey={(r) => r.code}
        onSelect={(r) => ctx.select(r.code)}
        columns={[
          { header: q.table.area, show: (r) => r.name },
          { header: q.table.level, show: (r) => levelNames[r.level] },
          { header: q.table.township, show: (r) => r.township_name },
          { header: q.table.problem, show: (r) => q.regionProblems(r.has_shape, r.unit_type === 'other') },
        ]}
      />
    );
  }
  // Source rows: the whole extract, per table.
  if (!sourceRows) return <p className="note" data-testid="quality-list-table">{q.notRecorded}</p>;
  const rows = Object.entries(sourceRows).map(([table, c]) => ({ table, ...c }));
  return (
    <>
      <p className="note">{perCounty ? q.wholeCounty : q.wholeExtract}</p>
      <AreaTable<{ table: string } & SourceRowCounts>
        {...common}
        rows={rows}
        rowKey={(r) => r.table}
        columns={[
          { header: q.table.table, show: (r) => q.tableName(r.table) },
          { header: q.table.read, show: (r) => formatCount(r.read), numeric: true, count: true, csv: (r) => r.read },
          { header: q.table.written, show: (r) => formatCount(r.written), numeric: true, count: true, csv: (r) => r.written },
          { header: q.table.merged, show: (r) => formatCount(r.merged), numeric: true, count: true, csv: (r) => r.merged },
          { header: q.table.rejected, show: (r) => formatCount(r.rejected), numeric: true, count: true, csv: (r) => r.rejected },
        ]}
      />
    </>
  );
}

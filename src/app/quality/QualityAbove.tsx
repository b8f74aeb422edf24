import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import type { SourceRowCounts } from '../../extract/schema';
import { formatCount, levelNames, units } from '../../i18n/zh';
import { qualityText as q } from '../../i18n/zh-quality';
import { aggregateAreasSql } from '../../measures/aggregate-read';
import type { QualityRow } from '../../measures/quality';
import { DEFAULT_SETTINGS } from '../../policy/settings';
import { AreaTable } from '../panel/AreaTable';
import { exportAreaLabel, exportMetaOf } from '../panel/export-meta';
import { Section } from '../panel/Section';
import { measureQuery } from '../queries';
import { childLevelOf, type ThemeContext } from '../themes/context';
import type { QualityView } from '../url-state';
import { QualitySubAreas } from './QualitySubAreas';
import { sourceRowsIn } from './source-rows';

type ListId = Exclude<QualityView, 'on'>;

/** Whether the loaded extract has the quality aggregate (older extracts do not). */
export const hasQualityAggregate = (ctx: ThemeContext) => (ctx.extract.aggregates ?? []).includes('agg_quality');

/** agg_quality's rows for the areas of a scope at the month on screen: the rows `qualitySql` gives from raw rows. */
export function qualityAggregateQuery(ctx: ThemeContext, scope: { level: ThemeContext['scope']['level']; parentCode: string | null }) {
  return measureQuery(ctx.conn, ctx.extract, 'aggregate-areas', aggregateAreasSql, { table: 'agg_quality' as const, level: scope.level, parentCode: scope.parentCode, month: ctx.month });
}

/** A figure's count in an agg_quality row; null for the figures that need raw rows (points against boundaries) or the manifest. */
export function aggregateFigure(id: ListId, r: QualityRow): number | null {
  switch (id) {
    case 'ungraded':
    case 'stale':
    case 'visits_off_roll':
    case 'assessments_off_roll':
    case 'stations_no_coords':
    case 'virtual_units':
      return Number(r[id]);
    case 'regions_no_shape':
      return Number(r.villages_no_shape) + Number(r.townships_no_shape);
    case 'points_outside':
    case 'points_unchecked':
      // Placing a point needs the points and their region's boundary: a county's raw rows.
      return null;
    case 'source_rows':
      return null;
  }
}

/** What the per-county list of a figure counts: the figure itself, or for points, the stations and points to check. */
const listValue = (id: ListId, r: QualityRow): number => aggregateFigure(id, r) ?? Number(r.stations) + Number(r.water_points);

/**
 * 数据质量 above the county (a city or province), from agg_quality alone: no raw row is read. Each figure opens the
 * counties' counts, a row entering that county, where the list behind the figure is; points against their region's
 * boundary are checked only there. Source rows come from the manifest, per county when it records them.
 */
export function QualityAbove({ ctx, list, onList }: { ctx: ThemeContext; list: ListId | null; onList: (list: ListId | null) => void }) {
  const { extract, scope, date, geometry } = ctx;
  const manifest = extract.manifest;
  const threshold = manifest.small_cell_threshold;
  const present = hasQualityAggregate(ctx);
  const sub = childLevelOf(scope) as 'city' | 'county';
  const scopeQuery = useQuery({ ...qualityAggregateQuery(ctx, { level: scope.level, parentCode: scope.parentCode }), enabled: present });
  const subQuery = useQuery({ ...qualityAggregateQuery(ctx, { level: sub, parentCode: scope.code }), enabled: present });
  // The counties of the scope: a city's own, or every county of the province's extract.
  const countiesQuery = useQuery({ ...qualityAggregateQuery(ctx, { level: 'county', parentCode: scope.level === 'city' ? scope.code : null }), enabled: present && list !== null });
  if (!present) {
    return (
      <Section title={q.title} testId="quality">
        <p className="note" data-testid="quality-above-county">{q.above.noTable}</p>
      </Section>
    );
  }
  const row = scopeQuery.data ? (rowsOf<QualityRow>(scopeQuery.data).find((r) => r.code === scope.code) ?? null) : null;
  const sourceRows = sourceRowsIn(manifest, scope.code);
  const sourceTotals = sourceRows ? Object.values(sourceRows).reduce((t, c) => ({ rejected: t.rejected + c.rejected, merged: t.merged + c.merged }), { rejected: 0, merged: 0 }) : null;
  const value = (id: ListId) => (row ? aggregateFigure(id, row) : null);
  const ids: ListId[] = ['ungraded', 'stale', 'visits_off_roll', 'assessments_off_roll', 'stations_no_coords', 'points_outside', 'points_unchecked', 'regions_no_shape', 'virtual_units', 'source_rows'];
  const unit = (id: ListId) => (id === 'ungraded' || id === 'stale' ? units.person : id === 'visits_off_roll' || id === 'assessments_off_roll' ? units.record : id === 'source_rows' ? units.row : units.item);
  const note = (id: ListId): string | undefined => {
    if (id === 'points_outside' || id === 'points_unchecked') return q.above.inCounty;
    if (id === 'source_rows') return sourceTotals ? q.rejectedMerged(sourceTotals.rejected, sourceTotals.merged) : q.notRecorded;
    if (!row) return undefined;
    if (id === 'ungraded') return [q.ofChildren(row.children), q.share(row.ungraded, row.children)].filter(Boolean).join('，');
    if (id === 'stale') return q.share(row.stale, row.children);
    if (id === 'stations_no_coords') return q.ofStations(row.stations);
    return undefined;
  };
  const shown = (id: ListId): number | null => (id === 'source_rows' ? (sourceTotals ? sourceTotals.rejected + sourceTotals.merged : null) : value(id));
  const pending = (id: ListId) => !row && id !== 'source_rows' && id !== 'points_outside' && id !== 'points_unchecked';
  const warn = (id: ListId) => (id === 'source_rows' ? (sourceTotals?.rejected ?? 0) > 0 : id !== 'virtual_units' && (shown(id) ?? 0) > 0);
  const subRows = subQuery.data ? rowsOf<QualityRow>(subQuery.data) : null;

  return (
    <>
      <Section title={q.title} testId="quality">
        <p className="note">{q.above.intro}</p>
        <div className="kpis quality-figures">
          {ids.map((id) => (
            <button
              type="button"
              key={id}
              className={`kpi quality-figure${warn(id) ? ' warn' : ''}${list === id ? ' active' : ''}`}
              title={`${q.figures[id].def}（${list === id ? q.closeList : q.openList}）`}
              aria-expanded={list === id}
              onClick={() => onList(list === id ? null : id)}
              data-testid={`quality-${id}`}
            >
              <div className="kpi-label">{q.figures[id].label}</div>
              <div className="kpi-value" data-testid={`quality-value-${id}`}>
                {pending(id) ? <span className="kpi-pending">…</span> : shown(id) === null ? '—' : <>{formatCount(shown(id) as number)}<small>{unit(id)}</small></>}
              </div>
              {note(id) && <div className="kpi-note">{note(id)}</div>}
            </button>
          ))}
        </div>
      </Section>
      {list && list !== 'source_rows' && (
        <Section title={`${q.figures[list].label} · ${q.above.byCounty}`} testId="quality-list">
          <p className="note" data-testid="quality-enter-county">{q.above.enterCounty(q.figures[list].label)}</p>
          <AreaTable<QualityRow>
            testId="quality-list-table"
            rows={countiesQuery.data ? rowsOf<QualityRow>(countiesQuery.data).filter((r) => listValue(list, r) > 0).sort((a, b) => listValue(list, b) - listValue(list, a) || a.code.localeCompare(b.code)) : null}
            rowKey={(r) => r.code}
            onSelect={(r) => ctx.select(r.code)}
            exportName={`${exportAreaLabel(ctx)}_${q.exportList}_${q.figures[list].label}_${date}`}
            exportMeta={exportMetaOf(ctx, `${exportAreaLabel(ctx)}${q.exportList}：${q.figures[list].label}（${levelNames.county}）`, date)}
            threshold={threshold}
            limit={30}
            empty={q.emptyList}
            columns={[
              // The name says the row is a way in; exports write the name alone.
              { header: levelNames.county, show: (r) => `${r.name}${q.above.enterMark}`, csv: (r) => r.name },
              ...(scope.level === 'province' ? [{ header: levelNames.city, show: (r: QualityRow) => geometry.byCode.get(r.code.slice(0, 4))?.name ?? '' }] : []),
              {
                header: list === 'points_outside' || list === 'points_unchecked' ? q.above.pointsToCheck : q.figures[list].label,
                show: (r) => formatCount(listValue(list, r)),
                numeric: true,
                count: true,
                csv: (r) => listValue(list, r),
              },
            ]}
          />
        </Section>
      )}
      {list === 'source_rows' && (
        <Section title={`${q.figures.source_rows.label} · ${q.listTitle}`} testId="quality-list">
          <SourceRowsTable ctx={ctx} rows={sourceRows} />
        </Section>
      )}
      <QualitySubAreas ctx={ctx} level={sub} rows={subRows} />
      <footer className="footnotes">
        {ids.map((id) => (
          <p key={id}>
            {q.figures[id].label}：{q.figures[id].def}
          </p>
        ))}
        <p>{q.above.fromAggregate}</p>
        <p>{DEFAULT_SETTINGS.recordUpdate.note}</p>
        <p>{q.childrenOnlyCounts}</p>
      </footer>
    </>
  );
}

/** The source rows per table, summed over the counties of the scope (or the whole extract's, as recorded). */
function SourceRowsTable({ ctx, rows }: { ctx: ThemeContext; rows: Partial<Record<string, SourceRowCounts>> | null }) {
  const { date } = ctx;
  if (!rows) return <p className="note" data-testid="quality-list-table">{q.notRecorded}</p>;
  const label = q.figures.source_rows.label;
  return (
    <AreaTable<{ table: string } & SourceRowCounts>
      testId="quality-list-table"
      rows={Object.entries(rows).map(([table, c]) => ({ table, ...(c as SourceRowCounts) }))}
      rowKey={(r) => r.table}
      exportName={`${exportAreaLabel(ctx)}_${q.exportList}_${label}_${date}`}
      exportMeta={exportMetaOf(ctx, `${exportAreaLabel(ctx)}${q.exportList}：${label}`, date)}
      threshold={ctx.extract.manifest.small_cell_threshold}
      columns={[
        { header: q.table.table, show: (r) => q.tableName(r.table) },
        { header: q.table.read, show: (r) => formatCount(r.read), numeric: true, count: true, csv: (r) => r.read },
        { header: q.table.written, show: (r) => formatCount(r.written), numeric: true, count: true, csv: (r) => r.written },
        { header: q.table.merged, show: (r) => formatCount(r.merged), numeric: true, count: true, csv: (r) => r.merged },
        { header: q.table.rejected, show: (r) => formatCount(r.rejected), numeric: true, count: true, csv: (r) => r.rejected },
      ]}
    />
  );
}

import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { qualityText } from '../../i18n/zh-quality';
import { placePoints, qualityPointsSql, qualitySql, type QualityPointRow, type QualityRow } from '../../measures/quality';
import { DEFAULT_SETTINGS } from '../../policy/settings';
import { measureQuery } from '../queries';
import type { ThemeContext } from '../themes/context';
import type { ThemeId } from '../url-state';
import { hasQualityAggregate, qualityAggregateQuery } from './QualityAbove';
import { SHAKY_KINDS, shakyLine, type ShakyKind, type ShakyPart } from './shaky';

/**
 * One line under a theme's alerts when its figures rest on shaky data (see ./shaky.ts), with a link to the 数据质量
 * view; nothing otherwise.
 */
export function DataQualityLine({ ctx, theme, onOpen }: { ctx: ThemeContext; theme: ThemeId; onOpen: () => void }) {
  const line = useShakyLine(ctx, theme);
  if (!line) return null;
  return (
    <p className="quality-line" data-testid="quality-line" title={DEFAULT_SETTINGS.dataQuality.note}>
      {line}
      <button type="button" className="link" onClick={onOpen} data-testid="quality-line-open">
        {qualityText.shaky.open}
      </button>
    </p>
  );
}

/**
 * The shaky-data line of `theme` for `ctx.scope`, or null (none, or its counts not read yet). Above the county the
 * counts come from the aggregate table agg_quality (none from an extract without it), and water points are not
 * placed (that needs a county's boundaries and points).
 */
export function useShakyLine(ctx: ThemeContext, theme: ThemeId): string | null {
  const { conn, extract, date, scope } = ctx;
  const kinds = SHAKY_KINDS[theme];
  const needsPoints = kinds.includes('pointsOutside');
  const belowCounty = scope.level === 'county' || scope.level === 'township' || scope.level === 'village';
  const params = { level: scope.level, parentCode: scope.parentCode, asOf: date, staleMonths: DEFAULT_SETTINGS.recordUpdate.intervalMonths };
  const areaQuery = useQuery({ ...measureQuery(conn, extract, 'quality', qualitySql, params), enabled: belowCounty && !needsPoints });
  const pointsQuery = useQuery({ ...measureQuery(conn, extract, 'quality-points', qualityPointsSql, { areaCode: scope.code }), enabled: belowCounty && needsPoints });
  // Above the county, the counts of the aggregate table; points are placed against boundaries only in a county.
  const aboveQuery = useQuery({ ...qualityAggregateQuery(ctx, { level: scope.level, parentCode: scope.parentCode }), enabled: !belowCounty && !needsPoints && hasQualityAggregate(ctx) });
  let parts: ShakyPart[] = [];
  if (!belowCounty) {
    const row = aboveQuery.data ? rowsOf<QualityRow>(aboveQuery.data).find((r) => r.code === scope.code) : undefined;
    if (row) parts = partsOf(kinds, row);
  } else if (needsPoints && pointsQuery.data) {
    const water = rowsOf<QualityPointRow>(pointsQuery.data).filter((p) => p.source === 'water_point');
    parts = [{ kind: 'pointsOutside', doubtful: placePoints(water).filter((p) => p === 'outside').length, total: water.length }];
  } else if (areaQuery.data) {
    const row = rowsOf<QualityRow>(areaQuery.data).find((r) => r.code === scope.code);
    if (row) parts = partsOf(kinds, row);
  }
  return shakyLine(parts);
}

/** The parts of a theme's line from one area's counts (raw or aggregated: the same row). */
function partsOf(kinds: readonly ShakyKind[], row: QualityRow): ShakyPart[] {
  const of = { ungraded: [row.ungraded, row.children], stale: [row.stale, row.children], stationsNoCoords: [row.stations_no_coords, row.stations], pointsOutside: [0, 0] } as const;
  return kinds.map((kind) => ({ kind, doubtful: Number(of[kind][0]), total: Number(of[kind][1]) }));
}

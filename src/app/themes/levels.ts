/**
 * The views above the county (a province or a city): each theme's map reads the map root's children (a province's
 * cities, a city's counties) from the aggregate tables, through {@link aggregateAreasSql}, which gives the rows the
 * theme's measure builder gives. Nothing that exists only as raw rows (station and water points, village lists,
 * 督办清单, 强制报告) is shown there.
 */
import type { QueryPriority } from '../../db/query-queue';
import type { AggregateTableName } from '../../extract/schema';
import { levelsText } from '../../i18n/zh-levels';
import type { MapTheme } from '../../map/map-theme';
import { aggregateAreasSql } from '../../measures/aggregate-read';
import { computedInBrowser } from '../custom-runs';
import { measureQuery } from '../queries';
import type { ThemeId } from '../url-state';
import { childLevelOf, type ThemeContext } from './context';

/** Each theme's aggregate table. */
export const THEME_AGGREGATES: Record<ThemeId, AggregateTableName> = {
  risk: 'agg_risk',
  visits: 'agg_visits',
  stations: 'agg_stations',
  water: 'agg_water',
  guardianship: 'agg_guardianship',
};

/** The visit profile as agg_visits keys it (only visits reads one). */
export function aggregateProfile(ctx: ThemeContext, theme: ThemeId): string | undefined {
  return theme === 'visits' ? ctx.profile.id : undefined;
}

/**
 * Whether agg_visits holds the visit profile in view: the extract's aggregates (built-in profiles), or a county's own
 * profile once computed in the browser from the counties' raw rows (./custom-above.tsx).
 */
export function profileAggregated(ctx: ThemeContext): boolean {
  return profilePreAggregated(ctx) || computedInBrowser(ctx.extract.id, ctx.profile.id);
}

/** Whether the extract's aggregates hold the visit profile in view (a county's own profile is not pre-aggregated). */
export function profilePreAggregated(ctx: ThemeContext): boolean {
  return ctx.extract.manifest.aggregates?.profiles.includes(ctx.profile.id) ?? false;
}

/** Above the county: the theme's figures for the scope's level and parent at `month`, from the aggregates. */
export function aggregateAreasQuery(ctx: ThemeContext, theme: ThemeId, scope: { level: ThemeContext['scope']['level']; parentCode: string | null }, month = ctx.month, priority: QueryPriority = 'panel') {
  const params = { table: THEME_AGGREGATES[theme], level: scope.level, parentCode: scope.parentCode, month, profileId: aggregateProfile(ctx, theme) };
  return measureQuery(ctx.conn, ctx.extract, 'aggregate-areas', aggregateAreasSql, params, priority);
}

/** Above the county, the map's one level: the map root's children, from the aggregates. */
export function aboveMapQuery(ctx: ThemeContext, theme: ThemeId, priority: QueryPriority = 'map') {
  return aggregateAreasQuery(ctx, theme, { level: childLevelOf(ctx.mapRoot) ?? 'county', parentCode: ctx.mapRoot.code }, ctx.month, priority);
}

const noRowsSql = () => 'SELECT NULL::VARCHAR AS code WHERE false';

/** Points and lists that exist only as raw rows have none above the county: this query stands in for theirs, reading no table. */
export function noRowsQuery(ctx: ThemeContext, priority: QueryPriority = 'map') {
  return measureQuery(ctx.conn, ctx.extract, 'no-rows', noRowsSql, {}, priority);
}

/** Above the county, a theme whose map shows points at county level says where they are (its legend lists them). */
export function withoutPointsNote(theme: MapTheme, above: boolean, id: ThemeId): MapTheme {
  if (!above || (id !== 'stations' && id !== 'water')) return theme;
  return { ...theme, legend: { ...theme.legend, notes: [...(theme.legend.notes ?? []), levelsText.mapNoPoints] } };
}

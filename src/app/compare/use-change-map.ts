import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { QueryPriority } from '../../db/query-queue';
import { formatShare, persons } from '../../i18n/zh';
import { compareText, formatPeriodZh, pointChangeVerb, printedChange } from '../../i18n/zh-compare';
import { AreaValues } from '../../map/area-values';
import { classColour, NO_DATA } from '../../map/colour-scales';
import type { MapTheme } from '../../map/map-theme';
import { aggregateChangeSql, changeSql, FIGURES, type ChangeFigureId } from '../../measures/change';
import type { AreaLevel } from '../../measures/areas';
import { childLevelOf, type ThemeContext, type ThemeMapResult } from '../themes/context';
import { profileAggregated } from '../themes/levels';
import { measureQuery } from '../queries';
import type { ComparePeriods } from '../url-state';
import { CHANGE_CLASSES } from './change-colours';
import { comparedPeriods, figureClasses, figureName } from './figures';

/**
 * The change of a theme's map figure between two periods, for the areas of `level` (within `parentCode`): from the
 * raw rows inside a county, from the aggregate tables alone above it (`ctx.above`: a city's or province's view).
 */
export function changeQuery(ctx: ThemeContext, figure: ChangeFigureId, compare: ComparePeriods, level: AreaLevel, parentCode: string | null, priority: QueryPriority = 'panel') {
  const asOf = ctx.extract.manifest.as_of;
  const { a, b } = comparedPeriods(figure, compare, asOf);
  if (ctx.above) {
    const profileId = figure === 'visits' ? ctx.profile.id : undefined;
    return measureQuery(ctx.conn, ctx.extract, 'aggregate-change', aggregateChangeSql, { figure, level, parentCode, a, b, asOf, profileId }, priority);
  }
  return measureQuery(ctx.conn, ctx.extract, 'change', changeSql, { figure, level, parentCode, a, b, asOf, profile: ctx.profile }, priority);
}

/**
 * Whether the change of `figure` can be shown in this view: above the county, the visit figure needs a profile the
 * aggregates hold (a county's own profile is there only once computed in the browser).
 */
export function changeAvailable(ctx: ThemeContext, figure: ChangeFigureId): boolean {
  return !ctx.above || figure !== 'visits' || profileAggregated(ctx);
}

/** The maps of the split view: period A and period B, each coloured by its own period's figure on one scale. */
export interface PeriodPair {
  a: MapTheme;
  b: MapTheme;
}

/**
 * The change map: every township and village coloured by the change of the theme's map figure from A to B; and,
 * from the same rows, the split view's pair of maps.
 */
export function useChangeMap(ctx: ThemeContext, figure: ChangeFigureId, compare: ComparePeriods | null, active: boolean): ThemeMapResult & { pair: PeriodPair } {
  const periods = compare ?? { a: ctx.month, b: ctx.month };
  // Above the county the map shows one level, the map root's children (a city's counties, a province's cities),
  // which the map reads as it reads villages (as the themes' maps above the county do).
  const above = ctx.above ? changeQuery(ctx, figure, periods, childLevelOf(ctx.mapRoot) ?? 'county', ctx.mapRoot.code, 'map') : null;
  // (A visit profile the aggregates lack reads no rows: every area is drawn as without data, as the visits map is.)
  const enabled = active && compare !== null;
  const towns = useQuery({ ...(above ?? changeQuery(ctx, figure, periods, 'township', null, 'map')), enabled });
  const villages = useQuery({ ...(above ?? changeQuery(ctx, figure, periods, 'village', null, 'map')), enabled });
  const { a, b } = comparedPeriods(figure, periods, ctx.extract.manifest.as_of);
  const map = useMemo<MapTheme>(() => {
    const tv = towns.data ? new AreaValues(towns.data) : null;
    const vv = villages.data ? new AreaValues(villages.data) : null;
    const values = (level: string) => (level === 'township' ? tv : vv);
    const f = FIGURES[figure];
    const name = figureName(figure);
    return {
      // Coloured by the change as printed beside it (the tooltip, the panel), signed so that above 0 is better.
      fill: (feature) => {
        const v = values(feature.level);
        if (!v) return NO_DATA;
        const change = printedChange(v.get(feature.code, 'value_a'), v.get(feature.code, 'value_b'));
        return classColour(CHANGE_CLASSES, change === null ? null : f.higherIsBetter ? change : -change);
      },
      fillKey: [towns.data, villages.data],
      points: [],
      // A change is a rate of children in both periods: exports grey out an area where either side is over too few.
      denominator: f.ofChildren
        ? (feature) => {
            const v = values(feature.level);
            const da = v?.get(feature.code, 'denominator_a') ?? null;
            const db = v?.get(feature.code, 'denominator_b') ?? null;
            return da === null || db === null ? null : Math.min(da, db);
          }
        : undefined,
      legend: {
        title: compareText.legendTitle(name),
        items: [...CHANGE_CLASSES.map((c) => ({ label: c.label, colour: c.colour })), { label: compareText.noData, colour: NO_DATA }],
        definition: compareText.legendDefinition(name, a, b, f.higherIsBetter),
      },
      describe: (feature) => {
        const v = values(feature.level);
        const change = printedChange(v?.get(feature.code, 'value_a') ?? null, v?.get(feature.code, 'value_b') ?? null);
        const lines: [string, string][] = [
          [formatPeriodZh(a), formatShare(v?.get(feature.code, 'value_a') ?? null)],
          [formatPeriodZh(b), formatShare(v?.get(feature.code, 'value_b') ?? null)],
          [compareText.change, change === null ? '—' : pointChangeVerb(change)],
        ];
        if (f.ofChildren) lines.push([compareText.denominators, `${persons(v?.get(feature.code, 'denominator_a') ?? 0)} → ${persons(v?.get(feature.code, 'denominator_b') ?? 0)}`]);
        return lines;
      },
    };
  }, [towns.data, villages.data, figure, a, b]);
  const pair = useMemo<PeriodPair>(() => {
    const tv = towns.data ? new AreaValues(towns.data) : null;
    const vv = villages.data ? new AreaValues(villages.data) : null;
    const values = (level: string) => (level === 'township' ? tv : vv);
    const classes = figureClasses(figure);
    const name = figureName(figure);
    const legend = {
      title: compareText.pairLegendTitle(name),
      items: [...classes.map((c) => ({ label: c.label, colour: c.colour })), { label: compareText.pairNoData, colour: NO_DATA }],
      definition: compareText.pairLegendDefinition(name, a, b),
    };
    const side = (column: 'value_a' | 'value_b'): MapTheme => ({
      fill: (feature) => {
        const v = values(feature.level);
        return v ? classColour(classes, v.get(feature.code, column)) : NO_DATA;
      },
      fillKey: [towns.data, villages.data, column],
      points: [],
      legend,
      describe: map.describe,
      // As on the change map: the pair shows both periods of an area, so an export greys it out on both maps
      // when either side is over too few children.
      denominator: map.denominator,
    });
    return { a: side('value_a'), b: side('value_b') };
  }, [towns.data, villages.data, figure, a, b, map]);
  return { map, pair, ready: Boolean(towns.data && villages.data), error: towns.error ?? villages.error };
}

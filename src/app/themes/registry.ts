/**
 * The themes, declared once: the dashboard (map hook, panel) and prefetching read them from here, the toolbar and
 * the big screen iterate THEME_IDS in this order, and each theme's headline figure is in ./headline.ts.
 */
import type { ComponentType } from 'react';
import type { QueryPriority } from '../../db/query-queue';
import type { measureQuery } from '../queries';
import { THEME_IDS, type ThemeId } from '../url-state';
import type { ThemeContext, ThemeMapResult } from './context';
import { GuardianshipPanel, guardianshipMapQueries, useGuardianshipMap } from './guardianship';
import { RiskPanel, riskMapQueries, useRiskMap } from './risk';
import { StationsPanel, stationsMapQueries, useStationsMap } from './stations';
import { useVisitsMap, VisitsPanel, visitsMapQueries } from './visits';
import { useWaterMap, WaterPanel, waterMapQueries } from './water';

export interface ThemeEntry {
  /** The map's queries (prefetching runs them ahead at `priority`). */
  mapQueries: (ctx: ThemeContext, priority?: QueryPriority) => readonly ReturnType<typeof measureQuery<unknown>>[];
  /** A React hook: the map's colouring, querying only while `active`. */
  useMap: (ctx: ThemeContext, active: boolean) => ThemeMapResult;
  Panel: ComponentType<{ ctx: ThemeContext }>;
}

export const THEMES: Record<ThemeId, ThemeEntry> = {
  risk: { mapQueries: riskMapQueries, useMap: useRiskMap, Panel: RiskPanel },
  visits: { mapQueries: visitsMapQueries, useMap: useVisitsMap, Panel: VisitsPanel },
  stations: { mapQueries: stationsMapQueries, useMap: useStationsMap, Panel: StationsPanel },
  water: { mapQueries: waterMapQueries, useMap: useWaterMap, Panel: WaterPanel },
  guardianship: { mapQueries: guardianshipMapQueries, useMap: useGuardianshipMap, Panel: GuardianshipPanel },
};

/**
 * Every theme's map hook, each on every render (hooks may not be conditional; THEME_IDS is a constant, so the calls
 * come in the same order each time); only the theme `activeTheme` queries, and none when `mapShown` is false.
 */
export function useThemeMaps(ctx: ThemeContext, activeTheme: ThemeId, mapShown: boolean): Record<ThemeId, ThemeMapResult> {
  const results = {} as Record<ThemeId, ThemeMapResult>;
  for (const id of THEME_IDS) results[id] = THEMES[id].useMap(ctx, mapShown && id === activeTheme);
  return results;
}

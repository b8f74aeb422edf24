import type { Connector } from '../../db/connector';
import type { LoadedExtract } from '../../db/load-extract';
import type { MapTheme } from '../../map/map-theme';
import type { RegionFeature, RegionGeometry } from '../../map/region-features';
import type { VisitProfile } from '../../policy/profile';

/** Everything a theme needs to know about the current view. */
export interface ThemeContext {
  conn: Connector;
  extract: LoadedExtract;
  geometry: RegionGeometry;
  /** Selected month, `YYYY-MM`. */
  month: string;
  /** The date the month is evaluated at: its end, or the extract's as-of date when earlier. */
  date: string;
  /** The township drilled into (also when a village of it is selected), or null. */
  township: string | null;
  /** The area whose figures the panel shows. */
  scope: RegionFeature;
  /**
   * The scope is above the county (a province or city): every figure comes from the aggregate tables, none from the
   * raw rows (src/app/themes/levels.ts).
   */
  above: boolean;
  /** The area the map shows the inside of (src/map/region-features.ts, mapRootOf): the scope, or its county. */
  mapRoot: RegionFeature;
  /** The county the scope lies in (itself for a county); null above the county. */
  county: RegionFeature | null;
  profile: VisitProfile;
  profiles: VisitProfile[];
  select: (code: string | null) => void;
}

export interface ThemeMapResult {
  map: MapTheme;
  ready: boolean;
  error: unknown;
}

/** The level below the scope, whose areas a panel lists (townships of the county, villages of a township). */
export function subLevelOf(scope: RegionFeature): 'township' | 'village' | null {
  return scope.level === 'county' ? 'township' : scope.level === 'township' ? 'village' : null;
}

/** The level of an area's children: a province's cities, a city's counties, a county's townships, a township's villages. */
export function childLevelOf(area: { level: RegionFeature['level'] }): 'city' | 'county' | 'township' | 'village' | null {
  return ({ province: 'city', city: 'county', county: 'township', township: 'village', village: null } as const)[area.level];
}
/** The scope as the area-ref measures take. */
export function areaOf(scope: RegionFeature) {
  return { level: scope.level, code: scope.code };
}

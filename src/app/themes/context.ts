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

/** The scope as the area-ref measures take. */
export function areaOf(scope: RegionFeature) {
  return { level: scope.level, code: scope.code };
}

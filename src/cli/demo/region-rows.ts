/**
 * The regions table rows of a generated extract, one function for the county demo (./county.ts), the city demo's
 * other counties (./city.ts) and the benchmark: every boundary the generators draw is schematic.
 */
import type { MultiPolygonCoords, PolygonCoords } from '../../extract/wkb';
import { encodeGeometry } from '../extract/regions';
import type { Row } from '../write-extract';
import type { PopulationRegion } from './population';

/** A generated region: its boundary as one polygon or several, or null for a unit without territory of its own. */
export interface GeneratedRegion extends PopulationRegion {
  polygons: MultiPolygonCoords | null;
}

/** Targets per township code (the 关爱之家 and the village stations it is to have). */
export type TownshipTargets = ReadonlyMap<string, { homes: number; stations: number }>;

/**
 * One row per region, in the order given: the boundary as WKB (a Polygon when there is one polygon, else a
 * MultiPolygon; see encodeGeometry), marked schematic; the targets of `targets`, null for the others.
 */
export function regionRows(regions: readonly GeneratedRegion[], targets: TownshipTargets = new Map()): Row[] {
  return regions.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    unit_type: r.unitType,
    parent_code: r.parentCode,
    label_lng: r.label[0],
    label_lat: r.label[1],
    geometry: r.polygons ? encodeGeometry(r.polygons) : null,
    boundary_schematic: r.polygons ? true : null,
    target_township_homes: targets.get(r.code)?.homes ?? null,
    target_village_stations: targets.get(r.code)?.stations ?? null,
  }));
}

/** A region with a single schematic polygon (the county demo's Voronoi cells) as a {@link GeneratedRegion}. */
export function withPolygons<R extends PopulationRegion & { polygon: PolygonCoords | null }>(region: R): GeneratedRegion {
  const { polygon, ...rest } = region;
  return { ...rest, polygons: polygon ? [polygon] : null };
}

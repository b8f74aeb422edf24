/**
 * 数据质量 (data quality): how far the figures of the other measures can be trusted, per area, from the raw tables.
 *
 * Every row is located by its division code's prefix (the loader refuses a region whose code does not start with
 * its parent's), so a child, visit, station or water point counts towards every area whose code its village's (or
 * its region's) code starts with. Children appear only as counts.
 */
import { decodeWkb, type MultiPolygonCoords } from '../extract/wkb';
import { LEVEL_CODE_LENGTH } from '../extract/schema';
import { areaFilter, type AreaScope } from './areas';
import { dateLiteral, literal } from './sql';

export interface QualityParams extends AreaScope {
  /** ISO date: children on the roll that day, assessments and visits up to it. */
  asOf: string;
  /** A latest colour assessment dated before `asOf` minus this many months is out of date (setting `recordUpdate`, 000 §10). */
  staleMonths: number;
}

/** One row per area, as returned by {@link qualitySql}. */
export interface QualityRow {
  code: string;
  name: string;
  /** Children on the roll at `asOf`. */
  children: number;
  /** Of them, no colour assessment on or before `asOf` (未评估). */
  ungraded: number;
  /** Of them, the latest assessment is older than `staleMonths` before `asOf`. */
  stale: number;
  /** Visits on or before `asOf` dated when their child was not on the roll (before `enrolled_on`, or on or after `exited_on`). */
  visits_off_roll: number;
  /** Colour assessments on or before `asOf` dated when their child was not on the roll. */
  assessments_off_roll: number;
  /** Stations registered to the area or to a region inside it. */
  stations: number;
  /** Of them, without a longitude or latitude. */
  stations_no_coords: number;
  water_points: number;
  /** Village-level units in the area (1 at village level). */
  villages: number;
  /** Village-level units without a boundary. */
  villages_no_shape: number;
  /** Township-level units without a boundary (at township level: the township itself). */
  townships_no_shape: number;
  /** Township- and village-level units of unit type `other` (farms, institutes, virtual communities: 虚拟单位). */
  virtual_units: number;
}

function checkStale(staleMonths: number): number {
  if (!Number.isInteger(staleMonths) || staleMonths < 1) throw new Error(`staleMonths must be a positive integer: ${staleMonths}`);
  return staleMonths;
}

/** SQL: TRUE when the date expression `on` falls outside child `c`'s time on the roll. */
const offRoll = (on: string, c = 'c') => `((${c}.enrolled_on IS NOT NULL AND ${on} < ${c}.enrolled_on) OR (${c}.exited_on IS NOT NULL AND ${on} >= ${c}.exited_on))`;

/**
 * 数据质量 per area: every area of the scope (zeros when empty), ordered by code.
 *
 * - On the roll at D: `enrolled_on` NULL or ≤ D, and `exited_on` NULL or > D (as every measure).
 * - 未评估: no colour assessment on or before D; out of date: the latest on or before D is dated before D minus
 *   `staleMonths` months (the same rule as 监护落实's).
 * - Off the roll: a visit or an assessment on or before D whose date is before its child's `enrolled_on`, or on or
 *   after its `exited_on` — the child was not on the roll that day, so no measure counts it.
 * - Stations, water points and regions by code prefix: a station registered to the county counts for the county
 *   only, never for a township.
 */
export function qualitySql({ level, parentCode, asOf, staleMonths }: QualityParams): string {
  const d = dateLiteral(asOf);
  const months = checkStale(staleMonths);
  const n = LEVEL_CODE_LENGTH[level];
  const at = (column: string) => `left(${column}, ${n})`;
  return `WITH roll AS (
  SELECT child_key, village_code FROM children
  WHERE (enrolled_on IS NULL OR enrolled_on <= ${d}) AND (exited_on IS NULL OR exited_on > ${d})
), latest AS (
  SELECT child_key, max(assessed_on) AS assessed_on FROM colour_assessments WHERE assessed_on <= ${d} GROUP BY child_key
), by_children AS (
  SELECT ${at('r.village_code')} AS code, count(*) AS children,
    count(*) FILTER (WHERE l.assessed_on IS NULL) AS ungraded,
    count(*) FILTER (WHERE l.assessed_on < (${d} - INTERVAL (${months}) MONTH)::DATE) AS stale
  FROM roll r LEFT JOIN latest l USING (child_key)
  GROUP BY 1
), by_visits AS (
  SELECT ${at('c.village_code')} AS code, count(*) AS visits_off_roll
  FROM visits x JOIN children c USING (child_key)
  WHERE x.visited_on <= ${d} AND ${offRoll('x.visited_on')}
  GROUP BY 1
), by_assessments AS (
  SELECT ${at('c.village_code')} AS code, count(*) AS assessments_off_roll
  FROM colour_assessments x JOIN children c USING (child_key)
  WHERE x.assessed_on <= ${d} AND ${offRoll('x.assessed_on')}
  GROUP BY 1
), by_stations AS (
  SELECT ${at('region_code')} AS code, count(*) AS stations,
    count(*) FILTER (WHERE lng IS NULL OR lat IS NULL) AS stations_no_coords
  FROM stations WHERE length(region_code) >= ${n}
  GROUP BY 1
), by_water AS (
  SELECT ${at('village_code')} AS code, count(*) AS water_points FROM water_points GROUP BY 1
), by_regions AS (
  SELECT ${at('code')} AS code,
    count(*) FILTER (WHERE level = 'village') AS villages,
    count(*) FILTER (WHERE level = 'village' AND geometry IS NULL) AS villages_no_shape,
    count(*) FILTER (WHERE level = 'township' AND geometry IS NULL) AS townships_no_shape,
    count(*) FILTER (WHERE unit_type = 'other') AS virtual_units
  FROM regions WHERE level IN ('township', 'village') AND length(code) >= ${n}
  GROUP BY 1
)
SELECT a.code, a.name,
  coalesce(k.children, 0)::INTEGER AS children,
  coalesce(k.ungraded, 0)::INTEGER AS ungraded,
  coalesce(k.stale, 0)::INTEGER AS stale,
  coalesce(v.visits_off_roll, 0)::INTEGER AS visits_off_roll,
  coalesce(s.assessments_off_roll, 0)::INTEGER AS assessments_off_roll,
  coalesce(t.stations, 0)::INTEGER AS stations,
  coalesce(t.stations_no_coords, 0)::INTEGER AS stations_no_coords,
  coalesce(w.water_points, 0)::INTEGER AS water_points,
  coalesce(g.villages, 0)::INTEGER AS villages,
  coalesce(g.villages_no_shape, 0)::INTEGER AS villages_no_shape,
  coalesce(g.townships_no_shape, 0)::INTEGER AS townships_no_shape,
  coalesce(g.virtual_units, 0)::INTEGER AS virtual_units
FROM regions a
LEFT JOIN by_children k ON k.code = a.code
LEFT JOIN by_visits v ON v.code = a.code
LEFT JOIN by_assessments s ON s.code = a.code
LEFT JOIN by_stations t ON t.code = a.code
LEFT JOIN by_water w ON w.code = a.code
LEFT JOIN by_regions g ON g.code = a.code
WHERE ${areaFilter({ level, parentCode })}
ORDER BY a.code`;
}

/** The counts of {@link QualityRow}, in its order: every one adds up from counties to their city and province. */
export const QUALITY_COUNTS = [
  'children',
  'ungraded',
  'stale',
  'visits_off_roll',
  'assessments_off_roll',
  'stations',
  'stations_no_coords',
  'water_points',
  'villages',
  'villages_no_shape',
  'townships_no_shape',
  'virtual_units',
] as const satisfies readonly (keyof QualityRow)[];

export interface QualityUnderParams {
  /** The area (county, township or village code) whose regions, stations and points are listed. */
  areaCode: string;
}

export interface QualityRegionsParams extends QualityUnderParams {
  /** Every township and village inside, not only those without a boundary or virtual. */
  all?: boolean;
}

/** One township or village, as returned by {@link qualityRegionsSql}. */
export interface QualityRegionRow {
  code: string;
  name: string;
  level: 'township' | 'village';
  unit_type: string | null;
  /** The township's name for a village; the township's own for a township. */
  township_name: string;
  has_shape: boolean;
  /** TRUE when its boundary is schematic (示意); NULL without a boundary. */
  schematic: boolean | null;
}

/**
 * 区划清单: the townships and villages inside `areaCode` (and the area itself when it is one) that have no
 * boundary or are virtual units (unit type `other`) — with `all`, every one of them — townships first, by code.
 */
export function qualityRegionsSql({ areaCode, all = false }: QualityRegionsParams): string {
  return `SELECT r.code, r.name, r.level, r.unit_type,
  CASE WHEN r.level = 'village' THEN coalesce(t.name, '') ELSE r.name END AS township_name,
  r.geometry IS NOT NULL AS has_shape,
  CASE WHEN r.geometry IS NOT NULL THEN coalesce(r.boundary_schematic, FALSE) END AS schematic
FROM regions r LEFT JOIN regions t ON t.code = r.parent_code
WHERE r.level IN ('township', 'village') AND starts_with(r.code, ${literal(areaCode)})
  ${all ? '' : "AND (r.geometry IS NULL OR r.unit_type = 'other')"}
ORDER BY CASE r.level WHEN 'township' THEN 0 ELSE 1 END, r.code`;
}

/** One station or water point with its region's boundary, as returned by {@link qualityPointsSql}. */
export interface QualityPointRow {
  source: 'station' | 'water_point';
  id: string;
  /** The station's kind; NULL for a water point. */
  kind: string | null;
  region_code: string;
  region_name: string;
  region_level: string;
  lng: number | null;
  lat: number | null;
  /** The region's boundary (WKB), NULL when it has none. */
  geometry: Uint8Array | null;
  schematic: boolean | null;
}

/**
 * Every station and water point registered inside `areaCode`, with the boundary of the region it is registered
 * to: what {@link placePoint} checks. Stations first, then water points, each by id.
 */
export function qualityPointsSql({ areaCode }: QualityUnderParams): string {
  const under = (column: string) => `starts_with(${column}, ${literal(areaCode)})`;
  return `SELECT p.source, p.id, p.kind, p.region_code, r.name AS region_name, r.level AS region_level, p.lng, p.lat,
  r.geometry, r.boundary_schematic AS schematic
FROM (
  SELECT 'station' AS source, station_id AS id, kind, region_code, lng, lat FROM stations WHERE ${under('region_code')}
  UNION ALL
  SELECT 'water_point' AS source, point_id AS id, NULL AS kind, village_code AS region_code, lng, lat FROM water_points WHERE ${under('village_code')}
) p JOIN regions r ON r.code = p.region_code
ORDER BY p.source, p.id`;
}

/**
 * Where a point stands against its region: `no_coords` (no longitude or latitude), `outside` or `inside` its
 * region's boundary, or not checkable: `no_shape` (the region has no boundary) or `schematic` (the boundary is a
 * schematic drawing, no ground for saying a point is outside it).
 */
export type Placement = 'no_coords' | 'inside' | 'outside' | 'no_shape' | 'schematic';

/** True when (x, y) lies inside the ring (even–odd rule); a closed ring, as WKB decoding returns it. */
function inRing(x: number, y: number, ring: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when (x, y) lies inside the multipolygon: in some polygon's exterior ring and in none of its holes. */
export function inMultiPolygon(x: number, y: number, multi: MultiPolygonCoords): boolean {
  return multi.some(([outer, ...holes]) => outer !== undefined && inRing(x, y, outer) && !holes.some((h) => inRing(x, y, h)));
}

/** The placement of one row of {@link qualityPointsSql}. */
export function placePoint(row: Pick<QualityPointRow, 'lng' | 'lat' | 'geometry' | 'schematic'>): Placement {
  if (row.lng === null || row.lat === null || row.lng === undefined || row.lat === undefined) return 'no_coords';
  if (!row.geometry) return 'no_shape';
  if (row.schematic) return 'schematic';
  return inMultiPolygon(row.lng, row.lat, decodeWkb(row.geometry)) ? 'inside' : 'outside';
}

/**
 * {@link placePoint} for many rows, each region's boundary decoded once (rows of one region share it): the
 * placements in the rows' order.
 */
export function placePoints(rows: readonly Pick<QualityPointRow, 'region_code' | 'lng' | 'lat' | 'geometry' | 'schematic'>[]): Placement[] {
  const decoded = new Map<string, MultiPolygonCoords>();
  return rows.map((row) => {
    if (row.lng === null || row.lat === null || !row.geometry || row.schematic) return placePoint(row);
    let shape = decoded.get(row.region_code);
    if (!shape) {
      shape = decodeWkb(row.geometry);
      decoded.set(row.region_code, shape);
    }
    return inMultiPolygon(row.lng, row.lat, shape) ? 'inside' : 'outside';
  });
}

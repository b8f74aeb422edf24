import type { Table } from 'apache-arrow';
import { decodeWkb, type MultiPolygonCoords } from '../extract/wkb';
import type { RegionLevel } from '../extract/schema';

export interface RegionFeature {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  label: [number, number];
  /** null when the extract has no boundary for this region: drawn as a point at its label. */
  polygons: MultiPolygonCoords | null;
  /** The boundary is schematic (boundary_schematic true), not surveyed. */
  schematic: boolean;
}

/** One polygon of a region, the unit deck.gl's PolygonLayer draws. */
export interface RegionPolygon {
  feature: RegionFeature;
  rings: MultiPolygonCoords[number];
}

export interface RegionGeometry {
  byCode: Map<string, RegionFeature>;
  /** The area outlined under the others: the county (in a drawn geometry, see {@link drawnGeometry}, the root). */
  county: RegionFeature | null;
  /** The areas filled at the first level (in a drawn geometry above the county: the root's cities or counties). */
  townships: RegionFeature[];
  /** The areas filled when zoomed in or drilled (none in a drawn geometry above the county). */
  villages: RegionFeature[];
  /** [west, south, east, north] of everything drawn. */
  bounds: [number, number, number, number];
  /** What the boundaries drawn are: none at all, some schematic, or all surveyed. */
  boundaries: 'none' | 'schematic' | 'surveyed';
}

/** Decodes the regions query (see measures/areas.ts) once per extract. */
export function regionGeometry(table: Table): RegionGeometry {
  const col = (name: string) => table.getChild(name);
  const byCode = new Map<string, RegionFeature>();
  const townships: RegionFeature[] = [];
  const villages: RegionFeature[] = [];
  let county: RegionFeature | null = null;
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const extend = (x: number, y: number) => {
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
  };
  for (let i = 0; i < table.numRows; i++) {
    const wkb = col('geometry')?.get(i) as Uint8Array | null;
    const feature: RegionFeature = {
      code: String(col('code')?.get(i)),
      name: String(col('name')?.get(i)),
      level: String(col('level')?.get(i)) as RegionLevel,
      parentCode: (col('parent_code')?.get(i) as string | null) ?? null,
      label: [Number(col('label_lng')?.get(i)), Number(col('label_lat')?.get(i))],
      polygons: wkb ? decodeWkb(wkb) : null,
      schematic: col('boundary_schematic')?.get(i) === true,
    };
    byCode.set(feature.code, feature);
    if (feature.level === 'county') county = feature;
    else if (feature.level === 'township') townships.push(feature);
    else if (feature.level === 'village') villages.push(feature);
    extend(...feature.label);
    for (const polygon of feature.polygons ?? []) for (const [x, y] of polygon[0] ?? []) extend(x, y);
  }
  shapeAboveCounty(byCode);
  const shaped = [...byCode.values()].filter((f) => f.polygons);
  const boundaries = shaped.length === 0 ? 'none' : shaped.some((f) => f.schematic) ? 'schematic' : 'surveyed';
  return { byCode, county, townships, villages, bounds: b, boundaries };
}

/**
 * Gives each city and province without a boundary of its own (combine writes none) its counties' polygons, so that
 * a province's cities are drawn as areas, not points; schematic when any county's is. Left without one when none of
 * its counties has a boundary.
 */
function shapeAboveCounty(byCode: Map<string, RegionFeature>): void {
  const parts = new Map<string, RegionFeature[]>();
  for (const f of byCode.values()) {
    if (f.level !== 'county' || !f.polygons) continue;
    for (let up = f.parentCode ? byCode.get(f.parentCode) : undefined; up; up = up.parentCode ? byCode.get(up.parentCode) : undefined) {
      if ((up.level === 'city' || up.level === 'province') && !up.polygons) parts.set(up.code, [...(parts.get(up.code) ?? []), f]);
    }
  }
  for (const [code, counties] of parts) {
    const f = byCode.get(code) as RegionFeature;
    byCode.set(code, { ...f, polygons: counties.flatMap((c) => c.polygons ?? []), schematic: counties.some((c) => c.schematic) });
  }
}

export function polygonsOf(features: readonly RegionFeature[]): RegionPolygon[] {
  return features.flatMap((feature) => (feature.polygons ?? []).map((rings) => ({ feature, rings })));
}

export function boundsOf(feature: RegionFeature): [number, number, number, number] {
  const b: [number, number, number, number] = [feature.label[0], feature.label[1], feature.label[0], feature.label[1]];
  for (const polygon of feature.polygons ?? [])
    for (const [x, y] of polygon[0] ?? []) {
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
  return b;
}

/**
 * The area an extract opens at: the manifest's top area (`area_code`: a province, city or county) when the regions
 * have it, else the county (a version-1 extract names its county there too); null when there is neither.
 */
export function topArea(geometry: RegionGeometry, areaCode: string): RegionFeature | null {
  return geometry.byCode.get(areaCode) ?? geometry.county;
}

/** `feature` and its ancestors up to `top` (inclusive), top down; just [top] when `feature` does not lie in it. */
export function trailOf(geometry: RegionGeometry, top: RegionFeature, feature: RegionFeature | null): RegionFeature[] {
  const out: RegionFeature[] = [];
  for (let f: RegionFeature | undefined = feature ?? undefined; f; f = f.parentCode ? geometry.byCode.get(f.parentCode) : undefined) {
    out.unshift(f);
    if (f.code === top.code) return out;
  }
  return [top];
}

/** The county `feature` lies in (itself for a county); null above the county. */
export function countyOf(geometry: RegionGeometry, feature: RegionFeature): RegionFeature | null {
  for (let f: RegionFeature | undefined = feature; f; f = f.parentCode ? geometry.byCode.get(f.parentCode) : undefined) if (f.level === 'county') return f;
  return null;
}

/**
 * The area whose inside the map shows for a scope: the scope itself above or at the county (its cities, counties or
 * townships filled), the scope's county below it (the selected township or village is then focused in it).
 */
export function mapRootOf(geometry: RegionGeometry, scope: RegionFeature): RegionFeature {
  return scope.level === 'township' || scope.level === 'village' ? (countyOf(geometry, scope) ?? scope) : scope;
}

/**
 * The geometry the map draws for `root` (see {@link mapRootOf}), in the shape the map layers take: `root` outlined
 * under its children, filled. Above the county the children (a province's cities, a city's counties) are the
 * first level and nothing is drawn below them; at a county, its townships and their villages. `byCode` stays the
 * whole extract's. Bounds and boundaries are those of what is drawn.
 */
export function drawnGeometry(all: RegionGeometry, root: RegionFeature): RegionGeometry {
  const children = [...all.byCode.values()].filter((f) => f.parentCode === root.code);
  let townships: RegionFeature[];
  let villages: RegionFeature[];
  if (root.level === 'county') {
    townships = children.filter((f) => f.level === 'township');
    const inCounty = new Set(townships.map((f) => f.code));
    villages = all.villages.filter((v) => v.parentCode !== null && inCounty.has(v.parentCode));
  } else {
    townships = children;
    villages = [];
  }
  const drawn = [root, ...townships, ...villages];
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of drawn) {
    const [w, s, e, n] = boundsOf(f);
    b[0] = Math.min(b[0], w);
    b[1] = Math.min(b[1], s);
    b[2] = Math.max(b[2], e);
    b[3] = Math.max(b[3], n);
  }
  const shaped = drawn.filter((f) => f.polygons);
  const boundaries = shaped.length === 0 ? 'none' : shaped.some((f) => f.schematic) ? 'schematic' : 'surveyed';
  return { byCode: all.byCode, county: root, townships, villages, bounds: b, boundaries };
}

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
  county: RegionFeature | null;
  townships: RegionFeature[];
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
    else villages.push(feature);
    extend(...feature.label);
    for (const polygon of feature.polygons ?? []) for (const [x, y] of polygon[0] ?? []) extend(x, y);
  }
  const shaped = [...byCode.values()].filter((f) => f.polygons);
  const boundaries = shaped.length === 0 ? 'none' : shaped.some((f) => f.schematic) ? 'schematic' : 'surveyed';
  return { byCode, county, townships, villages, bounds: b, boundaries };
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

/**
 * The county's geography for an extract: the township and village list with codes (CSV or XLSX), optional
 * boundaries (read in boundaries.ts), label points, lookups of a village by code or by name, and the
 * county's extent for checking points.
 *
 * Without boundaries, schematic shapes are derived from the villages' coordinates in the list (Voronoi cells, see
 * build-regions.ts and src/cli/geometry/schematic-cells.ts); regions without such a shape get a NULL geometry (the
 * app draws them as points). Label points come from the list's coordinates, else from the boundary (or schematic
 * shape), else from the points (stations, water points) registered to the village, else from the region's parent or
 * children.
 */
import { encodeWkbMultiPolygon, encodeWkbPolygon, type MultiPolygonCoords, type PolygonCoords, type Position } from '../../extract/wkb';
import { pointInPolygon, polygonArea } from '../geometry/schematic-cells';
import type { LngLat } from './coords';
import { normalizeWord, type RawCell } from './values';

export type Level = 'county' | 'township' | 'village';

export interface Region {
  code: string;
  name: string;
  level: Level;
  unitType: string;
  parentCode: string | null;
  label: LngLat | null;
  /** How the label was found, for the report. */
  labelSource: 'file' | 'geonames' | 'boundary' | 'schematic' | 'points' | 'children' | 'parent' | 'extent' | null;
  polygons: MultiPolygonCoords | null;
  /** The polygons are schematic (a boundaries file marked so, or cells derived from points), not surveyed. */
  schematic: boolean;
  targetHomes: number | null;
  targetStations: number | null;
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * A division code as written in ledgers → the extract's 6/9/12-digit code: digits only; a 12-digit code ending in
 * 000000 is a county, ending in 000 a township (统计用区划代码 pads the finer levels with zeros).
 */
export function normalizeCode(text: string): string | null {
  const s = text.normalize('NFKC').replace(/\s+/g, '').replace(/\.0+$/, '');
  if (!/^\d+$/.test(s)) return null;
  if (s.length === 12 && s.endsWith('000000')) return s.slice(0, 6);
  if (s.length === 12 && s.endsWith('000')) return s.slice(0, 9);
  if (s.length === 15 && s.endsWith('000')) return s.slice(0, 12);
  if (s.length === 6 || s.length === 9 || s.length === 12) return s;
  return null;
}

export const levelOfCode = (code: string): Level => (code.length === 6 ? 'county' : code.length === 9 ? 'township' : 'village');
export const parentOfCode = (code: string): string | null => (code.length === 12 ? code.slice(0, 9) : code.length === 9 ? code.slice(0, 6) : null);

/** The unit type a division's name implies (镇/乡 → town, 街道 → street, 社区 → residents committee, …). */
export function unitTypeFromName(name: string, level: Level): string {
  const n = name.normalize('NFKC').replace(/\s+/g, '');
  if (level === 'county') return 'county';
  if (level === 'township') {
    if (/街道(办事处)?$/.test(n)) return 'street';
    if (/(镇|乡)(人民政府)?$/.test(n)) return 'town';
    if (/(开发区|园区|高新区|新区|管委会|管理区)$/.test(n)) return 'zone';
    return 'other';
  }
  if (/(社区|居委会|居民委员会|社区居委会)$/.test(n)) return 'residents_committee';
  if (/(村|村委会|村民委员会)$/.test(n)) return 'village_committee';
  return 'other';
}

/** A division name with its committee suffix taken off, for matching 新华村 with 新华村委会 or 新华村民委员会. */
export function looseName(name: string): string {
  return normalizeWord(name)
    .replace(/(村民委员会|居民委员会|社区居委会|委员会|村委会|居委会)$/, '')
    .replace(/(村|社区|居|街道办事处|街道|人民政府|镇|乡)$/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Boundaries

export function encodeGeometry(polygons: MultiPolygonCoords): Uint8Array {
  return polygons.length === 1 ? encodeWkbPolygon(polygons[0] as PolygonCoords) : encodeWkbMultiPolygon(polygons);
}

// ---------------------------------------------------------------------------------------------------------------
// Planar helpers in a local km frame

function kmFrame(lat0: number): { kx: number; ky: number } {
  return { kx: 111.32 * Math.cos((lat0 * Math.PI) / 180), ky: 110.57 };
}

function segmentKm(p: LngLat, a: Position, b: Position): number {
  const { kx, ky } = kmFrame(p[1]);
  const ax = (a[0] - p[0]) * kx;
  const ay = (a[1] - p[1]) * ky;
  const bx = (b[0] - p[0]) * kx;
  const by = (b[1] - p[1]) * ky;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** Distance in km from `p` to the nearest edge of any ring of `polygons`. */
export function distanceToEdgesKm(p: LngLat, polygons: MultiPolygonCoords): number {
  let best = Infinity;
  for (const polygon of polygons)
    for (const ring of polygon) for (let i = 0; i + 1 < ring.length; i++) best = Math.min(best, segmentKm(p, ring[i] as Position, ring[i + 1] as Position));
  return best;
}

export const insideMulti = (p: LngLat, polygons: MultiPolygonCoords): boolean => polygons.some((polygon) => pointInPolygon(p, polygon));

/** A label point inside the largest polygon: its centroid if inside, else the grid point deepest inside. */
export function interiorPoint(polygons: MultiPolygonCoords): LngLat {
  const largest = [...polygons].sort((a, b) => polygonArea(b) - polygonArea(a))[0] as PolygonCoords;
  const ring = largest[0] ?? [];
  let cx = 0;
  let cy = 0;
  let a2 = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i] as Position;
    const [x1, y1] = ring[i + 1] as Position;
    const cross = x0 * y1 - x1 * y0;
    a2 += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  const centroid: LngLat = a2 === 0 ? [ring[0]?.[0] ?? 0, ring[0]?.[1] ?? 0] : [cx / (3 * a2), cy / (3 * a2)];
  if (pointInPolygon(centroid, largest)) return [round6(centroid[0]), round6(centroid[1])];
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let best = centroid;
  let depth = -Infinity;
  for (let i = 1; i < 25; i++)
    for (let j = 1; j < 25; j++) {
      const p: LngLat = [x0 + ((x1 - x0) * i) / 25, y0 + ((y1 - y0) * j) / 25];
      if (!pointInPolygon(p, largest)) continue;
      const d = distanceToEdgesKm(p, [largest]);
      if (d > depth) [best, depth] = [p, d];
    }
  return [round6(best[0]), round6(best[1])];
}

// ---------------------------------------------------------------------------------------------------------------
// Extent

export interface Extent {
  /** How the extent was found, in Chinese, for the report. */
  describe: string;
  contains(p: LngLat): boolean;
}

export function polygonExtent(polygons: readonly MultiPolygonCoords[], marginKm: number, what: string): Extent {
  return {
    describe: `${what}${marginKm > 0 ? `（允许越界 ${marginKm} 公里）` : ''}`,
    contains: (p) => polygons.some((m) => insideMulti(p, m)) || (marginKm > 0 && polygons.some((m) => distanceToEdgesKm(p, m) <= marginKm)),
  };
}

export function bboxExtent(bbox: readonly [number, number, number, number], marginKm: number, what: string): Extent {
  const lat0 = (bbox[1] + bbox[3]) / 2;
  const { kx, ky } = kmFrame(lat0);
  const [w, s, e, n] = [bbox[0] - marginKm / kx, bbox[1] - marginKm / ky, bbox[2] + marginKm / kx, bbox[3] + marginKm / ky];
  return {
    describe: `${what}：经度 ${w.toFixed(4)}–${e.toFixed(4)}，纬度 ${s.toFixed(4)}–${n.toFixed(4)}${marginKm > 0 ? `（含外扩 ${marginKm} 公里）` : ''}`,
    contains: ([x, y]) => x >= w && x <= e && y >= s && y <= n,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Lookup

export type Resolved = { ok: true; code: string } | { ok: false; reason: string };

export class RegionIndex {
  readonly byCode = new Map<string, Region>();
  private readonly byName = new Map<string, Region[]>();
  private readonly byLooseName = new Map<string, Region[]>();

  constructor(readonly regions: readonly Region[]) {
    for (const r of regions) {
      this.byCode.set(r.code, r);
      const add = (map: Map<string, Region[]>, key: string) => {
        if (key === '') return;
        const list = map.get(key) ?? [];
        list.push(r);
        map.set(key, list);
      };
      add(this.byName, normalizeWord(r.name));
      add(this.byLooseName, looseName(r.name));
    }
  }

  /**
   * A region of `level` (or any level below the county) from a cell holding its code or its name. A name must be
   * unique, or made unique by the township cell (a name or code). Reasons are in Chinese; `column` names the
   * source column.
   */
  resolve(text: string, level: 'village' | 'any', column: string, townshipText = ''): Resolved {
    const levelZh = level === 'village' ? '村（社区）' : '区划';
    if (text === '') return { ok: false, reason: `缺少${levelZh}（「${column}」为空）` };
    const fits = (r: Region) => level === 'any' || r.level === 'village';
    if (/^[\d\s.]+$/.test(text)) {
      const code = normalizeCode(text);
      const region = code ? this.byCode.get(code) : undefined;
      if (!region) return { ok: false, reason: `「${column}」中的代码 ${text.trim()} 不在区划表中` };
      if (!fits(region)) return { ok: false, reason: `「${column}」中的代码 ${code} 不是村（社区）级代码（应为12位）` };
      return { ok: true, code: region.code };
    }
    let township: Region | undefined;
    if (townshipText !== '') {
      const t = this.resolve(townshipText, 'any', '所属乡镇');
      township = t.ok ? this.byCode.get(t.code) : undefined;
      if (!township || township.level !== 'township') return { ok: false, reason: `所属乡镇「${townshipText}」不在区划表中` };
    }
    const within = (list: readonly Region[] | undefined) =>
      (list ?? []).filter((r) => fits(r) && (!township || r.parentCode === township.code || r.code === township.code));
    let found = within(this.byName.get(normalizeWord(text)));
    if (found.length === 0) found = within(this.byLooseName.get(looseName(text)));
    if (found.length === 1) return { ok: true, code: (found[0] as Region).code };
    if (found.length === 0) return { ok: false, reason: `${levelZh}「${text}」不在区划表中${township ? `（${township.name}）` : ''}` };
    return { ok: false, reason: `${levelZh}名称「${text}」在区划表中有 ${found.length} 个，请在映射中加上所属乡镇列（township）或改用代码` };
  }
}

export const isRawEmpty = (c: RawCell): boolean => c === null || (typeof c === 'string' && c.trim() === '');

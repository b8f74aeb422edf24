/**
 * Which areas share a border, from their boundaries (pure: no I/O). DuckDB's spatial extension is a download, not
 * available offline, so this runs once at load on the decoded WKB and the result goes into a small table
 * (src/db/adjacency-table.ts).
 *
 * Two areas share a border when their boundaries run together for more than a corner: every vertex of one lying
 * on the other's boundary (within `toleranceM`) is a contact point, and they are neighbours when two contact
 * points more than `minSharedM` apart have their midpoint on both boundaries too (two separate corner contacts do
 * not make a border). Shared edges with the same vertices (the schematic
 * Voronoi cells), T-junctions (a vertex of one in the middle of the other's edge) and coordinates rounded
 * differently on the two sides are all found; areas touching at one corner only are not neighbours.
 *
 * Distances are in metres in a local equirectangular projection around the areas' mean latitude (good to well
 * under 1% across a county or a city).
 */
import type { MultiPolygonCoords } from './wkb';

export interface AreaShape {
  code: string;
  polygons: MultiPolygonCoords;
}

export interface AdjacencyOptions {
  /** A vertex this close to the other area's boundary touches it. Default 2 m (coordinates rounded to 1e-5°). */
  toleranceM?: number;
  /** Contact points further apart than this make a shared border, nearer ones a corner. Default 10 m. */
  minSharedM?: number;
}

export const DEFAULT_TOLERANCE_M = 2;
export const DEFAULT_MIN_SHARED_M = 10;

const M_PER_DEG_LAT = 110_574;
const MAX_CELLS_PER_SEGMENT = 4096;
const M_PER_DEG_LNG_EQUATOR = 111_320;

type P = [number, number];
interface Segment {
  shape: number;
  a: P;
  b: P;
}

function distanceToSegment(p: P, a: P, b: P): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Pairs of codes `[a, b]` with `a < b` whose areas share a border, sorted. */
export function adjacentPairs(shapes: readonly AreaShape[], options: AdjacencyOptions = {}): [string, string][] {
  const tolerance = options.toleranceM ?? DEFAULT_TOLERANCE_M;
  const minShared = options.minSharedM ?? DEFAULT_MIN_SHARED_M;
  let latSum = 0;
  let latCount = 0;
  for (const s of shapes)
    for (const polygon of s.polygons)
      for (const ring of polygon)
        for (const [, y] of ring) {
          latSum += y;
          latCount += 1;
        }
  if (latCount === 0) return [];
  const kx = M_PER_DEG_LNG_EQUATOR * Math.cos(((latSum / latCount) * Math.PI) / 180);
  const project = ([x, y]: readonly [number, number]): P => [x * kx, y * M_PER_DEG_LAT];

  // Every ring of every shape in metres, open (the closing point dropped).
  const rings: P[][][] = shapes.map((s) =>
    s.polygons.flatMap((polygon) =>
      polygon.map((ring) => {
        const open = ring.map(project);
        const first = open[0];
        const last = open[open.length - 1];
        if (open.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) open.pop();
        return open;
      }),
    ),
  );
  const segments: Segment[] = [];
  rings.forEach((shapeRings, shape) => {
    for (const ring of shapeRings)
      for (let i = 0; i < ring.length; i++) segments.push({ shape, a: ring[i] as P, b: ring[(i + 1) % ring.length] as P });
  });
  if (segments.length === 0) return [];

  // A uniform grid over the segments, its cell about the median segment length.
  const lengths = segments.map((s) => Math.hypot(s.b[0] - s.a[0], s.b[1] - s.a[1])).sort((x, y) => x - y);
  const cell = Math.max(lengths[Math.floor(lengths.length / 2)] ?? 0, tolerance * 4, 1);
  const grid = new Map<string, number[]>();
  const key = (i: number, j: number) => `${i},${j}`;
  // Segments spanning very many cells (a stray vertex far away) are checked against every vertex instead.
  const oversized: number[] = [];
  segments.forEach((s, index) => {
    const i0 = Math.floor((Math.min(s.a[0], s.b[0]) - tolerance) / cell);
    const i1 = Math.floor((Math.max(s.a[0], s.b[0]) + tolerance) / cell);
    const j0 = Math.floor((Math.min(s.a[1], s.b[1]) - tolerance) / cell);
    const j1 = Math.floor((Math.max(s.a[1], s.b[1]) + tolerance) / cell);
    if (!((i1 - i0 + 1) * (j1 - j0 + 1) <= MAX_CELLS_PER_SEGMENT)) {
      oversized.push(index);
      return;
    }
    for (let i = i0; i <= i1; i++)
      for (let j = j0; j <= j1; j++) {
        const k = key(i, j);
        const list = grid.get(k);
        if (list) list.push(index);
        else grid.set(k, [index]);
      }
  });

  const near = (p: P): number[] => {
    const list = grid.get(key(Math.floor(p[0] / cell), Math.floor(p[1] / cell))) ?? [];
    return oversized.length > 0 ? [...list, ...oversized] : list;
  };

  // Contact points per pair of shapes (indices lo < hi).
  const contacts = new Map<string, P[]>();
  rings.forEach((shapeRings, shape) => {
    for (const ring of shapeRings)
      for (const p of ring) {
        const touched = new Set<number>();
        for (const index of near(p)) {
          const s = segments[index] as Segment;
          if (s.shape === shape || touched.has(s.shape)) continue;
          if (distanceToSegment(p, s.a, s.b) <= tolerance) touched.add(s.shape);
        }
        for (const other of touched) {
          const pair = shape < other ? `${shape} ${other}` : `${other} ${shape}`;
          const list = contacts.get(pair);
          if (list) list.push(p);
          else contacts.set(pair, [p]);
        }
      }
  });

  const onBoundary = (shape: number, p: P) =>
    near(p).some((index) => {
      const s = segments[index] as Segment;
      return s.shape === shape && distanceToSegment(p, s.a, s.b) <= tolerance;
    });
  const out: [string, string][] = [];
  for (const [pair, points] of contacts) {
    const [i, j] = pair.split(' ').map(Number) as [number, number];
    if (!sharesBorder(points, minShared, (m) => onBoundary(i, m) && onBoundary(j, m))) continue;
    const a = (shapes[i] as AreaShape).code;
    const b = (shapes[j] as AreaShape).code;
    if (a !== b) out.push(a < b ? [a, b] : [b, a]);
  }
  const unique = [...new Map(out.map((p) => [`${p[0]} ${p[1]}`, p])).values()];
  return unique.sort((x, y) => (x[0] === y[0] ? (x[1] < y[1] ? -1 : 1) : x[0] < y[0] ? -1 : 1));
}

/** True when two of the points lie more than `distance` apart with their midpoint `onBoth` boundaries. */
function sharesBorder(points: readonly P[], distance: number, onBoth: (midpoint: P) => boolean): boolean {
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const p = points[i] as P;
      const q = points[j] as P;
      if (Math.hypot(p[0] - q[0], p[1] - q[1]) > distance && onBoth([(p[0] + q[0]) / 2, (p[1] + q[1]) / 2])) return true;
    }
  return false;
}

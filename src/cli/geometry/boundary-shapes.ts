/**
 * Real boundaries made fit for the browser: checked for validity, repaired where the repair is unambiguous,
 * refused (naming the feature) where it is not, and simplified with a tolerance in metres without opening gaps
 * between neighbours.
 *
 * Planar work is in metres, in the CGCS2000 3-degree Gauss–Krüger projection whose central meridian is nearest the
 * shapes (proj4, crs.ts). Validity: rings closed, repeated vertices dropped, rings of fewer than three distinct
 * vertices or under 1 m² dropped, no self-intersection (any two non-adjacent edges of a ring crossing or touching
 * refuses the feature), outer rings counter-clockwise and holes clockwise (RFC 7946; shapefiles store the reverse).
 * Simplification: Douglas–Peucker on arcs, as TopoJSON does: rings are cut at the vertices where the set of rings
 * sharing them changes, so a border two regions share is one arc, simplified once and used by both: where the
 * file's neighbours share their vertices, no gap can open. Where they do not (borders digitized twice), each side
 * moves by at most the tolerance, and the largest distance between neighbours' simplified borders is measured and
 * reported. A simplified ring that would self-intersect or collapse is simplified again with half the tolerance
 * on its arcs (on both sides of a shared border), down to none.
 */
import proj4 from 'proj4';
import type { MultiPolygonCoords, PolygonCoords, Position } from '../../extract/wkb';
import { localGaussKruger, type LngLat } from './crs';

type Pt = [number, number];

export interface ShapeInput {
  /** The region code the shape belongs to. */
  id: string;
  /** Neighbours are measured within a group (a level: townships with townships, villages with villages). */
  group: string;
  /** How messages name the feature(s), in Chinese. */
  label: string;
  /** Polygons in WGS84 [lng, lat], outer ring first. */
  polygons: LngLat[][][];
}

export interface ShapeProblem {
  id: string;
  label: string;
  reason: string;
}

export interface ShapeStats {
  toleranceM: number;
  verticesBefore: number;
  verticesAfter: number;
  /** Arcs shared by two rings (borders simplified once for both sides). */
  sharedArcs: number;
  /** Pairs of same-group shapes that meet (a vertex of one within 0.5 m of the other's border). */
  neighbourPairs: number;
  /** The largest distance between two neighbours' simplified borders where the originals met, metres. */
  maxGapM: number;
  /** Neighbour pairs whose simplified borders lie more than 1 m apart somewhere. */
  pairsOverOneMetre: number;
  /** Rings simplified with less than the tolerance to stay valid. */
  relaxedRings: number;
  /** Rings whose orientation was reversed. */
  reoriented: number;
}

export interface ShapeResult {
  shapes: Map<string, MultiPolygonCoords>;
  refused: ShapeProblem[];
  repaired: ShapeProblem[];
  stats: ShapeStats;
}

/** Douglas–Peucker tolerance by default, metres: finer than a village border drawn at the county's zoom (≈ 30 m a pixel). */
export const DEFAULT_TOLERANCE_M = 10;
/** Vertices this close are one vertex (metres): a 1 cm grid, far below any survey's precision. */
const SNAP_M = 0.01;
const MIN_AREA_M2 = 1;
const TOUCH_M = 0.5;

const key = (p: Pt): string => `${Math.round(p[0] / SNAP_M)},${Math.round(p[1] / SNAP_M)}`;

export function signedAreaM2(ring: readonly Pt[]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += (ring[i] as Pt)[0] * (ring[i + 1] as Pt)[1] - (ring[i + 1] as Pt)[0] * (ring[i] as Pt)[1];
  return a / 2;
}

function segmentDistance(p: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

const orient = (a: Pt, b: Pt, c: Pt): number => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const onSegment = (a: Pt, b: Pt, p: Pt): boolean => Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);

function segmentsMeet(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/** Where a closed ring's non-adjacent edges meet (a grid of edges keeps it near-linear), or null. */
export function selfIntersection(ring: readonly Pt[]): Pt | null {
  const n = ring.length - 1;
  if (n < 3) return null;
  let length = 0;
  for (let i = 0; i < n; i++) length += Math.hypot((ring[i + 1] as Pt)[0] - (ring[i] as Pt)[0], (ring[i + 1] as Pt)[1] - (ring[i] as Pt)[1]);
  const cell = Math.max((length / n) * 2, 1e-6);
  const grid = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const a = ring[i] as Pt;
    const b = ring[i + 1] as Pt;
    for (let gx = Math.floor(Math.min(a[0], b[0]) / cell); gx <= Math.floor(Math.max(a[0], b[0]) / cell); gx++)
      for (let gy = Math.floor(Math.min(a[1], b[1]) / cell); gy <= Math.floor(Math.max(a[1], b[1]) / cell); gy++) {
        const k = `${gx},${gy}`;
        const list = grid.get(k);
        if (list) list.push(i);
        else grid.set(k, [i]);
      }
  }
  for (const list of grid.values())
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x] as number;
        const j = list[y] as number;
        if (Math.abs(i - j) <= 1 || Math.abs(i - j) === n - 1) continue;
        if (segmentsMeet(ring[i] as Pt, ring[i + 1] as Pt, ring[j] as Pt, ring[j + 1] as Pt)) return ring[i] as Pt;
      }
  return null;
}

/** Douglas–Peucker on an open polyline; keeps both ends. */
export function douglasPeucker(points: readonly Pt[], tolerance: number): Pt[] {
  if (points.length <= 2 || tolerance <= 0) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [s, e] = stack.pop() as [number, number];
    let worst = -1;
    let at = -1;
    for (let i = s + 1; i < e; i++) {
      const d = segmentDistance(points[i] as Pt, points[s] as Pt, points[e] as Pt);
      if (d > worst) [worst, at] = [d, i];
    }
    if (worst > tolerance) {
      keep[at] = 1;
      stack.push([s, at], [at, e]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** A closed ring's points: repeated vertices dropped, closed. Null when fewer than three distinct vertices remain. */
function cleanRing(ring: readonly Pt[]): { ring: Pt[]; closed: boolean; dropped: number } | null {
  const out: Pt[] = [];
  let dropped = 0;
  for (const p of ring) {
    if (out.length > 0 && key(out[out.length - 1] as Pt) === key(p)) dropped++;
    else out.push(p);
  }
  const closed = out.length > 1 && key(out[0] as Pt) === key(out[out.length - 1] as Pt);
  if (closed) out.pop();
  if (out.length < 3) return null;
  out.push(out[0] as Pt);
  return { ring: out, closed, dropped };
}

interface WorkRing {
  feature: number;
  polygon: number;
  hole: boolean;
  /** Closed. */
  points: Pt[];
}

/** Segments of many rings on a grid, for the distance from a point to a feature's border. */
class SegmentGrid {
  private readonly cells = new Map<string, [number, Pt, Pt][]>();
  constructor(private readonly size: number) {}
  add(owner: number, ring: readonly Pt[]): void {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i] as Pt;
      const b = ring[i + 1] as Pt;
      for (let gx = Math.floor(Math.min(a[0], b[0]) / this.size); gx <= Math.floor(Math.max(a[0], b[0]) / this.size); gx++)
        for (let gy = Math.floor(Math.min(a[1], b[1]) / this.size); gy <= Math.floor(Math.max(a[1], b[1]) / this.size); gy++) {
          const k = `${gx},${gy}`;
          const list = this.cells.get(k);
          if (list) list.push([owner, a, b]);
          else this.cells.set(k, [[owner, a, b]]);
        }
    }
  }
  /** Per owner other than `except`, the distance from p to its nearest segment within `radius`. */
  near(p: Pt, radius: number, except: number): Map<number, number> {
    const found = new Map<number, number>();
    for (let gx = Math.floor((p[0] - radius) / this.size); gx <= Math.floor((p[0] + radius) / this.size); gx++)
      for (let gy = Math.floor((p[1] - radius) / this.size); gy <= Math.floor((p[1] + radius) / this.size); gy++)
        for (const [owner, a, b] of this.cells.get(`${gx},${gy}`) ?? []) {
          if (owner === except) continue;
          const d = segmentDistance(p, a, b);
          if (d <= radius && d < (found.get(owner) ?? Infinity)) found.set(owner, d);
        }
    return found;
  }
}

/**
 * The shapes, valid and simplified with `toleranceM` (Douglas–Peucker, metres), in WGS84 rounded to 1e-6°
 * (≈ 0.1 m). Inputs with the same id are expected merged by the caller (one input per region).
 */
export function prepareShapes(inputs: readonly ShapeInput[], toleranceM: number = DEFAULT_TOLERANCE_M): ShapeResult {
  const refused: ShapeProblem[] = [];
  const repaired: ShapeProblem[] = [];
  const stats: ShapeStats = { toleranceM, verticesBefore: 0, verticesAfter: 0, sharedArcs: 0, neighbourPairs: 0, maxGapM: 0, pairsOverOneMetre: 0, relaxedRings: 0, reoriented: 0 };
  const shapes = new Map<string, MultiPolygonCoords>();
  const all = inputs.flatMap((f) => f.polygons.flatMap((p) => p.flatMap((r) => r)));
  if (all.length === 0) return { shapes, refused, repaired, stats };
  const local = localGaussKruger(all.reduce((s, p) => s + p[0], 0) / all.length);
  const projection = proj4('+proj=longlat +datum=WGS84 +no_defs', local.proj4);
  const toM = (p: LngLat): Pt => projection.forward([p[0], p[1]]) as Pt;
  const toLngLat = (p: Pt): Position => {
    const q = projection.inverse([p[0], p[1]]) as Pt;
    return [Math.round(q[0] * 1e6) / 1e6, Math.round(q[1] * 1e6) / 1e6];
  };
  const inDegrees = (p: Pt): string => {
    const q = toLngLat(p);
    return `${q[0].toFixed(5)}, ${q[1].toFixed(5)}`;
  };

  // 1. Validity, per feature.
  const rings: WorkRing[] = [];
  const kept: number[] = [];
  inputs.forEach((input, f) => {
    const notes: string[] = [];
    let problem: string | null = null;
    let polygonIndex = 0;
    const before = rings.length;
    for (const polygon of input.polygons) {
      let outerGone = false;
      polygon.forEach((raw, r) => {
        if (problem || outerGone) return;
        stats.verticesBefore += raw.length;
        const cleaned = cleanRing(raw.map(toM));
        const what = r === 0 ? '外环' : '内环（洞）';
        if (!cleaned) {
          notes.push(`去掉了一个不足三个不同顶点的${what}`);
          outerGone = r === 0;
          return;
        }
        if (!cleaned.closed) notes.push(`闭合了一个未闭合的${what}`);
        if (cleaned.dropped > 0) notes.push(`去掉了 ${cleaned.dropped} 个重复顶点`);
        const crossing = selfIntersection(cleaned.ring);
        if (crossing) {
          problem = `边界自相交（${what}在约 ${inDegrees(crossing)} 处与自身相交或相接），无法可靠修复：请在 GIS 软件中修复几何后再运行`;
          return;
        }
        const area = signedAreaM2(cleaned.ring);
        if (Math.abs(area) < MIN_AREA_M2) {
          notes.push(`去掉了一个面积为零的${what}`);
          outerGone = r === 0;
          return;
        }
        const wantPositive = r === 0;
        if (area > 0 !== wantPositive) {
          cleaned.ring.reverse();
          stats.reoriented++;
        }
        rings.push({ feature: f, polygon: polygonIndex, hole: r > 0, points: cleaned.ring });
      });
      polygonIndex++;
    }
    if (!problem && !rings.slice(before).some((r) => !r.hole)) problem = '没有有效的面（没有面积不为零、至少三个顶点的外环）';
    if (problem) {
      rings.length = before;
      refused.push({ id: input.id, label: input.label, reason: problem });
      return;
    }
    kept.push(f);
    if (notes.length > 0) repaired.push({ id: input.id, label: input.label, reason: [...new Set(notes)].join('；') });
  });

  // 2. Arcs: cut each ring where the set of rings sharing a vertex changes.
  const sharing = new Map<string, Set<number>>();
  const keys = rings.map((ring) => ring.points.map(key));
  rings.forEach((ring, r) => {
    for (let i = 0; i + 1 < ring.points.length; i++) {
      const k = (keys[r] as string[])[i] as string;
      const set = sharing.get(k);
      if (set) set.add(r);
      else sharing.set(k, new Set([r]));
    }
  });
  const signatures = new Map<string, string>();
  const signature = (k: string): string => {
    let sig = signatures.get(k);
    if (sig === undefined) {
      const set = sharing.get(k) as Set<number>;
      sig = set.size === 1 ? String([...set][0]) : [...set].sort((a, b) => a - b).join(' ');
      signatures.set(k, sig);
    }
    return sig;
  };
  const junctions = new Set<string>();
  rings.forEach((ring, r) => {
    const n = ring.points.length - 1;
    const ks = keys[r] as string[];
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const k = ks[i] as string;
      if (seen.has(k)) junctions.add(k);
      seen.add(k);
      const sig = signature(k);
      if (sig !== signature(ks[(i + n - 1) % n] as string) || sig !== signature(ks[(i + 1) % n] as string)) junctions.add(k);
    }
  });
  interface ArcUse {
    id: string;
    reversed: boolean;
  }
  const arcPoints = new Map<string, Pt[]>();
  const arcUses = new Map<string, number>();
  const ringArcs: ArcUse[][] = rings.map((ring, r) => {
    const n = ring.points.length - 1;
    const ks = keys[r] as string[];
    let cuts: number[] = [];
    for (let i = 0; i < n; i++) if (junctions.has(ks[i] as string)) cuts.push(i);
    if (cuts.length === 0) {
      // A ring sharing its whole length (or nothing): one closed arc from its smallest vertex, for both sides alike.
      let min = 0;
      for (let i = 1; i < n; i++) if ((ks[i] as string) < (ks[min] as string)) min = i;
      cuts = [min];
    }
    const uses: ArcUse[] = [];
    for (let c = 0; c < cuts.length; c++) {
      const s = cuts[c] as number;
      const e = c + 1 < cuts.length ? (cuts[c + 1] as number) : (cuts[0] as number) + n;
      const pts: Pt[] = [];
      const pk: string[] = [];
      for (let i = s; i <= e; i++) {
        pts.push(ring.points[i % n] as Pt);
        pk.push(ks[i % n] as string);
      }
      const forward = pk.join(';');
      const backward = pk.reverse().join(';');
      const reversed = backward < forward;
      const id = reversed ? backward : forward;
      if (!arcPoints.has(id)) arcPoints.set(id, reversed ? [...pts].reverse() : pts);
      arcUses.set(id, (arcUses.get(id) ?? 0) + 1);
      uses.push({ id, reversed });
    }
    return uses;
  });
  stats.sharedArcs = [...arcUses.values()].filter((n) => n >= 2).length;

  // 3. Simplify each arc once; where a ring would be invalid, halve the tolerance on its arcs and try again.
  const arcTolerance = new Map<string, number>();
  const simplified = new Map<string, Pt[]>();
  const simplify = (id: string): Pt[] => {
    const cached = simplified.get(id);
    if (cached) return cached;
    const pts = arcPoints.get(id) as Pt[];
    const t = arcTolerance.get(id) ?? toleranceM;
    let out: Pt[];
    if (key(pts[0] as Pt) === key(pts[pts.length - 1] as Pt)) {
      // A closed arc: split at the vertex farthest from its start, so both halves keep a fixed end.
      let far = 1;
      for (let i = 1; i < pts.length - 1; i++) if (Math.hypot((pts[i] as Pt)[0] - (pts[0] as Pt)[0], (pts[i] as Pt)[1] - (pts[0] as Pt)[1]) > Math.hypot((pts[far] as Pt)[0] - (pts[0] as Pt)[0], (pts[far] as Pt)[1] - (pts[0] as Pt)[1])) far = i;
      out = [...douglasPeucker(pts.slice(0, far + 1), t), ...douglasPeucker(pts.slice(far), t).slice(1)];
    } else out = douglasPeucker(pts, t);
    simplified.set(id, out);
    return out;
  };
  const assemble = (uses: readonly ArcUse[]): Pt[] => {
    const out: Pt[] = [];
    for (const u of uses) {
      const pts = simplify(u.id);
      const seq = u.reversed ? [...pts].reverse() : pts;
      out.push(...(out.length === 0 ? seq : seq.slice(1)));
    }
    return out;
  };
  const valid = (ring: readonly Pt[]): boolean => ring.length >= 4 && Math.abs(signedAreaM2(ring)) >= MIN_AREA_M2 && selfIntersection(ring) === null;
  let result: Pt[][] = [];
  const relaxed = new Set<number>();
  for (let round = 0; round < 8; round++) {
    result = ringArcs.map(assemble);
    const bad = result.map((ring, r) => (valid(ring) ? -1 : r)).filter((r) => r >= 0);
    if (bad.length === 0) break;
    for (const r of bad) {
      relaxed.add(r);
      for (const u of ringArcs[r] as ArcUse[]) {
        const t = (arcTolerance.get(u.id) ?? toleranceM) / 2;
        arcTolerance.set(u.id, round >= 5 ? 0 : t);
        simplified.delete(u.id);
      }
    }
  }
  stats.relaxedRings = relaxed.size;

  // 4. Gaps between neighbours: for each vertex of a simplified ring that met a same-group neighbour's original
  // border, its distance to that neighbour's simplified border.
  const original = new SegmentGrid(Math.max(50, toleranceM * 4));
  const after = new SegmentGrid(Math.max(50, toleranceM * 4));
  rings.forEach((ring, r) => {
    original.add(ring.feature, ring.points);
    after.add(ring.feature, result[r] as Pt[]);
  });
  const gapByPair = new Map<string, number>();
  const radius = toleranceM * 4 + 1;
  result.forEach((ring, r) => {
    const f = (rings[r] as WorkRing).feature;
    const group = (inputs[f] as ShapeInput).group;
    for (const p of ring) {
      for (const [other] of original.near(p, TOUCH_M, f)) {
        if ((inputs[other] as ShapeInput).group !== group) continue;
        const d = after.near(p, radius, f).get(other) ?? radius;
        const pair = f < other ? `${f}|${other}` : `${other}|${f}`;
        gapByPair.set(pair, Math.max(gapByPair.get(pair) ?? 0, d));
      }
    }
  });
  stats.neighbourPairs = gapByPair.size;
  stats.maxGapM = Math.max(0, ...gapByPair.values());
  stats.pairsOverOneMetre = [...gapByPair.values()].filter((d) => d > 1).length;

  // 5. Back to WGS84, one multipolygon per region.
  const byFeature = new Map<number, Map<number, Position[][]>>();
  result.forEach((ring, r) => {
    const { feature, polygon } = rings[r] as WorkRing;
    const out: Position[] = [];
    for (const p of ring) {
      const q = toLngLat(p);
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    stats.verticesAfter += out.length;
    const polygons = byFeature.get(feature) ?? new Map<number, Position[][]>();
    const list = polygons.get(polygon) ?? [];
    list.push(out);
    polygons.set(polygon, list);
    byFeature.set(feature, polygons);
  });
  for (const f of kept) {
    const polygons = [...(byFeature.get(f)?.values() ?? [])].filter((p) => p.length > 0 && (p[0] as Position[]).length >= 4) as PolygonCoords[];
    if (polygons.length > 0) shapes.set((inputs[f] as ShapeInput).id, polygons);
  }
  return { shapes, refused, repaired, stats };
}

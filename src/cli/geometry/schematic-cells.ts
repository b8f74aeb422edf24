/**
 * Schematic cells: shapes drawn from points where no surveyed boundaries exist, shared by the demo generator
 * (src/cli/demo/geography.ts) and the extract tool (src/cli/extract/build-regions.ts). Pure (no I/O) and
 * deterministic.
 *
 * The maths is planar, in a local equirectangular projection in kilometres around the points; results are written
 * as WGS84 longitude/latitude rounded to a fixed number of decimals. Exterior rings are counter-clockwise and closed.
 *
 * - `voronoiCells`, `bufferedHull`, `clipToConvex`: Voronoi cells of sites, clipped to the sites' convex hull grown
 *   by a buffer with round corners (the demo clips to its own outline built on `bufferedHull`).
 * - `unionOfCells`: the union of cells that share edges (a township from its villages), by cancelling shared edges.
 * - `schematicCells`: the whole recipe for the extract: village cells from village points, each group (township)
 *   the union of its villages' cells, and the outline (county) the union of all.
 */
import { Delaunay } from 'd3-delaunay';
import type { MultiPolygonCoords, PolygonCoords, Position } from '../../extract/wkb';

/** A planar point (km in the local projection, or lng/lat); rings are open (no repeated closing point) unless stated. */
export type Pt = [number, number];

// ---------------------------------------------------------------------------------------------------------------
// Planar helpers (any units)

export function signedArea(ring: readonly Pt[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Pt;
    const b = ring[(i + 1) % ring.length] as Pt;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

export function ringContains(ring: readonly Pt[], [x, y]: Pt): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Pt;
    const [xj, yj] = ring[j] as Pt;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function segmentDistance(p: Pt, a: Pt, b: Pt): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

export function boundaryDistance(ring: readonly Pt[], p: Pt): number {
  let best = Infinity;
  for (let i = 0; i < ring.length; i++) best = Math.min(best, segmentDistance(p, ring[i] as Pt, ring[(i + 1) % ring.length] as Pt));
  return best;
}

/** True when `p` is inside `ring` and at least `margin` from its boundary. */
export const insideBy = (ring: readonly Pt[], p: Pt, margin: number): boolean => ringContains(ring, p) && boundaryDistance(ring, p) >= margin;

export function centroid(ring: readonly Pt[]): Pt {
  let cx = 0;
  let cy = 0;
  let a2 = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i] as Pt;
    const [x1, y1] = ring[(i + 1) % ring.length] as Pt;
    const cross = x0 * y1 - x1 * y0;
    a2 += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return [cx / (3 * a2), cy / (3 * a2)];
}

export function bbox(ring: readonly Pt[]): [number, number, number, number] {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export const dist = (a: Pt, b: Pt): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Convex hull, counter-clockwise (Andrew's monotone chain). Collinear points are dropped; one point gives []. */
export function convexHull(points: readonly Pt[]): Pt[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Pt, a: Pt, b: Pt): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (pts: Pt[]): Pt[] => {
    const out: Pt[] = [];
    for (const p of pts) {
      while (out.length >= 2 && cross(out[out.length - 2] as Pt, out[out.length - 1] as Pt, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

/**
 * Sutherland–Hodgman: the part of `subject` (any simple ring) inside the convex ring `clip`.
 * Keeps the subject's orientation. Correct whenever the result is one connected piece.
 */
export function clipToConvex(subject: readonly Pt[], clip: readonly Pt[]): Pt[] {
  const sign = signedArea(clip) >= 0 ? 1 : -1;
  let output: Pt[] = [...subject];
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const a = clip[i] as Pt;
    const b = clip[(i + 1) % clip.length] as Pt;
    const side = (p: Pt): number => sign * ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]));
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const cur = input[j] as Pt;
      const prev = input[(j + input.length - 1) % input.length] as Pt;
      const sc = side(cur);
      const sp = side(prev);
      if (sc >= 0) {
        if (sp < 0) output.push(intersect(prev, cur, sp, sc));
        output.push(cur);
      } else if (sp >= 0) output.push(intersect(prev, cur, sp, sc));
    }
  }
  return dedupe(output, 1e-9);
}

function intersect(p: Pt, q: Pt, sp: number, sq: number): Pt {
  const t = sp / (sp - sq);
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
}

/** Drops consecutive points closer than `eps` (including last-to-first). */
export function dedupe(ring: readonly Pt[], eps: number): Pt[] {
  const out: Pt[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || dist(last, p) > eps) out.push(p);
  }
  while (out.length > 1 && dist(out[0] as Pt, out[out.length - 1] as Pt) <= eps) out.pop();
  return out;
}

/** Voronoi cells (open rings) of `sites`, unclipped beyond a box `pad` around `frame`. */
export function voronoiCells(sites: readonly Pt[], frame: readonly Pt[], pad: number): Pt[][] {
  const [x0, y0, x1, y1] = bbox([...frame, ...sites]);
  const voronoi = Delaunay.from(sites).voronoi([x0 - pad, y0 - pad, x1 + pad, y1 + pad]);
  return sites.map((_, i) => {
    const cell = voronoi.cellPolygon(i) as Pt[] | null;
    if (!cell) throw new Error(`Voronoi cell ${i} is empty (duplicate site?)`);
    return dedupe(cell.slice(0, -1), 1e-12);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Local projection

export interface Projection {
  toKm(p: readonly [number, number]): Pt;
  toLngLat(p: Pt): Position;
}

/** An equirectangular projection in km centred on the mean of `points`; `toLngLat` rounds to `decimals`. */
export function projectionAround(points: readonly (readonly [number, number])[], decimals = 5): Projection {
  const lng0 = points.reduce((s, p) => s + p[0], 0) / points.length;
  const lat0 = points.reduce((s, p) => s + p[1], 0) / points.length;
  const kx = 111.32 * Math.cos((lat0 * Math.PI) / 180);
  const ky = 110.57;
  const round = (v: number): number => Number(v.toFixed(decimals));
  return {
    toKm: (p) => [(p[0] - lng0) * kx, (p[1] - lat0) * ky],
    toLngLat: (p) => [round(p[0] / kx + lng0), round(p[1] / ky + lat0)],
  };
}

/** A km ring as a closed, rounded lng/lat polygon, counter-clockwise, without repeated points. */
export function toPolygon(ring: readonly Pt[], proj: Projection): PolygonCoords {
  const ll = ring.map((p) => proj.toLngLat(p));
  const open = dedupe(ll, 0);
  if (signedArea(open) < 0) open.reverse();
  const first = open[0] as Pt;
  return [[...open, [first[0], first[1]]]];
}

// ---------------------------------------------------------------------------------------------------------------
// Buffered hull

/**
 * The hull of `points` grown by `bufferKm` with round corners, resampled every ~`stepKm` km. Counter-clockwise and
 * convex. A single point (or all points equal) gives a circle of radius `bufferKm`.
 */
export function bufferedHull(points: readonly Pt[], bufferKm: number, stepKm: number): Pt[] {
  const hull = convexHull(points);
  if (hull.length === 0 && points.length > 0) {
    const [cx, cy] = points[0] as Pt;
    const circle = Array.from({ length: 36 }, (_, i): Pt => [cx + bufferKm * Math.cos((i * Math.PI) / 18), cy + bufferKm * Math.sin((i * Math.PI) / 18)]);
    return resample(circle, stepKm);
  }
  const arcs: Pt[] = [];
  for (let i = 0; i < hull.length; i++) {
    const prev = hull[(i + hull.length - 1) % hull.length] as Pt;
    const v = hull[i] as Pt;
    const next = hull[(i + 1) % hull.length] as Pt;
    const a0 = Math.atan2(v[1] - prev[1], v[0] - prev[0]) - Math.PI / 2;
    let a1 = Math.atan2(next[1] - v[1], next[0] - v[0]) - Math.PI / 2;
    while (a1 < a0) a1 += 2 * Math.PI;
    const steps = Math.max(1, Math.ceil((a1 - a0) / (Math.PI / 18)));
    for (let s = 0; s <= steps; s++) {
      const a = a0 + ((a1 - a0) * s) / steps;
      arcs.push([v[0] + bufferKm * Math.cos(a), v[1] + bufferKm * Math.sin(a)]);
    }
  }
  return resample(arcs, stepKm);
}

/** Points every ~`stepKm` along the closed ring. */
export function resample(ring: readonly Pt[], stepKm: number): Pt[] {
  const lengths = ring.map((p, i) => dist(p, ring[(i + 1) % ring.length] as Pt));
  const perimeter = lengths.reduce((a, b) => a + b, 0);
  const count = Math.max(8, Math.round(perimeter / stepKm));
  const out: Pt[] = [];
  let edge = 0;
  let walked = 0;
  for (let k = 0; k < count; k++) {
    const target = (perimeter * k) / count;
    while (walked + (lengths[edge] ?? 0) < target && edge < ring.length - 1) walked += lengths[edge++] ?? 0;
    const a = ring[edge] as Pt;
    const b = ring[(edge + 1) % ring.length] as Pt;
    const t = (lengths[edge] ?? 0) === 0 ? 0 : (target - walked) / (lengths[edge] ?? 1);
    out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Polygon utilities (lng/lat in, planar maths)

/** True when `p` lies inside `polygon` (even–odd rule over all rings, so holes are excluded). */
export function pointInPolygon(p: readonly [number, number], polygon: PolygonCoords): boolean {
  let inside = false;
  for (const ring of polygon) if (ringContains(ring, [p[0], p[1]])) inside = !inside;
  return inside;
}

/** Planar area (in squared coordinate units, e.g. degrees²): exterior minus holes. */
export function polygonArea(polygon: PolygonCoords): number {
  return polygon.reduce((sum, ring, i) => sum + (i === 0 ? 1 : -1) * Math.abs(signedArea(ring)), 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Union of cells that share edges

const keyOf = (p: Position): string => `${p[0]},${p[1]}`;

/**
 * The union of `cells` (single-ring polygons that do not overlap and meet along shared edges with identical
 * vertices, as Voronoi cells of one diagram rounded the same way do) as a MultiPolygon: each exterior ring
 * counter-clockwise, followed by its holes, clockwise. Every edge two cells share in opposite directions cancels; the
 * edges left are chained into rings, cut wherever a ring would visit a vertex twice (cells touching at a corner).
 *
 * Returns null when the edges do not chain into rings, a directed edge comes twice, or the union's area differs from
 * the sum of the cells' areas (the cells were not as required), so the caller can fall back to the cells themselves.
 * Cells that overlap without sharing edges are not detected: that is the caller's promise.
 */
export function unionOfCells(cells: readonly PolygonCoords[]): MultiPolygonCoords | null {
  if (cells.length === 0) return null;
  const points = new Map<string, Position>();
  const edges = new Map<string, [string, string]>();
  let cellArea = 0;
  for (const cell of cells) {
    const outer = cell[0];
    if (!outer || cell.length !== 1) return null;
    const ring = dedupe(outer, 0);
    const area = signedArea(ring);
    if (ring.length < 3 || area === 0) return null;
    if (area < 0) ring.reverse();
    cellArea += Math.abs(area);
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i] as Position;
      const b = ring[(i + 1) % ring.length] as Position;
      const [ka, kb] = [keyOf(a), keyOf(b)];
      points.set(ka, a);
      points.set(kb, b);
      const reverse = `${kb}>${ka}`;
      if (edges.has(reverse)) edges.delete(reverse);
      else if (edges.has(`${ka}>${kb}`)) return null; // the same edge twice in one direction: cells overlap
      else edges.set(`${ka}>${kb}`, [ka, kb]);
    }
  }
  const outgoing = new Map<string, string[]>();
  for (const [from, to] of edges.values()) outgoing.set(from, [...(outgoing.get(from) ?? []), to]);

  // Chain the remaining edges, cutting a ring off whenever the walk returns to a vertex it has visited.
  const rings: Position[][] = [];
  for (const start of [...outgoing.keys()].sort()) {
    while ((outgoing.get(start)?.length ?? 0) > 0) {
      const path: string[] = [start];
      const at = new Map<string, number>([[start, 0]]);
      let current = start;
      for (;;) {
        const nexts = outgoing.get(current);
        const next = nexts?.shift();
        if (next === undefined) return null; // a dead end: the edges do not form closed rings
        const seen = at.get(next);
        if (seen === undefined) {
          at.set(next, path.length);
          path.push(next);
          current = next;
          continue;
        }
        const loop = path.splice(seen);
        for (const k of loop) at.delete(k);
        rings.push(loop.map((k) => points.get(k) as Position));
        if (seen === 0) break;
        at.set(next, path.length);
        path.push(next);
        current = next;
      }
    }
  }

  const exteriors = rings.filter((r) => signedArea(r) > 0).map((r) => ({ ring: r, area: signedArea(r), holes: [] as Position[][] }));
  for (const hole of rings.filter((r) => signedArea(r) < 0)) {
    // A point just beside the hole's longest edge, on the union's side (the left of a clockwise hole ring).
    let best = 0;
    let length = -1;
    for (let i = 0; i < hole.length; i++) {
      const d = dist(hole[i] as Pt, hole[(i + 1) % hole.length] as Pt);
      if (d > length) [best, length] = [i, d];
    }
    const a = hole[best] as Pt;
    const b = hole[(best + 1) % hole.length] as Pt;
    const probe: Pt = [(a[0] + b[0]) / 2 - (b[1] - a[1]) * 1e-3, (a[1] + b[1]) / 2 + (b[0] - a[0]) * 1e-3];
    const owner = exteriors.filter((e) => ringContains(e.ring, probe)).sort((x, y) => x.area - y.area)[0];
    if (!owner) return null;
    owner.holes.push(hole);
  }
  const close = (r: Position[]): Position[] => [...r, [(r[0] as Position)[0], (r[0] as Position)[1]]];
  const union = exteriors.map((e) => [close(e.ring), ...e.holes.map(close)]);
  const unionArea = union.reduce((s, p) => s + polygonArea(p), 0);
  if (union.length === 0 || Math.abs(unionArea - cellArea) > 1e-9 * cellArea) return null;
  return union;
}

// ---------------------------------------------------------------------------------------------------------------
// Schematic cells from points (the extract tool's recipe)

export interface CellSite {
  /** The site's id (a village code). */
  id: string;
  /** The group it belongs to (its township's code). */
  group: string;
  /** [lng, lat], WGS84. */
  point: [number, number];
}

export interface SchematicCells {
  /** One cell per usable site, each containing its site's point. */
  cells: Map<string, PolygonCoords>;
  /** Per group with at least one usable site: the union of its sites' cells. */
  groups: Map<string, MultiPolygonCoords>;
  /** The union of all cells: the buffered hull of the usable sites. Null when no site is usable. */
  outline: MultiPolygonCoords | null;
  /** Sites left without a cell because another site lies within `SAME_PLACE_M` of them (all of them are left out). */
  coincident: string[];
  /** Groups whose cells could not be merged (should not happen); they get the cells themselves as a MultiPolygon. */
  unmerged: string[];
  /** The buffer around the sites' hull, km. */
  bufferKm: number;
}

/** Sites closer than this (metres) are taken to be the same place: neither can be told apart, neither gets a cell. */
export const SAME_PLACE_M = 1;
/** The buffer around the sites' convex hull: the median distance from a site to its nearest neighbour, within these bounds (km). */
export const HULL_BUFFER_MIN_KM = 0.5;
export const HULL_BUFFER_MAX_KM = 5;
/** Decimals of the output coordinates (6 ≈ 0.1 m, as the extract's label points). */
const CELL_DECIMALS = 6;

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Schematic cells from points, as the demo draws its villages: the Voronoi cell of each site clipped to the sites'
 * convex hull grown by a buffer (the median nearest-neighbour distance, 0.5–5 km) with round corners. The cells tile
 * that hull; each group's shape is the union of its sites' cells (a MultiPolygon when they are not contiguous), the
 * outline the union of all. Sites within 1 m of another site are left out (`coincident`). Deterministic: the result
 * does not depend on the order of `sites`.
 */
export function schematicCells(sites: readonly CellSite[]): SchematicCells {
  const sorted = [...sites].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const empty: SchematicCells = { cells: new Map(), groups: new Map(), outline: null, coincident: [], unmerged: [], bufferKm: 0 };
  if (sorted.length === 0) return empty;
  const proj = projectionAround(
    sorted.map((s) => s.point),
    CELL_DECIMALS,
  );
  const km = sorted.map((s) => proj.toKm(s.point));

  // Sites at (nearly) the same place: leave all of them out. Grid buckets keep this linear.
  const tooClose = new Set<number>();
  const cell = SAME_PLACE_M / 1000;
  const buckets = new Map<string, number[]>();
  km.forEach((p, i) => {
    const k = `${Math.floor(p[0] / cell)},${Math.floor(p[1] / cell)}`;
    buckets.set(k, [...(buckets.get(k) ?? []), i]);
  });
  km.forEach((p, i) => {
    const [gx, gy] = [Math.floor(p[0] / cell), Math.floor(p[1] / cell)];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const j of buckets.get(`${gx + dx},${gy + dy}`) ?? []) if (j !== i && dist(p, km[j] as Pt) < cell) tooClose.add(i);
  });
  const used = sorted.map((s, i) => ({ site: s, at: km[i] as Pt, i })).filter((u) => !tooClose.has(u.i));
  const coincident = sorted.filter((_, i) => tooClose.has(i)).map((s) => s.id);
  if (used.length === 0) return { ...empty, coincident };

  const usedPts = used.map((u) => u.at);
  let bufferKm = HULL_BUFFER_MAX_KM;
  if (usedPts.length >= 2) {
    const delaunay = Delaunay.from(usedPts);
    const nearest = usedPts.map((p, i) => {
      let best = Infinity;
      for (const j of delaunay.neighbors(i)) best = Math.min(best, dist(p, usedPts[j] as Pt));
      return best;
    });
    bufferKm = Math.min(HULL_BUFFER_MAX_KM, Math.max(HULL_BUFFER_MIN_KM, median(nearest)));
  }
  const hull = bufferedHull(usedPts, bufferKm, (bufferKm * Math.PI) / 18);
  const raw = usedPts.length === 1 ? [hull] : voronoiCells(usedPts, hull, 1).map((c) => clipToConvex(hull, c));

  const cells = new Map<string, PolygonCoords>();
  const byGroup = new Map<string, PolygonCoords[]>();
  used.forEach((u, k) => {
    const polygon = toPolygon(raw[k] as Pt[], proj);
    cells.set(u.site.id, polygon);
    byGroup.set(u.site.group, [...(byGroup.get(u.site.group) ?? []), polygon]);
  });
  const unmerged: string[] = [];
  const groups = new Map<string, MultiPolygonCoords>();
  for (const [group, members] of [...byGroup].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const union = unionOfCells(members);
    if (!union) unmerged.push(group);
    groups.set(group, union ?? members);
  }
  const outline = unionOfCells([...cells.values()]) ?? [toPolygon(hull, proj)];
  return { cells, groups, outline, coincident, unmerged, bufferKm };
}

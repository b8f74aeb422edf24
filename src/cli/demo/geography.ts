/**
 * Schematic geography of the demo county 如皋市 (320682). No open boundaries exist for it, so the shapes are drawn:
 * a smoothed outline around the GeoNames seat points, Voronoi township cells around the seats, and Voronoi village
 * cells around seeded points inside each township. Pure (no I/O) and deterministic for a given seed.
 *
 * Geometry is computed in a local equirectangular projection in kilometres, then written as WGS84 longitude/latitude
 * rounded to 5 decimals (about 1 m). Exterior rings are counter-clockwise and closed. The planar helpers, the Voronoi
 * cells and the buffered hull are shared with the extract tool (src/cli/geometry/schematic-cells.ts).
 */
import type { PolygonCoords } from '../../extract/wkb';
import {
  bbox,
  boundaryDistance,
  bufferedHull,
  centroid,
  clipToConvex,
  dist,
  insideBy,
  pointInPolygon,
  projectionAround,
  ringContains,
  signedArea,
  toPolygon,
  voronoiCells,
  type Projection,
  type Pt,
} from '../geometry/schematic-cells';
import type { RugaoReference, RugaoTown, RugaoVillage } from './reference';
import type { Rng } from './random';
import { createRng } from './random';

export type DemoUnitType = 'county' | 'town' | 'street' | 'zone' | 'village_committee' | 'residents_committee' | 'other';

export interface DemoRegion {
  code: string;
  name: string;
  level: 'county' | 'township' | 'village';
  unitType: DemoUnitType;
  parentCode: string | null;
  /** Label point [lng, lat], inside the polygon when there is one. */
  label: [number, number];
  /** Schematic boundary, or null for units without territory of their own (farms, institutes). */
  polygon: PolygonCoords | null;
}

export const COUNTY_CODE = '320682';
export const COUNTY_NAME = '如皋市';

/** How far the outline lies outside the convex hull of the seat points, in km. */
const OUTLINE_BUFFER_KM = 5;
/** Distance of the two development zones' synthetic seats from 如城街道's seat, in km. */
const ZONE_OFFSET_KM = 4;
/** Village points keep at least this distance from their township's boundary, in km. */
const VILLAGE_MARGIN_KM = 0.25;
const DECIMALS = 5;

// ---------------------------------------------------------------------------------------------------------------
// The county outline

/** One round of Chaikin corner cutting. */
function chaikin(ring: readonly Pt[]): Pt[] {
  return ring.flatMap((p, i): Pt[] => {
    const q = ring[(i + 1) % ring.length] as Pt;
    return [
      [0.75 * p[0] + 0.25 * q[0], 0.75 * p[1] + 0.25 * q[1]],
      [0.25 * p[0] + 0.75 * q[0], 0.25 * p[1] + 0.75 * q[1]],
    ];
  });
}

/**
 * The schematic county outline: the seats' hull grown by ~5 km, each vertex moved along its normal by a smooth
 * seeded wave (periodic, so the ring closes) plus a little jitter, then smoothed twice. Counter-clockwise.
 */
function countyOutline(points: readonly Pt[], rng: Rng): Pt[] {
  const base = bufferedHull(points, OUTLINE_BUFFER_KM, 1.5);
  const waves = [
    { k: 3, amp: 1.0 },
    { k: 5, amp: 0.6 },
    { k: 8, amp: 0.4 },
    { k: 13, amp: 0.25 },
  ].map((w) => ({ k: w.k, amp: w.amp * (0.6 + 0.8 * rng.next()), phase: 2 * Math.PI * rng.next() }));
  const moved = base.map((p, i): Pt => {
    const prev = base[(i + base.length - 1) % base.length] as Pt;
    const next = base[(i + 1) % base.length] as Pt;
    const tx = next[0] - prev[0];
    const ty = next[1] - prev[1];
    const len = Math.hypot(tx, ty);
    const s = (2 * Math.PI * i) / base.length;
    const wave = waves.reduce((sum, w) => sum + w.amp * Math.sin(w.k * s + w.phase), 0) + rng.normal(0, 0.15);
    const d = Math.max(-2.5, Math.min(2.5, wave));
    return [p[0] + (d * ty) / len, p[1] - (d * tx) / len];
  });
  return chaikin(chaikin(moved));
}

// ---------------------------------------------------------------------------------------------------------------
// Sampling

function uniformIn(ring: readonly Pt[], rng: Rng, margin: number): Pt {
  const [x0, y0, x1, y1] = bbox(ring);
  for (let tries = 0; tries < 10_000; tries++) {
    const p: Pt = [x0 + rng.next() * (x1 - x0), y0 + rng.next() * (y1 - y0)];
    if (insideBy(ring, p, margin)) return p;
  }
  throw new Error('could not sample a point inside a polygon (is it degenerate?)');
}

/** The candidate farthest from all `taken` points (best-candidate sampling). */
function bestCandidate(candidates: readonly Pt[], taken: readonly Pt[]): Pt {
  let best = candidates[0] as Pt;
  let bestScore = -Infinity;
  for (const c of candidates) {
    const score = taken.reduce((m, t) => Math.min(m, dist(c, t)), Infinity);
    if (score > bestScore) [best, bestScore] = [c, score];
  }
  return best;
}

/** A point well inside the ring: `preferred` if it is, else the centroid, else the deepest of a grid. */
function interiorPoint(ring: readonly Pt[], preferred: Pt | null): Pt {
  const [x0, y0, x1, y1] = bbox(ring);
  const margin = 0.1 * Math.min(x1 - x0, y1 - y0);
  for (const p of [preferred, centroid(ring)]) if (p && insideBy(ring, p, margin)) return p;
  let best = centroid(ring);
  let depth = -Infinity;
  for (let i = 1; i < 20; i++) {
    for (let j = 1; j < 20; j++) {
      const p: Pt = [x0 + ((x1 - x0) * i) / 20, y0 + ((y1 - y0) * j) / 20];
      const d = ringContains(ring, p) ? boundaryDistance(ring, p) : -Infinity;
      if (d > depth) [best, depth] = [p, d];
    }
  }
  return best;
}

/**
 * One point per village inside `cell`: residents committees drawn around the seat (urban), village committees
 * over the whole cell, each by best-candidate; then one half-step of Lloyd relaxation.
 */
function villagePoints(villages: readonly RugaoVillage[], cell: readonly Pt[], seat: Pt, rng: Rng): Pt[] {
  const radius = Math.sqrt(Math.abs(signedArea(cell)) / Math.PI);
  const nearSeat = (): Pt => {
    for (let tries = 0; tries < 50; tries++) {
      const p: Pt = [rng.normal(seat[0], 0.3 * radius), rng.normal(seat[1], 0.3 * radius)];
      if (insideBy(cell, p, VILLAGE_MARGIN_KM)) return p;
    }
    return uniformIn(cell, rng, VILLAGE_MARGIN_KM);
  };
  const points: Pt[] = [];
  for (const v of villages) {
    const urban = v.type === 'residents_committee';
    const candidates = Array.from({ length: urban ? 3 : 15 }, () => (urban ? nearSeat() : uniformIn(cell, rng, VILLAGE_MARGIN_KM)));
    points.push(bestCandidate(candidates, points));
  }
  if (points.length < 2) return points;
  const cells = voronoiCells(points, cell, 1).map((c) => clipToConvex(cell, c));
  return points.map((p, i) => {
    const c = cells[i];
    if (!c || c.length < 3) return p;
    const target = centroid(c);
    const moved: Pt = [(p[0] + target[0]) / 2, (p[1] + target[1]) / 2];
    return insideBy(cell, moved, VILLAGE_MARGIN_KM) ? moved : p;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Sampling in lng/lat

/** A uniformly random point inside `polygon`, by rejection in its bounding box. Throws after 10 000 misses. */
export function randomPointInPolygon(polygon: PolygonCoords, rng: Rng): [number, number] {
  const outer = polygon[0];
  if (!outer || outer.length < 4) throw new Error('randomPointInPolygon: the polygon has no exterior ring');
  const [x0, y0, x1, y1] = bbox(outer);
  for (let tries = 0; tries < 10_000; tries++) {
    const p: [number, number] = [x0 + rng.next() * (x1 - x0), y0 + rng.next() * (y1 - y0)];
    if (pointInPolygon(p, polygon)) return p;
  }
  throw new Error('randomPointInPolygon: no point found inside the polygon after 10000 tries');
}

// ---------------------------------------------------------------------------------------------------------------
// The geography

function townshipUnitType(town: RugaoTown, villages: readonly RugaoVillage[]): DemoUnitType {
  if (villages.length > 0 && villages.every((v) => v.type === 'virtual')) return 'other';
  const kind = town.code.charAt(6);
  if (kind === '0') return 'street';
  if (kind === '4') return 'zone';
  return 'town';
}

/** Seats for the Voronoi: real ones, plus the two development zones placed NE and SE of the seat with suffix 001. */
function townshipSeats(towns: readonly RugaoTown[], proj: Projection): Map<string, Pt> {
  const seats = new Map<string, Pt>();
  for (const t of towns) if (t.seat) seats.set(t.code, proj.toKm(t.seat));
  const city = seats.get(`${COUNTY_CODE}001`);
  if (!city) throw new Error(`reference data has no seat for ${COUNTY_CODE}001 (如城街道)`);
  const offset = ZONE_OFFSET_KM / Math.SQRT2;
  const zones: [string, Pt][] = [
    [`${COUNTY_CODE}400`, [city[0] + offset, city[1] + offset]],
    [`${COUNTY_CODE}401`, [city[0] + offset, city[1] - offset]],
  ];
  for (const [code, seat] of zones) if (towns.some((t) => t.code === code) && !seats.has(code)) seats.set(code, seat);
  return seats;
}

/**
 * Label points for units without territory, spread over the county: each one in the largest gap between village
 * points among random candidates that keep clear of the outline (3 km), township boundaries (1.5 km), township
 * labels (5 km) and each other (8 km). The clearances shrink step by step if no candidate meets them.
 */
function placeVirtualLabels(count: number, outline: readonly Pt[], cells: readonly Pt[][], townLabels: readonly Pt[], villages: readonly Pt[], rng: Rng): Pt[] {
  const placed: Pt[] = [];
  const nearest = (p: Pt, pts: readonly Pt[]): number => pts.reduce((m, q) => Math.min(m, dist(p, q)), Infinity);
  for (let n = 0; n < count; n++) {
    const candidates = Array.from({ length: 400 }, () => uniformIn(outline, rng, 3));
    let pool: Pt[] = [];
    for (let scale = 1; pool.length === 0 && scale > 0.01; scale *= 0.7) {
      pool = candidates.filter(
        (c) =>
          nearest(c, townLabels) >= 5 * scale &&
          nearest(c, placed) >= 8 * scale &&
          cells.every((cell) => !ringContains(cell, c) || boundaryDistance(cell, c) >= 1.5 * scale),
      );
    }
    placed.push(bestCandidate(pool.length > 0 ? pool : candidates, villages));
  }
  return placed;
}

/**
 * Builds the schematic regions of 如皋市 from the reference data: one county row, 21 township rows, one row per
 * village, in that order (townships and villages sorted by code).
 *
 * - The county polygon is a smoothed outline ~5 km outside the hull of all GeoNames seat points.
 * - Towns, streets and the two zones get Voronoi cells of their seats clipped to the outline; they tile it.
 * - Units without territory (farms, institutes, a hospital: every village virtual) and their village get
 *   `polygon: null` and a label point inside the outline.
 * - Villages get Voronoi cells of seeded points clipped to their township's cell; they tile it, and each label
 *   (the point) lies inside its own cell.
 *
 * Same `ref` and `seed` give an identical result. Coordinates are [lng, lat] rounded to 5 decimals.
 */
export function buildSchematicGeography(ref: RugaoReference, seed: number): DemoRegion[] {
  const rng = createRng(seed);
  const proj = projectionAround(ref.seats.map((s) => s.point), DECIMALS);
  const outline = countyOutline(
    ref.seats.map((s) => proj.toKm(s.point)),
    rng.fork('outline'),
  );
  const towns = [...ref.towns].sort((a, b) => a.code.localeCompare(b.code));
  const villagesOf = new Map(towns.map((t) => [t.code, ref.villages.filter((v) => v.townCode === t.code).sort((a, b) => a.code.localeCompare(b.code))]));
  const seats = townshipSeats(towns, proj);
  const cellTowns = towns.filter((t) => seats.has(t.code) && townshipUnitType(t, villagesOf.get(t.code) ?? []) !== 'other');
  const cellSeats = cellTowns.map((t) => seats.get(t.code) as Pt);
  const voronoi = voronoiCells(cellSeats, outline, 10);

  const townships: DemoRegion[] = [];
  const villages: DemoRegion[] = [];
  const villagePts: Pt[] = [];
  const cellsKm: Pt[][] = [];
  cellTowns.forEach((town, i) => {
    const cell = clipToConvex(outline, voronoi[i] as Pt[]);
    if (cell.length < 3) throw new Error(`township ${town.code}: its cell does not meet the county outline`);
    cellsKm.push(cell);
    const seat = cellSeats[i] as Pt;
    const members = villagesOf.get(town.code) ?? [];
    townships.push({
      code: town.code,
      name: town.nameNbs,
      level: 'township',
      unitType: townshipUnitType(town, members),
      parentCode: COUNTY_CODE,
      label: proj.toLngLat(interiorPoint(cell, seat)),
      polygon: toPolygon(cell, proj),
    });
    const points = villagePoints(members, cell, seat, rng.fork(`villages:${town.code}`));
    const cells = points.length === 1 ? [cell] : voronoiCells(points, cell, 1).map((c) => clipToConvex(cell, c));
    members.forEach((v, k) => {
      const p = points[k] as Pt;
      villagePts.push(p);
      villages.push({
        code: v.code,
        name: v.name,
        level: 'village',
        unitType: v.type === 'virtual' ? 'other' : v.type,
        parentCode: town.code,
        label: proj.toLngLat(p),
        polygon: toPolygon(cells[k] as Pt[], proj),
      });
    });
  });

  const virtual = towns.filter((t) => !cellTowns.includes(t));
  const labels = placeVirtualLabels(virtual.length, outline, cellsKm, townships.map((t) => proj.toKm(t.label)), villagePts, rng.fork('virtual'));
  virtual.forEach((town, i) => {
    const at = labels[i] as Pt;
    const members = villagesOf.get(town.code) ?? [];
    townships.push({
      code: town.code,
      name: town.nameNbs,
      level: 'township',
      unitType: townshipUnitType(town, members),
      parentCode: COUNTY_CODE,
      label: proj.toLngLat(at),
      polygon: null,
    });
    members.forEach((v, k) => {
      villages.push({
        code: v.code,
        name: v.name,
        level: 'village',
        unitType: v.type === 'virtual' ? 'other' : v.type,
        parentCode: town.code,
        label: proj.toLngLat([at[0] + 0.3 * k, at[1] - 0.5]),
        polygon: null,
      });
    });
  });

  const county: DemoRegion = {
    code: COUNTY_CODE,
    name: COUNTY_NAME,
    level: 'county',
    unitType: 'county',
    parentCode: null,
    label: proj.toLngLat(interiorPoint(outline, null)),
    polygon: toPolygon(outline, proj),
  };
  const byCode = (a: DemoRegion, b: DemoRegion): number => a.code.localeCompare(b.code);
  return [county, ...townships.sort(byCode), ...villages.sort(byCode)];
}

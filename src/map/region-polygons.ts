/**
 * The polygons deck.gl draws for a list of regions, simplified to the map's zoom, and the same array object for
 * the same inputs.
 *
 * Identity matters: deck.gl compares a layer's `data` by reference and re-tessellates every polygon when it gets a
 * new array, so a hover or a colour change must hand it the array it already has.
 *
 * Simplification is by quantization, as TopoJSON quantizes: every vertex is snapped to a grid of half a screen pixel
 * at the zoom's whole step (in the 512-pixel Web Mercator world maplibre uses), and a vertex landing on the one
 * before it is dropped. A vertex two neighbours share snaps to the same point for both, so a shared border stays one
 * line and no gap opens between neighbours, whatever the zoom. A ring left with fewer than three distinct vertices
 * (a region smaller than a pixel or two) is kept as it was, so that nothing disappears from the map or from picking.
 * When snapping would save less than {@link MIN_SAVING} of the vertices, the unsimplified polygons are used: no
 * second copy and no re-tessellation for a saving nobody sees.
 */
import type { MultiPolygonCoords, Position, Ring } from '../extract/wkb';
import { polygonsOf, type RegionFeature, type RegionPolygon } from './region-features';

/** The grid step, in screen pixels at the zoom's whole step: at most half a pixel's error at any zoom in that step. */
export const SNAP_PIXELS = 0.5;
/** Below this share of vertices saved, the polygons are drawn as the extract has them. */
export const MIN_SAVING = 0.05;
/** Zoom steps are clamped to this range (maplibre's own). */
const MAX_STEP = 22;

/** The whole zoom step a zoom falls in: the key of the simplified polygons. */
export function zoomStep(zoom: number): number {
  return Math.max(0, Math.min(MAX_STEP, Math.floor(Number.isFinite(zoom) ? zoom : 0)));
}

/** `ring` with every vertex snapped by `snap`, consecutive repeats dropped; null when it collapses. */
function snapRing(ring: Ring, snap: (p: Position) => Position): Ring | null {
  const out: Ring = [];
  for (const p of ring) {
    const q = snap(p);
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  // A closed ring repeats its first vertex at the end; three distinct vertices and the closing one at least.
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && out.length > 1 && (first[0] !== last[0] || first[1] !== last[1])) out.push(first);
  return out.length >= 4 ? out : null;
}

/** A function snapping a longitude/latitude to the grid of {@link SNAP_PIXELS} at zoom step `step`. */
function snapper(step: number): (p: Position) => Position {
  const world = 512 * 2 ** step;
  const grid = SNAP_PIXELS;
  const cache = new Map<string, Position>();
  return ([lng, lat]) => {
    const key = `${lng},${lat}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const phi = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
    const x = ((lng + 180) / 360) * world;
    const y = ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * world;
    const sx = Math.round(x / grid) * grid;
    const sy = Math.round(y / grid) * grid;
    const outLng = (sx / world) * 360 - 180;
    const outLat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * sy) / world))) * 180) / Math.PI;
    const q: Position = [outLng, outLat];
    cache.set(key, q);
    return q;
  };
}

/** `polygons` snapped at zoom step `step`, with the number of vertices before and after. */
export function snapPolygons(polygons: MultiPolygonCoords, step: number, snap = snapper(step)): { polygons: MultiPolygonCoords; before: number; after: number } {
  let before = 0;
  let after = 0;
  const out = polygons.map((polygon) =>
    polygon.map((ring) => {
      before += ring.length;
      const snapped = snapRing(ring, snap) ?? ring;
      after += snapped.length;
      return snapped;
    }),
  );
  return { polygons: out, before, after };
}

function simplified(features: readonly RegionFeature[], step: number, original: RegionPolygon[]): RegionPolygon[] {
  const snap = snapper(step);
  let before = 0;
  let after = 0;
  const out: RegionPolygon[] = [];
  for (const feature of features) {
    if (!feature.polygons) continue;
    const s = snapPolygons(feature.polygons, step, snap);
    before += s.before;
    after += s.after;
    for (const rings of s.polygons) out.push({ feature, rings });
  }
  return before === 0 || (before - after) / before < MIN_SAVING ? original : out;
}

const cache = new WeakMap<readonly RegionFeature[], { original: RegionPolygon[]; byStep: Map<number, RegionPolygon[]> }>();

/**
 * The polygons of `features` for drawing at `zoom` (see the module comment). The same `features` array and zoom
 * step give the same array; pass `zoom` undefined for the polygons as the extract has them.
 */
export function regionPolygons(features: readonly RegionFeature[], zoom?: number): RegionPolygon[] {
  let entry = cache.get(features);
  if (!entry) {
    entry = { original: polygonsOf(features), byStep: new Map() };
    cache.set(features, entry);
  }
  if (zoom === undefined) return entry.original;
  const step = zoomStep(zoom);
  let polygons = entry.byStep.get(step);
  if (!polygons) {
    polygons = simplified(features, step, entry.original);
    entry.byStep.set(step, polygons);
  }
  return polygons;
}

const villageCache = new WeakMap<readonly RegionFeature[], Map<string, RegionFeature[]>>();

/** The villages of one township, the same array for the same inputs (see {@link regionPolygons} on identity). */
export function villagesOf(villages: readonly RegionFeature[], township: string): RegionFeature[] {
  let byTownship = villageCache.get(villages);
  if (!byTownship) {
    byTownship = new Map();
    villageCache.set(villages, byTownship);
  }
  let list = byTownship.get(township);
  if (!list) {
    list = villages.filter((v) => v.parentCode === township);
    byTownship.set(township, list);
  }
  return list;
}

const NONE: readonly RegionFeature[] = [];
const singles = new WeakMap<RegionFeature, readonly RegionFeature[]>();

/** `[feature]`, the same array for the same feature (a key for {@link regionPolygons}). */
export function just(feature: RegionFeature | null): readonly RegionFeature[] {
  if (!feature) return NONE;
  let list = singles.get(feature);
  if (!list) {
    list = [feature];
    singles.set(feature, list);
  }
  return list;
}

/**
 * A schematic layout for a county whose villages have no coordinates: township cells from the seats that exist,
 * townships without a seat as equal squares in a row apart from them, and each township's villages as equal square
 * tiles inside its cell (a tile-grid map). Nothing here pretends to be a location: a village tile says "this
 * village belongs to this township", and an unseated township's square sits outside the seated cells, south of
 * them, in code order. Pure (no I/O) and deterministic.
 *
 * Planar maths in a local km projection (see schematic-cells.ts); output WGS84 [lng, lat], rings closed and
 * counter-clockwise.
 */
import type { MultiPolygonCoords, PolygonCoords } from '../../extract/wkb';
import { bbox, centroid, projectionAround, ringContains, schematicCells, signedArea, toPolygon, type Projection, type Pt } from './schematic-cells';

export type LngLat = [number, number];

export interface TileTownship {
  code: string;
  /** A real point of the township (its seat, or a point the bureau gave), or null. */
  seat: LngLat | null;
  /** Its villages' codes, in the order their tiles are laid out (by code, or a given order). */
  villages: readonly string[];
}

export interface TiledTownship {
  polygons: MultiPolygonCoords;
  label: LngLat;
  /** seat: the cell around its seat; row: a square in the row of unseated units; grid: a square of the all-square grid. */
  placed: 'seat' | 'row' | 'grid';
}

export interface TileLayout {
  townships: Map<string, TiledTownship>;
  villages: Map<string, { polygon: PolygonCoords; label: LngLat }>;
  /** The county: the union of the seated cells, plus every square. */
  outline: MultiPolygonCoords;
  /** Townships whose seat lies within 1 m of another's: both placed as unseated. */
  coincident: string[];
  /** Side of an unseated township's square, km. */
  squareKm: number;
}

/** Side of a township square when no seated cell gives a size, km (a typical township is 30–60 km²). */
const DEFAULT_SQUARE_KM = 6;
/** Gap between squares, as a fraction of their side. */
const SQUARE_GAP = 0.15;
/** Each village tile is inset from its grid square by this fraction of the square's side on every side. */
const TILE_INSET = 0.06;
const DECIMALS = 6;

/**
 * The square grid of `count` equal squares inside the convex `ring` (km), the largest side for which that many
 * fit: the squares nearest the ring's centroid, in reading order (north to south, west to east). Empty when
 * `count` is 0.
 */
export function squaresIn(ring: readonly Pt[], count: number): { squares: Pt[][]; side: number } {
  if (count <= 0) return { squares: [], side: 0 };
  const [x0, y0, x1, y1] = bbox(ring);
  const area = Math.abs(signedArea(ring));
  const middle = centroid(ring);
  for (let side = Math.sqrt(area / count); side > 1e-6; side *= 0.97) {
    const cols = Math.floor((x1 - x0) / side) + 1;
    const rows = Math.floor((y1 - y0) / side) + 1;
    if (cols * rows < count) continue;
    let best: Pt[] = [];
    // The grid centred on the ring's box, and shifted by half a square each way: whichever fits most.
    for (const [fx, fy] of [
      [0, 0],
      [0.5, 0],
      [0, 0.5],
      [0.5, 0.5],
    ] as const) {
      const ox = x0 + (x1 - x0 - cols * side) / 2 + fx * side;
      const oy = y0 + (y1 - y0 - rows * side) / 2 + fy * side;
      const fits: Pt[] = [];
      for (let i = -1; i <= cols; i++)
        for (let j = -1; j <= rows; j++) {
          const sx = ox + i * side;
          const sy = oy + j * side;
          // Corners a hair inside the square: a square touching the ring's edge fits.
          const e = side * 1e-6;
          const corners: Pt[] = [
            [sx + e, sy + e],
            [sx + side - e, sy + e],
            [sx + side - e, sy + side - e],
            [sx + e, sy + side - e],
          ];
          if (corners.every((c) => ringContains(ring, c))) fits.push([sx, sy]);
        }
      if (fits.length > best.length) best = fits;
    }
    if (best.length < count) continue;
    const dist2 = (p: Pt) => (p[0] + side / 2 - middle[0]) ** 2 + (p[1] + side / 2 - middle[1]) ** 2;
    const chosen = [...best].sort((a, b) => dist2(a) - dist2(b) || b[1] - a[1] || a[0] - b[0]).slice(0, count);
    chosen.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return { squares: chosen.map(([sx, sy]) => square(sx, sy, side)), side };
  }
  return { squares: [], side: 0 };
}

function square(x: number, y: number, side: number): Pt[] {
  return [
    [x, y],
    [x + side, y],
    [x + side, y + side],
    [x, y + side],
  ];
}

function inset(sq: readonly Pt[], by: number): Pt[] {
  const [x0, y0, x1] = bbox(sq);
  return square(x0 + by, y0 + by, x1 - x0 - 2 * by);
}

const toLngLat = (proj: Projection, p: Pt): LngLat => proj.toLngLat(p) as LngLat;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/**
 * The layout of a county's townships and villages (see the file's comment). Seated townships get the Voronoi cells
 * of their seats clipped to the seats' hull grown by a buffer (schematicCells); the others, in code order, equal
 * squares (the median seated cell's area) in rows south of the seated cells, as wide as they are (at least as wide
 * as a square grid of them would be); with no seat at
 * all, every township is a square of a near-square grid centred on `anchor`. Villages are equal tiles in their
 * township's cell, in the given order. Throws when there is no seat and no anchor.
 */
export function tileLayout(townships: readonly TileTownship[], anchor: LngLat | null): TileLayout {
  const sorted = [...townships].sort((a, b) => a.code.localeCompare(b.code));
  const seated = sorted.filter((t) => t.seat);
  const cells = schematicCells(seated.map((t) => ({ id: t.code, group: t.code, point: t.seat as LngLat })));
  const coincident = cells.coincident;
  const withCell = seated.filter((t) => cells.cells.has(t.code));
  const origin = withCell.length > 0 ? withCell.map((t) => t.seat as LngLat) : anchor ? [anchor] : null;
  if (!origin) throw new Error('tileLayout: no seat and no anchor to place the county');
  const proj = projectionAround(origin, DECIMALS);
  const ringKm = (polygon: PolygonCoords): Pt[] => (polygon[0] ?? []).slice(0, -1).map((p) => proj.toKm(p));

  const out: TileLayout = { townships: new Map(), villages: new Map(), outline: [], coincident, squareKm: 0 };
  const cellRings = new Map<string, Pt[]>();
  for (const t of withCell) {
    const ring = ringKm(cells.cells.get(t.code) as PolygonCoords);
    cellRings.set(t.code, ring);
    out.townships.set(t.code, { polygons: [cells.cells.get(t.code) as PolygonCoords], label: t.seat as LngLat, placed: 'seat' });
  }
  if (cells.outline) out.outline.push(...cells.outline);

  const unseated = sorted.filter((t) => !cellRings.has(t.code));
  const areas = [...cellRings.values()].map((r) => Math.abs(signedArea(r)));
  const side = areas.length > 0 ? Math.sqrt(median(areas)) : DEFAULT_SQUARE_KM;
  out.squareKm = side;
  const step = side * (1 + SQUARE_GAP);
  if (unseated.length > 0) {
    let columns: number;
    let left: number;
    let top: number;
    if (cellRings.size > 0) {
      const [x0, y0, x1] = bbox([...cellRings.values()].flat());
      // As wide as the seated cells, and at least as wide as a square grid of the unseated ones would be.
      columns = Math.min(unseated.length, Math.max(Math.ceil(Math.sqrt(unseated.length)), Math.floor((x1 - x0 + side * SQUARE_GAP) / step)));
      left = (x0 + x1) / 2 - (columns * step - side * SQUARE_GAP) / 2;
      top = y0 - side * (0.5 + SQUARE_GAP);
    } else {
      columns = Math.ceil(Math.sqrt(unseated.length));
      const rows = Math.ceil(unseated.length / columns);
      left = -(columns * step - side * SQUARE_GAP) / 2;
      top = (rows * step - side * SQUARE_GAP) / 2;
    }
    unseated.forEach((t, k) => {
      const sq = square(left + (k % columns) * step, top - Math.floor(k / columns) * step - side, side);
      cellRings.set(t.code, sq);
      const polygon = toPolygon(sq, proj);
      out.outline.push(polygon);
      out.townships.set(t.code, { polygons: [polygon], label: toLngLat(proj, centroid(sq)), placed: withCell.length > 0 ? 'row' : 'grid' });
    });
  }

  for (const t of sorted) {
    const ring = cellRings.get(t.code) as Pt[];
    const { squares, side: tile } = squaresIn(ring, t.villages.length);
    t.villages.forEach((code, k) => {
      const sq = squares[k];
      if (!sq) return;
      out.villages.set(code, { polygon: toPolygon(inset(sq, tile * TILE_INSET), proj), label: toLngLat(proj, centroid(sq)) });
    });
  }
  return out;
}

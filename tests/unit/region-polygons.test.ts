import { describe, expect, it } from 'vitest';
import type { PolygonLayer } from '@deck.gl/layers';
import type { MultiPolygonCoords, Position, Ring } from '../../src/extract/wkb';
import { worldPixels } from '../../src/map/label-placement';
import type { RegionFeature, RegionGeometry } from '../../src/map/region-features';
import { buildRegionLayers } from '../../src/map/region-layers';
import { just, MIN_SAVING, regionPolygons, snapPolygons, villagesOf, zoomStep } from '../../src/map/region-polygons';

function feature(code: string, level: RegionFeature['level'], parentCode: string | null, polygons: MultiPolygonCoords | null): RegionFeature {
  return { code, name: code, level, parentCode, label: [120.5, 32.3], polygons, schematic: false };
}

const square = (x: number, y: number, d: number): MultiPolygonCoords => [[[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]];

/** A closed ring of `n` vertices on a circle of radius `r` degrees round (x, y), counter-clockwise. */
function circle(x: number, y: number, r: number, n: number): Ring {
  const ring: Ring = [];
  for (let i = 0; i < n; i++) ring.push([x + r * Math.cos((2 * Math.PI * i) / n), y + r * Math.sin((2 * Math.PI * i) / n)]);
  ring.push(ring[0] as Position);
  return ring;
}

describe('snapping to half a pixel at the zoom step', () => {
  it('moves a vertex to the grid worked out by hand at zoom 0 (512-pixel world: half a pixel is 0.3515625° of longitude)', () => {
    // x = (0.1 + 180) / 360 × 512 = 256.142… → 256 → 0°; x of 0.3 = 256.427 → 256.5 → 0.3515625°; latitude 0 stays 0.
    const { polygons } = snapPolygons([[[[0.1, 0], [0.3, 0], [0.3, 10], [0.1, 0]]]], 0);
    const ring = polygons[0]?.[0] as Ring;
    expect(ring[0]).toEqual([0, 0]);
    expect(ring[1]?.[0]).toBeCloseTo(0.3515625, 12);
    expect(ring[1]?.[1]).toBeCloseTo(0, 12);
  });

  it('drops most vertices of a finely digitized boundary far out, and none moves by more than half a pixel', () => {
    const ring = circle(120.5, 32.3, 0.2, 4000);
    for (const zoom of [6, 8, 10]) {
      const { polygons, before, after } = snapPolygons([[ring]], zoom);
      expect(before).toBe(4001);
      const out = polygons[0]?.[0] as Ring;
      expect(out[0]).toEqual(out[out.length - 1]);
      // A vertex is kept only where the boundary enters a new half-pixel cell: along each of the circle's four
      // monotone quarters that happens at most once per half pixel moved on either axis, plus once at its start.
      let manhattanPx = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = worldPixels(ring[i] as Position, zoom);
        const [x1, y1] = worldPixels(ring[i + 1] as Position, zoom);
        manhattanPx += Math.abs(x1 - x0) + Math.abs(y1 - y0);
      }
      expect(after).toBeLessThanOrEqual(manhattanPx / 0.5 + 5);
      expect(after).toBeLessThan(before);
      // Every output vertex lies within √2/4 px (a quarter pixel on each axis) of some input vertex.
      const inPixels = ring.map((q) => worldPixels(q, zoom));
      for (const p of out.filter((_, i) => i % 7 === 0)) {
        const [px, py] = worldPixels(p, zoom);
        const nearest = Math.min(...inPixels.map(([qx, qy]) => Math.hypot(qx - px, qy - py)));
        expect(nearest).toBeLessThanOrEqual(Math.SQRT2 / 4 + 1e-9);
      }
    }
  });

  it('keeps a border two regions share as one line: the same snapped vertices on both sides, so no gap opens', () => {
    // A wiggly border from (120, 32) to (120, 32.2), digitized every 0.0005°, shared by a western and an eastern region.
    const border: Position[] = [];
    for (let i = 0; i <= 400; i++) border.push([120 + 0.002 * Math.sin(i / 7), 32 + i * 0.0005]);
    const west: Ring = [[119.8, 32], ...border, [119.8, 32.2], [119.8, 32]];
    const reversed = [...border].reverse();
    const east: Ring = [...reversed, [120.2, 32], [120.2, 32.2], reversed[0] as Position];
    const w = snapPolygons([[west]], 9).polygons[0]?.[0] as Ring;
    const e = snapPolygons([[east]], 9).polygons[0]?.[0] as Ring;
    const key = (p: Position) => `${p[0]},${p[1]}`;
    const westBorder = w.slice(1, w.length - 2).map(key);
    const eastBorder = e.slice(0, westBorder.length).map(key).reverse();
    expect(westBorder.length).toBeLessThan(border.length);
    expect(eastBorder).toEqual(westBorder);
  });

  it('keeps a ring that would collapse (a region under a pixel) as it is', () => {
    const tiny = square(120.5, 32.3, 1e-5);
    const { polygons, before, after } = snapPolygons(tiny, 5);
    expect(polygons[0]?.[0]).toBe(tiny[0]?.[0]);
    expect(after).toBe(before);
  });
});

describe('the polygons handed to deck.gl', () => {
  const fine = feature('320682101', 'township', '320682', [[circle(120.5, 32.3, 0.05, 2000)]]);
  const coarse = feature('320682102', 'township', '320682', square(120.6, 32.3, 0.05));

  it('are the same array for the same regions within a zoom step, and simplified ones for a fine boundary far out', () => {
    const features = [fine, coarse];
    const a = regionPolygons(features, 9.2);
    expect(regionPolygons(features, 9.9)).toBe(a);
    expect(zoomStep(9.9)).toBe(9);
    const original = regionPolygons(features);
    expect(a).not.toBe(original);
    expect(a.length).toBe(original.length);
    expect(a[0]?.feature).toBe(fine);
    expect((a[0]?.rings[0] as Ring).length).toBeLessThan(2001 * 0.5);
  });

  it('are the extract’s own polygons when snapping would save less than the minimum share of vertices', () => {
    const features = [coarse];
    // A 0.05° square at zoom 14 is hundreds of pixels a side: nothing to drop.
    expect(MIN_SAVING).toBeGreaterThan(0);
    expect(regionPolygons(features, 14)).toBe(regionPolygons(features));
  });

  it('keep one array per township’s villages and per single region', () => {
    const villages = [feature('320682101001', 'village', '320682101', null), feature('320682102001', 'village', '320682102', null)];
    expect(villagesOf(villages, '320682101')).toBe(villagesOf(villages, '320682101'));
    expect(villagesOf(villages, '320682101').map((v) => v.code)).toEqual(['320682101001']);
    expect(just(fine)).toBe(just(fine));
    expect(just(null)).toEqual([]);
  });
});

describe('the layers of a change', () => {
  const county = feature('320682', 'county', null, square(120.4, 32.2, 0.4));
  const townships = [feature('320682101', 'township', '320682', square(120.4, 32.2, 0.2)), feature('320682102', 'township', '320682', square(120.6, 32.2, 0.2))];
  const villages = [feature('320682101001', 'village', '320682101', square(120.4, 32.2, 0.1))];
  const geometry = (t: RegionFeature[]): RegionGeometry => ({ byCode: new Map(), county, townships: t, villages, bounds: [120.4, 32.2, 120.8, 32.6], boundaries: 'schematic' });
  const build = (g: RegionGeometry, hoveredCode: string | null, fillKey: string, showVillages = false) =>
    buildRegionLayers({ geometry: g, fill: () => [1, 2, 3, 255], fillKey, points: [], township: null, showVillages, hoveredCode, selectedCode: null, zoom: 9 });
  const layer = (layers: ReturnType<typeof build>, id: string) => layers.find((l) => l.id === id) as PolygonLayer;

  it('hand deck.gl the same data on a hover or a new colour, so that nothing is tessellated again', () => {
    const g = geometry(townships);
    const before = build(g, null, 'risk 2026-10');
    const after = build(g, '320682101', 'risk 2026-11');
    for (const id of ['county-outline', 'township-fill', 'village-fill', 'region-labels']) expect(layer(after, id).props.data).toBe(layer(before, id).props.data);
  });

  it('leave out the county’s fill under townships that all have a boundary, and keep it where some have none or villages show', () => {
    expect(layer(build(geometry(townships), null, 'k'), 'county-outline').props.filled).toBe(false);
    const withPoint = [...townships, feature('320682400', 'township', '320682', null)];
    expect(layer(build(geometry(withPoint), null, 'k'), 'county-outline').props.filled).toBe(true);
    expect(layer(build(geometry(townships), null, 'k', true), 'county-outline').props.filled).toBe(true);
  });
});

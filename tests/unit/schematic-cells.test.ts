/**
 * The shared schematic-cell geometry (src/cli/geometry/schematic-cells.ts): the union of cells by shared edges, and
 * the extract tool's recipe (Voronoi cells of village points clipped to the buffered hull, townships as unions).
 * Expected areas and lines are worked out by hand in the local km frame (1° = 111.32·cos(lat) km east–west,
 * 110.57 km north–south).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSchematicGeography } from '../../src/cli/demo/geography';
import { createRng } from '../../src/cli/demo/random';
import { loadRugaoReference } from '../../src/cli/demo/reference';
import { pointInPolygon, polygonArea, schematicCells, unionOfCells, type CellSite } from '../../src/cli/geometry/schematic-cells';
import type { MultiPolygonCoords, PolygonCoords, Position } from '../../src/extract/wkb';

const square = (x: number, y: number, clockwise = false): PolygonCoords => {
  const ring: Position[] = [
    [x, y],
    [x + 1, y],
    [x + 1, y + 1],
    [x, y + 1],
  ];
  if (clockwise) ring.reverse();
  return [[...ring, [x, y]]];
};
const ringArea = (ring: readonly Position[]): number => ring.slice(0, -1).reduce((s, p, i) => s + p[0] * (ring[i + 1] as Position)[1] - (ring[i + 1] as Position)[0] * p[1], 0) / 2;
const area = (m: MultiPolygonCoords): number => m.reduce((s, p) => s + polygonArea(p), 0);
const inside = (p: readonly [number, number], m: MultiPolygonCoords): boolean => m.some((polygon) => pointInPolygon(p, polygon));

describe('unionOfCells', () => {
  it('merges a 3 × 3 block of squares into one ring', () => {
    const cells = [0, 1, 2].flatMap((x) => [0, 1, 2].map((y) => square(x, y)));
    const union = unionOfCells(cells) as MultiPolygonCoords;
    expect(union).toHaveLength(1);
    expect(union[0]).toHaveLength(1);
    expect(area(union)).toBe(9);
    expect(ringArea(union[0]?.[0] as Position[])).toBe(9); // counter-clockwise
    expect(inside([1.5, 1.5], union)).toBe(true);
  });

  it('leaves a hole where the middle square is missing, and accepts clockwise cells', () => {
    const cells = [0, 1, 2].flatMap((x) => [0, 1, 2].filter((y) => !(x === 1 && y === 1)).map((y) => square(x, y, x === 2)));
    const union = unionOfCells(cells) as MultiPolygonCoords;
    expect(union).toHaveLength(1);
    expect(union[0]).toHaveLength(2);
    expect(ringArea(union[0]?.[0] as Position[])).toBe(9);
    expect(ringArea(union[0]?.[1] as Position[])).toBe(-1); // the hole, clockwise
    expect(area(union)).toBe(8);
    expect(inside([1.5, 1.5], union)).toBe(false);
    expect(inside([0.5, 1.5], union)).toBe(true);
  });

  it('keeps squares touching at a corner as two polygons, and an island inside a hole as a third', () => {
    const corner = unionOfCells([square(0, 0), square(1, 1)]) as MultiPolygonCoords;
    expect(corner.map((p) => [p.length, polygonArea(p)])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    // A 5 × 5 block without its inner ring of 8 squares, the centre kept: a frame with a hole, and an island in it.
    const cells = [0, 1, 2, 3, 4].flatMap((x) => [0, 1, 2, 3, 4].filter((y) => Math.max(Math.abs(x - 2), Math.abs(y - 2)) !== 1).map((y) => square(x, y)));
    const union = unionOfCells(cells) as MultiPolygonCoords;
    expect(union.map((p) => [p.length, polygonArea(p)]).sort()).toEqual([
      [1, 1],
      [2, 16],
    ]);
    expect(inside([2.5, 2.5], union)).toBe(true);
    expect(inside([1.5, 2.5], union)).toBe(false);
  });

  it('refuses cells given twice', () => {
    expect(unionOfCells([square(0, 0), square(0, 0)])).toBeNull();
    expect(unionOfCells([])).toBeNull();
  });
});

const KY = 110.57;
const kx = (lat: number): number => 111.32 * Math.cos((lat * Math.PI) / 180);
const km2 = (m: MultiPolygonCoords, lat: number): number => area(m) * kx(lat) * KY;

describe('schematicCells', () => {
  it('cuts three points 2 km apart on a parallel into strips 2 km wide, within a 2 km buffer', () => {
    const x = 2 / kx(32);
    const sites: CellSite[] = [-1, 0, 1].map((i) => ({ id: `v${i + 1}`, group: 't', point: [120 + i * x, 32] }));
    const r = schematicCells(sites);
    expect(r.bufferKm).toBeCloseTo(2, 9); // the median nearest-neighbour distance
    // The middle cell: from −1 km to +1 km east–west, ±2 km north–south (the buffer): 8 km².
    const middle = [r.cells.get('v1') as PolygonCoords];
    expect(km2(middle, 32)).toBeCloseTo(8, 3);
    const lngs = middle[0]?.[0]?.map((p) => p[0]) ?? [];
    expect(Math.min(...lngs)).toBeCloseTo(120 - x / 2, 6);
    expect(Math.max(...lngs)).toBeCloseTo(120 + x / 2, 6);
    // The outline: a 4 km × 4 km rectangle plus a disc of radius 2 km (as a polygon, a little less).
    const outline = r.outline as MultiPolygonCoords;
    expect(km2(outline, 32)).toBeLessThan(16 + Math.PI * 4);
    expect(km2(outline, 32)).toBeGreaterThan(16 + Math.PI * 4 * 0.99);
    expect(area([...r.cells.values()])).toBeCloseTo(area(outline), 12);
    expect(r.groups.get('t')).toEqual(outline);
  });

  it('gives a lone point a disc of the largest buffer, 5 km', () => {
    const r = schematicCells([{ id: 'v', group: 't', point: [110, 30] }]);
    expect(r.bufferKm).toBe(5);
    const cell = [r.cells.get('v') as PolygonCoords];
    expect(inside([110, 30], cell)).toBe(true);
    expect(km2(cell, 30)).toBeGreaterThan(Math.PI * 25 * 0.99);
    expect(km2(cell, 30)).toBeLessThan(Math.PI * 25);
  });

  it('leaves out every site within 1 m of another, and keeps sites 2 m apart', () => {
    const m = 1 / 1000 / KY; // a metre of latitude
    const r = schematicCells([
      { id: 'a', group: 't', point: [120, 32] },
      { id: 'b', group: 't', point: [120, 32 + 0.5 * m] },
      { id: 'c', group: 'u', point: [120.1, 32] },
      { id: 'd', group: 'u', point: [120.1, 32 + 2 * m] },
    ]);
    expect(r.coincident).toEqual(['a', 'b']);
    expect([...r.cells.keys()]).toEqual(['c', 'd']);
    expect([...r.groups.keys()]).toEqual(['u']);
    expect(inside([120.1, 32], [r.cells.get('c') as PolygonCoords])).toBe(true);
    expect(inside([120.1, 32 + 2 * m], [r.cells.get('d') as PolygonCoords])).toBe(true);
    expect(inside([120.1, 32 + 2 * m], [r.cells.get('c') as PolygonCoords])).toBe(false);
  });

  it('makes a township ringed by another a hole in it', () => {
    // Township b: one village in the middle; township a: a ring of 8 villages 3 km out and 12 more 8 km out.
    const at = (rKm: number, k: number, n: number): [number, number] => [120 + (rKm * Math.cos((2 * Math.PI * k) / n)) / kx(32), 32 + (rKm * Math.sin((2 * Math.PI * k) / n)) / KY];
    const sites: CellSite[] = [
      { id: 'b0', group: 'b', point: [120, 32] },
      ...Array.from({ length: 8 }, (_, k): CellSite => ({ id: `a1${k}`, group: 'a', point: at(3, k, 8) })),
      ...Array.from({ length: 12 }, (_, k): CellSite => ({ id: `a2${k}`, group: 'a', point: at(8, k, 12) })),
    ];
    const r = schematicCells(sites);
    const a = r.groups.get('a') as MultiPolygonCoords;
    const b = r.groups.get('b') as MultiPolygonCoords;
    expect(a).toHaveLength(1);
    expect(a[0]).toHaveLength(2);
    expect(inside([120, 32], a)).toBe(false);
    expect(inside([120, 32], b)).toBe(true);
    expect(area(a) + area(b)).toBeCloseTo(area(r.outline as MultiPolygonCoords), 12);
  });

  it('tiles the hull with one cell per site on random points in scattered townships, in any input order', () => {
    const rng = createRng(7);
    const sites: CellSite[] = Array.from({ length: 300 }, (_, i) => ({
      id: `v${String(i).padStart(3, '0')}`,
      group: `t${Math.floor(rng.next() * 9)}`,
      point: [Number((120 + rng.next() * 0.6).toFixed(6)), Number((32 + rng.next() * 0.5).toFixed(6))],
    }));
    const r = schematicCells(sites);
    expect(r.coincident).toEqual([]);
    expect(r.unmerged).toEqual([]);
    expect(r.cells.size).toBe(300);
    const outline = r.outline as MultiPolygonCoords;
    expect(outline).toHaveLength(1);
    expect(outline[0]).toHaveLength(1);
    for (const s of sites) {
      const cell = [r.cells.get(s.id) as PolygonCoords];
      expect(inside(s.point, cell), s.id).toBe(true);
      expect(inside(s.point, r.groups.get(s.group) as MultiPolygonCoords), s.id).toBe(true);
      expect(inside(s.point, outline)).toBe(true);
    }
    // Townships scattered at random are in pieces; each holds exactly its own villages.
    expect([...r.groups.values()].some((g) => g.length > 1)).toBe(true);
    for (const [group, shape] of r.groups) {
      expect(
        sites.filter((s) => s.group !== group && inside(s.point, shape)),
        group,
      ).toEqual([]);
      const sum = sites.filter((s) => s.group === group).reduce((t, s) => t + polygonArea(r.cells.get(s.id) as PolygonCoords), 0);
      expect(Math.abs(area(shape) / sum - 1), group).toBeLessThan(1e-9);
    }
    // No overlap, no gap: areas add up, and random points of the outline fall in exactly one cell and one township.
    const cellsArea = [...r.cells.values()].reduce((t, c) => t + polygonArea(c), 0);
    expect(Math.abs(cellsArea / area(outline) - 1)).toBeLessThan(1e-9);
    const cells = [...r.cells.values()];
    const groups = [...r.groups.values()];
    let probes = 0;
    while (probes < 500) {
      const p: [number, number] = [119.9 + rng.next() * 0.8, 31.9 + rng.next() * 0.7];
      if (!inside(p, outline)) continue;
      probes++;
      expect(cells.filter((c) => pointInPolygon(p, c))).toHaveLength(1);
      expect(groups.filter((g) => inside(p, g))).toHaveLength(1);
    }
    expect(schematicCells([...sites].reverse())).toEqual(r);
  });

  it('turns the demo’s 355 village points of 如皋市 into townships that hold their villages', () => {
    const ref = loadRugaoReference(fileURLToPath(new URL('../../data/reference', import.meta.url)));
    const villages = buildSchematicGeography(ref, 20240601).filter((v) => v.level === 'village' && v.polygon);
    const r = schematicCells(villages.map((v) => ({ id: v.code, group: v.parentCode as string, point: v.label })));
    expect(r.cells.size).toBe(villages.length);
    expect(r.unmerged).toEqual([]);
    expect(r.bufferKm).toBeGreaterThan(0.5);
    expect(r.bufferKm).toBeLessThan(5);
    for (const v of villages) {
      expect(inside(v.label, [r.cells.get(v.code) as PolygonCoords]), v.code).toBe(true);
      expect(inside(v.label, r.groups.get(v.parentCode as string) as MultiPolygonCoords), v.code).toBe(true);
    }
    const sum = [...r.groups.values()].reduce((t, g) => t + area(g), 0);
    expect(Math.abs(sum / area(r.outline as MultiPolygonCoords) - 1)).toBeLessThan(1e-9);
  });
});

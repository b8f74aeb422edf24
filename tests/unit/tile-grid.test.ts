/**
 * The tile-grid layout for counties without village coordinates: equal squares fitted in a cell (sizes worked out
 * by hand on a 10 × 10 square), township cells around seats, unseated townships in a row south of them, villages as
 * disjoint tiles inside their township in the given order, and an all-square grid when there is no seat.
 */
import { describe, expect, it } from 'vitest';
import { squaresIn, tileLayout, type TileTownship } from '../../src/cli/geometry/tile-grid';
import { bbox, pointInPolygon, ringContains, type Pt } from '../../src/cli/geometry/schematic-cells';
import type { Position } from '../../src/extract/wkb';

const SQUARE: Pt[] = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
];

const overlaps = (a: readonly Pt[] | readonly Position[], b: readonly Pt[] | readonly Position[]): boolean => {
  const [ax0, ay0, ax1, ay1] = bbox(a as Pt[]);
  const [bx0, by0, bx1, by1] = bbox(b as Pt[]);
  return ax0 < bx1 - 1e-9 && bx0 < ax1 - 1e-9 && ay0 < by1 - 1e-9 && by0 < ay1 - 1e-9;
};

describe('squaresIn', () => {
  it('fits 4 squares of side 5 in a 10 × 10 square, in reading order', () => {
    const { squares, side } = squaresIn(SQUARE, 4);
    expect(side).toBeCloseTo(5, 9);
    expect(squares.map((s) => bbox(s).map((v) => Math.round(v * 1e6) / 1e6))).toEqual([
      [0, 5, 5, 10],
      [5, 5, 10, 10],
      [0, 0, 5, 5],
      [5, 0, 10, 5],
    ]);
  });

  it('fits 5 squares only once three go in a row: a side just under 10/3', () => {
    // √(100/5) = 4.47 fits 2 × 2; the side shrinks by 3 % steps until 3 × 3 fit, at most 10/3.
    const { squares, side } = squaresIn(SQUARE, 5);
    expect(side).toBeLessThanOrEqual(10 / 3);
    expect(side).toBeGreaterThan((10 / 3) * 0.97);
    expect(squares).toHaveLength(5);
    for (const s of squares) for (const c of s) expect(c[0] >= -1e-9 && c[0] <= 10 + 1e-9 && c[1] >= -1e-9 && c[1] <= 10 + 1e-9).toBe(true);
    for (let i = 0; i < squares.length; i++) for (let j = i + 1; j < squares.length; j++) expect(overlaps(squares[i]!, squares[j]!)).toBe(false);
  });

  it('gives nothing for no villages', () => {
    expect(squaresIn(SQUARE, 0)).toEqual({ squares: [], side: 0 });
  });
});

const villages = (town: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${town}${String(i + 1).padStart(3, '0')}`);

describe('tileLayout', () => {
  const towns: TileTownship[] = [
    { code: '990101001', seat: [110.0, 30.0], villages: villages('990101001', 7) },
    { code: '990101100', seat: [110.1, 30.02], villages: villages('990101100', 12) },
    { code: '990101101', seat: [110.05, 30.09], villages: villages('990101101', 3) },
    { code: '990101400', seat: null, villages: villages('990101400', 4) },
    { code: '990101401', seat: null, villages: villages('990101401', 1) },
  ];
  const layout = tileLayout(towns, null);

  it('gives each seated township the cell around its seat, and the unseated ones squares south of them all', () => {
    for (const t of towns.slice(0, 3)) {
      const cell = layout.townships.get(t.code)!;
      expect(cell.placed).toBe('seat');
      expect(pointInPolygon(t.seat!, cell.polygons[0]!)).toBe(true);
    }
    const seatedSouth = Math.min(...towns.slice(0, 3).flatMap((t) => layout.townships.get(t.code)!.polygons[0]![0]!.map((p) => p[1])));
    const squares = ['990101400', '990101401'].map((c) => layout.townships.get(c)!);
    for (const s of squares) {
      expect(s.placed).toBe('row');
      expect(Math.max(...s.polygons[0]![0]!.map((p) => p[1]))).toBeLessThan(seatedSouth);
    }
    // In code order, west to east in one row (the seated cells are one square wide, a square grid of two is 2 × 1),
    // the same size.
    const [a, b] = squares.map((s) => bbox(s.polygons[0]![0]! as Pt[]));
    expect(a![0]).toBeLessThan(b![0]);
    expect(a![1]).toBeCloseTo(b![1], 9);
    expect(a![2] - a![0]).toBeCloseTo(b![2] - b![0], 5);
    expect(layout.outline).toHaveLength(1 + 2);
  });

  it('puts every village in a tile inside its township, tiles disjoint, the first by code in the north-west', () => {
    for (const t of towns) {
      const township = layout.townships.get(t.code)!.polygons[0]!;
      const tiles = t.villages.map((v) => layout.villages.get(v)!);
      for (const tile of tiles) {
        for (const corner of tile.polygon[0]!) expect(ringContains(township[0]! as Pt[], corner as Pt)).toBe(true);
        expect(pointInPolygon(tile.label, tile.polygon)).toBe(true);
      }
      for (let i = 0; i < tiles.length; i++) for (let j = i + 1; j < tiles.length; j++) expect(overlaps(tiles[i]!.polygon[0]!, tiles[j]!.polygon[0]!)).toBe(false);
      const sides = tiles.map((x) => bbox(x.polygon[0]! as Pt[])).map(([x0, , x1]) => x1 - x0);
      for (const s of sides) expect(s).toBeCloseTo(sides[0]!, 5);
      const first = tiles[0]!.label;
      for (const other of tiles.slice(1)) expect(other.label[1] < first[1] + 1e-9 && (other.label[1] < first[1] - 1e-9 || other.label[0] > first[0])).toBe(true);
    }
  });

  it('with no seat at all, lays every township out as a square of a grid centred on the anchor', () => {
    const grid = tileLayout(
      towns.map((t) => ({ ...t, seat: null })),
      [115, 36],
    );
    const boxes = [...grid.townships.values()].map((t) => {
      expect(t.placed).toBe('grid');
      return bbox(t.polygons[0]![0]! as Pt[]);
    });
    expect(boxes).toHaveLength(5);
    const all: [number, number, number, number] = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
    expect(115).toBeGreaterThan(all[0]);
    expect(115).toBeLessThan(all[2]);
    expect(36).toBeGreaterThan(all[1]);
    expect(36).toBeLessThan(all[3]);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(bboxRing(boxes[i]!), bboxRing(boxes[j]!))).toBe(false);
    expect(grid.villages.size).toBe(7 + 12 + 3 + 4 + 1);
  });

  it('refuses to place a county with no seat and no anchor', () => {
    expect(() => tileLayout([{ code: '990101001', seat: null, villages: [] }], null)).toThrow(/no seat and no anchor/);
  });
});

const bboxRing = ([x0, y0, x1, y1]: [number, number, number, number]): Pt[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

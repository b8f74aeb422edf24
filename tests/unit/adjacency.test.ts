import { describe, expect, it } from 'vitest';
import { adjacentPairs } from '../../src/extract/adjacency';
import { loadedFixture } from '../support/loaded-fixture';
import { A1, A2, A3, B1, B2, B3, VILLAGE_SHAPES, dutiesManifest, dutiesTables, rect } from '../fixtures/duties-county';

// Worked out from the drawing in tests/fixtures/duties-county.ts: shared edges A1–A2 (A2's edge written
// 0.4 nanodegrees off), A2–B1, A3–B2; T-junctions along lat 32.1 for A1–A3, A2–A3, A2–B2, B1–B2; B2–B3 meet at a
// corner only.
const EXPECTED: [string, string][] = [
  [A1, A2],
  [A1, A3],
  [A2, A3],
  [A2, B1],
  [A2, B2],
  [A3, B2],
  [B1, B2],
];

const shapes = () => Object.entries(VILLAGE_SHAPES).map(([code, polygon]) => ({ code, polygons: [polygon] }));

describe('village adjacency from boundaries', () => {
  it('finds shared borders, T-junctions included, and not corners', () => {
    expect(adjacentPairs(shapes())).toEqual(EXPECTED);
  });

  it('does not depend on the order of the areas or of their rings', () => {
    const reversed = shapes()
      .reverse()
      .map((s) => ({ ...s, polygons: s.polygons.map((p) => p.map((ring) => [...ring].reverse())) }));
    expect(adjacentPairs(reversed)).toEqual(EXPECTED);
  });

  it('counts a border shorter than the minimum as a corner, and a gap wider than the tolerance as none', () => {
    // Two squares 1e-4° wide (≈ 9.4 m at this latitude) sharing a whole edge of ≈ 11 m, then with a 5 m gap.
    const left = { code: 'L', polygons: [rect(120, 32, 120.0001, 32.0001)] };
    const right = { code: 'R', polygons: [rect(120.0001, 32, 120.0002, 32.0001)] };
    expect(adjacentPairs([left, right])).toEqual([['L', 'R']]);
    expect(adjacentPairs([left, right], { minSharedM: 20 })).toEqual([]);
    const apart = { code: 'R', polygons: [rect(120.00015, 32, 120.00025, 32.0001)] };
    expect(adjacentPairs([left, apart])).toEqual([]);
    expect(adjacentPairs([left, apart], { toleranceM: 6 })).toEqual([['L', 'R']]);
  });

  it('copes with a stray vertex far away (its long edges are checked against every vertex)', () => {
    const stray = shapes().map((s) =>
      s.code === B3
        ? { ...s, polygons: [[[[120.3, 32.2], [120.4, 32.2], [100, 10], [120.3, 32.3], [120.3, 32.2]]] as [number, number][][]] }
        : s,
    );
    const t0 = performance.now();
    expect(adjacentPairs(stray)).toEqual(EXPECTED);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('takes every part of a multipolygon, and an empty input gives no pairs', () => {
    // B3 with a second part that shares B1's eastern edge (x = 120.3, lat 32.0–32.1). That part also meets B2 at a
    // corner, (120.3, 32.1): two corners of B3 touch B2, 11 km apart, and still make no border.
    const multi = shapes().map((s) => (s.code === B3 ? { ...s, polygons: [...s.polygons, rect(120.3, 32.0, 120.4, 32.1)] } : s));
    expect(adjacentPairs(multi)).toEqual([...EXPECTED, [B1, B3]].sort((x, y) => (x.join() < y.join() ? -1 : 1)));
    expect(adjacentPairs([])).toEqual([]);
  });

  describe('as the table the loader derives', () => {
    const fixture = loadedFixture(dutiesManifest, dutiesTables());
    it('holds both directions of every pair, and nothing for villages without a boundary', async () => {
      const rows = await fixture.rows<{ code: string; neighbour_code: string }>('SELECT code, neighbour_code FROM village_adjacency ORDER BY ALL');
      const both = EXPECTED.flatMap(([a, b]) => [
        [a, b],
        [b, a],
      ]).sort((x, y) => (x.join() < y.join() ? -1 : 1));
      expect(rows.map((r) => [r.code, r.neighbour_code])).toEqual(both);
    });
  });
});

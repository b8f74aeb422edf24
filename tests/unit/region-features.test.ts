/**
 * What the map's title and legend say about boundaries (RegionGeometry.boundaries): schematic when any boundary
 * drawn is marked so, surveyed when all are surveyed, none when no region has a boundary (then they say nothing);
 * and the boundary of a city or province that has none of its own (as combine writes them): its counties' polygons.
 */
import { Binary, Bool, Float64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { encodeWkbPolygon } from '../../src/extract/wkb';
import { regionGeometry } from '../../src/map/region-features';

const square = encodeWkbPolygon([
  [
    [120, 32],
    [120.1, 32],
    [120.1, 32.1],
    [120, 32.1],
    [120, 32],
  ],
]);

function regions(rows: { code: string; level: string; geometry: Uint8Array | null; schematic: boolean | null; parent?: string }[]) {
  return new Table({
    code: vectorFromArray(rows.map((r) => r.code), new Utf8()),
    name: vectorFromArray(rows.map((r) => r.code), new Utf8()),
    level: vectorFromArray(rows.map((r) => r.level), new Utf8()),
    parent_code: vectorFromArray(rows.map((r) => r.parent ?? null), new Utf8()),
    label_lng: vectorFromArray(rows.map(() => 120.05), new Float64()),
    label_lat: vectorFromArray(rows.map(() => 32.05), new Float64()),
    geometry: vectorFromArray(rows.map((r) => r.geometry), new Binary()),
    boundary_schematic: vectorFromArray(rows.map((r) => r.schematic), new Bool()),
  });
}

describe('regionGeometry.boundaries', () => {
  it('is none without boundaries, schematic with any schematic one, surveyed otherwise', () => {
    expect(regionGeometry(regions([{ code: '999999', level: 'county', geometry: null, schematic: null }, { code: '999999001', level: 'township', geometry: null, schematic: null }])).boundaries).toBe('none');
    expect(regionGeometry(regions([{ code: '999999', level: 'county', geometry: square, schematic: false }, { code: '999999001', level: 'township', geometry: square, schematic: true }])).boundaries).toBe('schematic');
    const surveyed = regionGeometry(regions([{ code: '999999', level: 'county', geometry: square, schematic: false }, { code: '999999001', level: 'township', geometry: null, schematic: null }]));
    expect(surveyed.boundaries).toBe('surveyed');
    expect(surveyed.byCode.get('999999')?.schematic).toBe(false);
  });
});

describe('regionGeometry above the county', () => {
  const at = (x: number, y: number) =>
    encodeWkbPolygon([
      [
        [x, y],
        [x + 0.1, y],
        [x + 0.1, y + 0.1],
        [x, y + 0.1],
        [x, y],
      ],
    ]);
  it('draws a city or province without a boundary of its own as its counties’ polygons', () => {
    const g = regionGeometry(
      regions([
        { code: '32', level: 'province', geometry: null, schematic: null },
        { code: '3206', level: 'city', geometry: null, schematic: null, parent: '32' },
        { code: '3209', level: 'city', geometry: null, schematic: null, parent: '32' },
        { code: '3212', level: 'city', geometry: at(119, 32), schematic: false, parent: '32' },
        { code: '320623', level: 'county', geometry: at(120, 32), schematic: true, parent: '3206' },
        { code: '320681', level: 'county', geometry: at(121, 32), schematic: false, parent: '3206' },
        { code: '320921', level: 'county', geometry: null, schematic: null, parent: '3209' },
        { code: '321202', level: 'county', geometry: at(119.5, 32), schematic: false, parent: '3212' },
        { code: '320623001', level: 'township', geometry: at(120, 32), schematic: true, parent: '320623' },
      ]),
    );
    const corners = (code: string) => g.byCode.get(code)?.polygons?.map((p) => p[0]?.[0]) ?? null;
    // The city's two counties, in the order read; schematic since one of them is.
    expect(corners('3206')).toEqual([
      [120, 32],
      [121, 32],
    ]);
    expect(g.byCode.get('3206')?.schematic).toBe(true);
    // A city whose one county has no boundary stays a point; one with its own boundary keeps it.
    expect(corners('3209')).toBeNull();
    expect(corners('3212')).toEqual([[119, 32]]);
    expect(g.byCode.get('3212')?.schematic).toBe(false);
    // The province: every county with a boundary.
    expect(corners('32')).toEqual([
      [120, 32],
      [121, 32],
      [119.5, 32],
    ]);
    expect(g.byCode.get('32')?.schematic).toBe(true);
  });
});

/**
 * What the map's title and legend say about boundaries (RegionGeometry.boundaries): schematic when any boundary
 * drawn is marked so, surveyed when all are surveyed, none when no region has a boundary (then they say nothing).
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

function regions(rows: { code: string; level: string; geometry: Uint8Array | null; schematic: boolean | null }[]) {
  return new Table({
    code: vectorFromArray(rows.map((r) => r.code), new Utf8()),
    name: vectorFromArray(rows.map((r) => r.code), new Utf8()),
    level: vectorFromArray(rows.map((r) => r.level), new Utf8()),
    parent_code: vectorFromArray(rows.map(() => null), new Utf8()),
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

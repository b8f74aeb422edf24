/**
 * The generators' one regions-row builder (src/cli/demo/region-rows.ts): a region with one polygon is written as a
 * WKB Polygon, one with several as a MultiPolygon, one without a boundary with no geometry and no schematic mark;
 * targets only on the townships that have them. Byte counts worked out by hand from the WKB layout.
 */
import { describe, expect, it } from 'vitest';
import { regionRows, withPolygons } from '../../src/cli/demo/region-rows';
import { decodeWkb, type PolygonCoords } from '../../src/extract/wkb';

const square = (x: number, y: number): PolygonCoords => [
  [
    [x, y],
    [x + 1, y],
    [x + 1, y + 1],
    [x, y + 1],
    [x, y],
  ],
];
const base = { name: '甲', unitType: 'town', parentCode: '320999', label: [0.5, 0.5] as [number, number] };

describe('regionRows (the demo generators)', () => {
  it('writes one polygon as a WKB Polygon, several as a MultiPolygon, none as null, all boundaries schematic', () => {
    const rows = regionRows(
      [
        { ...base, code: '320999001', level: 'township', polygons: [square(0, 0)] },
        { ...base, code: '320999002', level: 'township', polygons: [square(0, 0), square(2, 0)] },
        { ...base, code: '320999003', level: 'township', polygons: null },
      ],
      new Map([['320999002', { homes: 1, stations: 7 }]]),
    );
    const [one, two, none] = rows as Record<string, unknown>[];
    // Polygon: byte order 1 + type 4 + ring count 4 + point count 4 + 5 points × 16 = 93 bytes, type 3.
    const polygon = one?.geometry as Uint8Array;
    expect(polygon.length).toBe(93);
    expect(new DataView(polygon.buffer, polygon.byteOffset).getUint32(1, true)).toBe(3);
    // MultiPolygon: 1 + 4 + polygon count 4 + 2 × 93 = 195 bytes, type 6.
    const multi = two?.geometry as Uint8Array;
    expect(multi.length).toBe(195);
    expect(new DataView(multi.buffer, multi.byteOffset).getUint32(1, true)).toBe(6);
    expect(decodeWkb(multi)).toEqual([square(0, 0), square(2, 0)]);
    expect(none).toMatchObject({ geometry: null, boundary_schematic: null });
    expect(rows.map((r) => [r.boundary_schematic, r.target_township_homes, r.target_village_stations])).toEqual([
      [true, null, null],
      [true, 1, 7],
      [null, null, null],
    ]);
    expect(one).toMatchObject({ code: '320999001', name: '甲', level: 'township', unit_type: 'town', parent_code: '320999', label_lng: 0.5, label_lat: 0.5 });
  });

  it('takes the county demo’s single polygons as one-polygon regions, written the same bytes', () => {
    const cell = { ...base, code: '320999001', level: 'township' as const, polygon: square(0, 0) };
    const virtual = { ...base, code: '320999002', level: 'township' as const, polygon: null };
    expect(withPolygons(cell)).toEqual({ ...base, code: '320999001', level: 'township', polygons: [square(0, 0)] });
    expect(withPolygons(virtual).polygons).toBeNull();
    const [viaCell] = regionRows([withPolygons(cell)]);
    const [direct] = regionRows([{ ...base, code: '320999001', level: 'township', polygons: [square(0, 0)] }]);
    expect(viaCell).toEqual(direct);
  });
});

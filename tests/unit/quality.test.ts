import { describe, expect, it } from 'vitest';
import { encodeWkbPolygon } from '../../src/extract/wkb';
import { inMultiPolygon, placePoint, placePoints, qualityPointsSql, qualityRegionsSql, qualitySql, type QualityPointRow, type QualityRegionRow, type QualityRow } from '../../src/measures/quality';
import { Q, QUALITY_AS_OF, qualityManifest, qualityTables } from '../fixtures/quality-county';
import { loadedFixture } from '../support/loaded-fixture';

// Answers worked out by hand from tests/fixtures/quality-county.ts (see its header).
const fixture = loadedFixture(qualityManifest, qualityTables());
const run = (params: Parameters<typeof qualitySql>[0]) => fixture.rows<QualityRow>(qualitySql(params));
const at = { asOf: QUALITY_AS_OF, staleMonths: 3 };

const children = (r: QualityRow | undefined) => r && [r.children, r.ungraded, r.stale, r.visits_off_roll, r.assessments_off_roll];
const places = (r: QualityRow | undefined) => r && [r.stations, r.stations_no_coords, r.water_points, r.villages, r.villages_no_shape, r.townships_no_shape, r.virtual_units];

describe('数据质量 per area (qualitySql)', () => {
  it('counts the county: ungraded and out-of-date children, records off the roll, places', async () => {
    const [county] = await run({ level: 'county', ...at });
    // On the roll: c1–c4, c6, c7, c8 (c5 left in June, c9 leaves on the day). Ungraded c3, c7; out of date c2, c6.
    // Off the roll: visits c5 07-10, c6 02-20, c9 10-31; assessments c5 08-01, c6 02-01.
    expect(children(county)).toEqual([7, 2, 2, 3, 2]);
    // 7 stations (S3 without coordinates), 3 points, 5 villages (V22 and V31 without a shape), T3 without one;
    // virtual units T3 and V31.
    expect(places(county)).toEqual([7, 1, 3, 5, 2, 1, 2]);
  });

  it('splits by township: stations by code prefix, the county centre in none', async () => {
    const [t1, t2, t3] = await run({ level: 'township', ...at });
    expect(children(t1)).toEqual([4, 1, 1, 2, 1]);
    expect(children(t2)).toEqual([2, 1, 1, 1, 1]);
    expect(children(t3)).toEqual([1, 0, 0, 0, 0]);
    expect(places(t1)).toEqual([4, 1, 2, 2, 0, 0, 0]);
    expect(places(t2)).toEqual([2, 0, 0, 2, 1, 0, 0]);
    // The farm: itself and its village are virtual units without a shape.
    expect(places(t3)).toEqual([0, 0, 1, 1, 1, 1, 2]);
  });

  it('gives every village of a township, zeros included', async () => {
    const rows = await run({ level: 'village', parentCode: Q.t1, ...at });
    expect(rows.map((r) => r.code)).toEqual([Q.v11, Q.v12]);
    const [v11, v12] = rows;
    expect(children(v11)).toEqual([3, 1, 1, 1, 0]);
    expect(children(v12)).toEqual([1, 0, 0, 1, 1]);
    expect(places(v12)).toEqual([1, 1, 1, 1, 0, 0, 0]);
  });

  it('looks at a past date: later records are ignored, the roll is that day’s', async () => {
    const [county] = await run({ level: 'county', asOf: '2026-07-05', staleMonths: 3 });
    // On the roll on 07-05: c1–c4, c6–c9 (c5 left 06-30). Assessed by then: c2 05-01, c6 04-01 (c6's 02-01 was
    // before enrolling); cut-off 04-05 makes c6 out of date. Ungraded: c1, c3, c4, c7, c8, c9.
    // Off the roll by then: visit c6 02-20, assessment c6 02-01.
    expect(children(county)).toEqual([8, 6, 1, 1, 1]);
  });

  it('refuses a stale interval that is not a positive whole number of months', () => {
    expect(() => qualitySql({ level: 'county', asOf: QUALITY_AS_OF, staleMonths: 0 })).toThrow();
  });
});

describe('the lists behind the figures', () => {
  it('lists the regions without a shape and the virtual units, townships first', async () => {
    const rows = await fixture.rows<QualityRegionRow>(qualityRegionsSql({ areaCode: Q.county }));
    expect(rows.map((r) => [r.code, r.township_name, r.has_shape, r.unit_type])).toEqual([
      [Q.t3, '农场', false, 'other'],
      [Q.v22, '乙街道', false, 'residents_committee'],
      [Q.v31, '农场', false, 'other'],
    ]);
    expect((await fixture.rows<QualityRegionRow>(qualityRegionsSql({ areaCode: Q.t1 }))).length).toBe(0);
    const all = await fixture.rows<QualityRegionRow>(qualityRegionsSql({ areaCode: Q.t1, all: true }));
    expect(all.map((r) => [r.code, r.has_shape, r.schematic])).toEqual([
      [Q.t1, true, false],
      [Q.v11, true, false],
      [Q.v12, true, false],
    ]);
  });

  it('places every station and water point against its own region’s boundary', async () => {
    const rows = await fixture.rows<QualityPointRow>(qualityPointsSql({ areaCode: Q.county }));
    expect(rows.map((r) => `${r.id}:${placePoint(r)}`)).toEqual([
      'C1:no_shape',
      'H1:outside',
      'S1:inside',
      'S2:outside',
      'S3:no_coords',
      'S4:schematic',
      'S5:no_shape',
      'W1:inside',
      'W2:outside',
      'W3:no_shape',
    ]);
    expect(placePoints(rows)).toEqual(rows.map((r) => placePoint(r)));
    const t1 = await fixture.rows<QualityPointRow>(qualityPointsSql({ areaCode: Q.t1 }));
    expect(t1.map((r) => r.id)).toEqual(['H1', 'S1', 'S2', 'S3', 'W1', 'W2']);
  });

  it('treats a hole as outside', () => {
    const ring = (x0: number, x1: number): [number, number][] => [
      [x0, x0],
      [x1, x0],
      [x1, x1],
      [x0, x1],
      [x0, x0],
    ];
    const withHole = [[ring(0, 10), ring(4, 6)]];
    expect(inMultiPolygon(2, 2, withHole)).toBe(true);
    expect(inMultiPolygon(5, 5, withHole)).toBe(false);
    expect(inMultiPolygon(11, 5, withHole)).toBe(false);
    expect(placePoint({ lng: 5, lat: 5, geometry: encodeWkbPolygon(withHole[0] as [number, number][][]), schematic: false })).toBe('outside');
    expect(placePoint({ lng: 2, lat: 2, geometry: encodeWkbPolygon(withHole[0] as [number, number][][]), schematic: null })).toBe('inside');
  });
});

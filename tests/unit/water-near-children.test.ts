import { describe, expect, it } from 'vitest';
import { loadedFixture } from '../support/loaded-fixture';
import { waterNearChildrenSql, type WaterNearChildrenRow } from '../../src/measures/water-near-children';
import { A2, B2, COUNTY, DUTIES_AS_OF, T2, dutiesManifest, dutiesTables } from '../fixtures/duties-county';

// Worked out by hand from tests/fixtures/duties-county.ts. Children on the roll at 2026-07-15: A1 3, A2 1, A3 2,
// B1 4, B2 0, B3 5, F1 1. Neighbours: A1 {A2, A3}; A2 {A1, A3, B1, B2}; A3 {A1, A2, B2}; B1 {A2, B2};
// B2 {A2, A3, B1}; B3 and F1 none. P-3 (A1) has all four items and is left out.
//   P-1 A2: 1 + (3 + 2 + 4 + 0) = 10     P-2 B3: 5 + 0 = 5 (2 items)     P-4 F1: 1 + 0 = 1
//   P-5 B2: 0 + (1 + 2 + 4) = 7          P-6 A3: 2 + (3 + 1 + 0) = 6     P-7 B1: 4 + (1 + 0) = 5 (3 items)
const fixture = loadedFixture(dutiesManifest, dutiesTables());
const INTERVAL = 15;

/** [point, own village, neighbour villages, children in them, nearby, items present]. */
const facts = (r: WaterNearChildrenRow) => [r.point_id, r.children_in_village, r.neighbour_villages, r.children_in_neighbours, r.children_nearby, r.items_present];

describe('incomplete water points ranked by the children in their village and the neighbouring ones', () => {
  it('ranks the county: most children nearby first, then fewest items, then id', async () => {
    const rows = await fixture.rows<WaterNearChildrenRow>(waterNearChildrenSql({ asOf: DUTIES_AS_OF, intervalDays: INTERVAL }));
    expect(rows.map(facts)).toEqual([
      ['P-1', 1, 4, 9, 10, 3],
      ['P-5', 0, 3, 7, 7, 0],
      ['P-6', 2, 3, 4, 6, 3],
      ['P-2', 5, 0, 0, 5, 2],
      ['P-7', 4, 2, 1, 5, 3],
      ['P-4', 1, 0, 0, 1, 3],
    ]);
    // The point's own facts come through as waterPointsSql has them.
    expect(rows.find((r) => r.point_id === 'P-2')).toMatchObject({ village_name: '乙三社区', township_name: '乙街道', has_sign: false, has_ring: false, inspection_overdue: true });
    expect(rows.find((r) => r.point_id === 'P-1')).toMatchObject({ village_code: A2, inspection_overdue: false });
  });

  it('keeps one township’s points, counting neighbours across the township border', async () => {
    const rows = await fixture.rows<WaterNearChildrenRow>(waterNearChildrenSql({ parentCode: T2, asOf: DUTIES_AS_OF, intervalDays: INTERVAL }));
    // P-5 in B2 counts A2 and A3 of 甲镇.
    expect(rows.map(facts)).toEqual([
      ['P-5', 0, 3, 7, 7, 0],
      ['P-2', 5, 0, 0, 5, 2],
      ['P-7', 4, 2, 1, 5, 3],
    ]);
    const county = await fixture.rows<WaterNearChildrenRow>(waterNearChildrenSql({ parentCode: COUNTY, asOf: DUTIES_AS_OF, intervalDays: INTERVAL }));
    expect(county).toHaveLength(6);
  });

  it('follows the roll at the date: a child joining B2 counts for B2 and for its neighbours’ points', async () => {
    // 2026-08-01: k12 enrols in B2 → P-5 1 + 7 = 8, P-1 11, P-6 7, P-7 6; P-7 now ahead of P-2.
    const rows = await fixture.rows<WaterNearChildrenRow>(waterNearChildrenSql({ asOf: '2026-08-01', intervalDays: INTERVAL }));
    expect(rows.map((r) => [r.point_id, r.children_nearby])).toEqual([
      ['P-1', 11],
      ['P-5', 8],
      ['P-6', 7],
      ['P-7', 6],
      ['P-2', 5],
      ['P-4', 1],
    ]);
    expect(rows.find((r) => r.village_code === B2)?.children_in_village).toBe(1);
  });
});

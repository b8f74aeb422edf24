import { describe, expect, it } from 'vitest';
import { loadedFixture } from '../support/loaded-fixture';
import { waterPointsSql, waterSafetySql, type WaterPointRow, type WaterSafetyRow } from '../../src/measures/water-safety';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../../src/policy/settings';
import { COUNTY, SW_AS_OF, T1, T2, T3, V11, V12, V13, V21, V22, V31, swManifest, swTables } from '../fixtures/stations-water-county';

// Answers worked out by hand from tests/fixtures/stations-water-county.ts (its header tabulates the points).
// As of 2026-07-15, in the flood season: interval 15 days, so a point is overdue when its latest inspection on or
// before 07-15 is earlier than 06-30. Days since inspection: W-1 5, W-2 15 (on time, the boundary), W-3 16,
// W-4 never, W-5 75, W-6 unknown (its only date, 07-20, is after the as-of date and hides any earlier one), W-7 14,
// W-8 44. Overdue at 15 days: W-3, W-4, W-5, W-8. At 30 days: W-4, W-5, W-8. W-6 is neither: inspection_unknown.
const fixture = loadedFixture(swManifest, swTables());
const interval = inspectionIntervalDays(DEFAULT_SETTINGS, SW_AS_OF);

async function rows<T>(sql: string): Promise<T[]> {
  return fixture.rows<T>(sql);
}

/** points, complete, missing sign/ring/rope/pole, overdue, unknown, children. */
const counts = (r: WaterSafetyRow | undefined) =>
  r && [r.points, r.complete, r.missing_sign, r.missing_ring, r.missing_rope, r.missing_pole, r.inspection_overdue, r.inspection_unknown, r.children];

describe('water safety (防溺水“四个一”)', () => {
  it('uses the flood-season interval on the fixture date', () => {
    expect(interval).toBe(15);
  });

  it('counts each township', async () => {
    const rs = await rows<WaterSafetyRow>(waterSafetySql({ level: 'township', asOf: SW_AS_OF, intervalDays: interval }));
    expect(rs.map((r) => [r.code, r.name])).toEqual([
      [T1, '东镇'],
      [T2, '西街道'],
      [T3, '园区'],
    ]);
    // T1: W-1..W-5. Complete: W-1. No sign: W-3, W-4. No ring: W-2, W-4. No rope: W-3, W-4. No pole: W-4, W-5.
    // Overdue: W-3, W-4, W-5. Children 3 + 2 + 4 = 9.
    expect(counts(rs[0])).toEqual([5, 1, 2, 2, 2, 2, 3, 0, 9]);
    expect(rs[0]?.share_complete).toBeCloseTo(0.2);
    // T2: W-6 complete, W-7 without ring and pole; none overdue (W-7 is 14 days old), W-6 unknown. Children 1 + 2 = 3.
    expect(counts(rs[1])).toEqual([2, 1, 0, 1, 0, 1, 0, 1, 3]);
    expect(rs[1]?.share_complete).toBeCloseTo(0.5);
    // T3: W-8 complete, 44 days old → overdue. Child k16 enrols on the day itself.
    expect(counts(rs[2])).toEqual([1, 1, 0, 0, 0, 0, 1, 0, 1]);
    expect(rs[2]?.share_complete).toBe(1);
  });

  it('totals the county once', async () => {
    const rs = await rows<WaterSafetyRow>(waterSafetySql({ level: 'county', asOf: SW_AS_OF, intervalDays: interval }));
    expect(rs.map((r) => r.code)).toEqual([COUNTY]);
    // 8 points; complete W-1, W-6, W-8; sign 2, ring 2 + 1 = 3, rope 2, pole 2 + 1 = 3; overdue 3 + 0 + 1 = 4,
    // unknown W-6.
    expect(counts(rs[0])).toEqual([8, 3, 2, 3, 2, 3, 4, 1, 13]);
    expect(rs[0]?.share_complete).toBeCloseTo(3 / 8);
  });

  it('drills into villages, a village without a point included', async () => {
    const t1 = await rows<WaterSafetyRow>(waterSafetySql({ level: 'village', parentCode: T1, asOf: SW_AS_OF, intervalDays: interval }));
    expect(t1.map((r) => [r.code, ...(counts(r) ?? [])])).toEqual([
      [V11, 2, 1, 0, 1, 0, 0, 0, 0, 3],
      [V12, 1, 0, 1, 0, 1, 0, 1, 0, 2],
      [V13, 2, 0, 1, 1, 1, 2, 2, 0, 4],
    ]);
    const t2 = await rows<WaterSafetyRow>(waterSafetySql({ level: 'village', parentCode: T2, asOf: SW_AS_OF, intervalDays: interval }));
    // V22 has no point: zeros, and a NULL share rather than 0; its children still count.
    expect(t2.map((r) => [r.code, ...(counts(r) ?? []), r.share_complete])).toEqual([
      [V21, 2, 1, 0, 1, 0, 1, 0, 1, 1, 0.5],
      [V22, 0, 0, 0, 0, 0, 0, 0, 0, 2, null],
    ]);
  });

  it('uses the interval it is given', async () => {
    // Outside the flood season (30 days): W-3 (16 days) is on time; W-4, W-5, W-8 stay overdue.
    const rs = await rows<WaterSafetyRow>(waterSafetySql({ level: 'township', asOf: SW_AS_OF, intervalDays: 30 }));
    expect(rs.map((r) => r.inspection_overdue)).toEqual([2, 0, 1]);
    // Interval 0: anything not inspected on the day itself is overdue → all 7 whose state is known.
    const [c] = await rows<WaterSafetyRow>(waterSafetySql({ level: 'county', asOf: SW_AS_OF, intervalDays: 0 }));
    expect([c?.inspection_overdue, c?.inspection_unknown]).toEqual([7, 1]);
  });

  it('at a past month’s end, counts the points whose state then is known, and the others as unknown', async () => {
    // 2026-06-30 (flood season, 15 days). Latest inspection after 06-30: W-1 (07-10), W-6 (07-20), W-7 (07-01) →
    // unknown. Known: W-2 06-30 (0 days) and W-3 06-29 (1 day) on time; W-4 never, W-5 05-01 (60 days), W-8 06-01
    // (29 days) overdue. T1: overdue W-4 W-5, unknown W-1 · T2: unknown W-6 W-7 · T3: overdue W-8.
    const june = '2026-06-30';
    const ts = await rows<WaterSafetyRow>(waterSafetySql({ level: 'township', asOf: june, intervalDays: inspectionIntervalDays(DEFAULT_SETTINGS, june) }));
    expect(ts.map((r) => [r.code, r.inspection_overdue, r.inspection_unknown])).toEqual([
      [T1, 2, 1],
      [T2, 0, 2],
      [T3, 1, 0],
    ]);
    const pts = await rows<WaterPointRow>(waterPointsSql({ asOf: june, intervalDays: 15 }));
    const byId = new Map(pts.map((r) => [r.point_id, r]));
    expect(['W-1', 'W-2', 'W-3', 'W-4', 'W-5', 'W-6', 'W-7', 'W-8'].map((id) => byId.get(id)?.inspection_overdue)).toEqual([
      null, false, false, true, true, null, null, true,
    ]);
    expect(byId.get('W-1')?.last_inspected_on).toBeNull();
  });

  it('ranks the points: fewest items first, then most children in the village, then id', async () => {
    const all = await rows<WaterPointRow>(waterPointsSql({ asOf: SW_AS_OF, intervalDays: interval }));
    // (items, children in village): W-1 (4, 3), W-2 (3, 3), W-3 (2, 2), W-4 (0, 4), W-5 (3, 4), W-6 (4, 1),
    // W-7 (2, 1), W-8 (4, 1) → 0: W-4; 2: W-3, W-7; 3: W-5, W-2; 4: W-1, then W-6 and W-8 tied, by id.
    expect(all.map((r) => [r.point_id, r.items_present, r.children_in_village])).toEqual([
      ['W-4', 0, 4],
      ['W-3', 2, 2],
      ['W-7', 2, 1],
      ['W-5', 3, 4],
      ['W-2', 3, 3],
      ['W-1', 4, 3],
      ['W-6', 4, 1],
      ['W-8', 4, 1],
    ]);
    const byId = new Map(all.map((r) => [r.point_id, r]));
    expect(['W-1', 'W-2', 'W-3', 'W-4', 'W-5', 'W-6', 'W-7', 'W-8'].map((id) => byId.get(id)?.days_since_inspection)).toEqual([
      5, 15, 16, null, 75, null, 14, 44,
    ]);
    expect(['W-1', 'W-2', 'W-3', 'W-4', 'W-5', 'W-6', 'W-7', 'W-8'].map((id) => byId.get(id)?.inspection_overdue)).toEqual([
      false, false, true, true, true, null, false, true,
    ]);
    // The inspection date known at the as-of date: W-2's own, none for W-4 (never) or W-6 (only a later one).
    expect(byId.get('W-2')?.last_inspected_on).toBe(Date.UTC(2026, 5, 30));
    expect(byId.get('W-4')?.last_inspected_on).toBeNull();
    expect(byId.get('W-6')?.last_inspected_on).toBeNull();
    expect(byId.get('W-8')).toMatchObject({
      village_code: V31,
      village_name: '园区虚拟社区',
      township_code: T3,
      township_name: '园区',
      water_type: null,
      has_sign: true,
      has_ring: true,
      has_rope: true,
      has_pole: true,
    });
    expect(byId.get('W-3')).toMatchObject({ water_type: 'channel', has_sign: false, has_ring: true, has_rope: false, has_pole: true });
  });

  it('keeps one township, or the whole county', async () => {
    const t1 = await rows<WaterPointRow>(waterPointsSql({ parentCode: T1, asOf: SW_AS_OF, intervalDays: interval }));
    expect(t1.map((r) => r.point_id)).toEqual(['W-4', 'W-3', 'W-5', 'W-2', 'W-1']);
    expect(new Set(t1.map((r) => r.village_code))).toEqual(new Set([V11, V12, V13]));
    const t2 = await rows<WaterPointRow>(waterPointsSql({ parentCode: T2, asOf: SW_AS_OF, intervalDays: interval }));
    expect(t2.map((r) => [r.point_id, r.village_code])).toEqual([
      ['W-7', V21],
      ['W-6', V21],
    ]);
    expect(t2.some((r) => r.village_code === V22)).toBe(false);
    const county = await rows<WaterPointRow>(waterPointsSql({ parentCode: COUNTY, asOf: SW_AS_OF, intervalDays: interval }));
    expect(county).toHaveLength(8);
  });

  it('refuses a bad date or interval rather than pasting it into SQL', () => {
    expect(() => waterSafetySql({ level: 'county', asOf: '2026-07-15; DROP TABLE x', intervalDays: 15 })).toThrow(/ISO date/);
    expect(() => waterSafetySql({ level: 'county', asOf: SW_AS_OF, intervalDays: 1.5 })).toThrow(/days/);
    expect(() => waterPointsSql({ asOf: SW_AS_OF, intervalDays: -1 })).toThrow(/days/);
    expect(() => waterPointsSql({ asOf: SW_AS_OF, intervalDays: Number.NaN })).toThrow(/days/);
  });
});

import { describe, expect, it } from 'vitest';
import { loadedFixture } from '../support/loaded-fixture';
import {
  stationCoverageSql,
  stationPointsSql,
  villageGapsSql,
  type StationCoverageRow,
  type StationPointRow,
  type VillageGapRow,
} from '../../src/measures/station-coverage';
import { COUNTY, SW_AS_OF, T1, T2, T3, V11, V12, V13, V21, V22, V31, swManifest, swTables } from '../fixtures/stations-water-county';

// Answers worked out by hand from tests/fixtures/stations-water-county.ts (its header lists the county).
const fixture = loadedFixture(swManifest, swTables());

async function rows<T>(sql: string): Promise<T[]> {
  return fixture.rows<T>(sql);
}
const coverage = (params: Parameters<typeof stationCoverageSql>[0]) => rows<StationCoverageRow>(stationCoverageSql(params));

/** The integer figures of a row, in a fixed order, so one `toEqual` pins them all. */
const counts = (r: StationCoverageRow | undefined) =>
  r && {
    villages: r.villages,
    withStation: r.villages_with_station,
    withDirector: r.villages_with_director,
    homes: [r.townships_home_ok, r.townships],
    target: r.target_village_stations,
    active: r.active_village_stations,
    /** [known trained, state unknown (latest training after the date), all]. */
    directors: [r.directors_trained, r.directors_training_unknown, r.directors],
    children: r.children,
    noStation: r.children_no_station,
    noDirector: r.children_no_director,
  };

describe('station coverage (阵地覆盖)', () => {
  it('counts each township', async () => {
    const rs = await coverage({ level: 'township', asOf: SW_AS_OF });
    expect(rs.map((r) => [r.code, r.name])).toEqual([
      [T1, '东镇'],
      [T2, '西街道'],
      [T3, '园区'],
    ]);
    const [t1, t2, t3] = rs;

    // T1 东镇: villages V11, V12, V13.
    // - stations: V11 has S-11a and S-11b (active); S-12 in V12 is inactive; V13 has none → 1 village, 2 stations.
    // - directors: D1, D2 in V11, D3 in V12 → 2 villages with a director, 3 directors (supervisor P1 not counted).
    //   Trained in 2026 on or before 07-15: D1 (03-10), D3 (07-15, the day itself); D2 trained in 2025 → 2 of 3.
    // - home: H-01 is registered to V11, active and standard → T1 (target 1) ok → 1 of 1.
    // - target 3 village stations; 2 active → 2/3.
    // - children: V11 3 (k04 exits on the day), V12 2 (k07 enrols in August), V13 4 → 9; 9 / 3 directors = 3.
    //   Without an active station: V12 + V13 = 2 + 4 = 6. Without a director: V13 = 4.
    expect(counts(t1)).toEqual({
      villages: 3,
      withStation: 1,
      withDirector: 2,
      homes: [1, 1],
      target: 3,
      active: 2,
      directors: [2, 0, 3],
      children: 9,
      noStation: 6,
      noDirector: 4,
    });
    expect(t1?.share_with_station).toBeCloseTo(1 / 3);
    expect(t1?.share_with_director).toBeCloseTo(2 / 3);
    expect(t1?.target_progress).toBeCloseTo(2 / 3);
    expect(t1?.training_rate).toBeCloseTo(2 / 3);
    expect(t1?.children_per_director).toBeCloseTo(3);

    // T2 西街道: villages V21, V22.
    // - stations: S-21 active in V21 (no coordinates, still counts) → 1 village, 1 station; target 2 → 1/2.
    // - home: H-02 active but below standard, H-03 standard but inactive → 0 of 1.
    // - directors: D4 in V21 (never trained), D5 registered to T2 itself (trained 01-01, the first day of the year):
    //   2 directors, 1 trained; only V21 has a director (D5 is nobody's village; P2 in V22 is a supervisor).
    // - children: V21 1, V22 2 (k14 exits only in December, k15 left in March) → 3; 3 / 2 = 1.5.
    //   Without a station: V22 = 2. Without a director: V22 = 2.
    expect(counts(t2)).toEqual({
      villages: 2,
      withStation: 1,
      withDirector: 1,
      homes: [0, 1],
      target: 2,
      active: 1,
      directors: [1, 0, 2],
      children: 3,
      noStation: 2,
      noDirector: 2,
    });
    expect(t2?.share_with_station).toBeCloseTo(0.5);
    expect(t2?.target_progress).toBeCloseTo(0.5);
    expect(t2?.training_rate).toBeCloseTo(0.5);
    expect(t2?.children_per_director).toBeCloseTo(1.5);

    // T3 园区: one virtual community V31 (unit_type other), counted as a village like any other.
    // - S-31 active → 1 of 1; D6's latest training is 2026-09-01, after the as-of date: it hides any earlier one,
    //   so whether D6 was trained then cannot be known → unknown, and no training rate is given.
    // - home target 0 → not a township expected to have a home; no village-station target → NULL progress.
    // - k16 enrols on the day itself → 1 child; 1 / 1 director.
    expect(counts(t3)).toEqual({
      villages: 1,
      withStation: 1,
      withDirector: 1,
      homes: [0, 0],
      target: null,
      active: 1,
      directors: [0, 1, 1],
      children: 1,
      noStation: 0,
      noDirector: 0,
    });
    expect(t3?.share_with_station).toBe(1);
    expect(t3?.target_progress).toBeNull();
    expect(t3?.training_rate).toBeNull();
    expect(t3?.children_per_director).toBe(1);
  });

  it('totals the county once, with progress only against the townships that have a target', async () => {
    const rs = await coverage({ level: 'county', asOf: SW_AS_OF });
    expect(rs).toHaveLength(1);
    const c = rs[0];
    expect(c?.code).toBe(COUNTY);
    // Villages 6: with station V11, V21, V31 = 3; with director V11, V12, V21, V31 = 4.
    // Homes: T1 ok, T2 not, T3 not expected → 1 of 2. Targets 3 + 2 (+ NULL) = 5.
    // Active village stations 2 + 1 + 1 = 4, but S-31 lies in T3, which has no target: progress (2 + 1) / 5 = 0.6.
    // Directors D1–D6 = 6, trained D1, D3, D5 = 3, D6 unknown (so no rate). Children 9 + 3 + 1 = 13; 13 / 6.
    // Without a station 6 + 2 = 8; without a director 4 + 2 = 6.
    expect(counts(c)).toEqual({
      villages: 6,
      withStation: 3,
      withDirector: 4,
      homes: [1, 2],
      target: 5,
      active: 4,
      directors: [3, 1, 6],
      children: 13,
      noStation: 8,
      noDirector: 6,
    });
    expect(c?.share_with_station).toBeCloseTo(0.5);
    expect(c?.share_with_director).toBeCloseTo(4 / 6);
    expect(c?.target_progress).toBeCloseTo(0.6);
    expect(c?.training_rate).toBeNull();
    expect(c?.children_per_director).toBeCloseTo(13 / 6);
  });

  it('drills into the villages of one township', async () => {
    const rs = await coverage({ level: 'village', parentCode: T1, asOf: SW_AS_OF });
    expect(rs.map((r) => r.code)).toEqual([V11, V12, V13]);
    // Villages have no home target and no station target: townships 0/0, target and progress NULL.
    expect(rs.map((r) => [r.townships_home_ok, r.townships, r.target_village_stations, r.target_progress])).toEqual([
      [0, 0, null, null],
      [0, 0, null, null],
      [0, 0, null, null],
    ]);
    // V11: 2 stations, D1 + D2 (1 trained), 3 children → 1.5 each.
    expect(counts(rs[0])).toEqual({
      villages: 1,
      withStation: 1,
      withDirector: 1,
      homes: [0, 0],
      target: null,
      active: 2,
      directors: [1, 0, 2],
      children: 3,
      noStation: 0,
      noDirector: 0,
    });
    expect(rs[0]?.children_per_director).toBeCloseTo(1.5);
    expect(rs[0]?.share_with_station).toBe(1);
    // V12: only the inactive S-12 → no station; D3 trained; 2 children, all without a station.
    expect(counts(rs[1])).toEqual({
      villages: 1,
      withStation: 0,
      withDirector: 1,
      homes: [0, 0],
      target: null,
      active: 0,
      directors: [1, 0, 1],
      children: 2,
      noStation: 2,
      noDirector: 0,
    });
    expect(rs[1]?.share_with_station).toBe(0);
    expect(rs[1]?.training_rate).toBe(1);
    // V13: nothing at all; ratios over directors are NULL, not 0.
    expect(counts(rs[2])).toEqual({
      villages: 1,
      withStation: 0,
      withDirector: 0,
      homes: [0, 0],
      target: null,
      active: 0,
      directors: [0, 0, 0],
      children: 4,
      noStation: 4,
      noDirector: 4,
    });
    expect(rs[2]?.training_rate).toBeNull();
    expect(rs[2]?.children_per_director).toBeNull();
  });

  it('does not count a township-registered director for any village', async () => {
    const rs = await coverage({ level: 'village', parentCode: T2, asOf: SW_AS_OF });
    // V21: D4 only (D5 sits at T2). V22: the supervisor P2 is no child director.
    expect(rs.map((r) => [r.code, r.directors, r.villages_with_director, r.villages_with_station, r.children])).toEqual([
      [V21, 1, 1, 1, 1],
      [V22, 0, 0, 0, 2],
    ]);
  });

  it('follows the training window it is given and the roll at an earlier date', async () => {
    // As of 2026-03-01: trained on or after 2026-01-01 and on or before 03-01 → only D5 (D1 trains 03-10).
    // Roll: k04 still on (exits in July) → V11 4; V12 2; V13 4; V21 1; k15 leaves on 03-01 itself → V22 2;
    // k16 not yet enrolled → V31 0. 4 + 2 + 4 + 1 + 2 + 0 = 13.
    // D1 (03-10), D3 (07-15) and D6 (09-01) trained after 03-01: their state then cannot be known.
    let [c] = await coverage({ level: 'county', asOf: '2026-03-01' });
    expect([c?.directors_trained, c?.directors_training_unknown, c?.training_rate, c?.children]).toEqual([1, 3, null, 13]);
    // On 2026-09-30 every latest training is known: D1, D3, D5, D6 trained in 2026 → 4 of 6.
    [c] = await coverage({ level: 'county', asOf: '2026-09-30' });
    expect([c?.directors_trained, c?.directors_training_unknown]).toEqual([4, 0]);
    expect(c?.training_rate).toBeCloseTo(4 / 6);
    // A rolling window set by the caller (trained since 2025-07-15) also counts D2 (2025-11-20).
    [c] = await coverage({ level: 'county', asOf: SW_AS_OF, trainedSince: '2025-07-15' });
    expect(c?.directors_trained).toBe(4);
  });

  it('lists the villages lacking a station or a director, most children first', async () => {
    const all = await rows<VillageGapRow>(villageGapsSql({ asOf: SW_AS_OF }));
    // V13 (no station, no director, 4 children); then 2 children each, by code: V12 (no station), V22 (neither).
    // V11, V21 and the virtual V31 have both.
    expect(all.map((r) => [r.code, r.township_code, r.has_station, r.has_director, r.children])).toEqual([
      [V13, T1, false, false, 4],
      [V12, T1, false, true, 2],
      [V22, T2, false, false, 2],
    ]);
    expect(all[0]).toMatchObject({ name: '东三村', township_name: '东镇' });

    const t2 = await rows<VillageGapRow>(villageGapsSql({ parentCode: T2, asOf: SW_AS_OF }));
    expect(t2.map((r) => r.code)).toEqual([V22]);
    const county = await rows<VillageGapRow>(villageGapsSql({ parentCode: COUNTY, asOf: SW_AS_OF }));
    expect(county.map((r) => r.code)).toEqual([V13, V12, V22]);
    const t3 = await rows<VillageGapRow>(villageGapsSql({ parentCode: T3, asOf: SW_AS_OF }));
    expect(t3).toEqual([]);
  });

  it('places stations with coordinates, the township home included', async () => {
    const all = await rows<StationPointRow>(stationPointsSql({}));
    // S-21 has no coordinates; every other station is listed, active or not.
    // Order: county centre, homes by region code (V11 = 320777001001 sorts before T2 = 320777002: codes nest, so
    // region order is township order), then village stations; ties by id.
    expect(all.map((r) => r.station_id)).toEqual(['C-01', 'H-01', 'H-02', 'H-03', 'S-11a', 'S-11b', 'S-12', 'S-31']);

    const t1 = await rows<StationPointRow>(stationPointsSql({ parentCode: T1 }));
    expect(t1.map((r) => [r.station_id, r.kind, r.region_code, r.region_name, r.active, r.meets_standard])).toEqual([
      ['H-01', 'township_home', V11, '东一村', true, true],
      ['S-11a', 'village_station', V11, '东一村', true, null],
      ['S-11b', 'village_station', V11, '东一村', true, true],
      ['S-12', 'village_station', V12, '东二村', false, null],
    ]);
    const t2 = await rows<StationPointRow>(stationPointsSql({ parentCode: T2 }));
    expect(t2.map((r) => [r.station_id, r.region_code, r.region_name])).toEqual([
      ['H-02', T2, '西街道'],
      ['H-03', T2, '西街道'],
    ]);
    expect(t2[0]?.lng).toBeCloseTo(120.1);
    const t3 = await rows<StationPointRow>(stationPointsSql({ parentCode: T3 }));
    expect(t3.map((r) => r.station_id)).toEqual(['S-31']);
    expect(V31).toBe(t3[0]?.region_code);
  });

  it('refuses values that are not what they claim rather than pasting them into SQL', () => {
    expect(() => stationCoverageSql({ level: 'county', asOf: "2026-07-15' OR 1=1 --" })).toThrow(/ISO date/);
    expect(() => stationCoverageSql({ level: 'county', asOf: SW_AS_OF, trainedSince: '2026-1-1' })).toThrow(/ISO date/);
    expect(villageGapsSql({ parentCode: "x' OR 1=1 --", asOf: SW_AS_OF })).toContain("'x'' OR 1=1 --'");
  });
});

describe('stations over time', () => {
  // Every fixture station opened on 2022-05-01: the day before, none counts; from that day, as now.
  it('counts a station only from its opening date, so the quarterly ranking can change', async () => {
    const before = (await fixture.rows<StationCoverageRow>(stationCoverageSql({ level: 'county', asOf: '2022-04-30' })))[0];
    expect([before?.active_village_stations, before?.villages_with_station, before?.townships_home_ok]).toEqual([0, 0, 0]);
    const opened = (await fixture.rows<StationCoverageRow>(stationCoverageSql({ level: 'county', asOf: '2022-05-01' })))[0];
    const now = (await fixture.rows<StationCoverageRow>(stationCoverageSql({ level: 'county', asOf: SW_AS_OF })))[0];
    expect([opened?.active_village_stations, opened?.villages_with_station, opened?.townships_home_ok]).toEqual([
      now?.active_village_stations,
      now?.villages_with_station,
      now?.townships_home_ok,
    ]);
    expect(now?.active_village_stations).toBeGreaterThan(0);
    const gaps = await fixture.rows<VillageGapRow>(villageGapsSql({ parentCode: COUNTY, asOf: '2022-04-30' }));
    expect(gaps.every((g) => !g.has_station)).toBe(true);
  });
});

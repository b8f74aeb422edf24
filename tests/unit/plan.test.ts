import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { planWorkbook } from '../../src/export/plan-xlsx';
import { writeXlsx } from '../../src/export/xlsx';
import { loadedFixture } from '../support/loaded-fixture';
import { planCoverageSql, planTownshipsSql, planVillagesSql, type PlanCoverageRow, type PlanItem, type PlanTownshipRow, type PlanVillageRow } from '../../src/measures/plan';
import { COUNTY, T1, T2, T3, V11, V12, V13, V21, V22, swManifest, swRegions, swStations, swTables } from '../fixtures/stations-water-county';

// Answers worked out by hand from tests/fixtures/stations-water-county.ts (its header lists the county), at the
// extract's own date, 2026-09-30, as the app projects a plan. On the roll that day: V11 3 (k04 left in July),
// V12 3 (k07 enrolled in August), V13 4, V21 1, V22 2 (k14 leaves in December, k15 left in March), V31 1: 14.
// Trained in 2026 by then: D1, D3, D5, D6 (D2 in 2025, D4 never): 4 of 6.
const fixture = loadedFixture(swManifest, swTables());
const AS_OF = '2026-09-30';

/** Three villages: 东三村 a station and a director, 西二社区 a trained director, 东一村 a training. */
const PLAN: PlanItem[] = [
  { village: V13, action: 'station' },
  { village: V13, action: 'director' },
  { village: V22, action: 'director' },
  { village: V22, action: 'training' },
  { village: V11, action: 'training' },
];

const coverage = (params: Parameters<typeof planCoverageSql>[0]) => fixture.rows<PlanCoverageRow>(planCoverageSql(params));

/** The before/after pairs of a row, so one `toEqual` pins them. */
const pairs = (r: PlanCoverageRow | undefined) =>
  r && {
    withStation: [r.b_villages_with_station, r.a_villages_with_station],
    covered: [r.b_children_covered, r.a_children_covered],
    newly: r.children_newly_covered,
    withDirector: [r.b_villages_with_director, r.a_villages_with_director],
    stations: [r.b_active_village_stations, r.a_active_village_stations],
    target: r.target_village_stations,
    directors: [r.b_directors, r.a_directors],
  };

describe('station plan projection (站点规划)', () => {
  it('raises the county coverage by the children of the villages that get a station', async () => {
    const [c] = await coverage({ level: 'county', asOf: AS_OF, plan: PLAN });
    expect(c?.code).toBe(COUNTY);
    // Before: stations in V11, V21, V31 (S-12 in V12 is inactive) → 3 of 6 villages, 3 + 1 + 1 = 5 of 14 children.
    // After: V13 too → 4 of 6, 9 of 14: 4 children newly covered. Directors: V11, V12, V21, V31 → + V13, V22.
    // Village stations: S-11a, S-11b, S-21, S-31 = 4 → 5; targets T1 3 + T2 2 = 5 (T3 has none): 3/5 → 4/5.
    expect(c?.children).toBe(14);
    expect(pairs(c)).toEqual({ withStation: [3, 4], covered: [5, 9], newly: 4, withDirector: [4, 6], stations: [4, 5], target: 5, directors: [6, 8] });
    expect(c?.b_child_coverage).toBeCloseTo(5 / 14);
    expect(c?.a_child_coverage).toBeCloseTo(9 / 14);
    expect(c?.b_share_with_station).toBeCloseTo(3 / 6);
    expect(c?.a_share_with_station).toBeCloseTo(4 / 6);
    expect(c?.b_target_progress).toBeCloseTo(3 / 5);
    expect(c?.a_target_progress).toBeCloseTo(4 / 5);
    // Training: 4 of 6 → D2 trained in 东一村, 西二社区's new director trained, 东三村's untrained: 6 of 8.
    expect(c?.b_training_rate).toBeCloseTo(4 / 6);
    expect(c?.a_training_rate).toBeCloseTo(6 / 8);
  });

  it('gives each township its target completion before and after', async () => {
    const rs = await coverage({ level: 'township', asOf: AS_OF, plan: PLAN });
    expect(rs.map((r) => r.code)).toEqual([T1, T2, T3]);
    const [t1, t2, t3] = rs;
    // T1 东镇 (target 3): S-11a, S-11b → + 东三村: 2/3 → 3/3; children V11 3 + V12 3 + V13 4 = 10, covered 3 → 7.
    expect(pairs(t1)).toEqual({ withStation: [1, 2], covered: [3, 7], newly: 4, withDirector: [2, 3], stations: [2, 3], target: 3, directors: [3, 4] });
    expect(t1?.b_target_progress).toBeCloseTo(2 / 3);
    expect(t1?.a_target_progress).toBeCloseTo(1);
    // T2 西街道 (target 2): no station planned: 1/2 stays; a director in 西二社区 → 2 of 2 villages.
    expect(pairs(t2)).toEqual({ withStation: [1, 1], covered: [1, 1], newly: 0, withDirector: [1, 2], stations: [1, 1], target: 2, directors: [2, 3] });
    expect(t2?.a_target_progress).toBeCloseTo(1 / 2);
    // D4 untrained, D5 trained → + the trained new director: 1/2 → 2/3.
    expect(t2?.b_training_rate).toBeCloseTo(1 / 2);
    expect(t2?.a_training_rate).toBeCloseTo(2 / 3);
    // T3 园区: nothing planned, no target.
    expect(pairs(t3)).toEqual({ withStation: [1, 1], covered: [1, 1], newly: 0, withDirector: [1, 1], stations: [1, 1], target: null, directors: [1, 1] });
    expect(t3?.b_target_progress).toBeNull();
  });

  it('an empty plan changes nothing; a second station in a village changes the count, not the coverage', async () => {
    const [empty] = await coverage({ level: 'county', asOf: AS_OF, plan: [] });
    expect(pairs(empty)).toEqual({ withStation: [3, 3], covered: [5, 5], newly: 0, withDirector: [4, 4], stations: [4, 4], target: 5, directors: [6, 6] });
    const [second] = await coverage({ level: 'county', asOf: AS_OF, plan: [{ village: V21, action: 'station' }] });
    expect(pairs(second)).toEqual({ withStation: [3, 3], covered: [5, 5], newly: 0, withDirector: [4, 4], stations: [4, 5], target: 5, directors: [6, 6] });
    // A training where there is no director trains nobody.
    const [idle] = await coverage({ level: 'county', asOf: AS_OF, plan: [{ village: V13, action: 'training' }] });
    expect([idle?.b_training_rate, idle?.a_training_rate]).toEqual([4 / 6, 4 / 6]);
  });

  it('suggests villages without a station first, then townships below target, then by children', async () => {
    const rs = await fixture.rows<PlanVillageRow>(planVillagesSql({ parentCode: COUNTY, asOf: AS_OF, plan: PLAN }));
    // Without a station: V13 (4 children), V12 (3, director D3), V22 (2); T1 and T2 are both below target, so by
    // children: V13, V12, V22. With a station: V11 (D2 untrained) 3 children, V21 (D4 untrained) 1.
    // V31 lacks nothing and is in no plan: not listed.
    expect(rs.map((r) => [r.code, r.suggested_rank, r.children, r.has_station, r.has_director, r.directors_untrained])).toEqual([
      [V13, 1, 4, false, false, 0],
      [V12, 2, 3, false, true, 0],
      [V22, 3, 2, false, false, 0],
      [V11, 4, 3, true, true, 1],
      [V21, 5, 1, true, true, 1],
    ]);
    expect(rs.map((r) => [r.planned_station, r.planned_director, r.planned_training])).toEqual([
      [true, true, false],
      [false, false, false],
      [false, true, true],
      [false, false, true],
      [false, false, false],
    ]);
    expect(rs[0]?.township_target).toBe(3);
    expect(rs[0]?.township_progress).toBeCloseTo(2 / 3);
    const t2 = await fixture.rows<PlanVillageRow>(planVillagesSql({ parentCode: T2, asOf: AS_OF, plan: [] }));
    expect(t2.map((r) => r.code)).toEqual([V22, V21]);
  });

  it('refuses a malformed plan item rather than write it into SQL', () => {
    expect(() => planCoverageSql({ level: 'county', asOf: AS_OF, plan: [{ village: "1' OR 1=1", action: 'station' }] })).toThrow(/plan item/);
    expect(() => planCoverageSql({ level: 'county', asOf: AS_OF, plan: [{ village: V11, action: 'demolish' as 'station' }] })).toThrow(/plan item/);
  });
});

describe('the 建设计划 workbook', () => {
  it('lists each action with its children (suppressed) and its effect on the township, and opens in exceljs', async () => {
    const villages = (await fixture.rows<PlanVillageRow>(planVillagesSql({ parentCode: COUNTY, asOf: AS_OF, plan: PLAN }))).filter((v) => v.planned_station || v.planned_director || v.planned_training);
    const townships = await coverage({ level: 'township', asOf: AS_OF, plan: PLAN });
    const [area] = await coverage({ level: 'county', asOf: AS_OF, plan: PLAN });
    const sheet = planWorkbook({ areaName: '阵地县', villages, townships, area: area as PlanCoverageRow, asOf: AS_OF, source: '手工测试数据', synthetic: true, threshold: 5 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(writeXlsx(sheet)) as unknown as ArrayBuffer);
    const ws = book.worksheets[0];
    const values: unknown[][] = [];
    ws?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const header = values.findIndex((r) => r[0] === '序号');
    expect(values[0]).toEqual(['阵地县儿童关爱阵地建设计划']);
    expect(values[header]).toEqual(['序号', '乡镇（街道）', '村（社区）', '区划代码', '建设内容', '受益儿童（人）', '目标效果']);
    // In suggested order: 东三村 (rank 1), 西二社区 (3), 东一村 (4). Every village has fewer than 5 children: "<5";
    // their total, 4 + 2 + 3 = 9, is shown. 东镇 (target 3) goes from 2 to 3 stations; its villages with a director
    // from 2 of 3 to 3 of 3; 西街道's from 1 of 2 to 2 of 2, its training 1 of 2 → 2 of 3; 东镇's training 2 of 3
    // (D1, D3) → 3 of 4 (D2 trained, 东三村's new director not).
    expect(values.slice(header + 1, header + 7)).toEqual([
      [1, '东镇', '东三村', V13, '新建站点', '<5', '东镇村级站点 2→3 个，目标 3 个（达标）'],
      [2, '东镇', '东三村', V13, '配备儿童主任', '<5', '东镇儿童主任配备率 66.7%→100.0%'],
      [3, '西街道', '西二社区', V22, '配备儿童主任', '<5', '西街道儿童主任配备率 50.0%→100.0%'],
      [4, '西街道', '西二社区', V22, '培训', '<5', '西街道儿童主任培训率 50.0%→66.7%'],
      [5, '东镇', '东一村', V11, '培训', '<5', '东镇儿童主任培训率 66.7%→75.0%'],
      ['合计', 9],
    ].map((r) => (r.length === 2 ? [r[0], undefined, undefined, undefined, undefined, r[1]] : r)));
    const notes = values.slice(header + 7).map((r) => r[0]);
    // 5 of 14 → 9 of 14 children (each side and its complement at least 5: shown); 4 newly covered: "<5".
    expect(notes).toContain('儿童所在村有站点的比例：现状 35.7%，规划后 64.3%');
    expect(notes).toContain('新覆盖儿童：<5');
    expect(notes).toContain('村（社区）关爱站点覆盖率：现状 50.0%，规划后 66.7%');
  });
});

// The same county with 东镇's station target lowered to 1, which its 2 stations already meet.
const metTarget = loadedFixture(swManifest, { ...swTables(), regions: swRegions.map((r) => (r.code === T1 ? { ...r, target_village_stations: 1 } : r)) });

describe('the suggested order', () => {
  it('puts villages of a township below its target before larger villages of one that has met it', async () => {
    // Without a station: V13 (4 children) and V12 (3) in 东镇, now at 2 of 1; V22 (2) in 西街道, at 1 of 2 → V22 first.
    const rs = await metTarget.rows<PlanVillageRow>(planVillagesSql({ parentCode: COUNTY, asOf: AS_OF, plan: [] }));
    expect(rs.map((r) => [r.code, r.suggested_rank])).toEqual([
      [V22, 1],
      [V13, 2],
      [V12, 3],
      [V21, 4],
      [V11, 5],
    ]);
    // With a station: V21 (1 child) in 西街道, below target, before V11 (3) in 东镇.
  });
});

// 园区 without a target (a zone: the setting's 1 applies), with H-04 running but its standard not given.
const unknown = loadedFixture(swManifest, {
  ...swTables(),
  regions: swRegions.map((r) => (r.code === T3 ? { ...r, target_township_homes: null } : r)),
  stations: [...swStations, { ...(swStations[1] as Record<string, unknown>), station_id: 'H-04', region_code: T3, meets_standard: null }],
});

describe('the township 关爱之家 action', () => {
  // 东镇 (target 1) has H-01, active and standard, registered to 东一村: it meets its target. 西街道 (target 1) has
  // H-02 active but below the standard and H-03 standard but closed: it does not. 园区's target is 0: not counted.
  it('projects the townships meeting their 关爱之家 target, per township and for the county', async () => {
    const [c] = await coverage({ level: 'county', asOf: AS_OF, plan: [], homes: [T2] });
    expect([c?.townships, c?.b_townships_home_ok, c?.a_townships_home_ok]).toEqual([2, 1, 2]);
    // A home changes no village figure.
    expect(pairs(c)).toEqual({ withStation: [3, 3], covered: [5, 5], newly: 0, withDirector: [4, 4], stations: [4, 4], target: 5, directors: [6, 6] });
    const ts = await coverage({ level: 'township', asOf: AS_OF, plan: PLAN, homes: [T2] });
    expect(ts.map((t) => [t.code, t.townships, t.b_townships_home_ok, t.a_townships_home_ok])).toEqual([
      [T1, 1, 1, 1],
      [T2, 1, 0, 1],
      [T3, 0, 0, 0],
    ]);
    // The village actions are projected as before alongside.
    expect(pairs(ts[0])?.stations).toEqual([2, 3]);
    // A home planned in a township that already meets its target changes nothing.
    const [again] = await coverage({ level: 'county', asOf: AS_OF, plan: [], homes: [T1] });
    expect([again?.b_townships_home_ok, again?.a_townships_home_ok]).toEqual([1, 1]);
  });

  it('lists the townships short of their target, most children first, and those planned', async () => {
    const rows = await fixture.rows<PlanTownshipRow>(planTownshipsSql({ parentCode: COUNTY, asOf: AS_OF, homes: [] }));
    // 西街道 only: 1 + 2 = 3 children; H-02 running below the standard, H-03 closed.
    expect(rows.map((r) => [r.code, r.suggested_rank, r.children, r.target_homes, r.target_from_extract, r.meets_target, r.homes_ok, r.homes_below, r.homes_unknown, r.homes_closed, r.planned])).toEqual([
      [T2, 1, 3, 1, true, false, 0, 1, 0, 1, false],
    ]);
    // 东镇 planned although it meets its target: listed after those short of it.
    const planned = await fixture.rows<PlanTownshipRow>(planTownshipsSql({ parentCode: COUNTY, asOf: AS_OF, homes: [T1, T2] }));
    expect(planned.map((r) => [r.code, r.suggested_rank, r.children, r.meets_target, r.homes_ok, r.planned])).toEqual([
      [T2, 1, 3, false, 0, true],
      [T1, 2, 10, true, 1, true],
    ]);
    const inT1 = await fixture.rows<PlanTownshipRow>(planTownshipsSql({ parentCode: T1, asOf: AS_OF, homes: [] }));
    expect(inT1).toEqual([]);
  });

  it('reads a township without a target of its own against the setting, and a home of unknown standard as not meeting it', async () => {
    const [c] = await unknown.rows<PlanCoverageRow>(planCoverageSql({ level: 'county', asOf: AS_OF, plan: [], homes: [T3] }));
    expect([c?.townships, c?.b_townships_home_ok, c?.a_townships_home_ok]).toEqual([3, 1, 2]);
    const rows = await unknown.rows<PlanTownshipRow>(planTownshipsSql({ parentCode: COUNTY, asOf: AS_OF, homes: [] }));
    // 西街道 (3 children) before 园区 (1 child, V31).
    expect(rows.map((r) => [r.code, r.suggested_rank, r.children, r.target_homes, r.target_from_extract, r.homes_unknown])).toEqual([
      [T2, 1, 3, 1, true, 0],
      [T3, 2, 1, 1, false, 1],
    ]);
    // The setting's count per township and unit types are parameters: 2 per zone, then no zone at all.
    const [two] = await unknown.rows<PlanCoverageRow>(planCoverageSql({ level: 'county', asOf: AS_OF, plan: [], homes: [T3], homeTarget: { perTownship: 2, unitTypes: ['zone'] } }));
    expect([two?.townships, two?.b_townships_home_ok, two?.a_townships_home_ok]).toEqual([3, 1, 1]);
    const [none] = await unknown.rows<PlanCoverageRow>(planCoverageSql({ level: 'county', asOf: AS_OF, plan: [], homes: [T3], homeTarget: { perTownship: 1, unitTypes: ['town'] } }));
    expect([none?.townships, none?.b_townships_home_ok, none?.a_townships_home_ok]).toEqual([2, 1, 1]);
  });

  it('refuses a township code that is not one', () => {
    expect(() => planCoverageSql({ level: 'county', asOf: AS_OF, plan: [], homes: ["1' OR 1=1"] })).toThrow(/plan township/);
    expect(() => planTownshipsSql({ parentCode: COUNTY, asOf: AS_OF, homes: [V11] })).toThrow(/plan township/);
  });
});

describe('the 建设计划 workbook with a township 关爱之家', () => {
  it('puts the township first, its children suppressed and out of the total, its effect against its target', async () => {
    const plan: PlanItem[] = [{ village: V13, action: 'station' }];
    const villages = (await fixture.rows<PlanVillageRow>(planVillagesSql({ parentCode: COUNTY, asOf: AS_OF, plan }))).filter((v) => v.planned_station);
    const homes = (await fixture.rows<PlanTownshipRow>(planTownshipsSql({ parentCode: COUNTY, asOf: AS_OF, homes: [T2] }))).filter((t) => t.planned);
    const townships = await coverage({ level: 'township', asOf: AS_OF, plan, homes: [T2] });
    const [area] = await coverage({ level: 'county', asOf: AS_OF, plan, homes: [T2] });
    const sheet = planWorkbook({ areaName: '阵地县', villages, homes, townships, area: area as PlanCoverageRow, asOf: AS_OF, source: '手工测试数据', synthetic: true, threshold: 5 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(writeXlsx(sheet)) as unknown as ArrayBuffer);
    const values: unknown[][] = [];
    book.worksheets[0]?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const header = values.findIndex((r) => r[0] === '序号');
    // 西街道: 3 children ("<5"), 0 standard homes (H-02 below it, H-03 closed) → 1, target 1. 东三村: 4 children,
    // the 合计 of the villages only (4, "<5"): the township's children overlap its villages'.
    expect(values.slice(header + 1, header + 4)).toEqual([
      [1, '西街道', '（全乡镇）', T2, '建设达省标关爱之家', '<5', '西街道达省标关爱之家 0→1 个，目标 1 个（达标）'],
      [2, '东镇', '东三村', V13, '新建站点', '<5', '东镇村级站点 2→3 个，目标 3 个（达标）'],
      ['合计', undefined, undefined, undefined, undefined, '<5'],
    ]);
    const notes = values.slice(header + 4).map((r) => r[0]);
    // 东镇 met its target before; 西街道 does after: 1 of 2 → 2 of 2 (园区's target is 0).
    expect(notes).toContain('关爱之家达标乡镇（街道）：现状 1/2，规划后 2/2');
    expect(notes).toContain('乡镇（街道）关爱之家一行的受益儿童为该乡镇（街道）截至基线日期的在册儿童数，不计入合计。');
  });
});

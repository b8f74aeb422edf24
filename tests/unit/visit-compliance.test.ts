import { describe, expect, it } from 'vitest';
import { loadedFixture } from '../support/loaded-fixture';
import { addMonths, evaluationDate } from '../../src/measures/months';
import {
  overdueByVillageSql,
  visitComplianceSql,
  visitTrendSql,
  type OverdueVillageRow,
  type VisitComplianceRow,
  type VisitTrendRow,
} from '../../src/measures/visit-compliance';
import type { VisitProfile } from '../../src/policy/profile';
import { GUANYUN_2022 as G, QIDONG_2024 as Q } from '../../src/policy/profiles';
import { A1, A2, B1, VISITS_AS_OF, colourTestProfile as T, visitsManifest, visitsTables, visitsWithRoles } from '../fixtures/visits-county';

// Answers worked out by hand from tests/fixtures/visits-county.ts (children k01…k13, visits listed there).
// G = 灌云2022: scattered orphan / de facto unsupported 1 home visit; left-behind / other / severe 1 of any mode;
//     institutional orphan none.
// Q = 启东2024: every category but institutional orphans 1 home visit; child_disabled, parent_disabled or
//     behavioural_concern 2 home visits.
// T = test profile: red 2 home visits, everyone else 1 of any mode.
const T1 = '320999001';
const T2 = '320999002';
const T3 = '320999003';
const COUNTY = '320999';

const fixture = loadedFixture(visitsManifest, visitsTables());

const run = async <R>(sql: string) => fixture.rows<R>(sql);
const compliance = (p: Parameters<typeof visitComplianceSql>[0]) => run<VisitComplianceRow>(visitComplianceSql(p));
const trend = (p: Parameters<typeof visitTrendSql>[0]) => run<VisitTrendRow>(visitTrendSql(p));
const overdueVillages = (p: Parameters<typeof overdueByVillageSql>[0]) => run<OverdueVillageRow>(overdueByVillageSql(p));

/** [code, due, compliant, overdue, never_visited] */
const counts = (rows: VisitComplianceRow[]) => rows.map((r) => [r.code, r.due, r.compliant, r.overdue, r.never_visited]);
/** [month, due, compliant] */
const months = (rows: VisitTrendRow[]) => rows.map((r) => [r.month, r.due, r.compliant]);

describe('visit compliance (走访合规) for one month', () => {
  it('灌云2022, September: joiners and leavers, phone inquiries, two categories, institutional orphans', async () => {
    const rows = await compliance({ level: 'township', month: '2026-09', asOf: VISITS_AS_OF, profile: G });
    // Due in September (E = 09-30): k01 k02 k05 k06 k11 (T1), k07 k08 k10 k12 (T2).
    //   Not due: k03 joined 09-10, k04 left 09-20 (grace month), k13 joined in October, k09 institutional orphan.
    // T1: k01 left-behind, phone 09-10 counts ✓ · k02 scattered orphan, phone 09-12 does not count ✗ ·
    //     k05 never visited ✗ · k06 left-behind + scattered orphan → the home-only rule (tie on 1/month, fewer
    //     modes), phone 09-05 does not count ✗ · k11 no September visit ✗ → 5 due, 1 compliant.
    // T2: k07 home ×2 ✓ · k08 home 09-02 ✓ · k10 ✓ · k12 home 09-14 ✓ → 4 due, 4 compliant.
    // Overdue at September's end E = 09-30 (31 days), of the children on the roll then (k03 joined 09-10 and counts,
    //   k04 left 09-20 and does not, k13 is not yet enrolled): k02 (last home 08-05, 56 days; the 09-12 call does not
    //   count), k05 (none), k06 (last home 08-08, 53 days), k11 (last visit 08-11, 50 days) in T1. In T2 all were
    //   visited within 31 days of 09-30 (k08 home 09-02: 28 days). Never visited: k05. Visits after 09-30 (k02's
    //   home visit 10-03, k11's call 10-02) do not count yet.
    expect(counts(rows)).toEqual([
      [T1, 5, 1, 4, 1],
      [T2, 4, 4, 0, 0],
      [T3, 0, 0, 0, 0],
    ]);
    expect(rows[0]?.rate).toBeCloseTo(1 / 5);
    expect(rows[1]?.rate).toBe(1);
    expect(rows[2]?.rate).toBeNull();
    expect(rows.map((r) => r.name)).toEqual(['甲镇', '乙镇', '丙农场']);
  });

  it('启东2024, September: only home visits count; a disabled child needs 2', async () => {
    const rows = await compliance({ level: 'township', month: '2026-09', asOf: VISITS_AS_OF, profile: Q });
    // T1: k01 (phone only) ✗ — it counted under 灌云 — k02 ✗, k05 ✗, k06 ✗, k11 ✗ → 5 due, 0 compliant.
    // T2: k07 child_disabled → 2 home: 09-03, 09-25 ✓ · k08 ✓ · k10 parent_disabled + behavioural → 2 home:
    //     09-01, 09-29 (the 09-15 video does not count) ✓ · k12 ✓ → 4/4.
    // Overdue at 09-30: k01 (no home visit ever), k02 (home 08-05), k05, k06 (home 08-08), k11 (no home visit) in
    //   T1 (k03's home visit 09-20 is 10 days old). T2: k07 and k10 need one every 16 days: last home 09-25 and
    //   09-29; k08 home 09-02 (28 days), k12 09-14: none overdue.
    expect(counts(rows)).toEqual([
      [T1, 5, 0, 5, 1],
      [T2, 4, 4, 0, 0],
      [T3, 0, 0, 0, 0],
    ]);
    expect(rows[0]?.rate).toBe(0);
  });

  it('totals the county once', async () => {
    expect(counts(await compliance({ level: 'county', month: '2026-09', asOf: VISITS_AS_OF, profile: G }))).toEqual([[COUNTY, 9, 5, 4, 1]]);
    expect(counts(await compliance({ level: 'county', month: '2026-09', asOf: VISITS_AS_OF, profile: Q }))).toEqual([[COUNTY, 9, 4, 5, 1]]);
  });

  it('drills into the villages of one township', async () => {
    const rows = await compliance({ level: 'village', parentCode: T1, month: '2026-09', asOf: VISITS_AS_OF, profile: G });
    // A1: k01 ✓, k02 ✗, k11 ✗; overdue at 09-30: k02 (home 08-05) and k11 (08-11); k01 (09-10) and k03 (09-20) not.
    // A2: k05 ✗, k06 ✗; both overdue, k05 never visited (k13 is enrolled only from 10-01).
    expect(counts(rows)).toEqual([
      [A1, 3, 1, 2, 0],
      [A2, 2, 0, 2, 1],
    ]);
  });

  it('cuts a month at the as-of date: the evaluation date is mid-month', async () => {
    // October under 启东, E = 10-15: due k01 k02 k03 k05 k06 k13 (T1; k03 joined in September, k13 on 10-01 itself,
    //   k11 left 10-12 ≤ E), k07 k08 k10 k12 (T2).
    //   T1: k02 home 10-03 ✓, k03 home 10-08 ✓, others ✗ → 6/2. T2: k07 home 10-02 + 10-12 ✓, k10 10-01 + 10-14 ✓ → 4/2.
    const oct15 = await compliance({ level: 'township', month: '2026-10', asOf: '2026-10-15', profile: Q });
    expect(oct15.map((r) => [r.code, r.due, r.compliant])).toEqual([
      [T1, 6, 2],
      [T2, 4, 2],
      [T3, 0, 0],
    ]);
    // E = 10-10: k11 (leaves 10-12 > E) is now due, k07's 10-12 and k10's 10-14 visits are after E: each has one
    //   home visit of the two needed ✗; k11's phone call 10-02 does not count → 11 due, 2 compliant (k02, k03).
    const oct10 = await compliance({ level: 'county', month: '2026-10', asOf: '2026-10-10', profile: Q });
    expect(oct10.map((r) => [r.due, r.compliant])).toEqual([[11, 2]]);
    // Under 灌云 the same cut: E = 10-15 → 10 due, compliant k01 k02 k03 k07 k10 k13 = 6; E = 10-10 → 11 due,
    //   compliant k01 k02 k03 k07 k10 k11 k13 = 7 (one visit of any mode suffices for them).
    const g15 = await compliance({ level: 'county', month: '2026-10', asOf: '2026-10-15', profile: G });
    const g10 = await compliance({ level: 'county', month: '2026-10', asOf: '2026-10-10', profile: G });
    expect([g15[0]?.due, g15[0]?.compliant, g10[0]?.due, g10[0]?.compliant]).toEqual([10, 6, 11, 7]);
  });

  it('a month that begins after the as-of date has no child due', async () => {
    const rows = await compliance({ level: 'county', month: '2026-11', asOf: VISITS_AS_OF, profile: G });
    expect(rows.map((r) => [r.due, r.compliant, r.rate])).toEqual([[0, 0, null]]);
    expect(rows[0]?.overdue).toBe(3);
  });

  it('holds a child to the strictest colour held during the month (yellow → red mid-month)', async () => {
    // Profile T, township T2 (k07 k08 k09 k10 k12; the institutional orphan k09 is due under T, "any" category).
    // k08 yellow since 06-01, red from 09-15. August: yellow → 1 visit, home 08-10 ✓. September: yellow then red
    // → red's 2 home visits, only 09-02 ✗. October: red, no visit ✗.
    // k12 red from 07-20, green from 09-01 itself. August: red → 2 home visits, only 08-14 ✗. September: the green
    // assessment on the 1st replaces red for the whole month → 1 visit, home 09-14 ✓. October: no visit ✗.
    // Aug: k07 ✓ k08 ✓ k09 ✗ (last visit 07-01) k10 ✓ k12 ✗ → 5/3; Sep: k08 ✗ k09 ✗ → 5/3; Oct: k08 k09 k12 ✗ → 5/2.
    const rows = await trend({ area: { level: 'township', code: T2 }, endMonth: '2026-10', months: 3, asOf: VISITS_AS_OF, profile: T });
    expect(months(rows)).toEqual([
      ['2026-08', 5, 3],
      ['2026-09', 5, 3],
      ['2026-10', 5, 2],
    ]);
    // At 10-15 k08 is red: 2 a month → overdue after 16 days; last home visit 09-02 → overdue. k09 last visit
    // 07-01 → overdue. k12 is green (1 of any mode, 31 days), last 09-14 → not overdue.
    expect(await overdueVillages({ month: '2026-10', parentCode: T2, asOf: VISITS_AS_OF, profile: T })).toEqual([
      { code: B1, name: '乙一村', township_code: T2, township_name: '乙镇', due_now: 5, overdue: 2 },
    ]);
  });

  it('ignores assessments after the evaluation date', async () => {
    // Profile T, village A1, October. k01 is assessed red on 10-20. With asOf 10-15 that is in the future: k01 is
    // ungraded, needs 1 visit of any mode, phone 10-05 ✓; k02 home 10-03 ✓; k03 home 10-08 ✓ (k11 left 10-12) → 3/3.
    const oct15 = await compliance({ level: 'village', parentCode: T1, month: '2026-10', asOf: VISITS_AS_OF, profile: T });
    expect(oct15.map((r) => [r.code, r.due, r.compliant])).toEqual([
      [A1, 3, 3],
      [A2, 3, 1],
    ]);
    // With asOf 10-31 k01 turned red during October: 2 home visits needed, none ✗ → 3/2. (A2: k05 ✗, k06 ✗,
    // k13 phone 10-09 ✓ either way.)
    const oct31 = await compliance({ level: 'village', parentCode: T1, month: '2026-10', asOf: '2026-10-31', profile: T });
    expect(oct31.map((r) => [r.code, r.due, r.compliant])).toEqual([
      [A1, 3, 2],
      [A2, 3, 1],
    ]);
  });

  it('counts nobody due under a profile whose rules ask for no visit', async () => {
    const none: VisitProfile = { ...G, id: 'none', rules: G.rules.map((r) => ({ ...r, visitsPerMonth: 0, modes: [] })) };
    const rows = await compliance({ level: 'township', month: '2026-09', asOf: VISITS_AS_OF, profile: none });
    expect(counts(rows)).toEqual([
      [T1, 0, 0, 0, 0],
      [T2, 0, 0, 0, 0],
      [T3, 0, 0, 0, 0],
    ]);
  });

  it('passes profile values through literal(), never pasting them', async () => {
    const odd: VisitProfile = { ...G, rules: G.rules.map((r) => ({ ...r, id: `${r.id}'); DROP TABLE visits; --` })) };
    const rows = await compliance({ level: 'county', month: '2026-09', asOf: VISITS_AS_OF, profile: odd });
    expect(counts(rows)).toEqual([[COUNTY, 9, 5, 4, 1]]);
  });

  it('refuses a month or date that is not well formed', () => {
    expect(() => visitComplianceSql({ level: 'county', month: '2026-13', asOf: VISITS_AS_OF, profile: G })).toThrow(/YYYY-MM/);
    expect(() => visitComplianceSql({ level: 'county', month: "2026-09' --", asOf: VISITS_AS_OF, profile: G })).toThrow(/YYYY-MM/);
    expect(() => visitComplianceSql({ level: 'county', month: '2026-09', asOf: '2026-10-15 OR 1=1', profile: G })).toThrow(/ISO date/);
    expect(() => visitTrendSql({ area: { level: 'county', code: COUNTY }, endMonth: '2026-10', months: 0, asOf: VISITS_AS_OF, profile: G })).toThrow();
  });
});

describe('visitor roles (走访人角色)', () => {
  // The same county with the visitor roles of VISITOR_ROLE_CHANGES (fixture): September, E = 09-30.
  // G names 儿童督导员 and 儿童主任 in every rule asking for visits; Q names the child director in its 2-a-month
  // rules only.
  const roles = loadedFixture(visitsManifest, visitsWithRoles());
  const sept = async (profile: VisitProfile, level: 'county' | 'township' = 'township') =>
    (await roles.rows<VisitComplianceRow>(visitComplianceSql({ level, month: '2026-09', asOf: VISITS_AS_OF, profile }))).map((r) => [
      r.code, r.due, r.compliant, r.overdue, r.never_visited, r.role_excluded_visits, r.role_unrecorded_visits,
    ]);

  it('灌云2022 counts only supervisors’ and directors’ visits; a visit with no role counts by default', async () => {
    // T1: k01's only September visit is a volunteer's call ✗ (1 excluded) · k02 home-only, its call (a cadre's) is
    //   excluded by mode, not role · k05 k06 k11 ✗ as before → 0/5, 1 excluded.
    //   Overdue at 09-30: k01 (last qualifying visit the 08-15 call, 46 days), k02, k05, k06, k11 → 5; never k05.
    // T2: k07 the supervisor's 09-25 ✓ (the cadre's 09-03 excluded) · k08 09-02 no role, counted ✓ (1 unrecorded)
    //   · k10 ✓ · k12 the social worker's 09-14 ✗ (excluded) → 3/4, 2 excluded.
    //   Overdue: k12 (last qualifying 08-14, 47 days) → 1.
    expect(await sept(G)).toEqual([
      [T1, 5, 0, 5, 1, 1, 0],
      [T2, 4, 3, 1, 0, 2, 1],
      [T3, 0, 0, 0, 0, 0, 0],
    ]);
    expect(await sept(G, 'county')).toEqual([[COUNTY, 9, 3, 6, 1, 3, 1]]);
  });

  it('does not count a visit with no role when the profile says "exclude"', async () => {
    // k08's 09-02 home visit no longer counts: ✗, excluded; its last qualifying visit is 08-10 (51 days) → overdue.
    const strict: VisitProfile = { ...G, id: 'strict', unrecordedRole: 'exclude' };
    expect(await sept(strict)).toEqual([
      [T1, 5, 0, 5, 1, 1, 0],
      [T2, 4, 2, 2, 0, 3, 0],
      [T3, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('启东2024: any role for the monthly visit, the child director for the extra ones', async () => {
    // T1 as in the September test (home visits only): 0/5, nobody excluded by role.
    // T2: k07 needs 2 home visits by the director: the cadre's 09-03 and the supervisor's 09-25 ✗ (2 excluded) ·
    //   k08 monthly, any role: the 09-02 visit with no role counts, and is not reported as unrecorded (the rule
    //   names no role) ✓ · k10 the director's 09-01 ✓, the supervisor's 09-29 excluded (1), the 09-15 video is
    //   excluded by mode → 1 of 2 ✗ · k12 monthly, the social worker's home visit 09-14 ✓ → 2/4, 3 excluded.
    //   Overdue at 09-30 (16 days for k07, k10): k07's last director home visit is 08-03 → overdue; k10's 09-01
    //   (29 days) → overdue; k08 09-02 and k12 09-14 within 31 days → 2.
    expect(await sept(Q)).toEqual([
      [T1, 5, 0, 5, 1, 0, 0],
      [T2, 4, 2, 2, 0, 3, 0],
      [T3, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('lists the villages overdue under the roles rule', async () => {
    // 灌云 at 09-30: A1 k01 k02 k11 of k01 k02 k03 k11; A2 k05 k06; B1 k12 of k07 k08 k10 k12.
    const rows = await roles.rows<OverdueVillageRow>(overdueByVillageSql({ month: '2026-09', asOf: VISITS_AS_OF, profile: G }));
    expect(rows.map((r) => [r.code, r.due_now, r.overdue])).toEqual([
      [A1, 4, 3],
      [A2, 2, 2],
      [B1, 4, 1],
    ]);
  });
});

describe('visit compliance trend', () => {
  it('gives three months for the whole county, oldest first', async () => {
    // 灌云. August (E 08-31): due k01 k02 k04 k05 k06 k07 k08 k10 k11 k12 (k04 leaves only 09-20; k03, k13 not yet
    //   enrolled); only k05 ✗ → 10/9 (k06's home visit 08-08 counts, k11's video 08-11 counts).
    // September: 9/5 and October (E 10-15): 10/6, as in the tests above.
    const rows = await trend({ area: { level: 'county', code: COUNTY }, endMonth: '2026-10', months: 3, asOf: VISITS_AS_OF, profile: G });
    expect(months(rows)).toEqual([
      ['2026-08', 10, 9],
      ['2026-09', 9, 5],
      ['2026-10', 10, 6],
    ]);
    expect(rows.map((r) => r.rate)).toEqual([0.9, 5 / 9, 0.6]);
  });

  it('follows one township or one village', async () => {
    // 启东, T2: August k07 (08-03 home only, needs 2) ✗, k08 ✓, k10 (08-04 home + 08-18 phone, needs 2 home) ✗, k12 ✓.
    const t2 = await trend({ area: { level: 'township', code: T2 }, endMonth: '2026-10', months: 3, asOf: VISITS_AS_OF, profile: Q });
    expect(months(t2)).toEqual([
      ['2026-08', 4, 2],
      ['2026-09', 4, 4],
      ['2026-10', 4, 2],
    ]);
    // 灌云, A1: Aug k01 k02 k11 all ✓; Sep k01 ✓ k02 ✗ k11 ✗; Oct k01 k02 k03 ✓ (k11 left 10-12, k03 due from October).
    const a1 = await trend({ area: { level: 'village', code: A1 }, endMonth: '2026-10', months: 3, asOf: VISITS_AS_OF, profile: G });
    expect(months(a1)).toEqual([
      ['2026-08', 3, 3],
      ['2026-09', 3, 1],
      ['2026-10', 3, 3],
    ]);
  });

  it('keeps every month, across a year end and after the as-of date', async () => {
    const rows = await trend({ area: { level: 'county', code: COUNTY }, endMonth: '2026-11', months: 3, asOf: VISITS_AS_OF, profile: G });
    expect(rows.map((r) => [r.month, r.due, r.compliant, r.rate])).toEqual([
      ['2026-09', 9, 5, 5 / 9],
      ['2026-10', 10, 6, 0.6],
      ['2026-11', 0, 0, null],
    ]);
    const early = await trend({ area: { level: 'county', code: COUNTY }, endMonth: '2026-02', months: 4, asOf: VISITS_AS_OF, profile: G });
    // No visit before July: k01 k02 k04 k05 k06 k07 k08 k10 k11 k12 are due, none compliant (k03, k13 not yet enrolled).
    expect(months(early)).toEqual([
      ['2025-11', 10, 0],
      ['2025-12', 10, 0],
      ['2026-01', 10, 0],
      ['2026-02', 10, 0],
    ]);
  });
});

describe('overdue villages (逾期未访)', () => {
  it('lists villages with overdue children, most first', async () => {
    // 灌云 at 10-15: A2 k05 k06 overdue of k05 k06 k13; B1 k08 of k07 k08 k10 k12 (k09 needs none). A1 none.
    expect(await overdueVillages({ month: '2026-10', asOf: VISITS_AS_OF, profile: G })).toEqual([
      { code: A2, name: '甲二村', township_code: T1, township_name: '甲镇', due_now: 3, overdue: 2 },
      { code: B1, name: '乙一村', township_code: T2, township_name: '乙镇', due_now: 4, overdue: 1 },
    ]);
    // 启东: A2 k05 k06 k13; A1 k01 (phone only); B1 k08. Ties ordered by code.
    expect((await overdueVillages({ month: '2026-10', asOf: VISITS_AS_OF, profile: Q })).map((r) => [r.code, r.due_now, r.overdue])).toEqual([
      [A2, 3, 3],
      [A1, 3, 1],
      [B1, 4, 1],
    ]);
  });

  it('takes a past month’s list at that month’s end, not at the as-of date', async () => {
    // 灌云, September (E = 09-30, as in the September tests above): A1 k02 k11 of k01 k02 k03 k11; A2 k05 k06 of
    // k05 k06 (k13 not yet enrolled); B1 none. In October (E = 10-15) A1 has none and B1 has k08.
    expect(await overdueVillages({ month: '2026-09', asOf: VISITS_AS_OF, profile: G })).toEqual([
      { code: A1, name: '甲一村', township_code: T1, township_name: '甲镇', due_now: 4, overdue: 2 },
      { code: A2, name: '甲二村', township_code: T1, township_name: '甲镇', due_now: 2, overdue: 2 },
    ]);
  });

  it('is overdue one day after the interval', async () => {
    // At 10-16 k12's last visit (09-14) is 32 days old > 31: B1 now has 2 overdue and ties A2, ordered by code.
    expect((await overdueVillages({ month: '2026-10', asOf: '2026-10-16', profile: G })).map((r) => [r.code, r.overdue])).toEqual([
      [A2, 2],
      [B1, 2],
    ]);
  });

  it('narrows to one township, or takes the county code as all', async () => {
    expect((await overdueVillages({ month: '2026-10', parentCode: T2, asOf: VISITS_AS_OF, profile: G })).map((r) => r.code)).toEqual([B1]);
    expect((await overdueVillages({ month: '2026-10', parentCode: T3, asOf: VISITS_AS_OF, profile: G })).map((r) => r.code)).toEqual([]);
    expect((await overdueVillages({ month: '2026-10', parentCode: COUNTY, asOf: VISITS_AS_OF, profile: G })).map((r) => r.code)).toEqual([A2, B1]);
  });
});

describe('month helpers', () => {
  it('shifts months and finds the evaluation date', () => {
    expect(addMonths('2026-01', -2)).toBe('2025-11');
    expect(addMonths('2026-10', 3)).toBe('2027-01');
    expect(evaluationDate('2026-10', '2026-10-15')).toBe('2026-10-15');
    expect(evaluationDate('2026-09', '2026-10-15')).toBe('2026-09-30');
    expect(evaluationDate('2024-02', '2026-10-15')).toBe('2024-02-29');
  });
});

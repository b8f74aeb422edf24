import { describe, expect, it } from 'vitest';
import { changeSql, isQuarter, periodFigureSql, periodMonths, quarterOf, type ChangeRow, type PeriodFigureRow } from '../../src/measures/change';
import { suppressCountChange, suppressRateChange } from '../../src/export/change-suppression';
import { GUANYUN_2022 as G, QIDONG_2024 as Q } from '../../src/policy/profiles';
import { tinyManifest, tinyTables } from '../fixtures/tiny-county';
import { VISITS_AS_OF, visitsManifest, visitsTables } from '../fixtures/visits-county';
import { loadedFixture } from '../support/loaded-fixture';

const T1 = '320999001';
const T2 = '320999002';
const T3 = '320999003';
const COUNTY = '320999';

describe('periods', () => {
  it('names quarters and lists their months up to the as-of month', () => {
    expect(quarterOf('2026-08')).toBe('2026-Q3');
    expect(quarterOf('2026-12')).toBe('2026-Q4');
    expect(isQuarter('2026-Q3')).toBe(true);
    expect(isQuarter('2026-Q5')).toBe(false);
    expect(periodMonths('2026-Q3', '2026-10-15')).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(periodMonths('2026-Q4', '2026-10-15')).toEqual(['2026-10']);
    expect(periodMonths('2026-05', '2026-10-15')).toEqual(['2026-05']);
    expect(() => periodMonths('2027-Q1', '2026-10-15')).toThrow(/after the as-of/);
    expect(() => periodMonths("2026-Q3' --", '2026-10-15')).toThrow(/not a period/);
  });

  it('compares the station, water and guardianship figures by month only', () => {
    for (const figure of ['stations', 'water', 'guardianship'] as const) {
      expect(() => periodFigureSql({ figure, scope: { level: 'township' }, period: '2026-Q3', asOf: VISITS_AS_OF, profile: G })).toThrow(/by month only/);
    }
  });
});

describe('change of the risk figure (红黄色占比), tiny county', () => {
  // Worked out in tests/unit/risk-mix.test.ts: at 2026-06-30 T1 has 6 children, 0 red and 1 yellow, T2 3 with 1 red
  // and 1 yellow; at 2026-10-31 T1 2 red and 1 yellow of 6, T2 0 red and 2 yellow of 3. T3 (a farm) has none.
  const fixture = loadedFixture(tinyManifest, tinyTables());
  const townships = (a: string, b: string) => fixture.rows<ChangeRow>(changeSql({ figure: 'risk', level: 'township', a, b, asOf: '2026-11-30', profile: G }));

  it('gives both sides, the change, and the worst first (a rising share is worse)', async () => {
    const rows = await townships('2026-06', '2026-10');
    expect(rows.map((r) => [r.code, r.numerator_a, r.denominator_a, r.numerator_b, r.denominator_b, r.ranked])).toEqual([
      [T1, 1, 6, 3, 6, true],
      [T2, 2, 3, 2, 3, true],
      [T3, 0, 0, 0, 0, false],
    ]);
    expect(rows[0]?.value_a).toBeCloseTo(1 / 6);
    expect(rows[0]?.value_b).toBeCloseTo(3 / 6);
    expect(rows[0]?.change).toBeCloseTo(2 / 6);
    expect(rows[0]?.improvement).toBeCloseTo(-2 / 6);
    expect(rows[1]?.change).toBe(0);
    expect(rows[2]?.change).toBeNull();
    expect(rows[2]?.improvement).toBeNull();
  });

  it('takes a quarter of the colours at its end', async () => {
    // 2026-Q2 ends on 2026-06-30: the same as June.
    expect(await townships('2026-Q2', '2026-10')).toEqual(await townships('2026-06', '2026-10'));
  });

  it('compares one township’s villages, or the county', async () => {
    const villages = await fixture.rows<ChangeRow>(changeSql({ figure: 'risk', level: 'village', parentCode: T1, a: '2026-06', b: '2026-10', asOf: '2026-11-30', profile: G }));
    expect(villages.map((r) => r.code).sort()).toEqual(['320999001001', '320999001002']);
    const county = await fixture.rows<ChangeRow>(changeSql({ figure: 'risk', level: 'county', a: '2026-06', b: '2026-10', asOf: '2026-11-30', profile: G }));
    // June: 9 children (T1 6, T2 3), 3 red or yellow; October 31: 9, 5.
    expect(county.map((r) => [r.code, r.numerator_a, r.denominator_a, r.numerator_b, r.denominator_b])).toEqual([[COUNTY, 3, 9, 5, 9]]);
    expect(county[0]?.change).toBeCloseTo(2 / 9);
  });
});

describe('change of the visit figure (走访合规率), visits county', () => {
  // Monthly figures of the county (tests/unit/visit-compliance.test.ts), 灌云2022: August 9 of 10, September 5 of 9,
  // October (E = 10-15) 6 of 10; July: no visit yet, the same 10 children due as in August, 0 compliant.
  const fixture = loadedFixture(visitsManifest, visitsTables());
  const run = (p: Omit<Parameters<typeof changeSql>[0], 'asOf'>) => fixture.rows<ChangeRow>(changeSql({ ...p, asOf: VISITS_AS_OF }));

  it('pools a quarter’s months: compliant child-months over due child-months', async () => {
    const q3 = await fixture.rows<PeriodFigureRow>(periodFigureSql({ figure: 'visits', scope: { level: 'county' }, period: '2026-Q3', asOf: VISITS_AS_OF, profile: G }));
    expect(q3.map((r) => [r.code, r.numerator, r.denominator])).toEqual([[COUNTY, 14, 29]]);
    expect(q3[0]?.value).toBeCloseTo(14 / 29);
    const [county] = await run({ figure: 'visits', level: 'county', a: '2026-Q3', b: '2026-Q4', profile: G });
    // Q4 so far is October alone: 6 of 10.
    expect([county?.numerator_b, county?.denominator_b]).toEqual([6, 10]);
    expect(county?.change).toBeCloseTo(0.6 - 14 / 29);
    expect(county?.improvement).toBeCloseTo(0.6 - 14 / 29);
  });

  it('compares two months per township, under another profile', async () => {
    // 启东2024, T2: August 2 of 4, September 4 of 4.
    const rows = await run({ figure: 'visits', level: 'township', a: '2026-08', b: '2026-09', profile: Q });
    const t2 = rows.find((r) => r.code === T2);
    expect([t2?.numerator_a, t2?.denominator_a, t2?.numerator_b, t2?.denominator_b]).toEqual([2, 4, 4, 4]);
    expect(t2?.change).toBeCloseTo(0.5);
    // 灌云2022, T1: September 1 of 5; August: k01 k02 k11 (A1) ✓, k04 ✓ (leaves only 09-20), k05 ✗, k06 ✓ → 5 of 6:
    // worse by 63.3 points, first; T2 4 of 4 both months.
    const g = await run({ figure: 'visits', level: 'township', a: '2026-08', b: '2026-09', profile: G });
    expect(g[0]?.code).toBe(T1);
    expect([g[0]?.numerator_a, g[0]?.denominator_a, g[0]?.numerator_b, g[0]?.denominator_b]).toEqual([5, 6, 1, 5]);
    expect(g[0]?.change).toBeCloseTo(1 / 5 - 5 / 6);
    expect(g.map((r) => r.code)).toEqual([T1, T2, T3]);
  });
});

describe('suppression of a change', () => {
  const T = 5;
  const sides = (na: number, da: number, nb: number, db: number) => ({ numerator_a: na, denominator_a: da, numerator_b: nb, denominator_b: db });

  it('shows a change only when both sides are shown', () => {
    // 12 of 40 → 9 of 40: both rates shown, the change (−7.5 points) too.
    const both = suppressRateChange(sides(12, 40, 9, 40), T, true);
    expect(both.change).toEqual({ shown: true, value: 9 / 40 - 12 / 40 });
    // 12 of 40 → 3 of 40: B gives back a count of 3; the change would give B back from A.
    const bSmall = suppressRateChange(sides(12, 40, 3, 40), T, true);
    expect(bSmall.a).toEqual({ shown: true, value: 0.3 });
    expect(bSmall.b).toEqual({ shown: false, reason: 'small' });
    expect(bSmall.change).toEqual({ shown: false, reason: 'complementary' });
    // 38 of 40 in A says 2 not: A hidden, and with it the change.
    expect(suppressRateChange(sides(38, 40, 30, 40), T, true).change?.shown).toBe(false);
    // Over 4 children in A: hidden whatever the numerator.
    expect(suppressRateChange(sides(0, 4, 0, 10), T, true).change?.shown).toBe(false);
  });

  it('shows a small net change between two shown sides (it is no count of children)', () => {
    expect(suppressCountChange(12, 9, T)).toEqual({ a: { shown: true, value: 12 }, b: { shown: true, value: 9 }, change: { shown: true, value: -3 } });
    expect(suppressCountChange(12, 0, T).change).toEqual({ shown: true, value: -12 });
    expect(suppressCountChange(12, 4, T)).toEqual({ a: { shown: true, value: 12 }, b: { shown: false, reason: 'small' }, change: { shown: false, reason: 'complementary' } });
  });

  it('never hides rates of villages or water points, and has no change without both sides', () => {
    expect(suppressRateChange(sides(1, 2, 2, 2), T, false).change).toEqual({ shown: true, value: 0.5 });
    const none = suppressRateChange({ numerator_a: 0, denominator_a: 0, numerator_b: 3, denominator_b: 4 }, T, false);
    expect(none.a).toBeNull();
    expect(none.change).toBeNull();
  });
});

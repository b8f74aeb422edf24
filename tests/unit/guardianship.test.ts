import { describe, expect, it } from 'vitest';
import { guardianshipSql, guardianshipTrendSql, type GuardianshipRow, type GuardianshipTrendRow } from '../../src/measures/guardianship';
import { guardianshipTables } from '../fixtures/guardianship-county';
import { tinyManifest } from '../fixtures/tiny-county';
import { loadedFixture } from '../support/loaded-fixture';

// Answers worked out by hand from tests/fixtures/guardianship-county.ts at 2026-10-31: on the roll are k01–k05 and
// k08 (甲镇) and k09–k11 (乙镇); k06 leaves that day, k07 enrols the day after, k12 left in June.
const fixture = loadedFixture(tinyManifest, guardianshipTables());
const run = (params: Parameters<typeof guardianshipSql>[0]) => fixture.rows<GuardianshipRow>(guardianshipSql(params));

const agreement = (r: GuardianshipRow | undefined) => r && [r.left_behind, r.agreement_signed, r.agreement_unsigned, r.agreement_unknown, r.agreement_reported];
const pairing = (r: GuardianshipRow | undefined) => r && [r.pairing_done, r.pairing_missing, r.pairing_unknown];
const school = (r: GuardianshipRow | undefined) => r && [r.out_of_school, r.out_of_school_unknown, r.disabled_out_of_school];
const colour = (r: GuardianshipRow | undefined) => r && [r.colour_stale, r.colour_never];

describe('guardianship (监护落实)', () => {
  it('counts the villages of a township, unknown flags apart', async () => {
    const [a1, a2] = await run({ level: 'village', parentCode: '320999001', asOf: '2026-10-31', staleMonths: 3 });
    // 甲一村: k01 signed, k02 unsigned, k03 not filled in; k04 is not left-behind, its "signed" is ignored.
    expect(a1?.children).toBe(4);
    expect(agreement(a1)).toEqual([3, 1, 1, 1, 2]);
    expect(a1?.agreement_rate).toBeCloseTo(1 / 2);
    expect(pairing(a1)).toEqual([1, 1, 1]);
    expect(a1?.pairing_rate).toBeCloseTo(1 / 2);
    // k02 and k04 out of school, k03 unknown; only k02 is also disabled (k04's disability is unknown).
    expect(school(a1)).toEqual([2, 1, 1]);
    // Cut-off 2026-07-31: k01 (09-15) current, k02 (01-10) out of date, k03 (assessed 11-05 only) and k04 never.
    expect(colour(a1)).toEqual([1, 2]);
    // 甲二村: k05 and k08 (enrolled on the day); k06 and k07 are off the roll.
    expect(agreement(a2)).toEqual([2, 2, 0, 0, 2]);
    expect(a2?.agreement_rate).toBe(1);
    expect(pairing(a2)).toEqual([1, 1, 0]);
    expect(school(a2)).toEqual([0, 0, 0]);
    expect(colour(a2)).toEqual([1, 0]);
  });

  it('totals townships and the county; an area without children has NULL rates', async () => {
    const towns = await run({ level: 'township', asOf: '2026-10-31', staleMonths: 3 });
    expect(towns.map((r) => r.code)).toEqual(['320999001', '320999002', '320999003']);
    const [t1, t2, t3] = towns;
    expect(agreement(t1)).toEqual([5, 3, 1, 1, 4]);
    expect(t1?.agreement_rate).toBeCloseTo(3 / 4);
    // 乙镇: k09 unsigned, k10 and k11 signed; k11's pairing unknown; k11 disabled and out of school;
    // k09 and k10 (05-05) out of date, k11 (08-01) current.
    expect(agreement(t2)).toEqual([3, 2, 1, 0, 3]);
    expect(t2?.agreement_rate).toBeCloseTo(2 / 3);
    expect(pairing(t2)).toEqual([2, 0, 1]);
    expect(t2?.pairing_rate).toBe(1);
    expect(school(t2)).toEqual([1, 0, 1]);
    expect(colour(t2)).toEqual([2, 0]);
    expect(t3?.children).toBe(0);
    expect(t3?.agreement_rate).toBeNull();
    expect(t3?.pairing_rate).toBeNull();
    const [county] = await run({ level: 'county', asOf: '2026-10-31', staleMonths: 3 });
    expect(county?.children).toBe(9);
    expect(agreement(county)).toEqual([8, 5, 2, 1, 7]);
    expect(county?.agreement_rate).toBeCloseTo(5 / 7);
    expect(pairing(county)).toEqual([4, 2, 2]);
    expect(county?.pairing_rate).toBeCloseTo(4 / 6);
    expect(school(county)).toEqual([3, 1, 2]);
    expect(colour(county)).toEqual([4, 2]);
  });

  it('takes the update interval from its parameter', async () => {
    // Six months: cut-off 2026-04-30, so only k02 (01-10) is out of date.
    const [county] = await run({ level: 'county', asOf: '2026-10-31', staleMonths: 6 });
    expect(colour(county)).toEqual([1, 2]);
  });

  it('refuses a bad date or interval rather than pasting it into SQL', () => {
    expect(() => guardianshipSql({ level: 'county', asOf: "2026-10-31' --", staleMonths: 3 })).toThrow(/ISO date/);
    expect(() => guardianshipSql({ level: 'county', asOf: '2026-10-31', staleMonths: 0 })).toThrow(/staleMonths/);
  });

  describe('trend', () => {
    const trend = (params: Parameters<typeof guardianshipTrendSql>[0]) => fixture.rows<GuardianshipTrendRow>(guardianshipTrendSql(params));
    const headline = (r: GuardianshipTrendRow) => [r.month, r.evaluated_on, r.children, r.agreement_signed, r.agreement_reported, r.pairing_done, r.pairing_reported, r.out_of_school, r.colour_stale, r.colour_never];

    it('evaluates each month at its end, the last one at the extract date', async () => {
      const rows = await trend({ area: { level: 'county', code: '320999' }, endMonth: '2026-11', months: 3, asOf: '2026-11-30', staleMonths: 3 });
      expect(rows.map(headline)).toEqual([
        // 09-30: k06 still on the roll (leaves 10-31), k08 not yet; cut-off 06-30: k02, k06, k09, k10 out of date,
        // k03 (11-05), k04 and k05 (10-31) not yet assessed.
        ['2026-09', '2026-09-30', 9, 4, 7, 4, 6, 4, 4, 3],
        // 10-31: as the county's row above.
        ['2026-10', '2026-10-31', 9, 5, 7, 4, 6, 3, 4, 2],
        // 11-30: k07 enrols (unsigned, unpaired, out of school); k03 assessed; cut-off 08-30 puts k11 (08-01) and
        // k07, k08 out of date.
        ['2026-11', '2026-11-30', 10, 5, 8, 4, 7, 4, 6, 1],
      ]);
      expect(rows.map((r) => r.agreement_rate)).toEqual([4 / 7, 5 / 7, 5 / 8].map((x) => expect.closeTo(x, 10)));
      expect(rows.map((r) => r.pairing_rate)).toEqual([4 / 6, 4 / 6, 4 / 7].map((x) => expect.closeTo(x, 10)));
    });

    it('counts one area only, and cuts a running month at the extract date', async () => {
      const rows = await trend({ area: { level: 'village', code: '320999001002' }, endMonth: '2026-11', months: 3, asOf: '2026-11-15', staleMonths: 3 });
      // 甲二村: k05 and k06; then k05 and k08; then k07 joins. November is evaluated on 11-15.
      expect(rows.map((r) => [r.month, r.evaluated_on, r.children])).toEqual([
        ['2026-09', '2026-09-30', 2],
        ['2026-10', '2026-10-31', 2],
        ['2026-11', '2026-11-15', 3],
      ]);
      const [t3] = await trend({ area: { level: 'township', code: '320999003' }, endMonth: '2026-10', months: 1, asOf: '2026-11-30', staleMonths: 3 });
      expect(t3?.children).toBe(0);
      expect(t3?.agreement_rate).toBeNull();
    });

    it('refuses a bad month, count or date', () => {
      const area = { level: 'county' as const, code: '320999' };
      expect(() => guardianshipTrendSql({ area, endMonth: '2026-13', months: 3, asOf: '2026-11-30', staleMonths: 3 })).toThrow(/month/);
      expect(() => guardianshipTrendSql({ area, endMonth: '2026-11', months: 0, asOf: '2026-11-30', staleMonths: 3 })).toThrow(/months/);
      expect(() => guardianshipTrendSql({ area, endMonth: '2026-11', months: 3, asOf: "2026-11-30' --", staleMonths: 3 })).toThrow(/ISO date/);
    });
  });
});

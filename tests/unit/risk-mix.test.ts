import { describe, expect, it } from 'vitest';
import { loadedFixture } from '../support/loaded-fixture';
import { riskMixSql, type RiskMixRow } from '../../src/measures/risk-mix';
import { tinyManifest, tinyTables } from '../fixtures/tiny-county';

// Answers worked out by hand from tests/fixtures/tiny-county.ts.
const fixture = loadedFixture(tinyManifest, tinyTables());

async function riskMix(params: Parameters<typeof riskMixSql>[0]): Promise<RiskMixRow[]> {
  return fixture.rows<RiskMixRow>(riskMixSql(params));
}

const counts = (r: RiskMixRow | undefined) => r && [r.children, r.red, r.yellow, r.blue, r.green, r.ungraded];

describe('risk mix (风险分色)', () => {
  it('counts townships by current colour at the as-of date', async () => {
    const rows = await riskMix({ level: 'township', asOf: '2026-10-31' });
    expect(rows.map((r) => r.code)).toEqual(['320999001', '320999002', '320999003']);
    // T1: k01 red (Sep), k02 yellow, k03 assessed only after the date, k04 never, k05 red on the day itself,
    // k08 enrolled on the day (green); k06 exits on the day, k07 enrols the day after.
    expect(counts(rows[0])).toEqual([6, 2, 1, 0, 1, 2]);
    expect(rows[0]?.share_red_yellow).toBeCloseTo(3 / 6);
    expect(rows[0]?.share_graded).toBeCloseTo(4 / 6);
    // T2: k09 blue, k10 yellow, k11 red then yellow (two categories, counted once); k12 left in June.
    expect(counts(rows[1])).toEqual([3, 0, 2, 1, 0, 0]);
    expect(rows[1]?.share_red_yellow).toBeCloseTo(2 / 3);
    // T3 has no child: zeros, and shares are NULL rather than 0.
    expect(counts(rows[2])).toEqual([0, 0, 0, 0, 0, 0]);
    expect(rows[2]?.share_red_yellow).toBeNull();
  });

  it('uses the colour history, not the latest colour, for an earlier date', async () => {
    const rows = await riskMix({ level: 'township', asOf: '2026-06-30' });
    // T1: k01 still green, k02 yellow, k03/k04/k05 ungraded, k06 green (leaves in October); k08 not yet enrolled.
    expect(counts(rows[0])).toEqual([6, 0, 1, 0, 2, 3]);
    // T2: k11 still red; k12 leaves on 2026-06-30 itself, so is off the roll that day.
    expect(counts(rows[1])).toEqual([3, 1, 1, 1, 0, 0]);
  });

  it('totals the county once', async () => {
    const rows = await riskMix({ level: 'county', asOf: '2026-10-31' });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.code).toBe('320999');
    expect(counts(rows[0])).toEqual([9, 2, 3, 1, 1, 2]);
    expect(rows[0]?.share_red_yellow).toBeCloseTo(5 / 9);
  });

  it('drills into the villages of one township', async () => {
    const rows = await riskMix({ level: 'village', parentCode: '320999001', asOf: '2026-10-31' });
    expect(rows.map((r) => [r.code, ...(counts(r) ?? [])])).toEqual([
      ['320999001001', 4, 1, 1, 0, 0, 2],
      ['320999001002', 2, 1, 0, 0, 1, 0],
    ]);
  });

  it('refuses a date that is not an ISO date rather than pasting it into SQL', () => {
    expect(() => riskMixSql({ level: 'county', asOf: "2026-10-31' OR 1=1 --" })).toThrow(/ISO date/);
  });
});

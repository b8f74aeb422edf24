import { describe, expect, it } from 'vitest';
import { loadedFixture } from '../support/loaded-fixture';
import { rankingSql, type RankingRow } from '../../src/measures/ranking';
import { categoryBreakdownSql, riskTransitionsSql, type CategoryRow, type TransitionRow } from '../../src/measures/risk-history';
import { riskMixSql } from '../../src/measures/risk-mix';
import { tinyManifest, tinyTables } from '../fixtures/tiny-county';

// Answers worked out by hand from tests/fixtures/tiny-county.ts.
const fixture = loadedFixture(tinyManifest, tinyTables());
const q = async <T>(sql: string) => fixture.rows<T>(sql);

describe('colour transitions over a period', () => {
  it('compares each child’s colour at the start and the end, for children on the roll at the end', async () => {
    const rows = await q<TransitionRow>(riskTransitionsSql({ area: { level: 'county', code: '320999' }, from: '2026-06-30', to: '2026-10-31' }));
    // k01 green→red; k02, k10 yellow→yellow; k03, k04 never graded by then; k05 first graded red on 10-31;
    // k08 enrolled on 10-31 so "ungraded" at the start even though assessed earlier; k09 blue→blue; k11 red→yellow.
    expect(rows.map((r) => [r.from_colour, r.to_colour, r.children])).toEqual([
      ['blue', 'blue', 1],
      ['green', 'red', 1],
      ['red', 'yellow', 1],
      ['ungraded', 'green', 1],
      ['ungraded', 'red', 1],
      ['ungraded', 'ungraded', 2],
      ['yellow', 'yellow', 2],
    ]);
  });

  it('keeps to the area asked for', async () => {
    const rows = await q<TransitionRow>(riskTransitionsSql({ area: { level: 'township', code: '320999002' }, from: '2026-06-30', to: '2026-10-31' }));
    expect(rows.map((r) => [r.from_colour, r.to_colour, r.children])).toEqual([
      ['blue', 'blue', 1],
      ['red', 'yellow', 1],
      ['yellow', 'yellow', 1],
    ]);
  });
});

describe('categories', () => {
  it('counts a child once in each of its categories', async () => {
    const rows = await q<CategoryRow>(categoryBreakdownSql({ area: { level: 'county', code: '320999' }, asOf: '2026-10-31' }));
    expect(rows).toEqual([
      { category: 'left_behind', children: 9, red: 2, yellow: 3, blue: 1, green: 1, ungraded: 2 },
      { category: 'severe_disability_illness', children: 1, red: 0, yellow: 1, blue: 0, green: 0, ungraded: 0 },
    ]);
  });
});

describe('township ranking', () => {
  it('ranks townships by the current value with the change since the previous period; a farm is not ranked', async () => {
    const rows = await q<RankingRow>(
      rankingSql({
        current: riskMixSql({ level: 'township', asOf: '2026-10-31' }),
        previous: riskMixSql({ level: 'township', asOf: '2026-06-30' }),
        column: 'share_graded',
      }),
    );
    // T2 all 3 graded then and now; T1 3 of 6 graded at 06-30, 4 of 6 at 10-31; T3 is a farm (unit type 'other').
    expect(rows.map((r) => [r.code, r.rank])).toEqual([
      ['320999002', 1],
      ['320999001', 2],
    ]);
    expect(rows[0]?.change).toBeCloseTo(0);
    expect(rows[1]?.value).toBeCloseTo(4 / 6);
    expect(rows[1]?.previous).toBeCloseTo(3 / 6);
    expect(rows[1]?.change).toBeCloseTo(1 / 6);
  });
});

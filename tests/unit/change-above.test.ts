/**
 * 两期对比 above the county (aggregateChangeSql, src/measures/change.ts): on the two-county fixture
 * (tests/fixtures/two-county-city.ts) with its aggregates made as `npm run extract` makes them, the change read from
 * the aggregates is, for each county, the city and the province, the raw-row builder's (changeSql) for every figure
 * and kind of period; the hand-worked ones; and, with every raw table dropped, still the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAggregates } from '../../src/cli/write-aggregates';
import { writeExtract } from '../../src/cli/write-extract';
import { rowsOf } from '../../src/db/connector';
import { loadExtract } from '../../src/db/load-extract';
import { TABLE_NAMES } from '../../src/extract/schema';
import { changeSentences } from '../../src/briefing/change-sentences';
import { aggregateChangeSql, CHANGE_FIGURES, changeSql, FIGURES, type ChangeRow } from '../../src/measures/change';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { CITY, CITY_AS_OF as asOf, cityManifest, cityTables, PROVINCE, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

let dir: string;
let conn: Awaited<ReturnType<typeof createNodeConnector>>;
const rows = async (sql: string) => rowsOf<ChangeRow>(await conn.query(sql));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'care-atlas-change-above-'));
  await writeExtract(dir, cityManifest, cityTables());
  await writeAggregates(dir, { profiles: BUILTIN_PROFILES });
  conn = await createNodeConnector();
  await loadExtract(conn, folderSource(dir), decodeParquetNode, undefined, undefined, { aggregates: true });
}, 120_000);
afterAll(() => {
  conn?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The periods compared: months (an earlier one, the quarter before, a later A than B) and, where a figure allows, quarters. */
const PAIRS = [
  { a: '2026-05', b: '2026-10' },
  { a: '2026-09', b: '2026-10' },
  { a: '2026-10', b: '2025-11', visits: false },
  { a: '2026-Q3', b: '2026-Q4', quarters: true },
  { a: '2026-Q2', b: '2026-10', quarters: true },
];

const SCOPES = [
  { level: 'county' as const, parentCode: CITY },
  { level: 'city' as const, parentCode: PROVINCE },
  { level: 'province' as const },
];

describe('the change above the county, from the aggregates', () => {
  it('is, for each county, the city and the province, the raw-row change for every figure and period', async () => {
    let compared = 0;
    for (const profile of BUILTIN_PROFILES) {
      for (const figure of CHANGE_FIGURES) {
        if (figure !== 'visits' && profile !== BUILTIN_PROFILES[0]) continue;
        for (const pair of PAIRS) {
          if (pair.quarters && !FIGURES[figure].quarter) continue;
          // The visit figure is the slowest to compute from raw rows: the second profile on the quarters only.
          if (figure === 'visits' && (pair.visits === false || (profile !== BUILTIN_PROFILES[0] && !pair.quarters))) continue;
          for (const scope of SCOPES) {
            const read = await rows(aggregateChangeSql({ figure, ...scope, a: pair.a, b: pair.b, asOf, profileId: figure === 'visits' ? profile.id : undefined }));
            const raw = await rows(changeSql({ figure, ...scope, a: pair.a, b: pair.b, asOf, profile }));
            expect(read, `${figure} ${profile.id} ${pair.a}..${pair.b} ${scope.level}`).toEqual(raw);
            expect(read.length).toBeGreaterThan(0);
            compared += read.filter((r) => r.change !== null).length;
          }
        }
      }
    }
    // Not a comparison of NULLs: most rows have a change.
    expect(compared).toBeGreaterThan(40);
  }, 300_000);

  it('gives the hand-worked change of the risk figure, worst first', async () => {
    // May: 启东市's 5 children not yet assessed (0 red or yellow of 5); 如皋市 4 on the roll, k9 red (1 of 4).
    // October: 启东市 k1 red, k2 yellow (2 of 5); 如皋市 k6, k7 red (2 of 3; k9 left on 2026-06-30).
    const read = await rows(aggregateChangeSql({ figure: 'risk', level: 'county', parentCode: CITY, a: '2026-05', b: '2026-10', asOf }));
    expect(read.map((r) => [r.code, r.numerator_a, r.denominator_a, r.numerator_b, r.denominator_b, r.ranked])).toEqual([
      [RUGAO, 1, 4, 2, 3, true],
      [QIDONG, 0, 5, 2, 5, true],
    ]);
    expect(read[0]?.change).toBeCloseTo(2 / 3 - 1 / 4, 12);
    // A rising share of red and yellow is worse: improvement is the change negated.
    expect(read[0]?.improvement).toBeCloseTo(-(2 / 3 - 1 / 4), 12);
    expect(read[1]?.change).toBeCloseTo(0.4, 12);
    const city = await rows(aggregateChangeSql({ figure: 'risk', level: 'city', a: '2026-05', b: '2026-10', asOf }));
    expect(city.map((r) => [r.code, r.numerator_a, r.denominator_a, r.numerator_b, r.denominator_b])).toEqual([[CITY, 1, 9, 4, 8]]);
  });

  it('pools a quarter of visits over its months: compliant child-months over due child-months', async () => {
    // 灌云2022, left-behind children: one visit of any mode a month by a child director or supervisor. No visit before
    // October: Q3 has 启东市's 5 children due in each of 3 months (0 of 15), 如皋市's 3 (0 of 9; k9 left in June).
    // Q4 up to the as-of month is October: 启东市 k1's home visit (1 of 5), 如皋市 k6's phone call (1 of 3).
    const profile = BUILTIN_PROFILES.find((p) => p.id.startsWith('guanyun'));
    expect(profile).toBeDefined();
    const read = await rows(aggregateChangeSql({ figure: 'visits', level: 'county', parentCode: CITY, a: '2026-Q3', b: '2026-Q4', asOf, profileId: profile?.id }));
    expect(read.map((r) => [r.code, r.numerator_a, r.denominator_a, r.numerator_b, r.denominator_b])).toEqual([
      [QIDONG, 0, 15, 1, 5],
      [RUGAO, 0, 9, 1, 3],
    ]);
    expect(read.map((r) => r.change)).toEqual([0.2, 1 / 3]);
  });

  it('writes the city briefing’s sentences from them, suppressed as inside a county', async () => {
    const at = (level: 'city' | 'county', parentCode: string) => rows(aggregateChangeSql({ figure: 'risk', level, parentCode, a: '2026-05', b: '2026-10', asOf }));
    const input = { area: '南通市', figure: '红黄色占比', ofChildren: true, higherIsBetter: false, a: '2026-05', b: '2026-10', belowWord: '县（市、区）' };
    const scope = (await at('city', PROVINCE))[0] ?? null;
    const below = await at('county', CITY);
    // At the fixture's threshold of 5 every side is over or holds fewer than 5 children: no change is printed, no county named.
    expect(changeSentences({ ...input, scope, below, threshold: 5 })).toEqual(['南通市红黄色占比2026年5月或2026年10月涉及人数过少，不作比较。', '没有县（市、区）变差。']);
    // With nothing suppressed: 11.1% → 50.0%; 如皋市 25.0% → 66.7%, 启东市 0.0% → 40.0%, both worse.
    expect(changeSentences({ ...input, scope, below, threshold: 1 })).toEqual([
      '南通市红黄色占比2026年10月为50.0%，较2026年5月提高38.9个百分点。',
      '变差的县（市、区）：如皋市（提高41.7个百分点）、启东市（提高40.0个百分点）。',
    ]);
  });

  it('refuses a quarter of a figure compared by month only, and a visit change without a profile', () => {
    expect(() => aggregateChangeSql({ figure: 'stations', level: 'county', a: '2026-Q3', b: '2026-10', asOf })).toThrow(/by month only/);
    expect(() => aggregateChangeSql({ figure: 'visits', level: 'county', a: '2026-09', b: '2026-10', asOf })).toThrow(/visit profile/);
    expect(() => aggregateChangeSql({ figure: 'risk', level: 'county', a: '2026-09', b: '2026-10', asOf, profileId: 'x' })).toThrow(/visit profile/);
  });

  it('reads no raw table: with every one dropped, the same rows', async () => {
    const params = { figure: 'visits' as const, level: 'county' as const, parentCode: CITY, a: '2026-Q3', b: '2026-10', asOf, profileId: BUILTIN_PROFILES[0]?.id };
    const before = await rows(aggregateChangeSql(params));
    for (const t of TABLE_NAMES) if (t !== 'regions') await conn.query(`DROP TABLE ${t}`);
    expect(await rows(aggregateChangeSql(params))).toEqual(before);
    await expect(conn.query(changeSql({ ...params, profile: BUILTIN_PROFILES[0]! }))).rejects.toThrow();
  });
});

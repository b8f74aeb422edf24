/**
 * The roll-ups of src/measures/aggregate-rollup.ts against their oracle: for every aggregate table, the city and
 * province rows summed from the county (and township) rows must equal, value for value, the rows the table's own
 * builders give when run over the whole extract (aggregateParts at the city and province levels) — on a hand-made
 * province of two cities (the two-county fixture with 如皋市 moved into another city) and on the 南通市 city demo.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExtract, type Row, type TableRows } from '../../src/cli/write-extract';
import { loadExtract } from '../../src/db/load-extract';
import { createNativeConnector, parquetPassThrough, type NativeConnector } from '../../src/db/native-engine';
import { folderSource } from '../../src/db/node-engine';
import { AGGREGATE_TABLE_NAMES, type AggregateTableName } from '../../src/extract/schema';
import { rollUpAggregateSql } from '../../src/measures/aggregate-rollup';
import { aggregateMonths, aggregateParts } from '../../src/measures/aggregates';
import type { AreaLevel } from '../../src/measures/areas';
import { previousQuarterEnd } from '../../src/measures/months';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { cityManifest, cityTables, PROVINCE, RUGAO } from '../fixtures/two-county-city';

/** 如皋市 (320682) recoded as 玄武区 (320102) of 南京市 (3201): the fixture becomes a province of two cities. */
const MOVED = '320102';
function twoCityTables(): TableRows {
  const recode = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && v.startsWith(RUGAO) ? MOVED + v.slice(6) : v]));
  const tables = Object.fromEntries(Object.entries(cityTables()).map(([name, rows]) => [name, (rows as Row[]).map(recode)])) as Record<string, Row[]>;
  const regions = (tables.regions ?? []).map((r) => (r.code === MOVED ? { ...r, parent_code: '3201' } : r));
  const city = regions.find((r) => r.level === 'city') as Row;
  return { ...tables, regions: [...regions, { ...city, code: '3201', name: '南京市', label_lng: 118.8, label_lat: 32.0 }] } as TableRows;
}

async function table(conn: NativeConnector, name: string, parts: string[]): Promise<void> {
  const [first, ...rest] = parts;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${name} AS ${first as string}`);
  for (const p of rest) await conn.run(`INSERT INTO ${name} ${p}`);
}

const ORDER = 'ORDER BY ALL';

/** Oracle and roll-up of one table, as plain rows (dates as text). */
async function both(conn: NativeConnector, t: AggregateTableName, asOf: string, months: readonly string[], levels: AreaLevel[]) {
  const inputs = { asOf, profiles: BUILTIN_PROFILES, months };
  await table(conn, 'oracle', aggregateParts(t, { ...inputs, levels }));
  await table(conn, 'county_rows', aggregateParts(t, { ...inputs, levels: ['county', 'township'] }));
  const plain = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Object && !Array.isArray(v) ? String(v) : v])));
  const expected = plain(await conn.rows(`SELECT * FROM oracle ${ORDER}`));
  const rolled = plain(await conn.rows(`SELECT * FROM (${levels.map((l) => `SELECT * FROM (${rollUpAggregateSql(t, 'county_rows', l as 'city' | 'province')})`).join(' UNION ALL ')}) ${ORDER}`));
  return { expected, rolled };
}

const FIXTURES = [
  { name: 'a province of two cities (hand-made)', asOf: cityManifest.as_of, levels: ['province', 'city'] as AreaLevel[] },
  { name: 'the 南通市 city demo', dir: resolve(import.meta.dirname, '../../data/demo-nantong'), levels: ['province', 'city'] as AreaLevel[] },
];

for (const fixture of FIXTURES) {
  describe(`roll-ups on ${fixture.name}`, () => {
    let conn: NativeConnector;
    let temp: string | null = null;
    let asOf = '';
    let months: string[] = [];
    beforeAll(async () => {
      let dir = fixture.dir;
      if (!dir) {
        temp = mkdtempSync(join(tmpdir(), 'care-atlas-rollup-'));
        await writeExtract(temp, { ...cityManifest, county_code: PROVINCE, county_name: '江苏省', area_level: 'province', area_code: PROVINCE, area_name: '江苏省' }, twoCityTables());
        dir = temp;
      }
      conn = await createNativeConnector();
      const loaded = await loadExtract(conn, folderSource(dir), parquetPassThrough);
      asOf = loaded.manifest.as_of;
      // The as-of month and the quarter's end before it (each month's rows are computed alike).
      const last = aggregateMonths(asOf).at(-1) as string;
      months = [previousQuarterEnd(last), last];
    }, 120_000);
    afterAll(() => {
      conn?.close();
      if (temp) rmSync(temp, { recursive: true, force: true });
    });

    for (const t of AGGREGATE_TABLE_NAMES) {
      it(`${t}: the city and province rows rolled up from the counties' equal the whole-extract builders'`, async () => {
        const { expected, rolled } = await both(conn, t, asOf, months, fixture.levels);
        expect(expected.length).toBeGreaterThan(0);
        // Not a comparison of zeros: some area has children, and some ratio is given.
        expect(expected.some((r) => Object.entries(r).some(([k, v]) => typeof v === 'number' && v > 0 && !['interval_days', 'stale_months'].includes(k)))).toBe(true);
        expect(rolled).toEqual(expected);
      }, 300_000);
    }
  });
}

describe('a roll-up with a county missing', () => {
  let conn: NativeConnector;
  let temp: string;
  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'care-atlas-rollup-'));
    await writeExtract(temp, { ...cityManifest, county_code: PROVINCE, county_name: '江苏省', area_level: 'province', area_code: PROVINCE, area_name: '江苏省' }, twoCityTables());
    conn = await createNativeConnector();
    await loadExtract(conn, folderSource(temp), parquetPassThrough);
  }, 120_000);
  afterAll(() => {
    conn?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('gives no row for an area whose county has none (no part sum), and the other city its own', async () => {
    await table(conn, 'county_rows', aggregateParts('agg_risk', { asOf: cityManifest.as_of, profiles: BUILTIN_PROFILES, levels: ['county', 'township'], months: ['2026-10'] }));
    await conn.run(`DELETE FROM county_rows WHERE region_code LIKE '${MOVED}%'`);
    const rows = await conn.rows(`SELECT level, region_code, children, red, yellow, share_red_yellow FROM (SELECT * FROM (${rollUpAggregateSql('agg_risk', 'county_rows', 'city')}) UNION ALL SELECT * FROM (${rollUpAggregateSql('agg_risk', 'county_rows', 'province')})) ORDER BY ALL`);
    // 启东市 alone: 5 children, 1 red and 1 yellow (tests/fixtures/two-county-city.ts).
    expect(rows).toEqual([{ level: 'city', region_code: '3206', children: 5, red: 1, yellow: 1, share_red_yellow: 0.4 }]);
  });
});

/**
 * The 南通市 city demo (data/demo-nantong, `npm run generate:city-demo`): generated again here, it must be the
 * committed folder byte for byte; it holds every county-level unit of 南通市 in the 2023 division codes, 如皋市 as
 * the county demo, and city aggregates that are the sums of the counties'.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCityDemo } from '../../src/cli/demo/city';
import { DEMO_DEFAULTS } from '../../src/cli/demo/county';

const CITY = resolve(import.meta.dirname, '../../data/demo-nantong');
const COUNTY_DEMO = resolve(import.meta.dirname, '../../data/demo');
let fresh: string;
let instance: DuckDBInstance;
let native: DuckDBConnection;

beforeAll(async () => {
  fresh = mkdtempSync(join(tmpdir(), 'care-atlas-city-demo-test-'));
  await generateCityDemo({ ...DEMO_DEFAULTS, out: join(fresh, 'out') });
  instance = await DuckDBInstance.create(':memory:');
  native = await instance.connect();
}, 900_000); // about 30 s of CPU for the aggregate tables; minutes of wall time on a busy 2-core machine
afterAll(() => {
  native?.closeSync();
  instance?.closeSync();
  rmSync(fresh, { recursive: true, force: true });
});

const rows = async (sql: string) => (await native.runAndReadAll(sql)).getRowObjectsJson() as Record<string, string | number | null>[];
const file = (name: string) => `'${join(CITY, name)}'`;

/** 南通市's county-level units in the 2023 statistical division codes (国家统计局 2023年统计用区划代码). */
const NANTONG = [
  ['320612', '通州区'],
  ['320613', '崇川区'],
  ['320614', '海门区'],
  ['320623', '如东县'],
  ['320671', '南通经济技术开发区'],
  ['320681', '启东市'],
  ['320682', '如皋市'],
  ['320685', '海安市'],
];

describe('the committed 南通市 city demo', () => {
  it('is exactly what `npm run generate:city-demo` writes (regenerate it after changing the generator)', () => {
    const files = readdirSync(CITY).sort();
    expect(readdirSync(join(fresh, 'out')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(fresh, 'out', f)).equals(readFileSync(join(CITY, f))), f).toBe(true);
  });

  it('lists every county-level unit of 南通市 with its 2023 code and name, and says it is synthetic', async () => {
    const m = JSON.parse(readFileSync(join(CITY, 'manifest.json'), 'utf8')) as {
      area_level: string;
      area_code: string;
      area_name: string;
      synthetic: boolean;
      division_code_edition: string;
      counties: { code: string; name: string; rows: Record<string, number> }[];
    };
    expect(m).toMatchObject({ area_level: 'city', area_code: '3206', area_name: '南通市', synthetic: true, division_code_edition: '2023' });
    expect(m.counties.map((c) => [c.code, c.name])).toEqual(NANTONG);
    const regions = await rows(`SELECT code, name, parent_code FROM read_parquet(${file('regions.parquet')}) WHERE level = 'county' ORDER BY code`);
    expect(regions.map((r) => [r.code, r.name])).toEqual(NANTONG);
    expect(new Set(regions.map((r) => r.parent_code))).toEqual(new Set(['3206']));
    // Each county's rows in the manifest are its own file's.
    for (const c of m.counties) {
      const n = await rows(`SELECT count(*)::INTEGER AS n FROM read_parquet(${file(`children.${c.code}.parquet`)})`);
      expect(n[0]?.n, c.name).toBe(c.rows.children);
      expect(c.rows.children, c.name).toBeGreaterThan(0);
    }
    // Every drawn shape is schematic.
    const real = await rows(`SELECT count(*)::INTEGER AS n FROM read_parquet(${file('regions*.parquet')}) WHERE geometry IS NOT NULL AND boundary_schematic IS NOT TRUE`);
    expect(real[0]?.n).toBe(0);
  });

  it('holds 如皋市 as the county demo has it', async () => {
    for (const table of ['children', 'visits', 'stations', 'water_points']) {
      const differ = await rows(
        `SELECT count(*)::INTEGER AS n FROM ((SELECT * FROM read_parquet(${file(`${table}.320682.parquet`)}) EXCEPT ALL SELECT * FROM read_parquet('${join(COUNTY_DEMO, `${table}.parquet`)}'))
           UNION ALL (SELECT * FROM read_parquet('${join(COUNTY_DEMO, `${table}.parquet`)}') EXCEPT ALL SELECT * FROM read_parquet(${file(`${table}.320682.parquet`)})))`,
      );
      expect(differ[0]?.n, table).toBe(0);
    }
  });

  it('gives the city and the province the sums of the counties, for every count in the aggregate tables', async () => {
    const counts: Record<string, { keys: string[]; columns: string[] }> = {
      agg_risk: { keys: ['month'], columns: ['children', 'red', 'yellow', 'blue', 'green', 'ungraded'] },
      agg_visits: { keys: ['profile_id', 'month'], columns: ['due', 'compliant', 'overdue', 'never_visited'] },
      agg_stations: { keys: ['month'], columns: ['villages', 'villages_with_station', 'villages_with_director', 'townships', 'active_village_stations', 'directors', 'children'] },
      agg_water: { keys: ['month'], columns: ['points', 'complete', 'missing_sign', 'missing_ring', 'missing_rope', 'missing_pole', 'children'] },
      agg_guardianship: { keys: ['month'], columns: ['children', 'left_behind', 'agreement_signed', 'pairing_done'] },
      agg_quality: { keys: ['month'], columns: ['children', 'ungraded', 'stale', 'visits_off_roll', 'assessments_off_roll', 'stations', 'stations_no_coords', 'water_points', 'villages', 'villages_no_shape', 'townships_no_shape', 'virtual_units'] },
    };
    for (const [table, { keys, columns }] of Object.entries(counts)) {
      const sums = columns.map((c) => `sum(${c})::BIGINT AS ${c}`).join(', ');
      const of = (level: string, region?: string) =>
        rows(`SELECT ${keys.join(', ')}, ${sums} FROM read_parquet(${file(`${table}.parquet`)}) WHERE level = '${level}'${region ? ` AND region_code = '${region}'` : ''} GROUP BY ALL ORDER BY ALL`);
      const counties = await of('county');
      expect(counties.length, table).toBeGreaterThanOrEqual(14);
      expect(await of('city', '3206'), table).toEqual(counties);
      expect(await of('province', '32'), table).toEqual(counties);
    }
    // And the city's children are those of the raw tables on the roll at the as-of date: every county's file.
    const raw = await rows(
      `SELECT count(*)::INTEGER AS n FROM read_parquet(${file('children.*.parquet')}) WHERE (enrolled_on IS NULL OR enrolled_on <= DATE '2026-10-31') AND (exited_on IS NULL OR exited_on > DATE '2026-10-31')`,
    );
    const city = await rows(`SELECT children FROM read_parquet(${file('agg_risk.parquet')}) WHERE level = 'city' AND month = '2026-10'`);
    expect(Number(city[0]?.children)).toBe(raw[0]?.n);
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, DEMO_DEFAULTS } from '../../src/cli/demo/county';
import { rowsOf } from '../../src/db/connector';
import { loadExtract, type LoadedExtract } from '../../src/db/load-extract';
import { decodeWkb } from '../../src/extract/wkb';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const DEMO = resolve(import.meta.dirname, '../../data/demo');
let conn: Awaited<ReturnType<typeof createNodeConnector>>;
let loaded: LoadedExtract;
let fresh: string;

beforeAll(async () => {
  fresh = mkdtempSync(join(tmpdir(), 'care-atlas-demo-'));
  await generateDemo({ ...DEMO_DEFAULTS, out: fresh });
  conn = await createNodeConnector();
  loaded = await loadExtract(conn, folderSource(DEMO), decodeParquetNode);
}, 180_000); // the generator computes the aggregate tables too: about 10 s, more on a busy machine
afterAll(() => {
  conn?.close();
  rmSync(fresh, { recursive: true, force: true });
});

const q = async <T>(sql: string) => rowsOf<T>(await conn.query(sql));

describe('the committed demo extract', () => {
  it('is exactly what `npm run generate:demo` writes (regenerate it after changing the generator)', () => {
    const files = readdirSync(DEMO).sort();
    expect(readdirSync(fresh).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(fresh, f)).equals(readFileSync(join(DEMO, f))), f).toBe(true);
  });

  it('loads through the app loader, says it is synthetic, and holds 如皋市 in full', async () => {
    expect(loaded.manifest).toMatchObject({ county_code: '320682', county_name: '如皋市', synthetic: true, as_of: '2026-10-31' });
    expect(loaded.rowCounts.children).toBe(5000);
    expect(loaded.rowCounts.visits).toBeGreaterThan(50_000);
    const levels = await q<{ level: string; n: number }>('SELECT level, count(*)::INTEGER AS n FROM regions GROUP BY level ORDER BY level');
    expect(levels).toEqual([
      { level: 'county', n: 1 },
      { level: 'township', n: 21 },
      { level: 'village', n: 355 },
    ]);
    const bad = await q<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM children c JOIN regions v ON v.code = c.village_code WHERE v.level <> 'village'",
    );
    expect(bad[0]?.n).toBe(0);
  });

  it('carries the 2021 annex targets (347 village stations in 14 townships) with realistic shortfalls', async () => {
    const rows = await q<{ code: string; target: number; built: number }>(
      `SELECT t.code, t.target_village_stations AS target,
         (SELECT count(*)::INTEGER FROM stations s JOIN regions v ON v.code = s.region_code
          WHERE s.kind = 'village_station' AND v.parent_code = t.code) AS built
       FROM regions t WHERE t.target_village_stations IS NOT NULL ORDER BY t.code`,
    );
    expect(rows).toHaveLength(14);
    expect(rows.reduce((a, r) => a + r.target, 0)).toBe(347);
    const short = rows.filter((r) => r.built < r.target);
    expect(short.length).toBeGreaterThanOrEqual(2);
    expect(short.length).toBeLessThanOrEqual(6);
    for (const r of rows) expect(r.built).toBeLessThanOrEqual(r.target);
  });

  it('has a regions file that is valid GeoParquet 1.1 with WKB boundaries', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const native = await instance.connect();
    const kv = (await native.runAndReadAll(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${join(DEMO, 'regions.parquet')}')`)).getRowObjectsJson();
    native.closeSync();
    instance.closeSync();
    const geo = JSON.parse(String(kv.find((r) => r.k === 'geo')?.v)) as { version: string; primary_column: string; columns: Record<string, { encoding: string; geometry_types: string[]; bbox: number[] }> };
    expect(geo.version).toBe('1.1.0');
    expect(geo.primary_column).toBe('geometry');
    expect(geo.columns.geometry?.encoding).toBe('WKB');
    expect(geo.columns.geometry?.geometry_types).toEqual(['Polygon']);
    const [west, south, east, north] = geo.columns.geometry?.bbox ?? [];
    expect(west).toBeGreaterThan(120.2);
    expect(east).toBeLessThan(120.95);
    expect(south).toBeGreaterThan(31.95);
    expect(north).toBeLessThan(32.6);
    const wkb = await q<{ geometry: Uint8Array }>("SELECT geometry FROM regions WHERE code = '320682116'");
    expect(decodeWkb(wkb[0]?.geometry as Uint8Array)[0]?.[0]?.length).toBeGreaterThan(4);
  });

  it('holds no token shaped like an ID number or a mobile phone number in any text column', async () => {
    const columns = await q<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM duckdb_columns() WHERE data_type IN ('VARCHAR', 'VARCHAR[]') AND NOT internal AND schema_name = 'main' AND table_name NOT LIKE 'staging%'",
    );
    expect(columns.length).toBeGreaterThan(10);
    for (const { table_name, column_name } of columns) {
      const hits = await q<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM "${table_name}" WHERE regexp_matches(CAST("${column_name}" AS VARCHAR), '(^|[^0-9A-Za-z])([1-9]\\d{5}(19|20)\\d{2}(0[1-9]|1[0-2])\\d{5}[\\dXx]|1[3-9]\\d{9})([^0-9A-Za-z]|$)')`,
      );
      expect(hits[0]?.n, `${table_name}.${column_name}`).toBe(0);
    }
  });
});

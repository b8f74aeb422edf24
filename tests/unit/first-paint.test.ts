import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QueryClient } from '@tanstack/react-query';
import { tableFromIPC, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Connector } from '../../src/db/connector';
import { loadExtract, type LoadedExtract } from '../../src/db/load-extract';
import { parseManifest } from '../../src/extract/manifest';
import type { Manifest, TableName } from '../../src/extract/schema';
import { encodeWkbPolygon } from '../../src/extract/wkb';
import { aggregateMonths, aggregateOrderedSql, aggregateParts } from '../../src/measures/aggregates';
import { evaluationDate, windowMonths } from '../../src/measures/months';
import { regionsSql } from '../../src/measures/areas';
import { riskMixSql } from '../../src/measures/risk-mix';
import { regionsQuery } from '../../src/app/queries';
import { riskMapQueries } from '../../src/app/themes/risk';
import type { ThemeContext } from '../../src/app/themes/context';
import { deferredConnector } from '../../src/app/first-paint/deferred-connector';
import { wasmProblem } from '../../src/app/first-paint/engine-files';
import { readFirstPaint, sharing } from '../../src/app/first-paint/read';
import { budgetFor } from '../../src/db/memory-budget';
import { regionsTable, riskScopes, seedFirstView } from '../../src/app/first-paint/seed';
import { checkRegions, checkRiskAggregate, NotDrawable, type RegionRow } from '../../src/app/first-paint/validate';
import { tinyManifest, tinyTables, TINY_AS_OF } from '../fixtures/tiny-county';
import { differences } from '../support/both-engines';
import { writeTempExtract } from '../support/extract-fixture';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const MAX_ROWS = 1_000_000;
const manifest: Manifest = {
  ...tinyManifest,
  area_level: 'county',
  area_code: tinyManifest.county_code,
  area_name: tinyManifest.county_name,
  counties: [{ code: tinyManifest.county_code, name: tinyManifest.county_name, as_of: tinyManifest.as_of }],
  tables: { regions: 'regions.parquet' },
  aggregates: { tables: { agg_risk: 'agg_risk.parquet' }, months: aggregateMonths(TINY_AS_OF), profiles: [] },
};
const OCTOBER = '2026-10';
const OCTOBER_END = evaluationDate(OCTOBER, TINY_AS_OF);

const extractOf = (m: Manifest): LoadedExtract => ({ id: 'first-view#test', manifest: m, rowCounts: {} as Record<TableName, number>, counties: [m.county_code] });
const noEngine: Connector = {
  query: () => Promise.reject(new Error('no engine in this test')),
  insertArrowIpc: () => Promise.reject(new Error('no engine in this test')),
};

/** The tiny county's regions and agg_risk, as duckdb-wasm gives them (Arrow), for the checks to read. */
describe('the first view on the tiny county (answers from tests/unit/risk-mix.test.ts)', () => {
  let conn: Awaited<ReturnType<typeof createNodeConnector>>;
  let regions: Table;
  let agg: Table;
  let regionRows: RegionRow[];
  const aggWith = (replace: string, where = 'true') =>
    conn.query(`SELECT * REPLACE (${replace}) FROM agg_risk WHERE ${where}`);
  beforeAll(async () => {
    const extract = await writeTempExtract(tinyManifest, tinyTables());
    conn = await createNodeConnector();
    try {
      await loadExtract(conn, folderSource(extract.dir), decodeParquetNode);
    } finally {
      extract.cleanup();
    }
    const parts = aggregateParts('agg_risk', { asOf: TINY_AS_OF, profiles: [] });
    await conn.query(`CREATE TABLE agg_risk AS ${aggregateOrderedSql('agg_risk', `(${parts.join(' UNION ALL ')})`)}`);
    // Columns in the file's order, in another row order than the map's: the check orders them.
    regions = await conn.query('SELECT * FROM regions ORDER BY code DESC');
    agg = await conn.query('SELECT * FROM agg_risk');
    regionRows = checkRegions(regions, manifest, MAX_ROWS);
  }, 120_000);
  afterAll(() => conn?.close());

  it('reads the regions as regionsSql returns them, ordered by level then code', async () => {
    expect(regionRows.map((r) => r.code)).toEqual(['320999', '320999001', '320999002', '320999003', '320999001001', '320999001002', '320999002001', '320999003001']);
    const expected = rowsOf<Record<string, unknown>>(await conn.query(regionsSql()));
    expect(differences(rowsOf<Record<string, unknown>>(regionsTable(regionRows)), expected)).toEqual([]);
    expect(regionsTable(regionRows).schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(
      (await conn.query(regionsSql())).schema.fields.map((f) => `${f.name}:${String(f.type)}`),
    );
  });

  it('seeds the county, township and village figures of October under the keys the risk theme asks for', () => {
    const client = new QueryClient();
    const extract = extractOf(manifest);
    const risk = checkRiskAggregate(agg, 'agg_risk.parquet', manifest, regionRows, windowMonths(TINY_AS_OF), MAX_ROWS);
    seedFirstView(client, noEngine, extract, regionRows, risk, [OCTOBER]);
    const get = (params: object) => client.getQueryData<Table>(['measure', 'risk-mix', extract.id, params]);
    const counts = (t: Table | undefined, code: string) => {
      const r = t ? rowsOf<Record<string, number> & { code: string }>(t).find((x) => x.code === code) : undefined;
      return r && [r.children, r.red, r.yellow, r.blue, r.green, r.ungraded];
    };
    const county = get({ level: 'county', parentCode: null, asOf: OCTOBER_END });
    expect(counts(county, '320999')).toEqual([9, 2, 3, 1, 1, 2]);
    expect(rowsOf<{ share_red_yellow: number }>(county as Table)[0]?.share_red_yellow).toBeCloseTo(5 / 9);
    expect(rowsOf<{ name: string }>(county as Table)[0]?.name).toBe('测试县');
    // The farm has no child: zeros and NULL shares, as riskMixSql gives.
    const towns = get({ level: 'township', parentCode: '320999', asOf: OCTOBER_END });
    expect(counts(towns, '320999003')).toEqual([0, 0, 0, 0, 0, 0]);
    expect(rowsOf<{ code: string; share_graded: number | null }>(towns as Table).map((r) => [r.code, r.share_graded === null])).toEqual([
      ['320999001', false],
      ['320999002', false],
      ['320999003', true],
    ]);
    // The keys are the theme's own: its map queries are served from what was seeded, the regions too.
    const ctx = { conn: noEngine, extract, date: OCTOBER_END } as ThemeContext;
    for (const q of riskMapQueries(ctx)) expect(client.getQueryData(q.queryKey), JSON.stringify(q.queryKey)).toBeDefined();
    expect(client.getQueryData(regionsQuery(noEngine, extract).queryKey)?.numRows).toBe(8);
    // Only October: no other month is in the cache.
    expect(get({ level: 'township', asOf: evaluationDate('2026-09', TINY_AS_OF) })).toBeUndefined();
  });

  it('gives every scope the rows riskMixSql gives, in every month offered', async () => {
    const months = windowMonths(TINY_AS_OF);
    const risk = checkRiskAggregate(agg, 'agg_risk.parquet', manifest, regionRows, months, MAX_ROWS);
    const client = new QueryClient();
    const extract = extractOf(manifest);
    seedFirstView(client, noEngine, extract, regionRows, risk, months);
    let compared = 0;
    for (const month of months) {
      const date = evaluationDate(month, TINY_AS_OF);
      for (const { params } of riskScopes(regionRows, date)) {
        const seeded = client.getQueryData<Table>(['measure', 'risk-mix', extract.id, params]);
        const computed = await conn.query(riskMixSql(params));
        expect(differences(rowsOf<Record<string, unknown>>(seeded as Table), rowsOf<Record<string, unknown>>(computed), 10), `${month} ${JSON.stringify(params)}`).toEqual([]);
        expect(seeded?.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(computed.schema.fields.map((f) => `${f.name}:${String(f.type)}`));
        compared += 1;
      }
    }
    // 12 months × (2 map scopes + county + its townships + 3 townships' villages).
    expect(compared).toBe(12 * 7);
  });

  describe('does not draw what the loader would refuse', () => {
    const refused = (rows: RegionRow[], m = manifest) => {
      try {
        checkRegions(regionsTable(rows), m, MAX_ROWS);
        return null;
      } catch (e) {
        if (e instanceof NotDrawable) return `${e.table}.${e.column}`;
        throw e;
      }
    };
    const changed = (code: string, change: Partial<RegionRow>) => regionRows.map((r) => (r.code === code ? { ...r, ...change } : r));
    const cell = () =>
      encodeWkbPolygon([
        [
          [120, 32],
          [120.1, 32],
          [120.1, 32.1],
          [120, 32.1],
        ],
      ]);
    // Header (9 bytes), ring count (4), point count (4), then 16 bytes a position: the last one moved, the second NaN.
    const open = cell();
    new DataView(open.buffer).setFloat64(open.length - 16, 120.05, true);
    const notFinite = cell();
    new DataView(notFinite.buffer).setFloat64(17 + 16, Number.NaN, true);
    const outside = encodeWkbPolygon([
      [
        [125, 32],
        [125.1, 32],
        [125.1, 32.1],
      ],
    ]);

    it('regions with a broken boundary, coordinate, code or parent', () => {
      expect(refused(regionRows)).toBeNull();
      expect(refused(changed('320999001', { geometry: open }))).toBe('regions.parquet.geometry');
      expect(refused(changed('320999001', { geometry: notFinite }))).toBe('regions.parquet.geometry');
      expect(refused(changed('320999001', { geometry: new Uint8Array([1, 3, 0, 0, 0, 9]) }))).toBe('regions.parquet.geometry');
      expect(refused(changed('320999001', { geometry: cell() }))).toBeNull();
      expect(refused(changed('320999001', { label_lng: Number.NaN }))).toBe('regions.parquet.label_lng');
      expect(refused(changed('320999001', { label_lng: 10 }))).toBe('regions.parquet.label_lng');
      // The county's boundary is schematic here, so the extent is China's: 125° E is inside it; with a surveyed one,
      // 10 km around the county, it is not.
      expect(refused(changed('320999001', { geometry: outside }))).toBeNull();
      expect(refused(changed('320999001', { geometry: outside }).map((r) => (r.level === 'county' ? { ...r, boundary_schematic: false } : r)))).toBe('regions.parquet.geometry');
      expect(refused(changed('320999001', { parent_code: '320998' }))).toBe('regions.parquet.parent_code');
      expect(refused(changed('320999002', { code: '320999001' }))).toBe('regions.parquet.code');
      expect(refused(changed('320999001', { name: '镇'.repeat(101) }))).toBe('regions.parquet.name');
      expect(refused(changed('320999001', { level: 'province' as RegionRow['level'] }))).toBe('regions.parquet.level');
      expect(refused(regionRows, { ...manifest, county_code: '320998' })).toBe('regions.parquet.level');
    });

    it('an aggregate that disagrees with itself, the regions or the manifest', async () => {
      const check = async (t: Promise<Table>) => {
        try {
          checkRiskAggregate(await t, 'agg_risk.parquet', manifest, regionRows, windowMonths(TINY_AS_OF), MAX_ROWS);
          return null;
        } catch (e) {
          if (e instanceof NotDrawable) return e.column;
          throw e;
        }
      };
      expect(await check(Promise.resolve(agg))).toBeNull();
      expect(await check(aggWith('CASE WHEN region_code = \'320999001\' THEN red + 1 ELSE red END AS red'))).toBe('children');
      expect(await check(aggWith('CASE WHEN children > 0 THEN share_red_yellow + 0.01 END AS share_red_yellow'))).toBe('share_red_yellow');
      expect(await check(aggWith('0.5 AS share_graded'))).toBe('share_graded');
      expect(await check(aggWith("CASE WHEN level = 'village' THEN 'township' ELSE level END AS level"))).toBe('region_code');
      expect(await check(aggWith('evaluated_on + 1 AS evaluated_on'))).toBe('evaluated_on');
      expect(await check(conn.query("SELECT * FROM agg_risk WHERE NOT (region_code = '320999002001' AND month = '2026-03')"))).toBe('region_code');
      expect(await check(conn.query("SELECT * FROM agg_risk UNION ALL SELECT * FROM agg_risk WHERE region_code = '320999' AND month = '2026-03'"))).toBe('region_code');
      expect(await check(aggWith("CASE WHEN month = '2025-09' THEN '2024-09' ELSE month END AS month"))).toBe('month');
      expect(await check(aggWith('-1 AS ungraded, children - 1 AS children', 'children > 0'))).toBe('ungraded');
      expect(await check(conn.query('SELECT * EXCLUDE (green) FROM agg_risk'))).toBe('green');
    });
  });
});

describe('the demo’s first view', () => {
  const DEMO = resolve(import.meta.dirname, '../../data/demo');
  let conn: Awaited<ReturnType<typeof createNodeConnector>>;
  beforeAll(async () => {
    conn = await createNodeConnector();
    await loadExtract(conn, folderSource(DEMO), decodeParquetNode);
  }, 120_000);
  afterAll(() => conn?.close());

  it('read from its Parquet files is what duckdb-wasm computes for the latest month, scope by scope', async () => {
    const parsed = parseManifest(JSON.parse(readFileSync(join(DEMO, 'manifest.json'), 'utf8')));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const m = parsed.manifest;
    const decode = (file: string) => tableFromIPC(decodeParquetNode(new Uint8Array(readFileSync(join(DEMO, file)))) as Uint8Array);
    const regionRows = checkRegions(decode(m.tables.regions as string), m, MAX_ROWS);
    const latest = windowMonths(m.as_of).slice(-1);
    const risk = checkRiskAggregate(decode(m.aggregates?.tables.agg_risk as string), 'agg_risk.parquet', m, regionRows, latest, MAX_ROWS);
    const client = new QueryClient();
    const extract = extractOf(m);
    const seeded = seedFirstView(client, noEngine, extract, regionRows, risk, latest);
    const date = evaluationDate(latest[0] as string, m.as_of);
    const scopes = riskScopes(regionRows, date);
    expect(seeded).toBe(1 + scopes.length);
    for (const { params } of scopes) {
      const table = client.getQueryData<Table>(['measure', 'risk-mix', extract.id, params]);
      expect(differences(rowsOf<Record<string, unknown>>(table as Table), rowsOf<Record<string, unknown>>(await conn.query(riskMixSql(params))), 10), JSON.stringify(params)).toEqual([]);
    }
    const regions = client.getQueryData<Table>(regionsQuery(noEngine, extract).queryKey);
    expect(differences(rowsOf<Record<string, unknown>>(regions as Table), rowsOf<Record<string, unknown>>(await conn.query(regionsSql())), 10)).toEqual([]);
  }, 120_000);
});

describe('reading the first view', () => {
  const read = (dir: string) => readFirstPaint(sharing(folderSource(dir)), Promise.resolve(decodeParquetNode), budgetFor(undefined));

  it('reads the demo’s regions and agg_risk for the 12 months offered', async () => {
    const result = await read(resolve(import.meta.dirname, '../../data/demo'));
    if (!result.ok) throw new Error(result.why);
    expect(result.data.months).toEqual(windowMonths('2026-10-31'));
    expect(result.data.regions).toHaveLength(377);
    expect(result.data.risk).toHaveLength(377 * 12);
  });

  it('leaves an extract without aggregate tables to the loader (today’s path)', async () => {
    const extract = await writeTempExtract(tinyManifest, tinyTables());
    try {
      expect(await read(extract.dir)).toEqual({ ok: false, why: 'no aggregates' });
    } finally {
      extract.cleanup();
    }
  });
});

describe('the engine while the first view is shown', () => {
  it('queries wait for the loaded engine, then go to it', async () => {
    let ready: (c: Connector) => void = () => undefined;
    const conn = deferredConnector(new Promise<Connector>((ok) => (ready = ok)));
    const sent: string[] = [];
    let answered = false;
    const answer = conn.query('SELECT 1', 'map').then(() => (answered = true));
    await new Promise((ok) => setTimeout(ok, 10));
    expect(answered).toBe(false);
    ready({ query: (sql) => (sent.push(sql), Promise.resolve({} as Table)), insertArrowIpc: () => Promise.resolve() });
    await answer;
    expect(sent).toEqual(['SELECT 1']);
  });

  it('queries stay waiting, never answered with anything, when the engine fails', async () => {
    const conn = deferredConnector(Promise.reject(new Error('no wasm')));
    let settled = false;
    conn.query('SELECT 1').then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((ok) => setTimeout(ok, 20));
    expect(settled).toBe(false);
  });

  it('names a missing or mis-served wasm for the administrator, and says nothing when HEAD is not served', () => {
    const url = 'http://127.0.0.1:4173/app/assets/duckdb-eh-abc.wasm';
    expect(wasmProblem(url, 404, 'text/html')?.problem.text).toBe(
      '分析引擎（DuckDB）无法启动：服务器未能提供 /app/assets/duckdb-eh-abc.wasm（HTTP 404）。请管理员检查构建目录中的 assets 文件夹是否完整复制到服务器、访问权限是否正确。',
    );
    expect(wasmProblem(url, 404, null)?.problem.detail).toBe(`HEAD ${url} → HTTP 404`);
    expect(wasmProblem(url, 200, 'application/octet-stream')?.problem.text).toContain('以 application/octet-stream 而不是 application/wasm 发送 /app/assets/duckdb-eh-abc.wasm');
    expect(wasmProblem(url, 200, null)?.problem.text).toContain('未声明的类型');
    expect(wasmProblem(url, 200, 'application/wasm')).toBeNull();
    expect(wasmProblem(url, 405, null)).toBeNull();
  });

  it('hands a file read for the first view to the loader without reading it twice', async () => {
    const reads: string[] = [];
    const source = sharing({ readManifest: async () => ({}), readFile: async (f) => (reads.push(f), new Uint8Array([1, 2, 3])) });
    const copy = await source.share('regions.parquet');
    copy[0] = 9;
    expect([...(await source.readFile('regions.parquet'))]).toEqual([1, 2, 3]);
    expect(reads).toEqual(['regions.parquet']);
    // Once handed over, the next read is the source's own.
    await source.readFile('regions.parquet');
    expect(reads).toEqual(['regions.parquet', 'regions.parquet']);
  });
});

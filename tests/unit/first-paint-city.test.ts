/**
 * The first view of a city extract (several counties) before DuckDB: on the two-county fixture
 * (tests/fixtures/two-county-city.ts) with its aggregates as `npm run extract` writes them, every result seeded from
 * the regions and aggregate files read in JavaScript is, row for row and type for type, what DuckDB gives for the
 * same query key, and the keys are those the views above the county ask for; broken files are not drawn early.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryClient } from '@tanstack/react-query';
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAggregates } from '../../src/cli/write-aggregates';
import { writeExtract } from '../../src/cli/write-extract';
import { rowsOf, type Connector } from '../../src/db/connector';
import { loadExtract, type LoadedExtract } from '../../src/db/load-extract';
import { budgetFor } from '../../src/db/memory-budget';
import type { TableName } from '../../src/extract/schema';
import { aggregateAreasSql, aggregateTrendSql } from '../../src/measures/aggregate-read';
import { regionsSql } from '../../src/measures/areas';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { seedAboveView } from '../../src/app/first-paint/above';
import { readFirstPaint, sharing } from '../../src/app/first-paint/read';
import { aboveMapQuery, aggregateAreasQuery, THEME_AGGREGATES } from '../../src/app/themes/levels';
import { HEADLINES } from '../../src/app/themes/headline';
import { measureQuery } from '../../src/app/queries';
import type { ThemeContext } from '../../src/app/themes/context';
import type { RegionFeature } from '../../src/map/region-features';
import type { ThemeId } from '../../src/app/url-state';
import { rewriteTable } from '../support/break-extract';
import { differences } from '../support/both-engines';
import { CITY, cityManifest, cityTables, PROVINCE, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const THEMES: ThemeId[] = ['risk', 'visits', 'stations', 'water', 'guardianship'];
const noEngine: Connector = {
  query: () => Promise.reject(new Error('no engine in this test')),
  insertArrowIpc: () => Promise.reject(new Error('no engine in this test')),
};
const SQL: Record<string, (params: never) => string> = {
  'aggregate-areas': aggregateAreasSql as (params: never) => string,
  'aggregate-trend': aggregateTrendSql as (params: never) => string,
  regions: regionsSql,
  'no-rows': () => 'SELECT NULL::VARCHAR AS code WHERE false',
};
const schemaOf = (t: Table) => t.schema.fields.map((f) => `${f.name}:${String(f.type)}`);

let dir: string;
let conn: Awaited<ReturnType<typeof createNodeConnector>>;
const read = (folder: string, theme: ThemeId, area: string | null = null) => readFirstPaint(sharing(folderSource(folder)), Promise.resolve(decodeParquetNode), budgetFor(undefined), theme, area);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'care-atlas-first-paint-city-'));
  await writeExtract(dir, cityManifest, cityTables());
  await writeAggregates(dir, { profiles: BUILTIN_PROFILES });
  conn = await createNodeConnector();
  // As the app starts a city extract: regions and aggregates, no county's raw rows.
  await loadExtract(conn, folderSource(dir), decodeParquetNode, undefined, undefined, { counties: [], aggregates: true });
}, 600_000);
afterAll(() => {
  conn?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the first view of a city extract, before DuckDB', () => {
  for (const theme of THEMES) {
    it(`${theme}: every seeded result is DuckDB's for its key, and the city's views ask for those keys`, async () => {
      const result = await read(dir, theme);
      if (!result.ok) throw new Error(result.why);
      const { manifest, regions, months, above } = result.data;
      expect(above?.theme).toBe(theme);
      // Province, city and two counties, every aggregated month (× the built-in profiles for visits).
      expect(new Set(above?.rows.map((r) => r.level))).toEqual(new Set(['province', 'city', 'county']));
      expect(above?.rows).toHaveLength(4 * (manifest.aggregates?.months.length ?? 0) * (theme === 'visits' ? BUILTIN_PROFILES.length : 1));
      const client = new QueryClient();
      const extract: LoadedExtract = { id: 'first-view#test', manifest, rowCounts: {} as Record<TableName, number>, counties: [] };
      const seeded = seedAboveView(client, noEngine, extract, regions, theme, above?.rows ?? [], months);
      const entries = client.getQueryCache().getAll();
      expect(entries).toHaveLength(seeded);
      for (const entry of entries) {
        const [, name, id, params] = entry.queryKey as [string, string, string, object];
        expect(id).toBe(extract.id);
        const build = SQL[name];
        if (!build) throw new Error(`seeded an unexpected query ${name}`);
        const seededTable = entry.state.data as Table;
        const computed = await conn.query(build(params as never));
        expect(differences(rowsOf<Record<string, unknown>>(seededTable), rowsOf<Record<string, unknown>>(computed), 10), `${name} ${JSON.stringify(params)}`).toEqual([]);
        expect(schemaOf(seededTable), `${name} ${JSON.stringify(params)}`).toEqual(schemaOf(computed));
      }
      // The keys the city's map and panel ask for, in every month offered.
      const city = { code: CITY, level: 'city', parentCode: PROVINCE, name: '南通市' } as RegionFeature;
      for (const month of months) {
        for (const profile of theme === 'visits' ? BUILTIN_PROFILES : [BUILTIN_PROFILES[0]!]) {
          const ctx = { conn: noEngine, extract, month, mapRoot: city, scope: city, profile } as ThemeContext;
          expect(client.getQueryData(aboveMapQuery(ctx, theme).queryKey), `${month} map`).toBeDefined();
          expect(client.getQueryData(aggregateAreasQuery(ctx, theme, { level: 'city', parentCode: PROVINCE }).queryKey), `${month} tiles`).toBeDefined();
          // The trend as the panel asks for it (src/app/themes/above.tsx).
          const trendMonths = (manifest.aggregates?.months ?? []).filter((m) => m <= month).slice(-12);
          const { column, denominator } = HEADLINES[theme];
          const trend = { table: THEME_AGGREGATES[theme], area: { level: 'city' as const, code: CITY }, months: trendMonths, column, denominator, profileId: theme === 'visits' ? profile.id : undefined };
          expect(client.getQueryData(measureQuery(noEngine, extract, 'aggregate-trend', aggregateTrendSql, trend).queryKey), `${month} trend`).toBeDefined();
        }
      }
    }, 120_000);
  }

  it('gives the city’s counties the hand-worked risk figures of October', async () => {
    const result = await read(dir, 'risk');
    if (!result.ok) throw new Error(result.why);
    const { manifest, regions, months, above } = result.data;
    const client = new QueryClient();
    const extract: LoadedExtract = { id: 'x', manifest, rowCounts: {} as Record<TableName, number>, counties: [] };
    seedAboveView(client, noEngine, extract, regions, 'risk', above?.rows ?? [], months);
    const table = client.getQueryData<Table>(['measure', 'aggregate-areas', 'x', { table: 'agg_risk', level: 'county', parentCode: CITY, month: '2026-10' }]);
    expect(table).toBeDefined();
    const rows = rowsOf<Record<string, unknown>>(table as Table).map((r) => [r.code, r.name, r.children, r.red, r.yellow, r.blue, r.green, r.ungraded, r.share_graded]);
    expect(rows).toEqual([
      [QIDONG, '启东市', 5, 1, 1, 1, 1, 1, 0.8],
      [RUGAO, '如皋市', 3, 2, 0, 0, 1, 0, 1],
    ]);
  });

  it('draws nothing early for an area in a county, or a place that is not in the extract', async () => {
    expect(await read(dir, 'risk', QIDONG)).toMatchObject({ ok: false });
    expect(await read(dir, 'risk', '3207')).toMatchObject({ ok: false });
    expect(await read(dir, 'risk', CITY)).toMatchObject({ ok: true });
  });

  it('refuses a county’s aggregate row whose share disagrees with its counts, and a regions file without a county of the manifest', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'care-atlas-first-paint-city-broken-'));
    try {
      cpSync(dir, broken, { recursive: true });
      await rewriteTable(broken, 'agg_risk.parquet', `SELECT * REPLACE (CASE WHEN region_code = '${RUGAO}' AND month = '2026-10' THEN 0.5 ELSE share_graded END AS share_graded) FROM t`);
      const share = await read(broken, 'risk');
      expect(share.ok).toBe(false);
      expect(share.ok ? '' : share.why).toMatch(/agg_risk\.parquet\.share_graded: not graded ÷ children for 2026-10 320682/);
      // The other themes' tables are untouched: drawn early.
      expect((await read(broken, 'water')).ok).toBe(true);

      cpSync(dir, broken, { recursive: true });
      await rewriteTable(broken, 'regions.parquet', `SELECT * FROM t WHERE NOT starts_with(code, '${QIDONG}')`);
      const county = await read(broken, 'stations');
      expect(county.ok).toBe(false);
      expect(county.ok ? '' : county.why).toMatch(/regions\.parquet\.level: county rows 320682 are not the manifest's counties 320681,320682/);

      cpSync(dir, broken, { recursive: true });
      await rewriteTable(broken, 'agg_visits.parquet', `SELECT * FROM t WHERE NOT (level = 'county' AND region_code = '${QIDONG}' AND month = '2026-03')`);
      const missing = await read(broken, 'visits');
      expect(missing.ok).toBe(false);
      expect(missing.ok ? '' : missing.why).toMatch(/region_code: 320681 missing in \S+ 2026-03/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

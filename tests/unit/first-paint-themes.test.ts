import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { QueryClient } from '@tanstack/react-query';
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Connector } from '../../src/db/connector';
import { loadExtract, type LoadedExtract } from '../../src/db/load-extract';
import type { TableName } from '../../src/extract/schema';
import { evaluationDate, windowMonths } from '../../src/measures/months';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { readFirstPaint, sharing } from '../../src/app/first-paint/read';
import { checkThemeAggregate, seedThemeView, THEME_SEEDS, themeParams, type OtherTheme } from '../../src/app/first-paint/themes';
import { NotDrawable } from '../../src/app/first-paint/validate';
import { budgetFor } from '../../src/db/memory-budget';
import type { ThemeContext } from '../../src/app/themes/context';
import { visitsMapQueries } from '../../src/app/themes/visits';
import { stationsMapQueries } from '../../src/app/themes/stations';
import { waterMapQueries } from '../../src/app/themes/water';
import { guardianshipMapQueries } from '../../src/app/themes/guardianship';
import { differences } from '../support/both-engines';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const DEMO = resolve(import.meta.dirname, '../../data/demo');
const noEngine: Connector = {
  query: () => Promise.reject(new Error('no engine in this test')),
  insertArrowIpc: () => Promise.reject(new Error('no engine in this test')),
};
const THEMES: OtherTheme[] = ['visits', 'stations', 'water', 'guardianship'];
const MAP_QUERIES = { visits: visitsMapQueries, stations: stationsMapQueries, water: waterMapQueries, guardianship: guardianshipMapQueries };
const read = (theme: OtherTheme) => readFirstPaint(sharing(folderSource(DEMO)), Promise.resolve(decodeParquetNode), budgetFor(undefined), theme);
const schemaOf = (t: Table) => t.schema.fields.map((f) => `${f.name}:${String(f.type)}`);

describe('the first view of the other themes on the demo', () => {
  let conn: Awaited<ReturnType<typeof createNodeConnector>>;
  beforeAll(async () => {
    conn = await createNodeConnector();
    await loadExtract(conn, folderSource(DEMO), decodeParquetNode);
  }, 120_000);
  afterAll(() => conn?.close());

  for (const theme of THEMES) {
    it(`${theme}: every seeded scope is what the theme's own query gives in duckdb, under the key the theme asks for`, async () => {
      const result = await read(theme);
      if (!result.ok) throw new Error(result.why);
      const { manifest, regions, months, other } = result.data;
      expect(other?.theme).toBe(theme);
      expect(result.data.risk).toEqual([]);
      const profiles = theme === 'visits' ? BUILTIN_PROFILES : [];
      // 377 regions × 12 months (× the 2 built-in profiles for visits).
      expect(other?.rows).toHaveLength(377 * 12 * Math.max(1, profiles.length));
      const client = new QueryClient();
      const extract: LoadedExtract = { id: 'first-view#test', manifest, rowCounts: {} as Record<TableName, number>, counties: [manifest.county_code] };
      // Two months: the latest and the first offered.
      const checked = [months[0] as string, months[months.length - 1] as string];
      const seeded = seedThemeView(client, noEngine, extract, regions, theme, other?.rows ?? [], checked, [...profiles]);
      let compared = 0;
      for (const profile of theme === 'visits' ? profiles : [null]) {
        for (const month of checked) {
          const scopes = themeParams(theme, regions, month, manifest, profile);
          for (const { params } of scopes) {
            const seededTable = client.getQueryData<Table>(['measure', THEME_SEEDS[theme].query, extract.id, params]);
            expect(seededTable, JSON.stringify(params)).toBeDefined();
            const computed = await conn.query(THEME_SEEDS[theme].build(params as never));
            expect(differences(rowsOf<Record<string, unknown>>(seededTable as Table), rowsOf<Record<string, unknown>>(computed), 10), `${month} ${JSON.stringify(params)}`).toEqual([]);
            expect(schemaOf(seededTable as Table)).toEqual(schemaOf(computed));
            compared += 1;
          }
          // The theme's map asks for these very keys (stations' and water's points are raw rows: left to DuckDB).
          const ctx = { conn: noEngine, extract, month, date: evaluationDate(month, manifest.as_of), profile: profile ?? BUILTIN_PROFILES[0], above: false } as ThemeContext;
          const [towns, villages] = MAP_QUERIES[theme](ctx);
          expect(client.getQueryData(towns.queryKey)).toBeDefined();
          expect(client.getQueryData(villages.queryKey)).toBeDefined();
        }
      }
      expect(seeded).toBe(1 + compared);
    }, 240_000);
  }

  it('refuses an aggregate whose share disagrees with its counts, or whose setting is not the one the app applies', async () => {
    const result = await read('guardianship');
    if (!result.ok) throw new Error(result.why);
    const { manifest, regions } = result.data;
    const months = windowMonths(manifest.as_of);
    const file = `${DEMO}/agg_guardianship.parquet`;
    const check = async (sql: string) => {
      try {
        checkThemeAggregate('guardianship', await conn.query(sql), 'agg_guardianship.parquet', manifest, regions, months, [], 1_000_000);
        return null;
      } catch (e) {
        if (e instanceof NotDrawable) return e.column;
        throw e;
      }
    };
    await conn.insertArrowIpc('g', decodeParquetNode(new Uint8Array(readFileSync(file))) as Uint8Array);
    expect(await check('SELECT * FROM g')).toBeNull();
    expect(await check('SELECT * REPLACE (CASE WHEN agreement_rate IS NOT NULL THEN agreement_rate / 2 END AS agreement_rate) FROM g')).toBe('agreement_rate');
    expect(await check('SELECT * REPLACE (stale_months + 1 AS stale_months) FROM g')).toBe('stale_months');
    expect(await check(`SELECT * FROM g WHERE NOT (region_code = '${regions[1]?.code}' AND month = '${manifest.as_of.slice(0, 7)}')`)).toBe('region_code');
  });
});

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/connector';
import { loadExtract, type LoadedExtract } from '../../src/db/load-extract';
import { AGGREGATE_TABLES, type AggregateTableName } from '../../src/extract/schema';
import { manifestOf } from '../../src/extract/manifest';
import { HEADLINES, headlineRankingSql } from '../../src/app/themes/headline';
import { THEME_IDS } from '../../src/app/url-state';
import { aggregateMonths, aggregateOrderedSql, aggregateParts } from '../../src/measures/aggregates';
import { monthOf, previousQuarterEnd, WINDOW_MONTHS, windowMonths } from '../../src/measures/months';
import type { RankingRow } from '../../src/measures/ranking';
import { visitTrendSql } from '../../src/measures/visit-compliance';
import { ident, literal } from '../../src/measures/sql';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { tinyManifest, tinyTables } from '../fixtures/tiny-county';
import { differences } from '../support/both-engines';
import { writeTempExtract } from '../support/extract-fixture';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

describe('the months aggregated', () => {
  it('are the 12 months the app offers, preceded by those back to the end of the quarter before the first', () => {
    // Window 2025-11 … 2026-10; the ranking compares 2025-11 with 2025-09.
    expect(aggregateMonths('2026-10-31')).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    // Window 2026-01 … 2026-12: one month more, 2025-12.
    expect(aggregateMonths('2026-12-15')).toHaveLength(13);
    expect(aggregateMonths('2026-12-15')[0]).toBe('2025-12');
    // Window 2025-10 … 2026-09: 2025-10 is compared with 2025-09.
    expect(aggregateMonths('2026-09-30')[0]).toBe('2025-09');
  });
});

describe('aggregates on the tiny county (answers from tests/unit/risk-mix.test.ts)', () => {
  const inputs = { asOf: '2026-10-31', profiles: BUILTIN_PROFILES };
  let risk: Record<string, unknown>[];
  beforeAll(async () => {
    const extract = await writeTempExtract(tinyManifest, tinyTables());
    const conn = await createNodeConnector();
    try {
      await loadExtract(conn, folderSource(extract.dir), decodeParquetNode);
      const parts = aggregateParts('agg_risk', inputs);
      risk = rowsOf(await conn.query(aggregateOrderedSql('agg_risk', `(${parts.join(' UNION ALL ')})`)));
    } finally {
      conn.close();
      extract.cleanup();
    }
  }, 120_000);

  it('hold one row per region and month, in key order, with the columns of the spec', () => {
    // 8 regions (county, 3 townships, 4 villages) × 14 months.
    expect(risk).toHaveLength(8 * 14);
    expect(Object.keys(risk[0] ?? {})).toEqual(AGGREGATE_TABLES.find((t) => t.name === 'agg_risk')?.columns.map((c) => c.name));
    expect(risk.slice(0, 2).map((r) => [r.level, r.region_code, r.month])).toEqual([
      ['county', '320999', '2025-09'],
      ['county', '320999', '2025-10'],
    ]);
  });

  it('hold the measure at each month’s evaluation date', () => {
    const at = (code: string, month: string) => risk.find((r) => r.region_code === code && r.month === month);
    const counts = (r: Record<string, unknown> | undefined) => r && [r.children, r.red, r.yellow, r.blue, r.green, r.ungraded];
    expect(counts(at('320999', '2026-10'))).toEqual([9, 2, 3, 1, 1, 2]);
    expect(at('320999', '2026-10')?.share_red_yellow).toBeCloseTo(5 / 9);
    // June is evaluated on 30 June: T1 then had k01 green, k02 yellow, k03–k05 ungraded, k06 green.
    expect(counts(at('320999001', '2026-06'))).toEqual([6, 0, 1, 0, 2, 3]);
    // T3 (a farm) has no child: zeros, NULL shares.
    expect(counts(at('320999003', '2026-10'))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(at('320999003', '2026-10')?.share_graded).toBeNull();
  });
});

/**
 * The demo's aggregates, written by native DuckDB when the demo was generated, against duckdb-wasm computing the
 * same builders on the demo's raw tables: every region, month and profile.
 */
describe('the demo’s aggregate tables', () => {
  const DEMO = resolve(import.meta.dirname, '../../data/demo');
  const manifest = manifestOf(JSON.parse(readFileSync(join(DEMO, 'manifest.json'), 'utf8')));
  let conn: Awaited<ReturnType<typeof createNodeConnector>>;
  let loaded: LoadedExtract;
  beforeAll(async () => {
    conn = await createNodeConnector();
    loaded = await loadExtract(conn, folderSource(DEMO), decodeParquetNode);
    for (const spec of AGGREGATE_TABLES) await conn.insertArrowIpc(`file_${spec.name}`, await decodeParquetNode(new Uint8Array(readFileSync(join(DEMO, spec.file)))));
  }, 60_000);
  afterAll(() => conn?.close());

  it('are listed in the manifest, for the months of the window and the built-in profiles', () => {
    expect(manifest.aggregates).toEqual({
      tables: Object.fromEntries(AGGREGATE_TABLES.map((t) => [t.name, t.file])),
      months: aggregateMonths(manifest.as_of),
      profiles: BUILTIN_PROFILES.map((p) => p.id),
    });
  });

  for (const spec of AGGREGATE_TABLES) {
    it(`${spec.name} equals what duckdb-wasm computes from the raw tables`, async () => {
      const file = `file_${spec.name}`;
      // The demo is one county: its regions have no city or province level.
      const [first, ...rest] = aggregateParts(spec.name, { asOf: manifest.as_of, profiles: BUILTIN_PROFILES, levels: ['county', 'township', 'village'] });
      await conn.query(`CREATE TABLE ${ident(spec.name)} AS ${first}`);
      for (const sql of rest) await conn.query(`INSERT INTO ${ident(spec.name)} ${sql}`);

      const columns = rowsOf<{ column_name: string; column_type: string }>(await conn.query(`DESCRIBE ${ident(file)}`));
      expect(columns.map((c) => [c.column_name, c.column_type])).toEqual(spec.columns.map((c) => [c.name, c.type]));
      const written = rowsOf<Record<string, unknown>>(await conn.query(`SELECT * FROM ${ident(file)}`));
      const computed = rowsOf<Record<string, unknown>>(await conn.query(aggregateOrderedSql(spec.name as AggregateTableName, ident(spec.name))));
      const regions = loaded.rowCounts.regions;
      const profiles = spec.name === 'agg_visits' ? BUILTIN_PROFILES.length : 1;
      expect(written).toHaveLength(regions * aggregateMonths(manifest.as_of).length * profiles);
      expect(differences(computed, written, 10)).toEqual([]);
    }, 300_000);
  }

  it('serve each theme’s ranking, in every month offered, as the app computes it', async () => {
    const profile = BUILTIN_PROFILES[0] as (typeof BUILTIN_PROFILES)[number];
    const window = windowMonths(manifest.as_of);
    for (const theme of THEME_IDS) {
      const h = HEADLINES[theme];
      const table = `file_agg_${theme}`;
      const visits = theme === 'visits' ? ` AND profile_id = ${literal(profile.id)}` : '';
      for (const month of [window[0] as string, window[window.length - 1] as string]) {
        const ranking = rowsOf<RankingRow>(await conn.query(headlineRankingSql({ theme, inputs: { month, asOf: manifest.as_of, profile } })));
        const fromAggregates = rowsOf<{ code: string; value: number | null; previous: number | null }>(
          await conn.query(`SELECT a.region_code AS code, a.${h.column}::DOUBLE AS value, p.${h.column}::DOUBLE AS previous
            FROM ${table} a LEFT JOIN ${table} p ON p.region_code = a.region_code AND p.month = ${literal(previousQuarterEnd(month))}${visits.replaceAll('profile_id', 'p.profile_id')}
            WHERE a.level = 'township' AND a.month = ${literal(month)}${visits.replaceAll('profile_id', 'a.profile_id')}`),
        );
        const byCode = new Map(fromAggregates.map((r) => [r.code, r]));
        expect(ranking.length, `${theme} ${month}`).toBeGreaterThan(10);
        expect(differences(ranking.map((r) => ({ code: r.code, value: r.value, previous: r.previous })), ranking.map((r) => ({ ...byCode.get(r.code) })))).toEqual([]);
      }
    }
  }, 300_000);

  it('serve the visit trend of the county, a township and a village as the app computes it', async () => {
    const [village] = rowsOf<{ code: string; parent_code: string }>(await conn.query("SELECT code, parent_code FROM regions WHERE level = 'village' ORDER BY code LIMIT 1"));
    const areas = [
      { level: 'county' as const, code: manifest.county_code },
      { level: 'township' as const, code: village?.parent_code as string },
      { level: 'village' as const, code: village?.code as string },
    ];
    for (const profile of BUILTIN_PROFILES) {
      for (const area of areas) {
        const trend = rowsOf<Record<string, unknown>>(await conn.query(visitTrendSql({ area, endMonth: monthOf(manifest.as_of), months: WINDOW_MONTHS, asOf: manifest.as_of, profile })));
        const fromAggregates = rowsOf<Record<string, unknown>>(
          await conn.query(`SELECT month, due, compliant, rate FROM file_agg_visits WHERE profile_id = ${literal(profile.id)} AND region_code = ${literal(area.code)}
            AND month IN (${windowMonths(manifest.as_of).map((m) => literal(m)).join(', ')}) ORDER BY month`),
        );
        expect(trend).toHaveLength(WINDOW_MONTHS);
        expect(differences(trend, fromAggregates)).toEqual([]);
      }
    }
  }, 300_000);
});

/**
 * agg_quality: 数据质量's counts made at extract time by stacking qualitySql (src/measures/aggregates.ts), and summed
 * from counties to their city by combine's roll-up (rollUpAggregateSql). Answers worked out by hand in tests/fixtures/quality-county.ts
 * and tests/fixtures/two-county-city.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { runCombine } from '../../src/cli/combine/run';
import { writeExtract } from '../../src/cli/write-extract';
import { AGGREGATE_TABLES } from '../../src/extract/schema';
import { aggregateOrderedSql, aggregateParts } from '../../src/measures/aggregates';
import { aggregateAreasSql } from '../../src/measures/aggregate-read';
import { evaluationDate } from '../../src/measures/months';
import { rollUpAggregateSql } from '../../src/measures/aggregate-rollup';
import { QUALITY_COUNTS, qualitySql, type QualityRow } from '../../src/measures/quality';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { Q, QUALITY_AS_OF, qualityManifest, qualityTables } from '../fixtures/quality-county';
import { CITY, CITY_AS_OF, cityManifest, cityTables, countyManifest, countyTables, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { loadedFixture } from '../support/loaded-fixture';

type AggRow = Record<string, unknown> & { level: string; region_code: string; month: string; stale_months: number };

/** The agg_quality statements for `months`, made into a temp table `agg_quality` as the extract tool makes it. */
const build = (asOf: string, levels: ('province' | 'city' | 'county' | 'township' | 'village')[], months: string[]) => {
  const [first, ...rest] = aggregateParts('agg_quality', { asOf, profiles: BUILTIN_PROFILES, levels, months });
  return [`CREATE OR REPLACE TEMP TABLE agg_quality AS ${first}`, ...rest.map((p) => `INSERT INTO agg_quality ${p}`)];
};

const counts = (r: Record<string, unknown> | undefined) => QUALITY_COUNTS.map((c) => Number(r?.[c]));

describe('agg_quality on the quality county', () => {
  const fixture = loadedFixture(qualityManifest, qualityTables());
  const months = ['2026-07', '2026-10'];

  it('holds, per level and month, exactly the rows qualitySql gives from the raw rows at that month’s evaluation date', async () => {
    for (const sql of build(QUALITY_AS_OF, ['county', 'township', 'village'], months)) await fixture.rows(sql);
    const stored = await fixture.rows<AggRow>(aggregateOrderedSql('agg_quality', 'agg_quality'));
    expect(Object.keys(stored[0] ?? {})).toEqual(AGGREGATE_TABLES.find((t) => t.name === 'agg_quality')?.columns.map((c) => c.name));
    // 1 county, 3 townships, 5 villages, each month.
    expect(stored).toHaveLength(9 * 2);
    for (const month of months) {
      for (const level of ['county', 'township', 'village'] as const) {
        const raw = await fixture.rows<QualityRow>(qualitySql({ level, asOf: evaluationDate(month, QUALITY_AS_OF), staleMonths: 3 }));
        const read = await fixture.rows<QualityRow>(aggregateAreasSql({ table: 'agg_quality', level, month }));
        expect(read.length).toBeGreaterThan(0);
        expect(read.map((r) => ({ ...r }))).toEqual(raw.map((r) => ({ ...r })));
      }
    }
    const county = stored.find((r) => r.region_code === Q.county && r.month === '2026-10');
    // tests/unit/quality.test.ts: 7 on the roll, 2 ungraded, 2 out of date, 3 visits and 2 assessments off the roll;
    // 7 stations (1 without coordinates), 3 points, 5 villages (2 without a shape), 1 township without one, 2 virtual.
    expect(counts(county)).toEqual([7, 2, 2, 3, 2, 7, 1, 3, 5, 2, 1, 2]);
    expect(county?.stale_months).toBe(3);
    // On 2026-07-31 (July's end): c5 left 06-30 and c9 is still on the roll: 8 children; assessed by then c1? no
    // (09-01), c2 05-01, c6 04-01, c8? no (08-01) — 6 ungraded; cut-off 04-30 makes c6 out of date.
    const july = stored.find((r) => r.region_code === Q.county && r.month === '2026-07');
    expect(counts(july).slice(0, 3)).toEqual([8, 6, 1]);
  }, 120_000);
});

describe('agg_quality above the county (two counties of one city)', () => {
  const fixture = loadedFixture(cityManifest, cityTables());

  it('gives the city the sum of its counties, and the roll-up sums the county rows to the same', async () => {
    for (const sql of build(CITY_AS_OF, ['province', 'city', 'county'], ['2026-10'])) await fixture.rows(sql);
    const stored = await fixture.rows<AggRow>(aggregateOrderedSql('agg_quality', 'agg_quality'));
    const at = (code: string) => stored.find((r) => r.region_code === code);
    // 启东市 5 children (k5 never assessed), 如皋市 3 (k9 left the roll), 南通市 8.
    expect(counts(at(QIDONG)).slice(0, 2)).toEqual([5, 1]);
    expect(counts(at(RUGAO)).slice(0, 2)).toEqual([3, 0]);
    expect(counts(at(CITY)).slice(0, 2)).toEqual([8, 1]);
    const summed = QUALITY_COUNTS.map((c) => Number(at(QIDONG)?.[c]) + Number(at(RUGAO)?.[c]));
    expect(counts(at(CITY))).toEqual(summed);
    expect(summed.some((n) => n > 0)).toBe(true);

    const rolled = await fixture.rows<AggRow>(rollUpAggregateSql('agg_quality', 'agg_quality', 'city'));
    expect(rolled.map((r) => ({ ...r }))).toEqual(stored.filter((r) => r.level === 'city').map((r) => ({ ...r })));
    const province = await fixture.rows<AggRow>(rollUpAggregateSql('agg_quality', 'agg_quality', 'province'));
    expect(province.map((r) => ({ ...r }))).toEqual(stored.filter((r) => r.level === 'province').map((r) => ({ ...r })));
  }, 120_000);

  it('gives no city row when one of its counties has none (never a part sum)', async () => {
    await fixture.rows(`CREATE OR REPLACE TEMP TABLE agg_partial AS SELECT * FROM agg_quality WHERE region_code <> '${RUGAO}'`);
    expect(await fixture.rows(rollUpAggregateSql('agg_quality', 'agg_partial', 'city'))).toEqual([]);
  });
});

describe('combine', () => {
  it('writes agg_quality, the city row the sum of its counties’, and carries each county’s source rows into counties[]', async () => {
    const root = mkdtempSync(join(tmpdir(), 'care-atlas-quality-combine-'));
    try {
      const qidong = { children: { read: 9, written: 5, merged: 1, rejected: 3 } };
      const rugao = { children: { read: 4, written: 4, merged: 0, rejected: 0 }, visits: { read: 6, written: 5, merged: 0, rejected: 1 } };
      await writeExtract(join(root, 'qd'), { ...countyManifest(QIDONG), quality: { source_rows: qidong } }, countyTables(QIDONG));
      await writeExtract(join(root, 'rg'), { ...countyManifest(RUGAO), quality: { source_rows: rugao } }, countyTables(RUGAO));
      const { manifest } = await runCombine([join(root, 'qd'), join(root, 'rg')], join(root, 'out'), { profiles: BUILTIN_PROFILES.slice(0, 1) });
      expect(manifest.aggregates?.tables.agg_quality).toBe('agg_quality.parquet');
      const written = JSON.parse(readFileSync(join(root, 'out', 'manifest.json'), 'utf8')) as { counties: { code: string; source_rows?: unknown }[] };
      expect(written.counties.map((c) => [c.code, c.source_rows])).toEqual([
        [QIDONG, qidong],
        [RUGAO, rugao],
      ]);
      const instance = await DuckDBInstance.create(':memory:');
      const db = await instance.connect();
      try {
        const read = async (level: string) =>
          (await db.runAndReadAll(`SELECT ${QUALITY_COUNTS.map((c) => `sum(${c})::INTEGER AS ${c}`).join(', ')} FROM read_parquet('${join(root, 'out', 'agg_quality.parquet')}') WHERE level = '${level}' AND month = '2026-10'`)).getRowObjectsJson()[0];
        const counties = await read('county');
        expect(counties?.children).toBe(8);
        expect(await read('city')).toEqual(counties);
        expect(await read('province')).toEqual(counties);
      } finally {
        db.closeSync();
        instance.closeSync();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);
});

/**
 * The views above the county read the aggregate tables only (src/measures/aggregate-read.ts, src/app/themes/levels.ts).
 * On the two-county fixture (tests/fixtures/two-county-city.ts), with its aggregates made as `npm run extract` makes
 * them: the figures read for a county are the raw-row builders' for that county, and the hand-worked ones; and with
 * every raw table dropped from the engine, the city's map, tiles, ranking and trend queries still give them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAggregates } from '../../src/cli/write-aggregates';
import { writeExtract } from '../../src/cli/write-extract';
import { rowsOf } from '../../src/db/connector';
import { loadExtract, type LoadedExtract } from '../../src/db/load-extract';
import { TABLE_NAMES } from '../../src/extract/schema';
import { BRIEFING_QUERY_IDS, briefingQueries, sqlOf, type BriefingResults } from '../../src/briefing/queries';
import { writeBriefing } from '../../src/briefing/sentences';
import { aggregateAreasSql, aggregateRankingSql, aggregateTrendSql, aggregateVisitTrendSql } from '../../src/measures/aggregate-read';
import { guardianshipSql } from '../../src/measures/guardianship';
import { riskMixSql } from '../../src/measures/risk-mix';
import { regionsSql } from '../../src/measures/areas';
import { stationCoverageSql } from '../../src/measures/station-coverage';
import { visitComplianceSql } from '../../src/measures/visit-compliance';
import { waterSafetySql } from '../../src/measures/water-safety';
import { regionGeometry, drawnGeometry, trailOf, mapRootOf, topArea } from '../../src/map/region-features';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../../src/policy/settings';
import { A1, CITY, cityManifest, cityTables, PROVINCE, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const asOf = '2026-10-31';
const profile = BUILTIN_PROFILES[0]!;
let dir: string;
let conn: Awaited<ReturnType<typeof createNodeConnector>>;
let extract: LoadedExtract;
const rows = async <T = Record<string, unknown>>(sql: string) => rowsOf<T>(await conn.query(sql));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'care-atlas-aggregate-read-'));
  await writeExtract(dir, cityManifest, cityTables());
  await writeAggregates(dir, { profiles: BUILTIN_PROFILES });
  conn = await createNodeConnector();
  extract = await loadExtract(conn, folderSource(dir), decodeParquetNode, undefined, undefined, { aggregates: true });
}, 120_000);
afterAll(() => {
  conn?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reading the aggregates', () => {
  it('gives a city’s counties the hand-worked risk figures, as the raw-row builder does', async () => {
    const read = await rows(aggregateAreasSql({ table: 'agg_risk', level: 'county', parentCode: CITY, month: '2026-10' }));
    const raw = await rows(riskMixSql({ level: 'county', parentCode: CITY, asOf }));
    expect(read).toEqual(raw);
    expect(read.map((r) => [r.code, r.name, r.children, r.red, r.yellow, r.blue, r.green, r.ungraded, r.share_graded])).toEqual([
      [QIDONG, '启东市', 5, 1, 1, 1, 1, 1, 0.8],
      [RUGAO, '如皋市', 3, 2, 0, 0, 1, 0, 1],
    ]);
    // May: k9 (red since 2026-03-01) is still on 如皋市's roll; nobody in 启东市 is assessed yet.
    const may = await rows(aggregateAreasSql({ table: 'agg_risk', level: 'county', parentCode: CITY, month: '2026-05' }));
    expect(may.map((r) => [r.code, r.children, r.red, r.share_graded])).toEqual([
      [QIDONG, 5, 0, 0],
      [RUGAO, 4, 1, 0.25],
    ]);
  });

  it('gives every theme’s county and city rows exactly as the raw-row builders give them', async () => {
    const date = asOf;
    const intervalDays = inspectionIntervalDays(DEFAULT_SETTINGS, date);
    const staleMonths = DEFAULT_SETTINGS.recordUpdate.intervalMonths;
    for (const level of ['county', 'city', 'province'] as const) {
      const month = '2026-10';
      expect(await rows(aggregateAreasSql({ table: 'agg_risk', level, month }))).toEqual(await rows(riskMixSql({ level, asOf: date })));
      expect(await rows(aggregateAreasSql({ table: 'agg_visits', level, month, profileId: profile.id }))).toEqual(await rows(visitComplianceSql({ level, month, asOf, profile })));
      expect(await rows(aggregateAreasSql({ table: 'agg_stations', level, month }))).toEqual(await rows(stationCoverageSql({ level, asOf: date })));
      expect(await rows(aggregateAreasSql({ table: 'agg_water', level, month }))).toEqual(await rows(waterSafetySql({ level, asOf: date, intervalDays })));
      expect(await rows(aggregateAreasSql({ table: 'agg_guardianship', level, month }))).toEqual(await rows(guardianshipSql({ level, asOf: date, staleMonths })));
    }
  });

  it('gives the hand-worked station and water figures of each county', async () => {
    const stations = await rows(aggregateAreasSql({ table: 'agg_stations', level: 'county', parentCode: CITY, month: '2026-10' }));
    expect(stations.map((r) => [r.code, r.villages, r.villages_with_station, r.share_with_station])).toEqual([
      [QIDONG, 2, 1, 0.5],
      [RUGAO, 1, 1, 1],
    ]);
    const water = await rows(aggregateAreasSql({ table: 'agg_water', level: 'county', parentCode: CITY, month: '2026-10' }));
    expect(water.map((r) => [r.code, r.points, r.complete, r.share_complete, r.missing_ring])).toEqual([
      [QIDONG, 1, 1, 1, 0],
      [RUGAO, 1, 0, 0, 1],
    ]);
  });

  it('ranks the counties of a city with the same columns as the township ranking', async () => {
    const ranking = await rows(aggregateRankingSql({ table: 'agg_risk', level: 'county', parentCode: CITY, month: '2026-10', previousMonth: '2026-09', column: 'share_graded', denominator: 'children' }));
    expect(ranking).toEqual([
      { code: RUGAO, name: '如皋市', value: 1, previous: 1, change: 0, denominator: 3, previous_denominator: 3, rank: 1 },
      { code: QIDONG, name: '启东市', value: 0.8, previous: 0.8, change: 0, denominator: 5, previous_denominator: 5, rank: 2 },
    ]);
    // Share of red and yellow, lower is better in the map's colours but ranked as the column says: 如皋市 2/3 first.
    const may = await rows<{ code: string; value: number; previous: number | null; change: number | null; rank: number }>(
      aggregateRankingSql({ table: 'agg_risk', level: 'county', parentCode: CITY, month: '2026-05', previousMonth: '2026-03', column: 'share_graded', denominator: 'children' }),
    );
    expect(may.map((r) => [r.code, r.value, r.previous, r.rank])).toEqual([
      [RUGAO, 0.25, 0.25, 1],
      [QIDONG, 0, 0, 2],
    ]);
  });

  it('traces a city’s figure month by month', async () => {
    const months = ['2026-02', '2026-03', '2026-06', '2026-09', '2026-10'];
    const trend = await rows(aggregateTrendSql({ table: 'agg_risk', area: { level: 'city', code: CITY }, months, column: 'share_graded', denominator: 'children' }));
    // k9 assessed 2026-03-01 and gone on 2026-06-30; everyone else assessed 2026-09-01.
    expect(trend).toEqual([
      { month: '2026-02', value: 0, denominator: 9 },
      { month: '2026-03', value: 1 / 9, denominator: 9 },
      { month: '2026-06', value: 0, denominator: 8 },
      { month: '2026-09', value: 7 / 8, denominator: 8 },
      { month: '2026-10', value: 7 / 8, denominator: 8 },
    ]);
    const visits = await rows(aggregateVisitTrendSql({ area: { level: 'county', code: QIDONG }, months: ['2026-10'], profileId: profile.id }));
    const raw = await rows(visitComplianceSql({ level: 'county', month: '2026-10', asOf, profile }));
    const q = raw.find((r) => r.code === QIDONG);
    expect(visits).toEqual([{ month: '2026-10', due: q?.due, compliant: q?.compliant, rate: q?.rate }]);
  });

  it('refuses a visit profile on a table without one, and needs one on agg_visits', () => {
    expect(() => aggregateAreasSql({ table: 'agg_visits', level: 'county', month: '2026-10' })).toThrow();
    expect(() => aggregateAreasSql({ table: 'agg_risk', level: 'county', month: '2026-10', profileId: profile.id })).toThrow();
  });
});

describe('the map above the county', () => {
  it('opens at the city, draws its counties, and drills into a county’s townships and villages', async () => {
    const geometry = regionGeometry(await conn.query(regionsSql()));
    const top = topArea(geometry, extract.manifest.area_code);
    expect(top?.code).toBe(CITY);
    const city = drawnGeometry(geometry, top!);
    expect(city.townships.map((f) => f.name)).toEqual(['启东市', '如皋市']);
    expect(city.villages).toEqual([]);
    const qidong = geometry.byCode.get(QIDONG)!;
    const county = drawnGeometry(geometry, qidong);
    expect(county.townships.map((f) => f.name)).toEqual(['甲镇']);
    expect(county.villages.map((f) => f.code).sort()).toEqual([A1, '320681001002']);
    const village = geometry.byCode.get(A1)!;
    expect(mapRootOf(geometry, village).code).toBe(QIDONG);
    expect(trailOf(geometry, top!, village).map((f) => f.name)).toEqual(['南通市', '启东市', '甲镇', '甲一村']);
    expect(trailOf(geometry, top!, null).map((f) => f.code)).toEqual([CITY]);
    // The province row is above the extract's top area: never in its trail.
    expect(trailOf(geometry, top!, geometry.byCode.get(PROVINCE)!).map((f) => f.code)).toEqual([CITY]);
  });
});

describe('with every raw table dropped from the engine', () => {
  it('still gives the city’s figures: nothing above the county reads a raw row', async () => {
    const before = {
      counties: await rows(aggregateAreasSql({ table: 'agg_guardianship', level: 'county', parentCode: CITY, month: '2026-10' })),
      ranking: await rows(aggregateRankingSql({ table: 'agg_visits', level: 'county', parentCode: CITY, month: '2026-10', previousMonth: '2026-09', column: 'rate', denominator: 'due', profileId: profile.id })),
    };
    for (const t of TABLE_NAMES) if (t !== 'regions') await conn.query(`DROP TABLE ${t}`);
    await expect(conn.query(riskMixSql({ level: 'city', asOf }))).rejects.toThrow(/children/);
    expect(await rows(aggregateAreasSql({ table: 'agg_guardianship', level: 'county', parentCode: CITY, month: '2026-10' }))).toEqual(before.counties);
    expect(await rows(aggregateRankingSql({ table: 'agg_visits', level: 'county', parentCode: CITY, month: '2026-10', previousMonth: '2026-09', column: 'rate', denominator: 'due', profileId: profile.id }))).toEqual(before.ranking);
    const city = await rows(aggregateAreasSql({ table: 'agg_risk', level: 'city', month: '2026-10' }));
    expect(city.map((r) => [r.code, r.children, r.red, r.yellow, r.share_graded])).toEqual([[CITY, 8, 3, 1, 0.875]]);
  });

  it('writes the city’s briefing from the aggregates', async () => {
    const params = { scope: { level: 'city' as const, code: CITY, name: '南通市', parentCode: PROVINCE }, month: '2026-10', asOf, profile };
    const queries = briefingQueries(params);
    const results = Object.fromEntries(await Promise.all(BRIEFING_QUERY_IDS.map(async (id) => [id, await rows(sqlOf(queries[id]))]))) as unknown as BriefingResults;
    const briefing = writeBriefing({ params, results, countyName: '南通市', threshold: 5 });
    expect(briefing.title).toBe('南通市儿童关爱服务工作简报（2026年10月）');
    // 3 villages, 2 with a station: 甲二村 of 启东市 has none (its 2 children: fewer than 5, not printed).
    const stations = briefing.paragraphs.stations.join('');
    expect(stations).toContain('尚未建成村级站点的村（社区）1个');
    expect(stations).toContain('主要在启东市（1个）');
    expect(briefing.riskTable.rows.map((r) => r.cells[0])).toEqual(['启东市', '如皋市']);
    expect(briefing.gapTable.rows).toEqual([]);
  });
});

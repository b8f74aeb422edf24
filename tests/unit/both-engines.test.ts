/**
 * Every SQL builder of src/measures/ (and the headline ranking built from them) on both engines — duckdb-wasm
 * under Node, the app's engine, and native DuckDB, the extract tool's — over the same extracts loaded by the same
 * loader: the hand-made fixtures and the committed demo. Every value of every row must agree (integers of any
 * width as numbers, dates as days, floats within 1e-9 relative), in the same order.
 *
 * The builders are found by listing src/measures/: a new module or a new exported `…Sql` function fails the
 * coverage test until it is given cases here.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExtract, type TableRows } from '../../src/cli/write-extract';
import { rowsOf } from '../../src/db/connector';
import { AGGREGATE_TABLE_NAMES, type AggregateTableName, type ManifestHeader, type TableName } from '../../src/extract/schema';
import { headlineRankingSql } from '../../src/app/themes/headline';
import { THEME_IDS } from '../../src/app/url-state';
import { aggregateMonths, aggregateOrderedSql, aggregateParts } from '../../src/measures/aggregates';
import { countyVisitRowsSql, rollUpVisitsSql } from '../../src/measures/custom-above';
import { rollUpAggregateSql } from '../../src/measures/aggregate-rollup';
import { aggregateAreasSql, aggregateRankingSql, aggregateTrendSql, aggregateVisitTrendSql } from '../../src/measures/aggregate-read';
import { alertsSql } from '../../src/measures/alerts';
import { aggregateChangeSql, CHANGE_FIGURES, CHANGE_TABLES, changeSql, FIGURES, periodFigureSql, periodMonths, quarterOf } from '../../src/measures/change';
import { guardianshipSql, guardianshipTrendSql } from '../../src/measures/guardianship';
import { regionsSql, type AreaLevel } from '../../src/measures/areas';
import { addMonths, evaluationDate, monthOf, previousQuarterEnd } from '../../src/measures/months';
import { qualityPointsSql, qualityRegionsSql, qualitySql } from '../../src/measures/quality';
import { rankingSql } from '../../src/measures/ranking';
import { categoryBreakdownSql, riskTransitionsSql } from '../../src/measures/risk-history';
import { planCoverageSql, planTownshipsSql, planVillagesSql, type PlanItem } from '../../src/measures/plan';
import { riskMixSql } from '../../src/measures/risk-mix';
import { stationCoverageSql, stationPointsSql, villageGapsSql } from '../../src/measures/station-coverage';
import { overdueByVillageSql, visitComplianceSql, visitTrendSql } from '../../src/measures/visit-compliance';
import { waterNearChildrenSql } from '../../src/measures/water-near-children';
import { waterPointsSql, waterSafetySql } from '../../src/measures/water-safety';
import type { VisitProfile } from '../../src/policy/profile';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../../src/policy/settings';
import { guardianshipTables } from '../fixtures/guardianship-county';
import { swManifest, swTables } from '../fixtures/stations-water-county';
import { tinyManifest, tinyTables } from '../fixtures/tiny-county';
import { cityManifest, cityTables } from '../fixtures/two-county-city';
import { colourTestProfile, visitsManifest, visitsTables } from '../fixtures/visits-county';
import { differences, loadInBothEngines, runOnBoth, type BothEngines } from '../support/both-engines';

const MEASURES = resolve(import.meta.dirname, '../../src/measures');

/** What the cases of one extract are built from. */
interface Ctx {
  asOf: string;
  month: string;
  /** The extract's top area (one county, a city or a province): its level and code. */
  topLevel: AreaLevel;
  county: string;
  /** The levels the extract's regions hold. */
  levels: AreaLevel[];
  /** The county of `township`. */
  townshipCounty: string;
  township: string;
  village: string;
  /** Dates the point-in-time measures are taken at: the as-of date, the end of the previous month and quarter. */
  dates: string[];
  profiles: VisitProfile[];
  /**
   * Whether the aggregates are compared (they take long in wasm): on two fixtures here; the demo's are compared in
   * aggregates.test.ts, with the files written at extract time.
   */
  aggregates: boolean;
}

const areas = (c: Ctx) => [
  { level: c.topLevel, code: c.county },
  ...(c.topLevel === 'county' ? [] : [{ level: 'county' as const, code: c.townshipCounty }]),
  { level: 'township' as const, code: c.township },
  { level: 'village' as const, code: c.village },
];

/** A plan of every action in the case's village. */
const planOf = (c: Ctx): PlanItem[] => (['station', 'director', 'training'] as const).map((action) => ({ village: c.village, action }));

/** A statement to compare, with statements run on both engines before and after it. */
type Case = string | { before: string[]; sql: string; after: string[] };

/** Each builder (by its exported name) with the statements it is compared on, for one extract. */
const BUILDERS: Record<string, (c: Ctx) => Case[]> = {
  regionsSql: () => [regionsSql()],
  riskMixSql: (c) => [...c.dates.flatMap((asOf) => c.levels.map((level) => riskMixSql({ level, asOf }))), riskMixSql({ level: 'village', parentCode: c.township, asOf: c.asOf })],
  riskTransitionsSql: (c) => areas(c).map((area) => riskTransitionsSql({ area, from: evaluationDate(previousQuarterEnd(c.month), c.asOf), to: c.asOf })),
  categoryBreakdownSql: (c) => areas(c).flatMap((area) => c.dates.slice(0, 2).map((asOf) => categoryBreakdownSql({ area, asOf }))),
  visitComplianceSql: (c) =>
    c.profiles.flatMap((profile) => [
      ...[c.month, addMonths(c.month, -1)].flatMap((month) => c.levels.map((level) => visitComplianceSql({ level, month, asOf: c.asOf, profile }))),
      visitComplianceSql({ level: 'village', parentCode: c.township, month: c.month, asOf: c.asOf, profile }),
    ]),
  visitTrendSql: (c) => c.profiles.flatMap((profile) => areas(c).map((area) => visitTrendSql({ area, endMonth: c.month, months: 12, asOf: c.asOf, profile }))),
  overdueByVillageSql: (c) => c.profiles.flatMap((profile) => [null, c.township, c.county].map((parentCode) => overdueByVillageSql({ parentCode, month: c.month, asOf: c.asOf, profile }))),
  stationCoverageSql: (c) => [...c.dates.flatMap((asOf) => c.levels.map((level) => stationCoverageSql({ level, asOf }))), stationCoverageSql({ level: 'village', parentCode: c.township, asOf: c.asOf })],
  villageGapsSql: (c) => [null, c.township, c.county].map((parentCode) => villageGapsSql({ parentCode, asOf: c.asOf })),
  planCoverageSql: (c) =>
    [[], planOf(c)].flatMap((plan) => [...c.levels.map((level) => planCoverageSql({ level, asOf: c.asOf, plan })), planCoverageSql({ level: 'village', parentCode: c.township, asOf: c.asOf, plan })]).concat(
      c.levels.map((level) => planCoverageSql({ level, asOf: c.asOf, plan: planOf(c), homes: [c.township] })),
    ),
  planVillagesSql: (c) => [c.township, c.townshipCounty].flatMap((parentCode) => [[], planOf(c)].map((plan) => planVillagesSql({ parentCode, asOf: c.asOf, plan }))),
  planTownshipsSql: (c) => [c.township, c.townshipCounty].flatMap((parentCode) => [[], [c.township]].map((homes) => planTownshipsSql({ parentCode, asOf: c.asOf, homes }))),
  stationPointsSql: (c) => [stationPointsSql(), stationPointsSql({ parentCode: c.township }), stationPointsSql({ parentCode: c.county })],
  waterSafetySql: (c) => c.dates.flatMap((asOf) => c.levels.map((level) => waterSafetySql({ level, asOf, intervalDays: inspectionIntervalDays(DEFAULT_SETTINGS, asOf) }))),
  waterPointsSql: (c) => c.dates.slice(0, 2).flatMap((asOf) => [null, c.township].map((parentCode) => waterPointsSql({ parentCode, asOf, intervalDays: inspectionIntervalDays(DEFAULT_SETTINGS, asOf) }))),
  rankingSql: (c) => [
    rankingSql({ current: riskMixSql({ level: 'township', asOf: c.dates[0] as string }), previous: riskMixSql({ level: 'township', asOf: c.dates[2] as string }), column: 'share_red_yellow', higherIsBetter: false, denominator: 'children' }),
    // A city's 赛马比拼 of its counties.
    rankingSql({ current: riskMixSql({ level: 'county', asOf: c.dates[0] as string }), previous: riskMixSql({ level: 'county', asOf: c.dates[2] as string }), column: 'share_red_yellow', higherIsBetter: false, denominator: 'children' }),
  ],
  guardianshipSql: (c) => {
    const staleMonths = DEFAULT_SETTINGS.recordUpdate.intervalMonths;
    return [...c.dates.flatMap((asOf) => c.levels.map((level) => guardianshipSql({ level, asOf, staleMonths }))), guardianshipSql({ level: 'village', parentCode: c.township, asOf: c.asOf, staleMonths })];
  },
  guardianshipTrendSql: (c) => areas(c).map((area) => guardianshipTrendSql({ area, endMonth: c.month, months: 12, asOf: c.asOf, staleMonths: DEFAULT_SETTINGS.recordUpdate.intervalMonths })),
  qualitySql: (c) => {
    const staleMonths = DEFAULT_SETTINGS.recordUpdate.intervalMonths;
    return [...c.dates.slice(0, 2).flatMap((asOf) => c.levels.map((level) => qualitySql({ level, asOf, staleMonths }))), qualitySql({ level: 'village', parentCode: c.township, asOf: c.asOf, staleMonths })];
  },
  qualityRegionsSql: (c) => [c.county, c.township].flatMap((areaCode) => [qualityRegionsSql({ areaCode }), qualityRegionsSql({ areaCode, all: true })]),
  qualityPointsSql: (c) => [c.county, c.township].map((areaCode) => qualityPointsSql({ areaCode })),
  alertsSql: (c) => [...c.levels.map((level) => alertsSql({ level, asOf: c.asOf })), alertsSql({ level: 'village', parentCode: c.township, asOf: c.asOf })],
  waterNearChildrenSql: (c) => [null, c.township].map((parentCode) => waterNearChildrenSql({ parentCode, asOf: c.asOf, intervalDays: inspectionIntervalDays(DEFAULT_SETTINGS, c.asOf) })),
  headlineRankingSql: (c) => THEME_IDS.flatMap((theme) => c.profiles.flatMap((profile) => [c.month, addMonths(c.month, -1)].map((month) => headlineRankingSql({ theme, inputs: { month, asOf: c.asOf, profile } })))),
  periodFigureSql: (c) =>
    CHANGE_FIGURES.flatMap((figure) => [
      periodFigureSql({ figure, scope: { level: 'township' }, period: c.month, asOf: c.asOf, profile: c.profiles[0] as VisitProfile }),
      ...(FIGURES[figure].quarter ? [periodFigureSql({ figure, scope: { level: 'county' }, period: quarterOf(previousQuarterEnd(c.month)), asOf: c.asOf, profile: c.profiles[0] as VisitProfile })] : []),
    ]),
  changeSql: (c) =>
    CHANGE_FIGURES.flatMap((figure) => {
      const inputs = { figure, asOf: c.asOf, profile: c.profiles[0] as VisitProfile };
      return [
        changeSql({ ...inputs, level: 'township', a: previousQuarterEnd(c.month), b: c.month }),
        changeSql({ ...inputs, level: 'village', parentCode: c.township, a: addMonths(c.month, -1), b: c.month }),
        ...(FIGURES[figure].quarter ? [changeSql({ ...inputs, level: 'township', a: quarterOf(previousQuarterEnd(c.month)), b: quarterOf(c.month) })] : []),
      ];
    }),
  // As the extract tool runs them: the parts inserted one by one into a table (one union of them all plans far too
  // slowly), then read in the table's order; every row of every part is compared.
  aggregateParts: (c) =>
    c.aggregates
      ? AGGREGATE_TABLE_NAMES.map((t) => {
          const [first, ...rest] = aggregateParts(t, { asOf: c.asOf, profiles: c.profiles, levels: c.levels });
          return { before: [`CREATE TEMP TABLE ${t} AS ${first}`, ...rest.map((p) => `INSERT INTO ${t} ${p}`)], sql: aggregateOrderedSql(t, t), after: [`DROP TABLE ${t}`] };
        })
      : [],
  // A custom visit profile above the county (src/measures/custom-above.ts): a county's agg_visits rows from its raw
  // rows, then the city's summed from the county rows.
  countyVisitRowsSql: (c) =>
    countyVisitRowsSql({ counties: [c.townshipCounty], profile: c.profiles[0] as VisitProfile, asOf: c.asOf, months: [c.month] }).map((part) => `SELECT * FROM (${part}) ORDER BY ALL`),
  rollUpVisitsSql: (c) => {
    if (c.topLevel === 'county') return [];
    const [first, ...rest] = aggregateParts('agg_visits', { asOf: c.asOf, profiles: c.profiles.slice(0, 1), levels: ['county'], months: [c.month] });
    return [{ before: [`CREATE TEMP TABLE custom_rows AS ${first}`, ...rest.map((p) => `INSERT INTO custom_rows ${p}`)], sql: `SELECT * FROM (${rollUpVisitsSql('custom_rows', 'city')}) ORDER BY ALL`, after: ['DROP TABLE custom_rows'] }];
  },
  // combine's roll-ups (src/measures/aggregate-rollup.ts): each table's city and province rows from its county and
  // township rows.
  rollUpAggregateSql: (c) => {
    if (c.topLevel === 'county') return [];
    const above = (['city', 'province'] as const).filter((l) => c.levels.includes(l));
    return AGGREGATE_TABLE_NAMES.map((t) => {
      const [first, ...rest] = aggregateParts(t, { asOf: c.asOf, profiles: c.profiles.slice(0, 1), levels: ['county', 'township'], months: [c.month] });
      return {
        before: [`CREATE TEMP TABLE rollup_rows AS ${first}`, ...rest.map((p) => `INSERT INTO rollup_rows ${p}`)],
        sql: `SELECT * FROM (${above.map((l) => `SELECT * FROM (${rollUpAggregateSql(t, 'rollup_rows', l)})`).join(' UNION ALL ')}) ORDER BY ALL`,
        after: ['DROP TABLE rollup_rows'],
      };
    });
  },
  // The views above the county read the aggregates (src/measures/aggregate-read.ts).
  aggregateAreasSql: (c) =>
    [...AGGREGATE_TABLE_NAMES].flatMap((table) =>
      onAggregate(c, table, [
        aggregateAreasSql({ table, level: c.topLevel, month: c.month, profileId: table === 'agg_visits' ? c.profiles[0]?.id : undefined }),
        aggregateAreasSql({ table, level: rankedLevel(c), parentCode: c.county, month: previousQuarterEnd(c.month), profileId: table === 'agg_visits' ? c.profiles[0]?.id : undefined }),
      ]),
    ),
  aggregateRankingSql: (c) =>
    onAggregate(
      c,
      'agg_risk',
      ['share_graded', 'share_red_yellow'].map((column) =>
        aggregateRankingSql({ table: 'agg_risk', level: rankedLevel(c), parentCode: c.county, month: c.month, previousMonth: previousQuarterEnd(c.month), column, denominator: 'children' }),
      ),
    ),
  aggregateTrendSql: (c) =>
    onAggregate(c, 'agg_visits', [
      aggregateTrendSql({ table: 'agg_visits', area: { level: c.topLevel, code: c.county }, months: readMonths(c), column: 'rate', denominator: 'due', profileId: c.profiles[0]?.id }),
    ]),
  aggregateVisitTrendSql: (c) =>
    onAggregate(c, 'agg_visits', [aggregateVisitTrendSql({ area: { level: c.topLevel, code: c.county }, months: readMonths(c), profileId: c.profiles[0]?.id as string })]),
  // 两期对比 above the county: the end of the previous quarter against the month, and (where the figure allows) the
  // quarter before against the month's quarter, whose months the table is made for.
  aggregateChangeSql: (c) =>
    CHANGE_FIGURES.flatMap((figure) => {
      const inputs = { figure, asOf: c.asOf, profileId: figure === 'visits' ? c.profiles[0]?.id : undefined };
      const quarters = FIGURES[figure].quarter ? [quarterOf(previousQuarterEnd(c.month)), quarterOf(c.month)] : [];
      return onAggregate(
        c,
        CHANGE_TABLES[figure],
        [
          aggregateChangeSql({ ...inputs, level: c.topLevel, a: previousQuarterEnd(c.month), b: c.month }),
          aggregateChangeSql({ ...inputs, level: rankedLevel(c), parentCode: c.county, a: previousQuarterEnd(c.month), b: c.month }),
          ...(quarters.length ? [aggregateChangeSql({ ...inputs, level: rankedLevel(c), parentCode: c.county, a: quarters[0] as string, b: quarters[1] as string })] : []),
        ],
        [...new Set([...readMonths(c), ...quarters.flatMap((q) => periodMonths(q, c.asOf))])],
      );
    }),
};

/**
 * Cases reading an aggregate table: the table made first (as aggregateParts, for the extract's top level, the
 * county and, in a county extract, the township: the levels the app reads it at; for the months read (`read`,
 * readMonths unless given) and the first visit profile only, as duckdb-wasm plans each part slowly), dropped after
 * the last.
 */
function onAggregate(c: Ctx, table: AggregateTableName, sqls: string[], read: readonly string[] = readMonths(c)): Case[] {
  if (!c.aggregates) return [];
  const levels = c.levels.filter((l) => l === c.topLevel || l === 'county' || (c.topLevel === 'county' && l === 'township'));
  const months = aggregateMonths(c.asOf);
  const parts = aggregateParts(table, { asOf: c.asOf, profiles: c.profiles.slice(0, 1), levels });
  // Parts come month by month, each month's in the same number.
  const perMonth = parts.length / months.length;
  const [first, ...rest] = parts.filter((_, i) => read.includes(months[Math.floor(i / perMonth)] as string));
  const create = [`CREATE TEMP TABLE ${table} AS ${first}`, ...rest.map((p) => `INSERT INTO ${table} ${p}`)];
  return sqls.map((sql, i) => ({ before: i === 0 ? create : [], sql, after: i === sqls.length - 1 ? [`DROP TABLE ${table}`] : [] }));
}

/** The months the aggregate cases read: the extract's as-of month and the end of the quarter before it. */
const readMonths = (c: Ctx) => [previousQuarterEnd(c.month), c.month];

const rankedLevel = (c: Ctx): AreaLevel => (c.topLevel === 'county' ? 'township' : 'county');


/** Builders compared through another's cases. */
const COVERED_BY: Record<string, string> = { aggregateOrderedSql: 'aggregateParts' };

/** Builders listing a table's rows: they return none on an extract without that table. */
const NEEDS: Partial<Record<string, TableName>> = { stationPointsSql: 'stations', waterPointsSql: 'water_points', waterNearChildrenSql: 'water_points', qualityPointsSql: 'stations' };

describe('the both-engine test', () => {
  it('covers every SQL builder exported by src/measures/', async () => {
    const exported: string[] = ['headlineRankingSql'];
    for (const file of readdirSync(MEASURES).filter((f) => f.endsWith('.ts'))) {
      const module = (await import(join(MEASURES, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) if (typeof value === 'function' && /(Sql|Parts)$/.test(name)) exported.push(name);
    }
    expect(exported.length).toBeGreaterThan(10);
    expect(exported.filter((n) => !(n in BUILDERS) && !((COVERED_BY[n] ?? '') in BUILDERS))).toEqual([]);
  });

  it('reads dates, lists, structs and floats alike from both engines, and reports a value that differs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'care-atlas-both-'));
    await writeExtract(dir, tinyManifest, tinyTables());
    const engines = await loadInBothEngines(dir);
    try {
      // duckdb-wasm runs one thread; native DuckDB is given two, so current_setting('threads') differs.
      await engines.native.run('SET threads = 2');
      const { wasm, native } = await runOnBoth(
        engines,
        "SELECT current_setting('threads') AS threads, 0.1::DOUBLE + 0.2::DOUBLE AS f, DATE '2026-10-31' AS d, [1, 2]::BIGINT[] AS l, {'n': 1::BIGINT, 'c': 'x'} AS s, count(*) AS n FROM children",
      );
      expect(differences(wasm, native)).toEqual(['row 0 threads: wasm 1 ≠ native 2']);
    } finally {
      engines.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface Extract {
  name: string;
  /** A folder holding the extract, or a fixture to write to a temporary one. */
  dir?: string;
  fixture?: { manifest: ManifestHeader; tables: TableRows };
  profiles: VisitProfile[];
  aggregates: boolean;
}

const EXTRACTS: Extract[] = [
  { name: 'tiny-county', fixture: { manifest: tinyManifest, tables: tinyTables() }, profiles: BUILTIN_PROFILES, aggregates: true },
  { name: 'visits-county', fixture: { manifest: visitsManifest, tables: visitsTables() }, profiles: [...BUILTIN_PROFILES, colourTestProfile], aggregates: false },
  { name: 'stations-water-county', fixture: { manifest: swManifest, tables: swTables() }, profiles: BUILTIN_PROFILES, aggregates: true },
  { name: 'guardianship-county', fixture: { manifest: tinyManifest, tables: guardianshipTables() }, profiles: BUILTIN_PROFILES, aggregates: false },
  { name: 'two-county-city', fixture: { manifest: cityManifest, tables: cityTables() }, profiles: BUILTIN_PROFILES.slice(0, 1), aggregates: true },
  { name: 'the demo (data/demo)', dir: resolve(import.meta.dirname, '../../data/demo'), profiles: BUILTIN_PROFILES, aggregates: false },
];

for (const extract of EXTRACTS) {
  describe(`both engines agree on ${extract.name}`, () => {
    let engines: BothEngines;
    let ctx: Ctx;
    let temp: string | null = null;
    beforeAll(async () => {
      let dir = extract.dir;
      if (!dir) {
        temp = mkdtempSync(join(tmpdir(), 'care-atlas-both-'));
        await writeExtract(temp, extract.fixture?.manifest as ManifestHeader, extract.fixture?.tables ?? {});
        dir = temp;
      }
      engines = await loadInBothEngines(dir);
      const asOf = engines.loaded.manifest.as_of;
      const month = monthOf(asOf);
      // The township with the most children, and its village with the most: cases with rows in them.
      const [top] = rowsOf<{ township: string; village: string }>(
        await engines.wasm.query(`SELECT v.parent_code AS township, arg_max(v.code, n) AS village FROM (SELECT village_code, count(*) AS n FROM children GROUP BY 1) c
          JOIN regions v ON v.code = c.village_code GROUP BY 1 ORDER BY sum(n) DESC, 1 LIMIT 1`),
      );
      const levels = rowsOf<{ level: AreaLevel }>(await engines.wasm.query('SELECT DISTINCT level FROM regions')).map((r) => r.level);
      const [parent] = rowsOf<{ code: string }>(await engines.wasm.query(`SELECT parent_code AS code FROM regions WHERE code = '${top?.township}'`));
      ctx = {
        asOf,
        month,
        topLevel: engines.loaded.manifest.area_level,
        county: engines.loaded.manifest.county_code,
        levels: (['province', 'city', 'county', 'township', 'village'] as const).filter((l) => levels.includes(l)),
        townshipCounty: parent?.code as string,
        township: top?.township as string,
        village: top?.village as string,
        dates: [asOf, evaluationDate(addMonths(month, -1), asOf), evaluationDate(previousQuarterEnd(month), asOf)],
        profiles: extract.profiles,
        aggregates: extract.aggregates,
      };
    }, 120_000);
    afterAll(() => {
      engines?.close();
      if (temp) rmSync(temp, { recursive: true, force: true });
    });

    for (const name of Object.keys(BUILDERS)) {
      it(name, async () => {
        const cases = (BUILDERS[name] as (c: Ctx) => Case[])(ctx);
        if (name.startsWith('aggregate') && !ctx.aggregates) return;
        // Summing counties into their city means nothing in a one-county extract.
        if ((name === 'rollUpVisitsSql' || name === 'rollUpAggregateSql') && ctx.topLevel === 'county') return;
        expect(cases.length).toBeGreaterThan(0);
        const problems: string[] = [];
        let rows = 0;
        for (const c of cases) {
          const { before, sql, after } = typeof c === 'string' ? { before: [], sql: c, after: [] } : c;
          for (const s of before) await runOnBoth(engines, s);
          const { wasm, native } = await runOnBoth(engines, sql);
          for (const s of after) await runOnBoth(engines, s);
          rows += wasm.length;
          for (const d of differences(wasm, native)) problems.push(`${d}\n  in: ${sql.slice(0, 300)}`);
        }
        expect(problems).toEqual([]);
        // Nothing compared is no comparison: every builder returns rows, unless the extract lacks its table.
        const needs = NEEDS[name];
        if (!needs || engines.loaded.rowCounts[needs] > 0) expect(rows).toBeGreaterThan(0);
        // The aggregates of an extract with five levels are hundreds of statements on each engine.
      }, name === 'aggregateParts' ? 400_000 : 120_000);
    }
  });
}

/**
 * Step 3 of `npm run bench`: the measures' SQL on one scale's extract, in native DuckDB (@duckdb/node-api, the
 * Parquet files read into in-memory tables) and in duckdb-wasm under Node (the app's loading path: parquet-wasm →
 * Arrow IPC → duckdb-wasm, from tests/support/node-engine.ts). Each statement runs once to warm up, then `reps`
 * times in each engine, interleaved; the median is reported, with the wasm/native ratio. Native runs with DuckDB's
 * default threads (all cores) and again with one thread, since duckdb-wasm is single-threaded.
 *
 * An extract of several counties is loaded as the app loads it: the aggregate tables and the top regions, then one
 * county's raw rows (the largest by children, its own regions file too), as after a drill; the raw-row measures then
 * run over that county, which is what the app runs (never over every county at once).
 *
 * As a child process: `node --import tsx src/cli/bench/sql.ts --extract DIR --reps N --result FILE`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNodeConnector, decodeParquetNode, folderSource } from '../../../tests/support/node-engine';
import { rowsOf } from '../../db/connector';
import { loadCounty } from '../../db/county-load';
import { loadExtract } from '../../db/load-extract';
import { AGGREGATE_TABLES, TABLES, type Manifest } from '../../extract/schema';
import { aggregateAreasSql, aggregateRankingSql, aggregateVisitTrendSql } from '../../measures/aggregate-read';
import { countyRegionFiles, manifestOf, tableFiles } from '../../extract/manifest';
import { monthOf } from '../../measures/months';
import { riskMixSql } from '../../measures/risk-mix';
import { literal, ident } from '../../measures/sql';
import { stationCoverageSql } from '../../measures/station-coverage';
import { visitComplianceSql, visitTrendSql } from '../../measures/visit-compliance';
import { waterSafetySql } from '../../measures/water-safety';
import type { VisitProfile } from '../../policy/profile';
import { BUILTIN_PROFILES } from '../../policy/profiles';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../../policy/settings';
import { childMain } from './child';
import { median } from './stats';

export interface MeasureTiming {
  name: string;
  /** Part of the "within 2× native" target (the township-level measures and the trend). */
  judged: boolean;
  rows: number;
  /** Both engines returned the same rows (numbers compared to 9 significant digits). */
  sameResult: boolean;
  nativeMs: number;
  native1ThreadMs: number;
  wasmMs: number;
  /** wasm ÷ native (default threads), and wasm ÷ native with one thread. */
  ratio: number;
  ratio1Thread: number;
}

export interface SqlResult {
  duckdbNative: string;
  duckdbWasm: string;
  nativeThreads: number;
  reps: number;
  /** Native: Parquet files read into tables. wasm: the app's loader (decode, insert, every check). */
  nativeLoadMs: number;
  wasmLoadMs: number;
  wasmMemoryBytes: number | null;
  measures: MeasureTiming[];
  worstJudgedRatio: number;
  /** With several counties: the one whose raw rows were loaded (as after a drill) for the raw-row measures. */
  rawCounty?: string;
}

/** The county whose raw rows the raw-row measures run on: null for one county (all of it); else the largest. */
function drilledCounty(manifest: Manifest): string | null {
  if (manifest.counties.length < 2) return null;
  const size = (c: Manifest['counties'][number]) => Number(c.rows?.children ?? 0);
  return [...manifest.counties].sort((a, b) => size(b) - size(a) || a.code.localeCompare(b.code))[0]?.code ?? null;
}

/**
 * What the views above the county run (src/measures/aggregate-read.ts): each aggregate table's rows for the
 * counties and the cities in the latest month, the ranking of the first city's counties, the top area's visit trend.
 */
function aggregateMeasures(manifest: Manifest, profile: VisitProfile): { name: string; judged: boolean; sql: string }[] {
  const agg = manifest.aggregates;
  if (!agg || agg.months.length < 2) return [];
  const month = agg.months.at(-1) as string;
  const previousMonth = agg.months.at(-4) ?? (agg.months[0] as string);
  const profileId = agg.profiles.includes(profile.id) ? profile.id : (agg.profiles[0] as string);
  const city = (manifest.counties[0]?.code ?? '').slice(0, 4);
  const out: { name: string; judged: boolean; sql: string }[] = [];
  for (const t of AGGREGATE_TABLES) {
    if (!agg.tables[t.name]) continue;
    const p = t.name === 'agg_visits' ? { profileId } : {};
    out.push({ name: `${t.name} counties`, judged: true, sql: aggregateAreasSql({ table: t.name, level: 'county', month, ...p }) });
    if (manifest.area_level === 'province') out.push({ name: `${t.name} cities`, judged: true, sql: aggregateAreasSql({ table: t.name, level: 'city', month, ...p }) });
  }
  if (agg.tables.agg_visits) {
    out.push({ name: 'agg_visits ranking of a city\'s counties', judged: true, sql: aggregateRankingSql({ table: 'agg_visits', level: 'county', parentCode: city, month, previousMonth, column: 'rate', denominator: 'due', profileId }) });
    out.push({ name: `agg_visits trend ${manifest.area_level} 12 months`, judged: true, sql: aggregateVisitTrendSql({ area: { level: manifest.area_level, code: manifest.area_code }, months: agg.months.slice(-12), profileId }) });
  }
  return out;
}

function measures(manifest: Manifest, profile: VisitProfile, rawCounty: string | null): { name: string; judged: boolean; sql: string }[] {
  const asOf = manifest.as_of;
  const month = monthOf(asOf);
  const intervalDays = inspectionIntervalDays(DEFAULT_SETTINGS, asOf);
  // Above the county the app reads the aggregates: the raw-row measures over every county are then not judged.
  const aggregates = aggregateMeasures(manifest, profile);
  const raw = aggregates.length === 0;
  const county = rawCounty ?? manifest.counties[0]?.code ?? manifest.county_code;
  const rawList = [
    { name: 'riskMix township', judged: raw, sql: riskMixSql({ level: 'township', asOf }) },
    { name: 'visitCompliance township', judged: raw, sql: visitComplianceSql({ level: 'township', month, asOf, profile }) },
    { name: 'stationCoverage township', judged: raw, sql: stationCoverageSql({ level: 'township', asOf }) },
    { name: 'waterSafety township', judged: raw, sql: waterSafetySql({ level: 'township', asOf, intervalDays }) },
    { name: 'visitTrend county 12 months', judged: raw, sql: visitTrendSql({ area: { level: 'county', code: county }, endMonth: month, months: 12, asOf, profile }) },
    // The map also draws every village: the same measures at village level.
    { name: 'riskMix village', judged: false, sql: riskMixSql({ level: 'village', asOf }) },
    { name: 'visitCompliance village', judged: false, sql: visitComplianceSql({ level: 'village', month, asOf, profile }) },
    { name: 'stationCoverage village', judged: false, sql: stationCoverageSql({ level: 'village', asOf }) },
    { name: 'waterSafety village', judged: false, sql: waterSafetySql({ level: 'village', asOf, intervalDays }) },
  ];
  return [...aggregates, ...rawList.map((m) => (rawCounty ? { ...m, name: `${m.name} (${rawCounty})` } : m))];
}

/** Rows as comparable text: numbers (and bigints, numeric strings) rounded to 9 significant digits. */
function canonical(rows: readonly Record<string, unknown>[]): string {
  const norm = (v: unknown): unknown => {
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'number') return Number(v.toPrecision(9));
    if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && v.length < 16 && !/^0\d/.test(v)) return Number(Number(v).toPrecision(9));
    return v;
  };
  return JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, norm(v)]))));
}

export async function benchSql(extractDir: string, reps: number): Promise<SqlResult> {
  const manifest = manifestOf(JSON.parse(readFileSync(join(extractDir, 'manifest.json'), 'utf8')));
  const profile = BUILTIN_PROFILES[0] as VisitProfile;
  const rawCounty = drilledCounty(manifest);
  const list = measures(manifest, profile, rawCounty);

  // Native DuckDB, the files read into in-memory tables (as the app holds them).
  const instance = await DuckDBInstance.create(':memory:');
  const native = await instance.connect();
  const t0 = performance.now();
  // A file per county (format v2): every county's file at once, or the drilled county's with its own regions.
  const read = (list: readonly string[]) => `read_parquet([${list.map((f) => literal(join(extractDir, f))).join(', ')}], union_by_name = true)`;
  const rawFiles = (name: string): string[] => {
    if (!rawCounty) return tableFiles(manifest, name as (typeof TABLES)[number]['name']).map((f) => f.file);
    const own = tableFiles(manifest, name as (typeof TABLES)[number]['name'], [rawCounty]).map((f) => f.file);
    return name === 'regions' ? [...own, ...countyRegionFiles(manifest, [rawCounty]).map((f) => f.file)] : own;
  };
  for (const spec of [...TABLES, ...AGGREGATE_TABLES]) {
    const aggFile = (manifest.aggregates?.tables as Record<string, string | undefined> | undefined)?.[spec.name];
    if (spec.name.startsWith('agg_') && !aggFile) continue;
    const list = spec.name.startsWith('agg_') ? [aggFile as string] : rawFiles(spec.name);
    const from = list.length > 0 ? read(list) : null;
    const columns = spec.columns.map((c) => `CAST(NULL AS ${c.type}) AS ${ident(c.name)}`).join(', ');
    await native.run(from ? `CREATE TABLE ${ident(spec.name)} AS SELECT * FROM ${from}` : `CREATE TABLE ${ident(spec.name)} AS SELECT ${columns} LIMIT 0`);
  }
  const nativeLoadMs = Math.round(performance.now() - t0);
  const nativeRows = async (sql: string) => (await native.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  const duckdbNative = String((await nativeRows('SELECT version() AS v'))[0]?.v);
  const nativeThreads = Number((await nativeRows("SELECT current_setting('threads') AS t"))[0]?.t);

  // duckdb-wasm under Node, through the app's loader.
  const wasm = await createNodeConnector();
  const t1 = performance.now();
  const source = folderSource(extractDir);
  await loadExtract(wasm, source, decodeParquetNode, undefined, undefined, { aggregates: manifest.aggregates !== undefined, ...(rawCounty ? { counties: [] } : {}) });
  if (rawCounty) await loadCounty(wasm, source, decodeParquetNode, manifest, rawCounty);
  const wasmLoadMs = Math.round(performance.now() - t1);
  const wasmRows = async (sql: string) => rowsOf<Record<string, unknown>>(await wasm.query(sql));
  const duckdbWasm = String((await wasmRows('SELECT version() AS v'))[0]?.v);
  const bindings = (globalThis as { DUCKDB_BINDINGS?: { mod?: { HEAP8?: Int8Array } } }).DUCKDB_BINDINGS;
  const wasmMemoryBytes = bindings?.mod?.HEAP8?.buffer.byteLength ?? null;

  // Interleaved: each repetition times native (default threads), native (one thread) and wasm back to back, so
  // that other load on the machine falls on all three alike.
  const threads = async (n: number | null) => native.run(`SET threads = ${n ?? nativeThreads}`);
  const out: MeasureTiming[] = [];
  for (const m of list) {
    console.log(`${m.name}…`);
    const a = await nativeRows(m.sql);
    const b = await wasmRows(m.sql);
    await native.run(m.sql);
    await wasm.query(m.sql);
    const times = { native: [] as number[], native1: [] as number[], wasm: [] as number[] };
    const time = async (run: () => Promise<unknown>) => {
      const t = performance.now();
      await run();
      return performance.now() - t;
    };
    for (let i = 0; i < reps; i++) {
      await threads(null);
      times.native.push(await time(() => native.run(m.sql)));
      await threads(1);
      times.native1.push(await time(() => native.run(m.sql)));
      times.wasm.push(await time(() => wasm.query(m.sql)));
    }
    await threads(null);
    const med = (v: number[]) => Math.round(median(v) * 10) / 10;
    const nativeMs = med(times.native);
    const native1ThreadMs = med(times.native1);
    const wasmMs = med(times.wasm);
    out.push({
      name: m.name,
      judged: m.judged,
      rows: b.length,
      sameResult: canonical(a) === canonical(b),
      nativeMs,
      native1ThreadMs,
      wasmMs,
      ratio: Math.round((wasmMs / Math.max(nativeMs, 0.1)) * 100) / 100,
      ratio1Thread: Math.round((wasmMs / Math.max(native1ThreadMs, 0.1)) * 100) / 100,
    });
  }
  native.closeSync();
  instance.closeSync();
  wasm.close();
  return {
    duckdbNative,
    duckdbWasm,
    nativeThreads,
    reps,
    nativeLoadMs,
    wasmLoadMs,
    wasmMemoryBytes,
    measures: out,
    worstJudgedRatio: Math.max(...out.filter((m) => m.judged).map((m) => m.ratio)),
    ...(rawCounty ? { rawCounty } : {}),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  childMain({ extract: { type: 'string' }, reps: { type: 'string' } }, async (v) => benchSql(resolve(String(v.extract)), Number(v.reps ?? 5)));
}

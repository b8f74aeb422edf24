/**
 * Node only: `npm run combine` (src/cli/combine.ts). Merges county extracts (version 1 or 2, made by
 * `npm run extract` in different bureaus, or city extracts made by this tool) into one version-2 city or province
 * extract, one file per county per raw table, and rebuilds the aggregate tables with native DuckDB through the
 * measures' own builders, county by county (issue #11 item 6: memory bounded by the largest county, time linear in
 * the counties):
 * 1. Each input is loaded and checked (an input of several counties one county at a time) and each county's rows
 *    are written to its own files; nothing is aggregated until every input has passed.
 * 2. Keys are checked across the counties' files (DuckDB reading the written files, not holding them).
 * 3. For each county alone, its files are read back into a fresh native DuckDB and every aggregate table's county,
 *    township and village rows are computed by the builders (src/cli/write-aggregates.ts `computeAggregate`),
 *    evaluated at the combined as-of date, and written to a scratch Parquet file; the county is then released.
 * 4. The city and province rows are rolled up from the county rows (src/measures/aggregate-rollup.ts), every
 *    AGGREGATE_TABLES entry alike, and the result is opened once more by the app's loader (regions and aggregates).
 *
 * Rules:
 * - Every input is loaded and checked in full by the app's own loader (native DuckDB) first; its refusals are
 *   passed on, each prefixed with the input's folder. Its regions must nest (township codes begin with their
 *   county's, and so on), whatever its version.
 * - All inputs must be of one format version; a county may appear only once; every county must lie in one
 *   province. The counties' cities (their regions' parent, else the first 4 digits of their code) and province get
 *   rows named from the division table (src/cli/combine/divisions.ts), label point the mean of their counties'.
 *   One city: a city extract; several: a province extract.
 * - Every raw row must lie in one of the input's counties: stations and staff registered at the city or province
 *   (which a county extract may hold) are refused, since a combined extract stores each row in its county's file.
 * - As-of dates: the extract's `as_of` is the latest county's, each county keeps its own in `counties`, and when
 *   they differ `as_of_rule` says so in a Chinese sentence the app can show.
 * - The output is written to a sibling temporary folder and renamed over `out` only once complete: a failure leaves
 *   the previous output untouched.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { emptyColumns, ExtractError, loadExtract, nestingProblems } from '../../db/load-extract';
import { createNativeConnector, parquetPassThrough, type NativeConnector } from '../../db/native-engine';
import { folderSource } from '../../db/node-engine';
import { parseManifest } from '../../extract/manifest';
import { AGGREGATE_TABLES, COUNTY_PLACEHOLDER, FORMAT_NAME, FORMAT_VERSION, TABLES, tableSpec, type AggregateTableName, type Manifest, type ManifestAggregates, type ManifestCounty, type TableName, type TableSpec } from '../../extract/schema';
import { checkValues } from '../../extract/validate-tables';
import { problems as loaderText } from '../../i18n/zh';
import { rollUpAggregateSql } from '../../measures/aggregate-rollup';
import { aggregateMonths, aggregateOrderedSql } from '../../measures/aggregates';
import type { AreaLevel } from '../../measures/areas';
import { BUILTIN_PROFILES } from '../../policy/profiles';
import { combineText as t } from '../../i18n/zh-combine';
import { ident, literal } from '../../measures/sql';
import type { VisitProfile } from '../../policy/profile';
import { computeAggregate } from '../write-aggregates';
import { writeTable, type Row } from '../write-extract';
import { loadDivisions } from './divisions';

/** Each county's township and village rows of `regions`: the manifest's `county_regions`. */
const COUNTY_REGIONS = `regions.${COUNTY_PLACEHOLDER}.parquet`;

/** A refused combine: each problem a Chinese sentence naming the file. */
export class CombineError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'CombineError';
    this.problems = problems;
  }
}

export interface CombineOptions {
  /** Called with a Chinese progress line at every step. */
  onProgress?: (line: string) => void;
  /** Visit profiles for agg_visits (the built-in ones by default). */
  profiles?: readonly VisitProfile[];
  /** The manifest's `generated_at`: now by default; null leaves it out (a deterministic output, as the demo's). */
  generatedAt?: string | null;
}

export interface CombineResult {
  manifest: Manifest;
  ms: number;
}

interface Input {
  dir: string;
  manifest: Manifest;
}

/** Reads and checks an input's manifest.json; problems name the file within the input. */
function readInput(dir: string): Input | string[] {
  const file = join(dir, 'manifest.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return [e instanceof SyntaxError ? t.notJson(file) : t.unreadable(file)];
  }
  const parsed = parseManifest(json);
  return parsed.ok ? { dir, manifest: parsed.manifest } : parsed.errors.map((p) => t.inInput(dir, p));
}

/** SQL: the rows of `table` in county `county`, in a loaded extract (located by village, region or child). */
function countyRowsSql(table: TableName, county: string): string {
  const inCounty = `(SELECT code FROM combine_county_of WHERE county = ${literal(county)})`;
  switch (table) {
    case 'children':
    case 'water_points':
      return `SELECT * FROM ${ident(table)} WHERE village_code IN ${inCounty}`;
    case 'stations':
    case 'staff':
      return `SELECT * FROM ${ident(table)} WHERE region_code IN ${inCounty}`;
    default:
      return `SELECT * FROM ${ident(table)} WHERE child_key IN (SELECT child_key FROM children WHERE village_code IN ${inCounty})`;
  }
}

const num = (v: unknown) => Number(v ?? 0);

/** The column by which a table's rows are placed in a county. */
const locatorColumn = (table: TableName) =>
  table === 'children' || table === 'water_points' ? 'village_code' : table === 'stations' || table === 'staff' ? 'region_code' : 'child_key';

/** The file an input's manifest names for `table` (its county placeholder left in). */
const inputFile = (input: Input, table: TableName) => input.manifest.tables[table] ?? tableSpec(table).file;

/**
 * Rows of a loaded input that lie in none of its manifest's counties: a combined extract keeps every raw row in
 * one county's file, so stations and staff registered at the city or province (allowed in a county extract whose
 * `regions` has that row) cannot be carried and are refused, naming the file and column.
 */
async function outsideCountyProblems(conn: NativeConnector, input: Input, tables: readonly { name: TableName }[]): Promise<string[]> {
  const counties = input.manifest.counties.map((c) => literal(c.code)).join(', ');
  const problems: string[] = [];
  for (const { name } of tables) {
    const column = locatorColumn(name);
    const located =
      column === 'child_key'
        ? `SELECT s.child_key AS example, k.county, NULL AS level, NULL AS place FROM ${ident(name)} s LEFT JOIN children c ON c.child_key = s.child_key LEFT JOIN combine_county_of k ON k.code = c.village_code`
        : `SELECT s.${ident(column)} AS example, k.county, r.level, r.name AS place FROM ${ident(name)} s LEFT JOIN combine_county_of k ON k.code = s.${ident(column)} LEFT JOIN regions r ON r.code = s.${ident(column)}`;
    const row = (
      await conn.rows(`SELECT count(*) AS n, min(example) AS example, arg_min(level, example) AS level, arg_min(place, example) AS place FROM (${located}) WHERE county IS NULL OR county NOT IN (${counties})`)
    )[0];
    const n = num(row?.n);
    if (n === 0) continue;
    const file = inputFile(input, name);
    const example = `${String(row?.example)}${row?.place ? ` ${String(row.place)}` : ''}`;
    problems.push(t.inInput(input.dir, row?.level === 'city' || row?.level === 'province' ? t.aboveCounty(file, column, n, example) : t.outsideCounties(file, column, n, example)));
  }
  return problems;
}

/** The levels computed county by county; the city and province rows are rolled up from the county rows. */
const COUNTY_LEVELS: readonly AreaLevel[] = ['county', 'township', 'village'];

/**
 * Keys found in more than one county's file (each file's keys were checked alone when its input was loaded): one
 * Chinese problem per table, naming the file template, as the loader names it. Read from the written files by
 * DuckDB, which spills to disk rather than hold every key.
 */
async function crossCountyDuplicates(dir: string, tables: readonly TableSpec[], codes: readonly string[], files: Record<string, string>): Promise<string[]> {
  const conn = await createNativeConnector();
  try {
    const problems: string[] = [];
    for (const spec of tables) {
      if (!spec.key || codes.length < 2) continue;
      const list = codes.map((c) => literal(join(dir, spec.file.replace(/\.parquet$/, `.${c}.parquet`)))).join(', ');
      const keys = spec.key.map(ident).join(', ');
      const n = num((await conn.rows(`SELECT count(*) AS n FROM (SELECT ${keys} FROM read_parquet([${list}]) GROUP BY ${keys} HAVING count(*) > 1)`))[0]?.n);
      if (n > 0) problems.push(loaderText.duplicateKey(files[spec.name] as string, spec.key.join(' + '), n));
    }
    return problems;
  } finally {
    conn.close();
  }
}

/**
 * Writes every aggregate table into `dir`: the county, township and village rows computed county by county
 * (`partFiles`, one Parquet file per table and county), and the city and province rows rolled up from the county
 * rows by src/measures/aggregate-rollup.ts. Only aggregate rows are held, never raw rows. Each table must fit its
 * spec (required values, unique keys, codes and months well formed). Returns the manifest's `aggregates` entry.
 */
async function rollUpAggregates(dir: string, partFiles: ReadonlyMap<AggregateTableName, string[]>, areas: readonly Row[], asOf: string, profiles: readonly VisitProfile[]): Promise<ManifestAggregates> {
  const conn = await createNativeConnector();
  try {
    const values = areas.map((r) => `(${literal(String(r.code))}, ${literal(String(r.level))}, ${r.parent_code ? literal(String(r.parent_code)) : 'CAST(NULL AS VARCHAR)'})`).join(', ');
    await conn.run(`CREATE TABLE regions AS SELECT * FROM (VALUES ${values}) AS r(code, level, parent_code)`);
    const written: Record<string, string> = {};
    for (const spec of AGGREGATE_TABLES) {
      const list = (partFiles.get(spec.name) ?? []).map((f) => literal(f)).join(', ');
      await conn.run(`CREATE TABLE combine_rows AS SELECT * FROM read_parquet([${list}])`);
      await conn.run(`CREATE VIEW combine_counties AS SELECT * FROM combine_rows WHERE level IN ('county', 'township')`);
      for (const level of ['city', 'province'] as const) await conn.run(`INSERT INTO combine_rows ${rollUpAggregateSql(spec.name, 'combine_counties', level)}`);
      const problems = await checkValues(conn, spec as unknown as TableSpec, 'combine_rows', { asOf });
      if (problems.length > 0) throw new Error(`aggregate ${spec.name} does not fit its spec:\n${problems.join('\n')}`);
      await conn.run(`COPY (${aggregateOrderedSql(spec.name, 'combine_rows')}) TO ${literal(join(dir, spec.file))} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
      await conn.run('DROP VIEW combine_counties');
      await conn.run('DROP TABLE combine_rows');
      written[spec.name] = spec.file;
    }
    return { tables: written, months: aggregateMonths(asOf), profiles: profiles.map((p) => p.id) };
  } finally {
    conn.close();
  }
}

/**
 * Merges the extracts in `inputs` into `out`. Throws {@link CombineError} with Chinese problems naming the files;
 * `out` is then as it was.
 */
export async function runCombine(inputs: readonly string[], out: string, options: CombineOptions = {}): Promise<CombineResult> {
  const started = performance.now();
  let steps = inputs.length + 2;
  let step = 0;
  const progress = (what: string) => options.onProgress?.(t.progress(++step, steps, what, (performance.now() - started) / 1000));
  if (inputs.length === 0) throw new CombineError([t.noInputs]);

  const read = inputs.map((dir) => readInput(dir));
  const refused = read.filter((r): r is string[] => Array.isArray(r)).flat();
  if (refused.length > 0) throw new CombineError(refused);
  const all = read as Input[];
  steps += 2 * all.reduce((n, i) => n + i.manifest.counties.length, 0);
  const problems: string[] = [];
  const first = all[0] as Input;
  for (const input of all.slice(1)) {
    if (input.manifest.format_version !== first.manifest.format_version) {
      problems.push(t.mixedVersions(join(input.dir, 'manifest.json'), input.manifest.format_version, join(first.dir, 'manifest.json'), first.manifest.format_version));
    }
  }
  const seen = new Map<string, string>();
  for (const input of all) {
    for (const c of input.manifest.counties) {
      const before = seen.get(c.code);
      if (before !== undefined) problems.push(t.sameCounty(c.code, c.name, join(before, 'manifest.json'), join(input.dir, 'manifest.json')));
      seen.set(c.code, input.dir);
    }
  }
  const provinces = [...new Set([...seen.keys()].map((c) => c.slice(0, 2)))].sort();
  if (provinces.length > 1) problems.push(t.acrossProvinces(provinces));
  if (problems.length > 0) throw new CombineError(problems);

  const target = resolve(out);
  const temp = join(dirname(target), `.${basename(target)}.combining-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  try {
    const regions: Row[] = [];
    const counties: ManifestCounty[] = [];
    const cityOf = new Map<string, string>();
    const present = new Set<TableName>();
    for (const input of all) for (const name of Object.keys(input.manifest.tables)) present.add(name as TableName);
    const tables = TABLES.filter((s) => s.name !== 'regions' && present.has(s.name));

    // Every county's aggregate rows are evaluated at the combined extract's as-of date, as the builders run over the
    // whole extract would evaluate them.
    const asOfAll = all.flatMap((i) => i.manifest.counties.map((c) => c.as_of)).sort().at(-1) as string;
    const profiles = options.profiles ?? BUILTIN_PROFILES;
    const parts = join(temp, '.aggregate-parts');
    mkdirSync(parts);
    const partFiles = new Map<AggregateTableName, string[]>(AGGREGATE_TABLES.map((spec) => [spec.name, []]));

    for (const input of all) {
      progress(t.reading(input.dir));
      const several = input.manifest.counties.length > 1;
      // One county's raw rows in memory at a time: an input of several counties is loaded county by county (its
      // regions whole each time, as the app loads a county on drill).
      for (const county of input.manifest.counties) {
        const conn: NativeConnector = await createNativeConnector();
        try {
          try {
            await loadExtract(conn, folderSource(input.dir), parquetPassThrough, undefined, undefined, several ? { counties: [county.code] } : {});
          } catch (e) {
            if (e instanceof ExtractError) throw new CombineError(e.problems.map((p) => t.inInput(input.dir, p)));
            throw e;
          }
          await conn.run(`CREATE TEMP TABLE combine_county_of AS SELECT r.code, CASE r.level WHEN 'county' THEN r.code WHEN 'township' THEN r.parent_code WHEN 'village' THEN p.parent_code END AS county
          FROM regions r LEFT JOIN regions p ON p.code = r.parent_code`);
          // This county's regions: a combined input of the per-county layout loads only the county's townships and
          // villages with it, one of the older layout loads every county's each time.
          const nesting = await nestingProblems(conn, 'regions');
          if (nesting.length > 0) throw new CombineError(nesting.map((p) => t.inInput(input.dir, p)));
          const rows = await conn.rows(`SELECT * FROM regions WHERE code IN (SELECT code FROM combine_county_of WHERE county = ${literal(county.code)}) AND level IN ('county', 'township', 'village') ORDER BY code`);
          for (const row of rows) {
            if (row.level !== 'county') {
              regions.push(row as Row);
              continue;
            }
            const code = String(row.code);
            const city = row.parent_code ? String(row.parent_code) : code.slice(0, 4);
            if (!code.startsWith(city) || city.length !== 4) throw new CombineError([t.inInput(input.dir, t.notNested('regions.parquet', code, city))]);
            cityOf.set(code, city);
            regions.push({ ...(row as Row), parent_code: city });
          }
          const outside = await outsideCountyProblems(conn, input, tables);
          if (outside.length > 0) throw new CombineError(outside);
          progress(t.copying(county.code, county.name));
          const counted: Partial<Record<TableName, number>> = {};
          for (const spec of tables) {
            const file = join(temp, spec.file.replace(/\.parquet$/, `.${county.code}.parquet`));
            await conn.run(`COPY (${countyRowsSql(spec.name, county.code)}) TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
            counted[spec.name] = num((await conn.rows(`SELECT count(*) AS n FROM read_parquet(${literal(file)})`))[0]?.n);
          }
          // A one-county input's source rows are its county's; a combined input's are carried per county.
          const sourceRows = county.source_rows ?? (input.manifest.counties.length === 1 ? input.manifest.quality?.source_rows : undefined);
          counties.push({ code: county.code, name: county.name, as_of: county.as_of, rows: counted, ...(sourceRows ? { source_rows: sourceRows } : {}) });
          const loadedCounties = several ? [county] : input.manifest.counties;
          for (const spec of tables) {
            const total = num((await conn.rows(`SELECT count(*) AS n FROM ${ident(spec.name)}`))[0]?.n);
            const placed = loadedCounties.reduce((sum, c) => sum + (counties.find((k) => k.code === c.code)?.rows?.[spec.name] ?? 0), 0);
            if (placed !== total) throw new CombineError([t.inInput(input.dir, t.outsideCounties(inputFile(input, spec.name), locatorColumn(spec.name), total - placed, ''))]);
          }
          // Its regions, for its aggregates to be computed from the files written (after every input is checked).
          await conn.run(`COPY (SELECT * FROM regions WHERE code IN (SELECT code FROM combine_county_of WHERE county = ${literal(county.code)})) TO ${literal(join(parts, `regions.${county.code}.parquet`))} (FORMAT parquet)`);
        } finally {
          conn.close();
        }
      }
    }

    const templates = Object.fromEntries(tables.map((spec) => [spec.name, spec.file.replace(/\.parquet$/, `.${COUNTY_PLACEHOLDER}.parquet`)]));
    const duplicates = await crossCountyDuplicates(temp, tables, counties.map((c) => c.code), templates);
    if (duplicates.length > 0) throw new CombineError(duplicates.map((p) => t.inInput(target, p)));

    // Every input checked: each county's aggregate rows (county, township and village) computed by the measures'
    // builders from its own files alone, one county in memory at a time.
    for (const county of counties) {
      progress(t.aggregating(county.code, county.name));
      const conn = await createNativeConnector();
      try {
        await conn.run(`CREATE TABLE regions AS SELECT * FROM read_parquet(${literal(join(parts, `regions.${county.code}.parquet`))})`);
        for (const spec of TABLES) {
          if (spec.name === 'regions') continue;
          const file = join(temp, spec.file.replace(/\.parquet$/, `.${county.code}.parquet`));
          await conn.run(`CREATE TABLE ${ident(spec.name)} AS ${tables.includes(spec) ? `SELECT * FROM read_parquet(${literal(file)})` : `SELECT ${emptyColumns(spec)} LIMIT 0`}`);
        }
        const present = new Set((await conn.rows('SELECT DISTINCT level FROM regions')).map((r) => String(r.level)));
        const levels = COUNTY_LEVELS.filter((l) => present.has(l));
        for (const spec of AGGREGATE_TABLES) {
          await computeAggregate(conn, spec.name, { asOf: asOfAll, profiles, levels }, 'combine_aggregate');
          const file = join(parts, `${spec.name}.${county.code}.parquet`);
          await conn.run(`COPY combine_aggregate TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd)`);
          await conn.run('DROP TABLE combine_aggregate');
          partFiles.get(spec.name)?.push(file);
        }
      } finally {
        conn.close();
      }
    }

    progress(t.regions);
    const divisions = loadDivisions();
    const named = (code: string) => {
      const name = divisions.name(code);
      if (!name) throw new CombineError([t.unknownDivision(code)]);
      return name;
    };
    const countyRows = regions.filter((r) => r.level === 'county');
    const labelOf = (codes: (code: string) => boolean) => {
      const inside = countyRows.filter((r) => codes(String(r.code)));
      return { label_lng: inside.reduce((s, r) => s + Number(r.label_lng), 0) / inside.length, label_lat: inside.reduce((s, r) => s + Number(r.label_lat), 0) / inside.length };
    };
    const province = provinces[0] as string;
    const cities = [...new Set(cityOf.values())].sort();
    const above: Row[] = [
      { code: province, name: named(province), level: 'province', unit_type: 'province', parent_code: null, ...labelOf(() => true), geometry: null },
      ...cities.map((city) => ({ code: city, name: named(city), level: 'city', unit_type: 'city', parent_code: province, ...labelOf((c) => cityOf.get(c) === city), geometry: null })),
    ];
    const instance = await DuckDBInstance.create(':memory:');
    const writer = await instance.connect();
    try {
      // The top file holds the province, city and county rows; each county's townships and villages are in its own.
      await writeTable(writer, tableSpec('regions'), [...above, ...regions.filter((r) => r.level === 'county')], join(temp, 'regions.parquet'));
      for (const county of counties) {
        const own = regions.filter((r) => r.level !== 'county' && String(r.code).startsWith(county.code));
        await writeTable(writer, tableSpec('regions'), own, join(temp, COUNTY_REGIONS.replace(COUNTY_PLACEHOLDER, county.code)));
        county.rows = { regions: own.length, ...county.rows };
      }
    } finally {
      writer.closeSync();
      instance.closeSync();
    }

    const manifests = all.map((i) => i.manifest);
    const asOf = counties.map((c) => c.as_of).sort().at(-1) as string;
    const earlier = counties.filter((c) => c.as_of < asOf);
    const level = cities.length === 1 ? 'city' : 'province';
    const areaCode = level === 'city' ? (cities[0] as string) : province;
    const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];
    const targets = unique(manifests.map((m) => m.targets_source)).join('；');
    const json = {
      format: FORMAT_NAME,
      format_version: FORMAT_VERSION,
      area_level: level,
      area_code: areaCode,
      area_name: named(areaCode),
      counties: counties.sort((a, b) => a.code.localeCompare(b.code)),
      as_of: asOf,
      ...(earlier.length > 0 ? { as_of_rule: t.asOfRule(asOf, earlier.length, earlier.map((c) => c.as_of).sort()[0] as string) } : {}),
      division_code_edition: unique(manifests.map((m) => m.division_code_edition)).sort().at(-1),
      datum: manifests.every((m) => m.datum === 'CGCS2000') ? 'CGCS2000' : 'WGS84',
      synthetic: manifests.some((m) => m.synthetic),
      small_cell_threshold: Math.max(...manifests.map((m) => m.small_cell_threshold)),
      source_systems: unique(manifests.flatMap((m) => m.source_systems)),
      attribution: [t.combinedFrom(counties.length), ...unique(manifests.flatMap((m) => m.attribution))],
      ...(targets ? { targets_source: targets.slice(0, 500) } : {}),
      tables: { regions: 'regions.parquet', ...templates },
      county_regions: COUNTY_REGIONS,
      ...(options.generatedAt === null ? {} : { generated_at: options.generatedAt ?? new Date().toISOString() }),
    };
    writeFileSync(join(temp, 'manifest.json'), `${JSON.stringify(json, null, 2)}\n`);

    progress(t.aggregates);
    const aggregates = await rollUpAggregates(temp, partFiles, [...above, ...countyRows], asOfAll, profiles);
    rmSync(parts, { recursive: true, force: true });
    writeFileSync(join(temp, 'manifest.json'), `${JSON.stringify({ ...json, aggregates }, null, 2)}\n`);
    // The result as the app opens it: regions and the aggregate tables through the loader, every check included
    // (each county's raw files were checked as they were read).
    let manifest: Manifest;
    const check = await createNativeConnector();
    try {
      manifest = (await loadExtract(check, folderSource(temp), parquetPassThrough, undefined, undefined, { counties: [], aggregates: true })).manifest;
    } catch (e) {
      if (e instanceof ExtractError) throw new CombineError(e.problems.map((p) => t.inInput(target, p)));
      throw e;
    } finally {
      check.close();
    }

    const previous = join(dirname(target), `.${basename(target)}.previous-${process.pid}`);
    if (existsSync(target)) renameSync(target, previous);
    try {
      renameSync(temp, target);
    } catch (e) {
      if (existsSync(previous)) renameSync(previous, target);
      throw e;
    }
    rmSync(previous, { recursive: true, force: true });
    return { manifest, ms: performance.now() - started };
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}

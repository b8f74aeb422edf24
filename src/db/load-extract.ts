import type { Connector, ParquetDecoder } from './connector';
import { rowsOf } from './connector';
import { countyRegionFiles, parseManifest, tableFiles } from '../extract/manifest';
import { AGGREGATE_TABLE_NAMES, AGGREGATE_TABLES, COUNTY_REGION_LEVELS, TABLES, TOP_REGION_LEVELS, type AggregateTableName, type Manifest, type TableName, type TableSpec } from '../extract/schema';
import { checkColumns, checkReferences, checkValues, type Extent } from '../extract/validate-tables';
import { CHINA_EXTENT, checkGeometry } from '../extract/validate-geometry';
import { ident, literal } from '../measures/sql';
import { memoryProblems as memMsg, problems as msg } from '../i18n/zh';
import { countyText as countyMsg } from '../i18n/zh-counties';
import { describeError, technicalText, toProblem, type Problem, type ProblemLike } from '../i18n/errors';
import { BudgetError, budgetFor, decodedRefusal, footerRefusal, isOutOfMemory, type MemoryBudget } from './memory-budget';
import { createVillageAdjacency, VILLAGE_ADJACENCY } from './adjacency-table';
import { parquetShape } from './parquet-footer';

/** Where an extract's files come from: a URL on the same server, picked files, or a folder on disk in tests. */
export interface ExtractSource {
  /** manifest.json, parsed. */
  readManifest(): Promise<unknown>;
  readFile(file: string): Promise<Uint8Array>;
}

export interface LoadProgress {
  done: number;
  total: number;
  table: TableName;
}

export interface LoadedExtract {
  /** Changes with every load, so cached query results of one extract never serve another. */
  id: string;
  manifest: Manifest;
  rowCounts: Record<TableName, number>;
  /** The counties whose rows were loaded (every county of the manifest unless the load asked for fewer). */
  counties: string[];
  /** The extent the tables' coordinates were checked in (from the boundaries); counties loaded later are checked in it too. */
  extent?: Extent;
  /** The aggregate tables loaded into DuckDB (under their own names, agg_*), when the load asked for them. */
  aggregates?: AggregateTableName[];
  /**
   * Changes whenever the set of counties whose raw rows are in DuckDB changes (an extract loaded county by county,
   * see src/db/county-store.ts); part of the key of every query that may read raw rows. Absent: never changes.
   */
  revision?: number;
}

/**
 * A load that was refused; `problems` say in Chinese what is wrong, naming the file and column; `items` are the
 * same with the technical text behind each, where there is one (a library's message), for 详细信息.
 */
export class ExtractError extends Error {
  readonly items: Problem[];
  readonly problems: string[];
  constructor(problems: readonly ProblemLike[]) {
    const items = problems.map(toProblem);
    super(items.map((p) => p.text).join('\n'));
    this.name = 'ExtractError';
    this.items = items;
    this.problems = items.map((p) => p.text);
  }
}

let loads = 0;

export interface LoadOptions {
  /**
   * Load only these counties' rows (6-digit codes from the manifest's `counties`); every county when omitted.
   * `regions` is always loaded whole: the map of the extract's top level needs every county's outline.
   */
  counties?: readonly string[];
  /** Also load the aggregate tables the manifest lists (checked like the others), as `agg_risk`, `agg_visits`, …. */
  aggregates?: boolean;
}

/** SQL: the county each region lies in (itself for a county; NULL above the county), from a staged `regions`. */
const countyOfRegionSql = (regions: string) =>
  `SELECT r.code, CASE r.level WHEN 'county' THEN r.code WHEN 'township' THEN r.parent_code WHEN 'village' THEN t.parent_code END AS county
FROM ${ident(regions)} r LEFT JOIN ${ident(regions)} t ON t.code = r.parent_code`;

/**
 * v2: every region's parent is one level up and its code begins with the parent's (province 2 → city 4 → county 6
 * → township 9 → village 12 digits). A county may have no parent (an extract without its city row).
 */
export async function nestingProblems(conn: Connector, regions: string, file?: string): Promise<string[]> {
  const row = rowsOf<{ n: number | bigint; code: string | null; parent: string | null }>(
    await conn.query(`SELECT count(*) AS n, min(r.code) AS code, arg_min(coalesce(r.parent_code, ''), r.code) AS parent
FROM ${ident(regions)} r LEFT JOIN ${ident(regions)} p ON p.code = r.parent_code
WHERE CASE r.level
  WHEN 'province' THEN r.parent_code IS NOT NULL
  WHEN 'city' THEN r.parent_code IS NOT NULL AND p.level IS DISTINCT FROM 'province'
  WHEN 'county' THEN r.parent_code IS NOT NULL AND p.level IS DISTINCT FROM 'city'
  WHEN 'township' THEN p.level IS DISTINCT FROM 'county'
  ELSE p.level IS DISTINCT FROM 'township' END
  OR (r.parent_code IS NOT NULL AND NOT starts_with(r.code, r.parent_code))`),
  )[0];
  return Number(row?.n ?? 0) > 0 ? [msg.notNested(String(row?.code), String(row?.parent), Number(row?.n), file)] : [];
}

/** Rows of a county's partition that lie in another county (located by village, region, or child). */
async function wrongCountyProblems(conn: Connector, spec: TableSpec, file: string, part: string, county: string, staged: (name: string) => string): Promise<string[]> {
  const located =
    spec.name === 'children' || spec.name === 'water_points'
      ? { column: 'village_code', join: `JOIN ${ident(staged('county_of'))} k ON k.code = s.village_code` }
      : spec.name === 'stations' || spec.name === 'staff'
        ? { column: 'region_code', join: `JOIN ${ident(staged('county_of'))} k ON k.code = s.region_code` }
        : { column: 'child_key', join: `JOIN ${ident(staged('children'))} c ON c.child_key = s.child_key JOIN ${ident(staged('county_of'))} k ON k.code = c.village_code` };
  const row = rowsOf<{ n: number | bigint; example: string | null }>(
    await conn.query(`SELECT count(*) AS n, any_value(s.${ident(located.column)}) AS example FROM ${ident(part)} s ${located.join} WHERE k.county IS DISTINCT FROM ${literal(county)}`),
  )[0];
  return Number(row?.n ?? 0) > 0 ? [msg.wrongCounty(file, located.column, county, Number(row?.n), String(row?.example))] : [];
}

/**
 * An extract with `county_regions`: the top regions file may hold only province, city and county rows, and a
 * county's own file only township and village rows whose codes begin with the county's.
 */
export async function regionFileProblems(conn: Connector, part: string, file: string, county: string | null): Promise<string[]> {
  const levels = county === null ? TOP_REGION_LEVELS : COUNTY_REGION_LEVELS;
  const row = rowsOf<{ n: number | bigint; example: string | null; outside: number | bigint; outside_example: string | null }>(
    await conn.query(
      `SELECT count(*) FILTER (WHERE level NOT IN (${levels.map(literal).join(', ')})) AS n, min(code) FILTER (WHERE level NOT IN (${levels.map(literal).join(', ')})) AS example,
        ${county === null ? '0' : `count(*) FILTER (WHERE NOT starts_with(code, ${literal(county)}))`} AS outside, ${county === null ? 'NULL' : `min(code) FILTER (WHERE NOT starts_with(code, ${literal(county)}))`} AS outside_example
       FROM ${ident(part)}`,
    ),
  )[0];
  const problems: string[] = [];
  const n = Number(row?.n ?? 0);
  if (n > 0) problems.push(countyMsg.wrongRegionLevel(file, n, levels.map((l) => countyMsg.regionLevelNames[l]).join('、'), String(row?.example)));
  const outside = Number(row?.outside ?? 0);
  if (county !== null && outside > 0) problems.push(msg.wrongCounty(file, 'code', county, outside, String(row?.outside_example)));
  return problems;
}

/** What staging one file needs and adds to: the load's engine, source, decoder, budget, and its running state. */
export interface StageContext {
  conn: Connector;
  source: ExtractSource;
  decode: ParquetDecoder;
  budget: MemoryBudget;
  /** Rows (from the footers) and decoded bytes taken so far by the files of the table being staged. */
  taken: { rows: number; bytes: number };
  asOf: string;
  extent: Extent;
  /** Problems found, added to. */
  problems: ProblemLike[];
  /** Tables this load created, added to (the caller drops them if the load fails). */
  created: string[];
}

/** The columns of a table with no rows, typed as the spec says. */
export const emptyColumns = (spec: { columns: readonly { name: string; type: string }[] }): string =>
  spec.columns.map((c) => `CAST(NULL AS ${c.type}) AS ${ident(c.name)}`).join(', ');

/**
 * Reads, decodes, inserts and checks one Parquet file of a table as `partName` (columns normalized to the spec):
 * refused over the budget before and after decoding, then columns, boundaries and values checked, and, with
 * `inCounty`, every row checked to lie in that county (through `inCounty.tableOf('county_of')` and, for tables
 * located by child, its `children`). Returns null when the file could not be staged (its problems are added),
 * else the extent its boundaries give, if it has any. A file over the extract's total, or memory running out,
 * ends the load (thrown).
 */
export async function stageFile(
  ctx: StageContext,
  spec: TableSpec,
  file: string,
  rawName: string,
  partName: string,
  inCounty: { county: string; tableOf: (name: string) => string } | null,
  /** The file's boundaries are checked in `ctx.extent` rather than giving their own (a county's regions file). */
  inExtent = false,
): Promise<{ extent: Extent | null; rows: number; bytes: number } | null> {
  const { conn, budget, taken, problems, created } = ctx;
  const left: MemoryBudget = { ...budget, maxRowsPerTable: budget.maxRowsPerTable - taken.rows, maxTableBytes: budget.maxTableBytes - taken.bytes };
  let bytes: Uint8Array;
  try {
    bytes = await ctx.source.readFile(file);
  } catch (e) {
    // Over the extract's total: reading on would only take more memory.
    if (e instanceof BudgetError) throw new ExtractError([...problems, e.message]);
    problems.push(describeError(e, { file, stage: 'read' }));
    return null;
  }
  const overBudget = footerRefusal(file, bytes, left);
  if (overBudget) {
    problems.push(overBudget);
    return null;
  }
  const fileBytes = bytes.byteLength;
  taken.rows += parquetShape(bytes)?.rows ?? 0;
  let ipc: Uint8Array;
  try {
    ipc = await ctx.decode(bytes);
  } catch (e) {
    if (isOutOfMemory(e, ctx.decode.wasmBytes?.())) throw new ExtractError([...problems, { text: memMsg.outOfMemory(file), detail: technicalText(e) }]);
    problems.push(describeError(e, { file, stage: 'decode' }));
    return null;
  }
  const decodedOverBudget = decodedRefusal(file, ipc, left);
  if (decodedOverBudget) {
    problems.push(decodedOverBudget);
    return null;
  }
  taken.bytes += ipc.byteLength;
  try {
    await conn.insertArrowIpc(rawName, ipc);
  } catch (e) {
    // The native engine decodes here (its decoder passes Parquet through): a broken file fails at insert.
    if (isOutOfMemory(e)) throw e;
    problems.push(describeError(e, { file, stage: 'decode' }));
    return null;
  }
  created.push(rawName);
  const fileSpec = { ...spec, file };
  const { problems: columnProblems, select } = await checkColumns(conn, fileSpec, rawName);
  problems.push(...columnProblems);
  let extent: Extent | null = null;
  if (columnProblems.length === 0) {
    await conn.query(`CREATE TABLE ${ident(partName)} AS SELECT ${select} FROM ${ident(rawName)}`);
    created.push(partName);
    if (spec.columns.some((c) => c.geometry)) {
      const geometry = await checkGeometry(conn, fileSpec, partName, inExtent ? ctx.extent : undefined);
      problems.push(...geometry.problems);
      extent = geometry.extent;
    }
    problems.push(...(await checkValues(conn, fileSpec, partName, { asOf: ctx.asOf, extent: extent ?? ctx.extent })));
    if (inCounty) problems.push(...(await wrongCountyProblems(conn, spec, file, partName, inCounty.county, inCounty.tableOf)));
  }
  await conn.query(`DROP TABLE ${ident(rawName)}`);
  created.splice(created.indexOf(rawName), 1);
  if (columnProblems.length > 0) return null;
  const counted = rowsOf<{ n: number | bigint }>(await conn.query(`SELECT count(*) AS n FROM ${ident(partName)}`))[0];
  return { extent, rows: Number(counted?.n ?? 0), bytes: fileBytes };
}

/**
 * Loads an extract into DuckDB: manifest checked first, each Parquet file decoded to Arrow and inserted into a
 * staging table, every table checked against the schema (values, text lengths, date windows, boundaries decoded
 * and checked, coordinates inside the county's extent), and only then swapped in place of the tables already
 * loaded. A refused extract leaves the previous one untouched. A table over `budget` (rows or size, from its
 * Parquet footer before it is decoded; a table in several county files counts all of them) is refused naming the
 * file and the limit; running out of memory is reported as such, never as a broken file.
 *
 * Version 2: the regions must nest (see {@link nestingProblems}), every county of the manifest must have its
 * `regions` row and the top area its own; each county's file may hold only that county's rows. With
 * `options.counties`, only those counties' files are read (the other counties' rows are then absent).
 */
export async function loadExtract(
  conn: Connector,
  source: ExtractSource,
  decode: ParquetDecoder,
  onProgress?: (p: LoadProgress) => void,
  budget: MemoryBudget = budgetFor(undefined),
  options: LoadOptions = {},
): Promise<LoadedExtract> {
  let manifestJson: unknown;
  try {
    manifestJson = await source.readManifest();
  } catch (e) {
    throw new ExtractError([describeError(e, { file: 'manifest.json', stage: 'read' })]);
  }
  const parsed = parseManifest(manifestJson);
  if (!parsed.ok) throw new ExtractError(parsed.errors);
  const manifest = parsed.manifest;
  const known = manifest.counties.map((c) => c.code);
  const unknown = (options.counties ?? []).filter((c) => !known.includes(c));
  if (unknown.length > 0) throw new ExtractError([msg.unknownCounties(unknown)]);
  const counties = options.counties ? known.filter((c) => options.counties?.includes(c)) : known;

  loads += 1;
  const prefix = `staging_${loads}_`;
  const raw = (name: string) => `${prefix}raw_${name}`;
  const staged = (name: string) => `${prefix}${name}`;
  const present = TABLES.filter((t) => manifest.tables[t.name] !== undefined);
  const created: string[] = [];
  const dropStaging = async () => {
    for (const t of created) await conn.query(`DROP TABLE IF EXISTS ${ident(t)}`);
  };

  // The file being read, decoded or inserted, named if memory runs out.
  let current = 'manifest.json';
  try {
    const problems: ProblemLike[] = [];
    // regions comes first (TABLES' order): its boundaries give the extent the other tables' points are checked in.
    let extent: Extent = CHINA_EXTENT;
    let done = 0;
    for (const spec of present) {
      // With `county_regions`, the counties' own township and village rows follow the top regions file.
      const files: { file: string; county: string | null; ownRegions?: true }[] =
        spec.name === 'regions' ? [...tableFiles(manifest, 'regions'), ...countyRegionFiles(manifest, counties).map((f) => ({ ...f, ownRegions: true as const }))] : tableFiles(manifest, spec.name, counties);
      const parts: string[] = [];
      const taken = { rows: 0, bytes: 0 };
      for (const [i, { file, county, ownRegions }] of files.entries()) {
        current = file;
        const partName = files.length === 1 ? staged(spec.name) : staged(`${spec.name}_${i}`);
        const rawName = files.length === 1 ? raw(spec.name) : raw(`${spec.name}_${i}`);
        const stage: StageContext = { conn, source, decode, budget, taken, asOf: manifest.as_of, extent, problems, created };
        const checkCounty = county !== null && created.includes(staged('county_of')) && (!(spec.name === 'visits' || spec.name === 'colour_assessments') || created.includes(staged('children')));
        const result = await stageFile(stage, spec, file, rawName, partName, checkCounty && county !== null && !ownRegions ? { county, tableOf: staged } : null, ownRegions === true);
        if (result === null) continue;
        parts.push(partName);
        if (result.extent && !ownRegions) extent = result.extent;
        if (spec.name === 'regions' && manifest.county_regions !== undefined) problems.push(...(await regionFileProblems(conn, partName, file, county)));
      }
      if (files.length === 0) {
        // No county asked for: the table exists, empty, for the counties' rows to be added to later.
        await conn.query(`CREATE TABLE ${ident(staged(spec.name))} AS SELECT ${emptyColumns(spec)} LIMIT 0`);
        created.push(staged(spec.name));
      }
      if (files.length > 1 && parts.length === files.length) {
        await conn.query(`CREATE TABLE ${ident(staged(spec.name))} AS ${parts.map((p) => `SELECT * FROM ${ident(p)}`).join(' UNION ALL ')}`);
        created.push(staged(spec.name));
        for (const p of parts) await conn.query(`DROP TABLE ${ident(p)}`);
        // Each file's keys were checked alone; a key in two counties' files is checked here.
        if (spec.key) {
          const keys = spec.key.map(ident).join(', ');
          const dup = rowsOf<{ n: number | bigint }>(
            await conn.query(`SELECT count(*) AS n FROM (SELECT ${keys} FROM ${ident(staged(spec.name))} GROUP BY ${keys} HAVING count(*) > 1)`),
          )[0];
          if (Number(dup?.n ?? 0) > 0) problems.push(msg.duplicateKey(manifest.tables[spec.name] as string, spec.key.join(' + '), Number(dup?.n)));
        }
      }
      if (spec.name === 'regions' && created.includes(staged('regions'))) {
        await conn.query(`CREATE TABLE ${ident(staged('county_of'))} AS ${countyOfRegionSql(staged('regions'))}`);
        created.push(staged('county_of'));
        if (manifest.format_version >= 2) problems.push(...(await nestingProblems(conn, staged('regions'))));
      }
      done += 1;
      onProgress?.({ done, total: present.length, table: spec.name });
    }
    // Cross-table checks need every table staged; value problems alone do not stop them, so that one load
    // reports everything wrong with an extract.
    if (present.some((spec) => !created.includes(staged(spec.name)))) throw new ExtractError(problems);

    for (const spec of TABLES) {
      if (manifest.tables[spec.name] === undefined) {
        await conn.query(`CREATE TABLE ${ident(staged(spec.name))} AS SELECT ${emptyColumns(spec)} LIMIT 0`);
        created.push(staged(spec.name));
      }
    }
    const aggregates = options.aggregates ? AGGREGATE_TABLES.filter((spec) => manifest.aggregates?.tables[spec.name] !== undefined) : [];
    for (const aggregate of aggregates) {
      const file = manifest.aggregates?.tables[aggregate.name] as string;
      current = file;
      const spec = aggregate as unknown as TableSpec;
      const stage: StageContext = { conn, source, decode, budget, taken: { rows: 0, bytes: 0 }, asOf: manifest.as_of, extent, problems, created };
      if ((await stageFile(stage, spec, file, raw(aggregate.name), staged(aggregate.name), null)) === null) continue;
      if (manifest.county_regions === undefined) problems.push(...(await checkReferences(conn, { ...spec, file }, staged)));
      else problems.push(...(await aggregateReferenceProblems(conn, { ...spec, file }, staged, manifest, counties)));
    }
    if (aggregates.some((spec) => !created.includes(staged(spec.name)))) throw new ExtractError(problems);
    for (const spec of present) {
      const file = manifest.tables[spec.name] as string;
      problems.push(...(await checkReferences(conn, { ...spec, file: files1(manifest, spec.name, counties) ?? file }, staged)));
    }
    if (manifest.format_version === 1) {
      const county = rowsOf<{ n: number | bigint }>(
        await conn.query(`SELECT count(*) AS n FROM ${ident(staged('regions'))} WHERE level = 'county' AND code = ${literal(manifest.county_code)}`),
      )[0];
      if (Number(county?.n ?? 0) !== 1) problems.push(msg.noCounty(manifest.county_code));
    } else {
      const found = rowsOf<{ code: string; level: string }>(
        await conn.query(`SELECT code, level FROM ${ident(staged('regions'))} WHERE level IN ('province', 'city', 'county')`),
      );
      const has = (level: string, code: string) => found.some((r) => r.level === level && r.code === code);
      if (!has(manifest.area_level, manifest.area_code)) problems.push(msg.areaRowMissing(manifest.area_level, manifest.area_code));
      for (const c of manifest.counties) if (!has('county', c.code)) problems.push(msg.countyRowMissing(c.code));
    }
    if (problems.length > 0) throw new ExtractError(problems);
    await conn.query(`DROP TABLE ${ident(staged('county_of'))}`);
    created.splice(created.indexOf(staged('county_of')), 1);
    // Derived from the checked boundaries, swapped in with the tables.
    await createVillageAdjacency(conn, staged('regions'), staged(VILLAGE_ADJACENCY));
    created.push(staged(VILLAGE_ADJACENCY));

    const rowCounts = {} as Record<TableName, number>;
    await conn.query('BEGIN TRANSACTION');
    for (const name of [...TABLES.map((spec) => spec.name), VILLAGE_ADJACENCY]) {
      await conn.query(`DROP TABLE IF EXISTS ${ident(name)}`);
      await conn.query(`ALTER TABLE ${ident(staged(name))} RENAME TO ${ident(name)}`);
    }
    // The previous extract's aggregates never outlive it.
    for (const name of AGGREGATE_TABLE_NAMES) {
      await conn.query(`DROP TABLE IF EXISTS ${ident(name)}`);
      if (aggregates.some((spec) => spec.name === name)) await conn.query(`ALTER TABLE ${ident(staged(name))} RENAME TO ${ident(name)}`);
    }
    await conn.query('COMMIT');
    created.length = 0;
    for (const spec of TABLES) {
      const row = rowsOf<{ n: number | bigint }>(await conn.query(`SELECT count(*) AS n FROM ${ident(spec.name)}`))[0];
      rowCounts[spec.name] = Number(row?.n ?? 0);
    }
    return { id: `${manifest.county_code}@${manifest.as_of}#${loads}`, manifest, rowCounts, counties, extent, aggregates: aggregates.map((spec) => spec.name) };
  } catch (e) {
    await dropStaging().catch(() => undefined);
    throw e instanceof ExtractError || !isOutOfMemory(e) ? e : new ExtractError([{ text: memMsg.outOfMemory(current), detail: technicalText(e) }]);
  }
}

/**
 * References of an aggregate table to `regions` when the townships and villages of the counties not loaded are
 * absent (`county_regions`): rows of the province, cities, counties and the loaded counties' areas must name a
 * region, and the others a county of the manifest; the rest of their rows are checked as the county is loaded
 * (src/db/county-load.ts).
 */
async function aggregateReferenceProblems(conn: Connector, spec: TableSpec, staged: (name: string) => string, manifest: Manifest, loaded: readonly string[]): Promise<string[]> {
  const file = spec.file;
  const inLoaded = loaded.length > 0 ? `OR left(region_code, 6) IN (${loaded.map(literal).join(', ')})` : '';
  const view = `${staged(spec.name)}_refs`;
  await conn.query(`CREATE TEMP VIEW ${ident(view)} AS SELECT * FROM ${ident(staged(spec.name))} WHERE length(region_code) <= 6 ${inLoaded}`);
  try {
    const problems = await checkReferences(conn, spec, (name) => (name === spec.name ? view : staged(name)));
    const known = manifest.counties.map((c) => literal(c.code)).join(', ');
    const row = rowsOf<{ n: number | bigint; example: string | null }>(
      await conn.query(`SELECT count(*) AS n, min(region_code) AS example FROM ${ident(staged(spec.name))} WHERE length(region_code) > 6 AND left(region_code, 6) NOT IN (${known})`),
    )[0];
    if (Number(row?.n ?? 0) > 0) problems.push(msg.badReference(file, 'region_code', 'regions.code', String(row?.example), Number(row?.n)));
    return problems;
  } finally {
    await conn.query(`DROP VIEW IF EXISTS ${ident(view)}`);
  }
}

/** The one file a table was read from, when it was one; null when it was several county files. */
function files1(manifest: Manifest, table: TableName, counties: readonly string[]): string | null {
  const files = tableFiles(manifest, table, counties);
  return files.length === 1 ? (files[0]?.file ?? null) : null;
}

/**
 * One county's raw rows added to, or taken out of, the tables of an extract of several counties that is already
 * loaded (src/db/load-extract.ts with `counties: []`, or fewer than all): the county's files (the manifest's file
 * template) are read, checked as the loader checks them, and only then inserted, all in one transaction. A county
 * refused leaves the tables as they were.
 */
import type { Connector, ParquetDecoder } from './connector';
import { rowsOf } from './connector';
import { ExtractError, nestingProblems, regionFileProblems, stageFile, type ExtractSource, type StageContext } from './load-extract';
import { addCountyAdjacency, VILLAGE_ADJACENCY } from './adjacency-table';
import { budgetFor, type MemoryBudget } from './memory-budget';
import { countyRegionFiles, isTemplate, tableFiles } from '../extract/manifest';
import { TABLES, type AggregateTableName, type Manifest, type TableName, type TableSpec } from '../extract/schema';
import { checkReferences, type Extent } from '../extract/validate-tables';
import { CHINA_EXTENT } from '../extract/validate-geometry';
import { ident, literal } from '../measures/sql';
import { countyText as t } from '../i18n/zh-counties';
import type { ProblemLike } from '../i18n/errors';
import { problems as msg } from '../i18n/zh';

export interface CountyProgress {
  county: string;
  /** Tables done, of `total`. */
  done: number;
  total: number;
  /** Parquet bytes read so far. */
  bytes: number;
}

export interface CountyLoaded {
  county: string;
  /** Rows added, all tables together. */
  rows: number;
  /** Parquet bytes read. */
  bytes: number;
}

/**
 * The tables held one file per county in this extract: every raw table but regions, in a multi-county extract, and
 * regions too (its township and village rows) when the manifest has `county_regions`.
 */
export function countyTables(manifest: Manifest): TableSpec[] {
  return TABLES.filter((spec) => {
    if (spec.name === 'regions') return manifest.county_regions !== undefined;
    const file = manifest.tables[spec.name];
    return file !== undefined && isTemplate(file);
  });
}

/** The file of `county`'s rows of `table` (one of {@link countyTables}). */
export function countyFile(manifest: Manifest, table: TableName, county: string): string {
  if (table === 'regions') return (countyRegionFiles(manifest, [county])[0] as { file: string }).file;
  return (tableFiles(manifest, table, [county])[0] as { file: string }).file;
}

/** SQL: rows of `table` (a live raw table or a staged copy of it) that lie in `county`, by their code or their child. */
function inCountySql(table: TableName, county: string, children = 'children'): string {
  const prefix = literal(county);
  switch (table) {
    case 'regions':
      return `level IN ('township', 'village') AND starts_with(code, ${prefix})`;
    case 'children':
    case 'water_points':
      return `starts_with(village_code, ${prefix})`;
    case 'stations':
    case 'staff':
      return `starts_with(region_code, ${prefix})`;
    default:
      return `child_key IN (SELECT child_key FROM ${ident(children)} WHERE starts_with(village_code, ${prefix}))`;
  }
}

let countyLoads = 0;

/**
 * Adds `county`'s rows to the raw tables: each of its files read, refused over `budget` as the loader refuses, its
 * columns, values and coordinates (in `extent`) checked, every row checked to lie in the county, references checked
 * against `regions` and the county's own children, and keys checked against the rows already loaded. With
 * `county_regions`, its township and village rows come first, checked as the loader checks them (boundaries in
 * `extent`, levels, nesting under the county) and with `aggregates`' rows of its areas naming one of them; its
 * villages' neighbours are added to village_adjacency. Throws an {@link ExtractError} naming the file (a file
 * missing on the server, corrupt, or wrong) and changes nothing then. A county already loaded is refused by its
 * duplicate keys, so callers load a county once.
 */
export async function loadCounty(
  conn: Connector,
  source: ExtractSource,
  decode: ParquetDecoder,
  manifest: Manifest,
  county: string,
  options: { extent?: Extent; budget?: MemoryBudget; onProgress?: (p: CountyProgress) => void; aggregates?: readonly AggregateTableName[] } = {},
): Promise<CountyLoaded> {
  if (!manifest.counties.some((c) => c.code === county)) throw new ExtractError([msg.unknownCounties([county])]);
  countyLoads += 1;
  const prefix = `county_${countyLoads}_`;
  const staged = (name: string) => `${prefix}${name}`;
  const ownRegions = manifest.county_regions !== undefined;
  // With its own regions file, the county's areas are the staged rows, seen with the rest through one view.
  const tableOf = (name: string) => (name === 'regions' ? (ownRegions ? staged('all_regions') : 'regions') : name === 'county_of' ? staged('county_of') : staged(name));
  const specs = countyTables(manifest);
  const problems: ProblemLike[] = [];
  const created: string[] = [];
  const views: string[] = [];
  const budget = options.budget ?? budgetFor(undefined);
  const extent = options.extent ?? CHINA_EXTENT;
  let bytes = 0;
  let rows = 0;
  try {
    let done = 0;
    options.onProgress?.({ county, done, total: specs.length, bytes });
    for (const spec of specs) {
      const file = countyFile(manifest, spec.name, county);
      const ctx: StageContext = { conn, source, decode, budget, taken: { rows: 0, bytes: 0 }, asOf: manifest.as_of, extent, problems, created };
      if (spec.name === 'regions') {
        const result = await stageFile(ctx, spec, file, staged('raw_regions'), staged('regions'), null, true);
        if (result) {
          bytes += result.bytes;
          rows += result.rows;
          problems.push(...(await regionFileProblems(conn, staged('regions'), file, county)));
          await conn.query(`CREATE TEMP VIEW ${ident(staged('all_regions'))} AS SELECT * FROM regions UNION ALL BY NAME SELECT * FROM ${ident(staged('regions'))}`);
          views.push(staged('all_regions'));
          await conn.query(`CREATE TEMP VIEW ${ident(staged('nesting'))} AS SELECT * FROM regions WHERE level IN ('province', 'city', 'county') UNION ALL BY NAME SELECT * FROM ${ident(staged('regions'))}`);
          views.push(staged('nesting'));
          problems.push(...(await nestingProblems(conn, staged('nesting'), file)));
          problems.push(...(await aggregateRowsUnknown(conn, options.aggregates ?? [], manifest, county, staged('regions'))));
        }
        // The other files are located through the county's regions: without them there is nothing to check them by.
        if (!result) throw new ExtractError(problems);
      } else {
        if (!created.includes(staged('county_of'))) {
          await conn.query(
            `CREATE TABLE ${ident(staged('county_of'))} AS SELECT r.code, ${literal(county)} AS county FROM ${ident(tableOf('regions'))} r WHERE starts_with(r.code, ${literal(county)}) AND length(r.code) >= 6`,
          );
          created.push(staged('county_of'));
        }
        const byChild = spec.name === 'visits' || spec.name === 'colour_assessments';
        const result = await stageFile(ctx, spec, file, staged(`raw_${spec.name}`), staged(spec.name), !byChild || created.includes(staged('children')) ? { county, tableOf } : null);
        if (result) {
          bytes += result.bytes;
          rows += result.rows;
        }
      }
      done += 1;
      options.onProgress?.({ county, done, total: specs.length, bytes });
    }
    if (specs.some((spec) => !created.includes(staged(spec.name)))) throw new ExtractError(problems);
    // With every file staged: references (to regions and the county's own children), and keys against the rows of
    // the counties already loaded.
    for (const spec of specs) {
      if (spec.name === 'regions') continue;
      const file = countyFile(manifest, spec.name, county);
      problems.push(...(await checkReferences(conn, { ...spec, file }, tableOf)));
      if (spec.key) {
        const on = spec.key.map((k) => `s.${ident(k)} = l.${ident(k)}`).join(' AND ');
        const dup = rowsOf<{ n: number | bigint }>(await conn.query(`SELECT count(*) AS n FROM ${ident(staged(spec.name))} s JOIN ${ident(spec.name)} l ON ${on}`))[0];
        if (Number(dup?.n ?? 0) > 0) problems.push(t.duplicateAcross(file, spec.key.join(' + '), Number(dup?.n)));
      }
    }
    if (problems.length > 0) throw new ExtractError(problems);
    if (ownRegions) {
      await conn.query(`CREATE TABLE ${ident(staged('adjacency'))} (code VARCHAR NOT NULL, neighbour_code VARCHAR NOT NULL)`);
      created.push(staged('adjacency'));
      await addCountyAdjacency(conn, staged('regions'), county, staged('adjacency'));
    }
    for (const view of views) await conn.query(`DROP VIEW IF EXISTS ${ident(view)}`);
    views.length = 0;
    await conn.query('BEGIN TRANSACTION');
    try {
      for (const spec of specs) {
        const columns = spec.columns.map((c) => ident(c.name)).join(', ');
        await conn.query(`INSERT INTO ${ident(spec.name)} (${columns}) SELECT ${columns} FROM ${ident(staged(spec.name))}`);
      }
      if (ownRegions) await conn.query(`INSERT INTO ${VILLAGE_ADJACENCY} SELECT * FROM ${ident(staged('adjacency'))}`);
      await conn.query('COMMIT');
    } catch (e) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    return { county, rows, bytes };
  } finally {
    for (const name of views) await conn.query(`DROP VIEW IF EXISTS ${ident(name)}`).catch(() => undefined);
    for (const name of created) await conn.query(`DROP TABLE IF EXISTS ${ident(name)}`).catch(() => undefined);
  }
}

/**
 * Rows of the aggregate tables for `county`'s townships and villages that name none of its regions (staged in
 * `countyRegions`): the loader checked the rest of their references when the extract was opened.
 */
async function aggregateRowsUnknown(conn: Connector, aggregates: readonly AggregateTableName[], manifest: Manifest, county: string, countyRegions: string): Promise<string[]> {
  const problems: string[] = [];
  for (const name of aggregates) {
    const row = rowsOf<{ n: number | bigint; example: string | null }>(
      await conn.query(
        `SELECT count(*) AS n, min(g.region_code) AS example FROM ${ident(name)} g WHERE length(g.region_code) > 6 AND starts_with(g.region_code, ${literal(county)})
         AND NOT EXISTS (SELECT 1 FROM ${ident(countyRegions)} r WHERE r.code = g.region_code)`,
      ),
    )[0];
    if (Number(row?.n ?? 0) > 0) problems.push(msg.badReference(manifest.aggregates?.tables[name] ?? `${name}.parquet`, 'region_code', 'regions.code', String(row?.example), Number(row?.n)));
  }
  return problems;
}

/** Takes `county`'s rows out of the raw tables (the tables stay, with the other counties' rows). */
export async function releaseCounty(conn: Connector, manifest: Manifest, county: string): Promise<void> {
  // Rows located by child go before the children they are located by.
  const order = countyTables(manifest).sort((a, b) => Number(b.name === 'visits' || b.name === 'colour_assessments') - Number(a.name === 'visits' || a.name === 'colour_assessments'));
  await conn.query('BEGIN TRANSACTION');
  try {
    for (const spec of order) await conn.query(`DELETE FROM ${ident(spec.name)} WHERE ${inCountySql(spec.name, county)}`);
    if (manifest.county_regions !== undefined) {
      await conn.query(`DELETE FROM ${VILLAGE_ADJACENCY} WHERE starts_with(code, ${literal(county)}) OR starts_with(neighbour_code, ${literal(county)})`);
    }
    await conn.query('COMMIT');
  } catch (e) {
    await conn.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Rows of `county` in the raw tables, all together. */
export async function countyRows(conn: Connector, manifest: Manifest, county: string): Promise<number> {
  const specs = countyTables(manifest);
  if (specs.length === 0) return 0;
  const row = rowsOf<{ n: number | bigint }>(
    await conn.query(`SELECT ${specs.map((spec) => `(SELECT count(*) FROM ${ident(spec.name)} WHERE ${inCountySql(spec.name, county)})`).join(' + ')} AS n`),
  )[0];
  return Number(row?.n ?? 0);
}

/** The rows a county's files hold by the manifest (`counties[].rows`), all tables but regions; null when not listed. */
export function listedRows(manifest: Manifest, county: string): number | null {
  const rows = manifest.counties.find((c) => c.code === county)?.rows;
  if (!rows) return null;
  return countyTables(manifest).reduce((sum, spec) => sum + (rows[spec.name] ?? 0), 0);
}


/**
 * One county's raw rows added to, or taken out of, the tables of an extract of several counties that is already
 * loaded (src/db/load-extract.ts with `counties: []`, or fewer than all): the county's files (the manifest's file
 * template) are read, checked as the loader checks them, and only then inserted, all in one transaction. A county
 * refused leaves the tables as they were.
 */
import type { Connector, ParquetDecoder } from './connector';
import { rowsOf } from './connector';
import { ExtractError, stageFile, type ExtractSource, type StageContext } from './load-extract';
import { budgetFor, type MemoryBudget } from './memory-budget';
import { isTemplate, tableFiles } from '../extract/manifest';
import { TABLES, type Manifest, type TableName, type TableSpec } from '../extract/schema';
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

/** The raw tables held one file per county in this extract (every table but regions, in a multi-county extract). */
export function countyTables(manifest: Manifest): TableSpec[] {
  return TABLES.filter((spec) => {
    const file = manifest.tables[spec.name];
    return file !== undefined && isTemplate(file);
  });
}

/** SQL: rows of `table` (a live raw table or a staged copy of it) that lie in `county`, by their code or their child. */
function inCountySql(table: TableName, county: string, children = 'children'): string {
  const prefix = literal(county);
  switch (table) {
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
 * against `regions` and the county's own children, and keys checked against the rows already loaded. Throws an
 * {@link ExtractError} naming the file (a file missing on the server, corrupt, or wrong) and changes nothing then.
 * A county already loaded is refused by its duplicate keys, so callers load a county once.
 */
export async function loadCounty(
  conn: Connector,
  source: ExtractSource,
  decode: ParquetDecoder,
  manifest: Manifest,
  county: string,
  options: { extent?: Extent; budget?: MemoryBudget; onProgress?: (p: CountyProgress) => void } = {},
): Promise<CountyLoaded> {
  if (!manifest.counties.some((c) => c.code === county)) throw new ExtractError([msg.unknownCounties([county])]);
  countyLoads += 1;
  const prefix = `county_${countyLoads}_`;
  const staged = (name: string) => `${prefix}${name}`;
  const tableOf = (name: string) => (name === 'regions' ? 'regions' : name === 'county_of' ? staged('county_of') : staged(name));
  const specs = countyTables(manifest);
  const problems: ProblemLike[] = [];
  const created: string[] = [];
  const budget = options.budget ?? budgetFor(undefined);
  let bytes = 0;
  let rows = 0;
  try {
    await conn.query(
      `CREATE TABLE ${ident(staged('county_of'))} AS SELECT r.code, ${literal(county)} AS county FROM regions r WHERE starts_with(r.code, ${literal(county)}) AND length(r.code) >= 6`,
    );
    created.push(staged('county_of'));
    let done = 0;
    options.onProgress?.({ county, done, total: specs.length, bytes });
    for (const spec of specs) {
      const { file } = tableFiles(manifest, spec.name, [county])[0] as { file: string };
      const ctx: StageContext = { conn, source, decode, budget, taken: { rows: 0, bytes: 0 }, asOf: manifest.as_of, extent: options.extent ?? CHINA_EXTENT, problems, created };
      const byChild = spec.name === 'visits' || spec.name === 'colour_assessments';
      const result = await stageFile(ctx, spec, file, staged(`raw_${spec.name}`), staged(spec.name), !byChild || created.includes(staged('children')) ? { county, tableOf } : null);
      if (result) {
        bytes += result.bytes;
        rows += result.rows;
      }
      done += 1;
      options.onProgress?.({ county, done, total: specs.length, bytes });
    }
    if (specs.some((spec) => !created.includes(staged(spec.name)))) throw new ExtractError(problems);
    // With every file staged: references (to regions and the county's own children), and keys against the rows of
    // the counties already loaded.
    for (const spec of specs) {
      const { file } = tableFiles(manifest, spec.name, [county])[0] as { file: string };
      problems.push(...(await checkReferences(conn, { ...spec, file }, tableOf)));
      if (spec.key) {
        const on = spec.key.map((k) => `s.${ident(k)} = l.${ident(k)}`).join(' AND ');
        const dup = rowsOf<{ n: number | bigint }>(await conn.query(`SELECT count(*) AS n FROM ${ident(staged(spec.name))} s JOIN ${ident(spec.name)} l ON ${on}`))[0];
        if (Number(dup?.n ?? 0) > 0) problems.push(t.duplicateAcross(file, spec.key.join(' + '), Number(dup?.n)));
      }
    }
    if (problems.length > 0) throw new ExtractError(problems);
    await conn.query('BEGIN TRANSACTION');
    try {
      for (const spec of specs) {
        const columns = spec.columns.map((c) => ident(c.name)).join(', ');
        await conn.query(`INSERT INTO ${ident(spec.name)} (${columns}) SELECT ${columns} FROM ${ident(staged(spec.name))}`);
      }
      await conn.query('COMMIT');
    } catch (e) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    return { county, rows, bytes };
  } finally {
    for (const name of created) await conn.query(`DROP TABLE IF EXISTS ${ident(name)}`).catch(() => undefined);
  }
}

/** Takes `county`'s rows out of the raw tables (the tables stay, with the other counties' rows). */
export async function releaseCounty(conn: Connector, manifest: Manifest, county: string): Promise<void> {
  // Rows located by child go before the children they are located by.
  const order = countyTables(manifest).sort((a, b) => Number(b.name === 'visits' || b.name === 'colour_assessments') - Number(a.name === 'visits' || a.name === 'colour_assessments'));
  await conn.query('BEGIN TRANSACTION');
  try {
    for (const spec of order) await conn.query(`DELETE FROM ${ident(spec.name)} WHERE ${inCountySql(spec.name, county)}`);
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


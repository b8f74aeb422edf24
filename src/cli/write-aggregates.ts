/**
 * Node only: adds the aggregate tables (src/measures/aggregates.ts, described in src/extract/schema.ts) to an
 * extract folder already written. The raw tables are loaded into native DuckDB by the app's own loader (every
 * check included), each aggregate is computed there from the measures' SQL builders (one statement per level, month
 * and profile) and copied to Parquet, and the manifest gains its `aggregates` entry. The demo generator and the extract tool call it.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExtract } from '../db/load-extract';
import { createNativeConnector, parquetPassThrough, type NativeConnector } from '../db/native-engine';
import { folderSource } from '../db/node-engine';
import { AGGREGATE_TABLES, type AggregateTableName, type Manifest, type ManifestAggregates, type TableSpec } from '../extract/schema';
import { checkValues } from '../extract/validate-tables';
import { AREA_LEVELS, aggregateMonths, aggregateOrderedSql, aggregateParts, type AggregateInputs } from '../measures/aggregates';
import { ident, literal } from '../measures/sql';
import type { VisitProfile } from '../policy/profile';
import { BUILTIN_PROFILES } from '../policy/profiles';

export interface AggregateWritten {
  table: AggregateTableName;
  file: string;
  rows: number;
  bytes: number;
  /** Time to compute the table and write its Parquet file. */
  ms: number;
}

export interface AggregatesResult {
  manifest: Manifest;
  tables: AggregateWritten[];
  /** Time to load and check the raw tables in native DuckDB. */
  loadMs: number;
}

/**
 * Creates the temporary table `into` holding aggregate table `table`'s rows for `inputs`, computed by its measure
 * builders over the raw tables loaded on `conn` (src/measures/aggregates.ts). `npm run combine` runs it on one
 * county's rows at a time.
 */
export async function computeAggregate(conn: NativeConnector, table: AggregateTableName, inputs: AggregateInputs, into: string): Promise<void> {
  // One statement per part: DuckDB plans dozens of small statements much faster than one union of them.
  const [first, ...rest] = aggregateParts(table, inputs);
  await conn.run(`CREATE TEMP TABLE ${ident(into)} AS ${first as string}`);
  for (const sql of rest) await conn.run(`INSERT INTO ${ident(into)} ${sql}`);
}

/**
 * Computes and writes every aggregate table into `dir` (which must hold a loadable extract) and records them in
 * its manifest.json. `profiles` defaults to the built-in visit profiles. Throws the loader's ExtractError when the
 * extract does not load.
 */
export async function writeAggregates(dir: string, options: { profiles?: readonly VisitProfile[] } = {}): Promise<AggregatesResult> {
  const profiles = options.profiles ?? BUILTIN_PROFILES;
  const conn = await createNativeConnector();
  try {
    const started = performance.now();
    const { manifest } = await loadExtract(conn, folderSource(dir), parquetPassThrough);
    const loadMs = performance.now() - started;
    const present = new Set((await conn.rows('SELECT DISTINCT level FROM regions')).map((r) => String(r.level)));
    const levels = AREA_LEVELS.filter((l) => present.has(l));
    const tables: AggregateWritten[] = [];
    for (const spec of AGGREGATE_TABLES) {
      const path = join(dir, spec.file);
      const t0 = performance.now();
      await computeAggregate(conn, spec.name, { asOf: manifest.as_of, profiles, levels }, spec.name);
      // The rows must fit the table's spec: required values present, keys unique, codes and months well formed.
      const problems = await checkValues(conn, spec as unknown as TableSpec, spec.name, { asOf: manifest.as_of });
      if (problems.length > 0) throw new Error(`aggregate ${spec.name} does not fit its spec:\n${problems.join('\n')}`);
      await conn.run(`COPY (${aggregateOrderedSql(spec.name, ident(spec.name))}) TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
      await conn.run(`DROP TABLE ${ident(spec.name)}`);
      const ms = performance.now() - t0;
      const counted = await conn.rows(`SELECT count(*) AS n FROM read_parquet(${literal(path)})`);
      tables.push({ table: spec.name, file: spec.file, rows: Number(counted[0]?.n ?? 0), bytes: statSync(path).size, ms });
    }
    const aggregates: ManifestAggregates = {
      tables: Object.fromEntries(tables.map((t) => [t.table, t.file])),
      months: aggregateMonths(manifest.as_of),
      profiles: profiles.map((p) => p.id),
    };
    const manifestPath = join(dir, 'manifest.json');
    const written = { ...(JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>), aggregates };
    writeFileSync(manifestPath, `${JSON.stringify(written, null, 2)}\n`);
    return { manifest: { ...manifest, aggregates }, tables, loadMs };
  } finally {
    conn.close();
  }
}

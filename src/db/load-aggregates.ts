import type { Connector, ParquetDecoder } from './connector';
import { AGGREGATE_TABLES, type AggregateTableName, type Manifest, type TableSpec } from '../extract/schema';
import { checkColumns, checkValues } from '../extract/validate-tables';
import { ident } from '../measures/sql';
import { describeError, type ProblemLike } from '../i18n/errors';
import { ExtractError, loadExtract, type ExtractSource, type LoadedExtract } from './load-extract';
import { parseManifest } from '../extract/manifest';

/** Aggregate tables read and checked, waiting to replace those loaded (or to be dropped). */
export interface StagedAggregates {
  /** The aggregate tables the extract has. */
  tables: AggregateTableName[];
  /** Puts them in place of the loaded ones (dropping any of a previous extract this one lacks). */
  commit(): Promise<void>;
  /** Drops them, leaving the loaded ones as they are. */
  discard(): Promise<void>;
}

/**
 * Reads the aggregate tables the manifest lists (`aggregates.tables`) into staging tables, checked against their
 * specs (columns, types, required values, keys) as the raw tables are. Once committed they are `agg_risk`,
 * `agg_visits`, …: the views above the county read only these (src/measures/aggregate-read.ts). A refused file
 * throws an {@link ExtractError} naming it, and leaves the tables loaded before untouched. Staged apart from the
 * raw tables so that the caller commits both or neither.
 */
export async function stageAggregates(conn: Connector, source: ExtractSource, decode: ParquetDecoder, manifest: Manifest): Promise<StagedAggregates> {
  const listed = AGGREGATE_TABLES.filter((spec) => manifest.aggregates?.tables[spec.name] !== undefined);
  const staged = (name: string) => `staging_agg_${name}`;
  const created: string[] = [];
  const drop = async () => {
    for (const t of created.splice(0)) await conn.query(`DROP TABLE IF EXISTS ${ident(t)}`).catch(() => undefined);
  };
  try {
    const problems: ProblemLike[] = [];
    for (const spec of listed) {
      const file = manifest.aggregates?.tables[spec.name] as string;
      let ipc: Uint8Array;
      try {
        ipc = await decode(await source.readFile(file));
      } catch (e) {
        problems.push(describeError(e, { file, stage: 'decode' }));
        continue;
      }
      const raw = `${staged(spec.name)}_raw`;
      await conn.query(`DROP TABLE IF EXISTS ${ident(raw)}`);
      await conn.insertArrowIpc(raw, ipc);
      created.push(raw);
      const fileSpec = { ...spec, file, required: false } as unknown as TableSpec;
      const columns = await checkColumns(conn, fileSpec, raw);
      problems.push(...columns.problems);
      if (columns.problems.length > 0) continue;
      await conn.query(`DROP TABLE IF EXISTS ${ident(staged(spec.name))}`);
      await conn.query(`CREATE TABLE ${ident(staged(spec.name))} AS SELECT ${columns.select} FROM ${ident(raw)}`);
      created.push(staged(spec.name));
      await conn.query(`DROP TABLE ${ident(raw)}`);
      created.splice(created.indexOf(raw), 1);
      problems.push(...(await checkValues(conn, fileSpec, staged(spec.name), { asOf: manifest.as_of })));
    }
    if (problems.length > 0) throw new ExtractError(problems);
  } catch (e) {
    await drop();
    throw e;
  }
  return {
    tables: listed.map((spec) => spec.name),
    commit: async () => {
      await conn.query('BEGIN TRANSACTION');
      for (const spec of AGGREGATE_TABLES) {
        await conn.query(`DROP TABLE IF EXISTS ${ident(spec.name)}`);
        if (listed.includes(spec)) await conn.query(`ALTER TABLE ${ident(staged(spec.name))} RENAME TO ${ident(spec.name)}`);
      }
      await conn.query('COMMIT');
      created.length = 0;
    },
    discard: drop,
  };
}

/**
 * Loads an extract's raw tables ({@link loadExtract}) and, above the county (a city or province extract), its
 * aggregate tables ({@link stageAggregates}), both or neither: a refusal of either leaves what was loaded before
 * untouched. A county extract's aggregates are not loaded (nothing reads them), and those of a previous extract
 * are dropped.
 */
export async function loadExtractWithAggregates(
  conn: Connector,
  source: ExtractSource,
  decode: ParquetDecoder,
  ...rest: LoadRest
): Promise<LoadedExtract> {
  // A manifest that cannot be read or is refused: the loader says why, as it always has.
  const manifest = await source.readManifest().then(parseManifest, () => null);
  if (!manifest?.ok) return loadExtract(conn, source, decode, ...rest);
  // Only the views above the county read them: a county extract's start is not made longer for nothing.
  if (manifest.manifest.area_level === 'county') {
    const loaded = await loadExtract(conn, source, decode, ...rest);
    await (await stageAggregates(conn, source, decode, { ...manifest.manifest, aggregates: undefined })).commit();
    return loaded;
  }
  const aggregates = await stageAggregates(conn, source, decode, manifest.manifest);
  let loaded: LoadedExtract;
  try {
    loaded = await loadExtract(conn, source, decode, ...rest);
  } catch (e) {
    await aggregates.discard();
    throw e;
  }
  await aggregates.commit();
  return loaded;
}

type LoadRest = Parameters<typeof loadExtract> extends [unknown, unknown, unknown, ...infer R] ? R : never;

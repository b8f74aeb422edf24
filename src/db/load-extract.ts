import type { Connector, ParquetDecoder } from './connector';
import { rowsOf } from './connector';
import { parseManifest } from '../extract/manifest';
import { TABLES, type Manifest, type TableName } from '../extract/schema';
import { checkColumns, checkReferences, checkValues, type Extent } from '../extract/validate-tables';
import { CHINA_EXTENT, checkGeometry } from '../extract/validate-geometry';
import { ident, literal } from '../measures/sql';
import { memoryProblems as memMsg, problems as msg } from '../i18n/zh';
import { describeError, technicalText, toProblem, type Problem, type ProblemLike } from '../i18n/errors';
import { BudgetError, budgetFor, decodedRefusal, footerRefusal, isOutOfMemory, type MemoryBudget } from './memory-budget';
import { createVillageAdjacency, VILLAGE_ADJACENCY } from './adjacency-table';

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

/**
 * Loads an extract into DuckDB: manifest checked first, each Parquet file decoded to Arrow and inserted into a
 * staging table, every table checked against the schema (values, text lengths, date windows, boundaries decoded
 * and checked, coordinates inside the county's extent), and only then swapped in place of the tables already
 * loaded. A refused extract leaves the previous one untouched. A table over `budget` (rows or size, from its
 * Parquet footer before it is decoded) is refused naming the file and the limit; running out of memory is
 * reported as such, never as a broken file.
 */
export async function loadExtract(
  conn: Connector,
  source: ExtractSource,
  decode: ParquetDecoder,
  onProgress?: (p: LoadProgress) => void,
  budget: MemoryBudget = budgetFor(undefined),
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
      const file = manifest.tables[spec.name] as string;
      current = file;
      let bytes: Uint8Array;
      try {
        bytes = await source.readFile(file);
      } catch (e) {
        // Over the extract's total: reading on would only take more memory.
        if (e instanceof BudgetError) throw new ExtractError([...problems, e.message]);
        problems.push(describeError(e, { file, stage: 'read' }));
        continue;
      }
      const overBudget = footerRefusal(file, bytes, budget);
      if (overBudget) {
        problems.push(overBudget);
        continue;
      }
      let ipc: Uint8Array;
      try {
        ipc = await decode(bytes);
      } catch (e) {
        if (isOutOfMemory(e, decode.wasmBytes?.())) throw new ExtractError([...problems, { text: memMsg.outOfMemory(file), detail: technicalText(e) }]);
        problems.push(describeError(e, { file, stage: 'decode' }));
        continue;
      }
      const decodedOverBudget = decodedRefusal(file, ipc, budget);
      if (decodedOverBudget) {
        problems.push(decodedOverBudget);
        continue;
      }
      await conn.insertArrowIpc(raw(spec.name), ipc);
      created.push(raw(spec.name));
      const { problems: columnProblems, select } = await checkColumns(conn, { ...spec, file }, raw(spec.name));
      problems.push(...columnProblems);
      if (columnProblems.length === 0) {
        await conn.query(`CREATE TABLE ${ident(staged(spec.name))} AS SELECT ${select} FROM ${ident(raw(spec.name))}`);
        created.push(staged(spec.name));
        if (spec.columns.some((c) => c.geometry)) {
          const geometry = await checkGeometry(conn, { ...spec, file }, staged(spec.name));
          problems.push(...geometry.problems);
          extent = geometry.extent;
        }
        problems.push(...(await checkValues(conn, { ...spec, file }, staged(spec.name), { asOf: manifest.as_of, extent })));
      }
      await conn.query(`DROP TABLE ${ident(raw(spec.name))}`);
      done += 1;
      onProgress?.({ done, total: present.length, table: spec.name });
    }
    // Cross-table checks need every table staged; value problems alone do not stop them, so that one load
    // reports everything wrong with an extract.
    if (present.some((spec) => !created.includes(staged(spec.name)))) throw new ExtractError(problems);

    for (const spec of TABLES) {
      if (manifest.tables[spec.name] === undefined) {
        const columns = spec.columns.map((c) => `CAST(NULL AS ${c.type}) AS ${ident(c.name)}`).join(', ');
        await conn.query(`CREATE TABLE ${ident(staged(spec.name))} AS SELECT ${columns} LIMIT 0`);
        created.push(staged(spec.name));
      }
    }
    for (const spec of present) {
      problems.push(...(await checkReferences(conn, { ...spec, file: manifest.tables[spec.name] as string }, staged)));
    }
    const county = rowsOf<{ n: number | bigint }>(
      await conn.query(`SELECT count(*) AS n FROM ${ident(staged('regions'))} WHERE level = 'county' AND code = ${literal(manifest.county_code)}`),
    )[0];
    if (Number(county?.n ?? 0) !== 1) problems.push(msg.noCounty(manifest.county_code));
    if (problems.length > 0) throw new ExtractError(problems);
    // Derived from the checked boundaries, swapped in with the tables.
    await createVillageAdjacency(conn, staged('regions'), staged(VILLAGE_ADJACENCY));
    created.push(staged(VILLAGE_ADJACENCY));

    const rowCounts = {} as Record<TableName, number>;
    await conn.query('BEGIN TRANSACTION');
    for (const name of [...TABLES.map((spec) => spec.name), VILLAGE_ADJACENCY]) {
      await conn.query(`DROP TABLE IF EXISTS ${ident(name)}`);
      await conn.query(`ALTER TABLE ${ident(staged(name))} RENAME TO ${ident(name)}`);
    }
    await conn.query('COMMIT');
    created.length = 0;
    for (const spec of TABLES) {
      const row = rowsOf<{ n: number | bigint }>(await conn.query(`SELECT count(*) AS n FROM ${ident(spec.name)}`))[0];
      rowCounts[spec.name] = Number(row?.n ?? 0);
    }
    return { id: `${manifest.county_code}@${manifest.as_of}#${loads}`, manifest, rowCounts };
  } catch (e) {
    await dropStaging().catch(() => undefined);
    throw e instanceof ExtractError || !isOutOfMemory(e) ? e : new ExtractError([{ text: memMsg.outOfMemory(current), detail: technicalText(e) }]);
  }
}

/**
 * The final check of a written extract: the app's own loader (manifest, every column, every value, every
 * reference) run under Node on the same engine as the browser (duckdb-wasm's blocking Node bundle, parquet-wasm's
 * Node build). As tests/support/node-engine.ts does for the tests.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { readParquet } from 'parquet-wasm/node';
import type { Connector } from '../../db/connector';
import { ExtractError, loadExtract, type ExtractSource, type LoadedExtract } from '../../db/load-extract';
import { OFFLINE_SETTINGS } from '../../db/offline';

const require = createRequire(import.meta.url);

async function nodeConnector(): Promise<Connector & { close(): void }> {
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  const conn = db.connect();
  for (const sql of OFFLINE_SETTINGS) conn.query(sql);
  return {
    query: async (sql) => conn.query(sql),
    insertArrowIpc: async (table, ipc) => {
      conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
    close: () => {
      conn.close();
      db.reset();
    },
  };
}

function folder(dir: string): ExtractSource {
  return {
    readManifest: async () => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as unknown,
    readFile: async (file) => new Uint8Array(await readFile(join(dir, file))),
  };
}

/** Loads the extract in `dir` as the app would. Returns the row counts, or the loader's problems (Chinese). */
export async function verifyWithAppLoader(dir: string): Promise<{ ok: true; loaded: LoadedExtract } | { ok: false; problems: string[] }> {
  const conn = await nodeConnector();
  try {
    const loaded = await loadExtract(conn, folder(dir), (bytes) => readParquet(bytes).intoIPCStream());
    return { ok: true, loaded };
  } catch (e) {
    if (e instanceof ExtractError) return { ok: false, problems: e.problems };
    return { ok: false, problems: [`载入检查出错：${e instanceof Error ? e.message : String(e)}`] };
  } finally {
    conn.close();
  }
}

/**
 * Node only (the tests, the extract tool's final check, the benchmark): the app's loading path under Node — the
 * same duckdb-wasm engine (its blocking Node bundle) behind the same Connector interface, parquet-wasm's Node
 * build as the decoder, and a folder on disk as the extract source. Never imported by the browser app.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { readParquet } from 'parquet-wasm/node';
import type { Connector, ParquetDecoder } from './connector';
import type { ExtractSource } from './load-extract';
import { OFFLINE_SETTINGS } from './offline';

const require = createRequire(import.meta.url);

export async function createNodeConnector(): Promise<Connector & { close(): void }> {
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

export const decodeParquetNode: ParquetDecoder = (bytes) => readParquet(bytes).intoIPCStream();

export function folderSource(dir: string): ExtractSource {
  return {
    readManifest: async () => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as unknown,
    readFile: async (file) => new Uint8Array(await readFile(join(dir, file))),
  };
}

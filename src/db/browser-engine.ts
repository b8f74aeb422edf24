/**
 * duckdb-wasm in a Web Worker, self-hosted: the wasm and worker files are emitted by Vite next to the app, so
 * nothing is fetched from a CDN, and no extension is ever loaded (see ./offline.ts).
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import streamingWorker from './duckdb-streaming.worker.js?url&no-inline';
import type { Connector } from './connector';
import { OFFLINE_SETTINGS } from './offline';
import { prioritized } from './query-queue';
import { errorText, ProblemError, technicalText } from '../i18n/errors';

const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
};

let engine: Promise<Connector> | null = null;

async function start(): Promise<Connector> {
  const bundle = await duckdb.selectBundle(BUNDLES);
  if (!bundle.mainWorker) throw new Error('duckdb-wasm: no worker for this browser');
  // DuckDB's worker behind a loader that makes it compile the wasm from the fetch() Response, which Chromium's code
  // cache can hold for the next visit (see ./duckdb-streaming.worker.js).
  const worker = new Worker(`${streamingWorker}?worker=${encodeURIComponent(new URL(bundle.mainWorker, location.href).href)}`);
  const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  const conn = await db.connect();
  for (const sql of OFFLINE_SETTINGS) await conn.query(sql);
  return prioritized({
    query: (sql) => conn.query(sql),
    insertArrowIpc: async (table, ipc) => {
      await conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
    },
  });
}

/** The page's one DuckDB, started on first use. */
export function browserConnector(): Promise<Connector> {
  engine ??= start().catch((e: unknown) => {
    engine = null;
    throw new ProblemError({ text: errorText.engineFailed, detail: technicalText(e) });
  });
  return engine;
}

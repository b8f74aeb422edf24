import { afterAll, beforeAll } from 'vitest';
import { rowsOf } from '../../src/db/connector';
import { loadExtract } from '../../src/db/load-extract';
import type { TableRows } from '../../src/cli/write-extract';
import type { ManifestHeader } from '../../src/extract/schema';
import { writeTempExtract } from './extract-fixture';
import { createNodeConnector, decodeParquetNode, folderSource } from './node-engine';

/**
 * A hand-made extract, written to a temporary folder and loaded through the app's own path (Parquet →
 * parquet-wasm → duckdb-wasm under Node) before the file's tests, removed after them.
 */
export function loadedFixture(manifest: ManifestHeader, tables: TableRows) {
  let conn: Awaited<ReturnType<typeof createNodeConnector>> | undefined;
  let cleanup: (() => void) | undefined;
  beforeAll(async () => {
    const extract = await writeTempExtract(manifest, tables);
    cleanup = extract.cleanup;
    conn = await createNodeConnector();
    await loadExtract(conn, folderSource(extract.dir), decodeParquetNode);
  });
  afterAll(() => {
    conn?.close();
    cleanup?.();
  });
  return {
    /** Runs SQL and returns its rows as plain objects (small results only). */
    rows: async <T>(sql: string): Promise<T[]> => {
      if (!conn) throw new Error('fixture not loaded yet');
      return rowsOf<T>(await conn.query(sql));
    },
  };
}

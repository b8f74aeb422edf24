import type { Table } from 'apache-arrow';

/**
 * What the rest of the app needs from a DuckDB: run SQL and get Arrow back, and insert an Arrow IPC stream.
 * The browser implements it with duckdb-wasm in a worker; tests implement it with duckdb-wasm under Node, so the
 * same loading path and the same SQL run in both.
 */
export interface Connector {
  /**
   * `priority` may order queries that wait (see ./query-queue.ts): 'map' for what the map waits for, 'panel'
   * (the default) for the rest, 'idle' for results fetched ahead of a likely next view. A connector without a
   * queue ignores it.
   */
  query(sql: string, priority?: 'map' | 'panel' | 'idle'): Promise<Table>;
  /** Creates `table` from an Arrow IPC stream (replacing nothing: the table must not exist). */
  insertArrowIpc(table: string, ipc: Uint8Array): Promise<void>;
}

/**
 * Decodes a Parquet file into an Arrow IPC stream (parquet-wasm in both the browser and Node). `wasmBytes`, where
 * given, is the decoder's wasm memory now: a trap in a decoder whose memory has grown large is taken for running
 * out of memory (see ./memory-budget.ts).
 */
export type ParquetDecoder = ((parquet: Uint8Array) => Uint8Array | Promise<Uint8Array>) & { wasmBytes?: () => number };

/** Rows of an Arrow table as plain objects: for small results only (a handful of rows). */
export function rowsOf<T>(table: Table): T[] {
  return table.toArray().map((row) => row.toJSON() as T);
}

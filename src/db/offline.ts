/**
 * Run right after DuckDB starts, in the browser and in tests: no extension is ever installed or loaded, so no
 * request can leave the intranet (duckdb-wasm would otherwise fetch the Parquet and JSON readers from the
 * internet on first use, and offline that fails or traps; see the README's notes on DuckDB-WASM).
 */
export const OFFLINE_SETTINGS: readonly string[] = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
];

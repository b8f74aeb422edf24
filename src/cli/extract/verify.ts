/**
 * The final check of a written extract: the app's own loader (manifest, every column, every value, every
 * reference) run under Node on the same engine as the browser (duckdb-wasm's blocking Node bundle, parquet-wasm's
 * Node build), from src/db/node-engine.ts as the tests use it.
 */
import { ExtractError, loadExtract, type LoadedExtract } from '../../db/load-extract';
import { createNodeConnector, decodeParquetNode, folderSource } from '../../db/node-engine';

/** Loads the extract in `dir` as the app would. Returns the row counts, or the loader's problems (Chinese). */
export async function verifyWithAppLoader(dir: string): Promise<{ ok: true; loaded: LoadedExtract } | { ok: false; problems: string[] }> {
  const conn = await createNodeConnector();
  try {
    const loaded = await loadExtract(conn, folderSource(dir), decodeParquetNode);
    return { ok: true, loaded };
  } catch (e) {
    if (e instanceof ExtractError) return { ok: false, problems: e.problems };
    return { ok: false, problems: [`载入检查出错：${e instanceof Error ? e.message : String(e)}`] };
  } finally {
    conn.close();
  }
}

/**
 * Test support: one extract loaded by the app's loader into both engines — duckdb-wasm under Node (the app's
 * path: parquet-wasm → Arrow IPC → duckdb-wasm) and native DuckDB (@duckdb/node-api, src/db/native-engine.ts) —
 * and a comparison of their results with types normalised.
 */
import { rowsOf } from '../../src/db/connector';
import { loadExtract, type LoadedExtract } from '../../src/db/load-extract';
import { createNativeConnector, parquetPassThrough, type NativeConnector } from '../../src/db/native-engine';
import { createNodeConnector, decodeParquetNode, folderSource } from './node-engine';

export interface BothEngines {
  wasm: Awaited<ReturnType<typeof createNodeConnector>>;
  native: NativeConnector;
  loaded: LoadedExtract;
  close(): void;
}

export async function loadInBothEngines(dir: string): Promise<BothEngines> {
  const wasm = await createNodeConnector();
  const native = await createNativeConnector();
  const loaded = await loadExtract(wasm, folderSource(dir), decodeParquetNode);
  await loadExtract(native, folderSource(dir), parquetPassThrough);
  return {
    wasm,
    native,
    loaded,
    close: () => {
      wasm.close();
      native.close();
    },
  };
}

/**
 * A value in one shape for both engines: integers of any width as numbers, dates (Arrow's epoch milliseconds in
 * wasm, a Date natively) as epoch milliseconds, lists (an Arrow Vector in wasm) as arrays, structs as objects,
 * blobs as hex.
 */
export function normalise(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return v.map(normalise);
  if (typeof v === 'object') {
    // An Arrow Vector (a list) gives an array, a StructRow (a struct) an object.
    const o = v as { toJSON?: () => unknown };
    if (typeof o.toJSON === 'function') return normalise(o.toJSON());
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  }
  return v;
}

/** Relative tolerance for floating-point values (sums in a different order may differ in the last bits). */
export const FLOAT_TOLERANCE = 1e-9;

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return a === b || Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

export type Rows = Record<string, unknown>[];

/**
 * Differences between two results, row by row in their order (every builder orders its rows completely), column
 * by column: column names and order, row count, then each value. Empty when they agree.
 */
export function differences(wasm: Rows, native: Rows, limit = 5): string[] {
  const out: string[] = [];
  const wc = Object.keys(wasm[0] ?? {});
  const nc = Object.keys(native[0] ?? {});
  if (wasm.length > 0 && native.length > 0 && wc.join(',') !== nc.join(',')) out.push(`columns: wasm [${wc.join(', ')}] ≠ native [${nc.join(', ')}]`);
  if (wasm.length !== native.length) out.push(`rows: wasm ${wasm.length} ≠ native ${native.length}`);
  for (let i = 0; i < Math.min(wasm.length, native.length) && out.length < limit; i++) {
    for (const c of wc) {
      const a = normalise(wasm[i]?.[c]);
      const b = normalise(native[i]?.[c]);
      if (!same(a, b)) {
        out.push(`row ${i} ${c}: wasm ${JSON.stringify(a)} ≠ native ${JSON.stringify(b)}`);
        if (out.length >= limit) break;
      }
    }
  }
  return out;
}

/** Runs `sql` on both engines and returns the rows of each. */
export async function runOnBoth(engines: BothEngines, sql: string): Promise<{ wasm: Rows; native: Rows }> {
  const wasm = rowsOf<Record<string, unknown>>(await engines.wasm.query(sql));
  const native = await engines.native.rows(sql);
  return { wasm, native };
}

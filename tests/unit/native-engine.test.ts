import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/connector';
import { createNativeConnector, type NativeConnector } from '../../src/db/native-engine';

let native: NativeConnector;
beforeAll(async () => {
  native = await createNativeConnector();
}, 60_000);
afterAll(() => native?.close());

describe('native DuckDB behind the Connector', () => {
  it('returns Arrow that reads as duckdb-wasm’s does: counts as bigint, dates as epoch milliseconds, lists, structs', async () => {
    const [row] = rowsOf<Record<string, unknown>>(
      await native.query("SELECT count(*) AS n, DATE '2026-10-31' AS d, ['a', 'b'] AS l, {'v': 'x', 'n': 2} AS s, NULL::INTEGER AS z, 0.5::DOUBLE AS f"),
    );
    expect(row?.n).toBe(1n);
    expect(row?.d).toBe(Date.UTC(2026, 9, 31));
    expect([...(row?.l as Iterable<string>)]).toEqual(['a', 'b']);
    expect((row?.s as { toJSON(): unknown }).toJSON()).toEqual({ v: 'x', n: 2 });
    expect(row?.z).toBeNull();
    expect(row?.f).toBe(0.5);
  });

  it('inserts Parquet files only, and says so for anything else', async () => {
    await expect(native.insertArrowIpc('t', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]))).rejects.toThrow(/Parquet files only/);
  });
});

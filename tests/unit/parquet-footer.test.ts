import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { Table as WasmTable, writeParquet } from 'parquet-wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetShape } from '../../src/db/parquet-footer';

let dir: string;
const file = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
/** Row groups' total_byte_size as DuckDB reads them from the same footer. */
let duckdbBytes: Record<string, number> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'care-atlas-footer-'));
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    // 1000 rows in row groups of 300: four groups (300, 300, 300, 100).
    await conn.run(`COPY (SELECT range AS id, 'v' || range AS label FROM range(1000)) TO '${join(dir, 'groups.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 300)`);
    await conn.run(`COPY (SELECT 1 AS id WHERE false) TO '${join(dir, 'empty.parquet')}' (FORMAT parquet)`);
    // A 2 MB text in one row: few bytes compressed, many uncompressed.
    await conn.run(`COPY (SELECT repeat('名', 700000) AS name) TO '${join(dir, 'long-name.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
    for (const name of ['groups', 'long-name']) {
      const reader = await conn.runAndReadAll(
        `SELECT sum(b)::BIGINT AS b FROM (SELECT DISTINCT row_group_id, row_group_bytes AS b FROM parquet_metadata('${join(dir, `${name}.parquet`)}'))`,
      );
      duckdbBytes[name] = Number(reader.getRows()[0]?.[0]);
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  duckdbBytes = {};
});

describe('parquetShape', () => {
  it('reads the rows of a file written in several row groups, and their uncompressed size', () => {
    expect(parquetShape(file('groups.parquet'))).toEqual({ rows: 1000, uncompressedBytes: duckdbBytes.groups });
  });

  it('reads an empty file as 0 rows', () => {
    expect(parquetShape(file('empty.parquet'))?.rows).toBe(0);
  });

  it('sees a long text in the uncompressed size', () => {
    const shape = parquetShape(file('long-name.parquet'));
    expect(shape?.rows).toBe(1);
    expect(shape?.uncompressedBytes).toBe(duckdbBytes['long-name']);
    // 700,000 three-byte characters.
    expect(shape?.uncompressedBytes).toBeGreaterThan(2_100_000);
    expect(file('long-name.parquet').length).toBeLessThan(100_000);
  });

  it('reads a file written by parquet-wasm (Rust arrow-rs) as well', () => {
    const ipc = tableToIPC(tableFromArrays({ id: Int32Array.from({ length: 1234 }, (_, i) => i) }), 'stream');
    expect(parquetShape(writeParquet(WasmTable.fromIPCStream(ipc)))?.rows).toBe(1234);
  });

  it('gives null for what is not a whole Parquet file', () => {
    const bytes = file('groups.parquet');
    expect(parquetShape(bytes.subarray(0, bytes.length - 100))).toBeNull();
    expect(parquetShape(new TextEncoder().encode('PAR1 not really a parquet file PAR1'))).toBeNull();
    expect(parquetShape(new Uint8Array(0))).toBeNull();
    // A footer length pointing before the start.
    const lying = bytes.slice();
    new DataView(lying.buffer).setUint32(lying.length - 8, lying.length, true);
    expect(parquetShape(lying)).toBeNull();
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { literal } from '../../src/measures/sql';

/**
 * Rewrites one Parquet file of an extract with native DuckDB: `select` is a SELECT over `t`, the file's
 * current contents. Used to make broken extracts the generator would never write.
 */
export async function rewriteTable(dir: string, file: string, select: string): Promise<void> {
  const path = join(dir, file);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`CREATE TABLE t AS SELECT * FROM read_parquet(${literal(path)})`);
    await conn.run(`COPY (${select}) TO ${literal(path)} (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export function editManifest(dir: string, edit: (m: Record<string, unknown>) => void): void {
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(m);
  writeFileSync(path, JSON.stringify(m));
}

export function truncateFile(dir: string, file: string): void {
  const path = join(dir, file);
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
}

/**
 * Node-only: writes an extract folder (manifest.json + Parquet tables) from rows, with native DuckDB.
 * The demo generator and the test fixtures both write through here, so every extract they make has exactly
 * the columns and types of src/extract/schema.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, LIST, VARCHAR, dateValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';

const VARCHAR_LIST = LIST(VARCHAR);
import { TABLES, type ColumnSpec, type Manifest, type TableName, type TableSpec } from '../extract/schema';
import { decodeWkb } from '../extract/wkb';
import { ident, literal } from '../measures/sql';

export type CellValue = string | number | boolean | null | readonly string[] | Uint8Array;
export type Row = Readonly<Record<string, CellValue | undefined>>;
/** Rows of each table: objects keyed by the schema's column names (each cell is type-checked on write). */
export type TableRows = Partial<Record<TableName, readonly object[]>>;

const DAY_MS = 86_400_000;

function appendCell(appender: DuckDBAppender, col: ColumnSpec, value: CellValue | undefined, where: string): void {
  if (value === null || value === undefined) {
    appender.appendNull();
    return;
  }
  const bad = () => new Error(`${where}: column ${col.name} expects ${col.type}, got ${JSON.stringify(value)}`);
  switch (col.type) {
    case 'VARCHAR':
      if (typeof value !== 'string') throw bad();
      appender.appendVarchar(value);
      return;
    case 'VARCHAR[]':
      if (!Array.isArray(value)) throw bad();
      appender.appendList(value as string[], VARCHAR_LIST);
      return;
    case 'DATE': {
      if (typeof value !== 'string') throw bad();
      const ms = Date.parse(`${value}T00:00:00Z`);
      if (Number.isNaN(ms)) throw bad();
      appender.appendDate(dateValue(Math.round(ms / DAY_MS)));
      return;
    }
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw bad();
      appender.appendBoolean(value);
      return;
    case 'INTEGER':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw bad();
      appender.appendInteger(value);
      return;
    case 'DOUBLE':
      if (typeof value !== 'number') throw bad();
      appender.appendDouble(value);
      return;
    case 'BLOB':
      if (!(value instanceof Uint8Array)) throw bad();
      appender.appendBlob(value);
      return;
  }
}

/** GeoParquet 1.1 file metadata for the regions table (crs omitted = OGC:CRS84, i.e. WGS84 lon/lat). */
export function geoParquetMetadata(rows: readonly object[]): string {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const types = new Set<string>();
  for (const row of rows as readonly Row[]) {
    const g = row.geometry;
    if (!(g instanceof Uint8Array)) continue;
    const polygons = decodeWkb(g);
    types.add(polygons.length === 1 ? 'Polygon' : 'MultiPolygon');
    for (const polygon of polygons)
      for (const [x, y] of polygon[0] ?? []) {
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
  }
  const column: Record<string, unknown> = { encoding: 'WKB', geometry_types: [...types].sort() };
  if (Number.isFinite(minX)) column.bbox = [minX, minY, maxX, maxY];
  return JSON.stringify({ version: '1.1.0', primary_column: 'geometry', columns: { geometry: column } });
}

async function writeTable(conn: DuckDBConnection, spec: TableSpec, rows: readonly object[], path: string): Promise<void> {
  const table = `w_${spec.name}`;
  await conn.run(`CREATE OR REPLACE TABLE ${ident(table)} (${spec.columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`);
  const appender = await conn.createAppender(table);
  (rows as readonly Row[]).forEach((row, i) => {
    for (const col of spec.columns) appendCell(appender, col, row[col.name], `${spec.name} row ${i + 1}`);
    appender.endRow();
  });
  appender.closeSync();
  const kv = spec.name === 'regions' ? `, KV_METADATA {geo: ${literal(geoParquetMetadata(rows))}}` : '';
  await conn.run(`COPY ${ident(table)} TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880${kv})`);
  await conn.run(`DROP TABLE ${ident(table)}`);
}

/**
 * Writes `manifest.json` and one Parquet file per table given. `manifest.tables` is filled in from the tables
 * written. Rows use the schema's column names; dates are `YYYY-MM-DD` strings.
 */
export async function writeExtract(dir: string, manifest: Omit<Manifest, 'tables'>, tables: TableRows): Promise<Manifest> {
  mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const written: Manifest['tables'] = {};
  try {
    for (const spec of TABLES) {
      const rows = tables[spec.name];
      if (!rows) continue;
      await writeTable(conn, spec, rows, join(dir, spec.file));
      written[spec.name] = spec.file;
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  const full: Manifest = { ...manifest, tables: written };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(full, null, 2)}\n`);
  return full;
}

/**
 * Node-only: writes an extract folder (manifest.json + Parquet tables) from rows, with native DuckDB.
 * The demo generator and the test fixtures both write through here, so every extract they make has exactly
 * the columns and types of src/extract/schema.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, LIST, VARCHAR, dateValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';

const VARCHAR_LIST = LIST(VARCHAR);
import { COUNTY_PLACEHOLDER, TABLES, type ColumnSpec, type Manifest, type ManifestCounty, type ManifestHeader, type TableName, type TableSpec } from '../extract/schema';
import { parseManifest } from '../extract/manifest';
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

export async function writeTable(conn: DuckDBConnection, spec: TableSpec, rows: readonly object[], path: string): Promise<void> {
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

/** Each row's county code, for the tables located by village, region or child; null where it cannot be told. */
function countyOfRows(tables: TableRows): (table: TableName, row: Row) => string | null {
  const regions = new Map(((tables.regions ?? []) as readonly Row[]).map((r) => [r.code as string, r]));
  const countyOfRegion = (code: unknown): string | null => {
    for (let r = regions.get(code as string); r; r = regions.get(r.parent_code as string)) if (r.level === 'county') return r.code as string;
    return null;
  };
  const childCounty = new Map(((tables.children ?? []) as readonly Row[]).map((c) => [c.child_key as string, countyOfRegion(c.village_code)]));
  return (table, row) => {
    if (table === 'children' || table === 'water_points') return countyOfRegion(row.village_code);
    if (table === 'stations' || table === 'staff') return countyOfRegion(row.region_code);
    if (table === 'visits' || table === 'colour_assessments') return childCounty.get(row.child_key as string) ?? null;
    return null;
  };
}

/** The version-1 manifest.json: the header as given, no version-2 field. */
function v1Json(header: ManifestHeader, tables: Manifest['tables']): Record<string, unknown> {
  const { area_level: _l, area_code: _c, area_name: _n, counties: _k, as_of_rule: _r, ...rest } = header;
  return { ...rest, tables };
}

/**
 * Writes `manifest.json` and the Parquet files of the tables given. `manifest.tables` is filled in from the tables
 * written. Rows use the schema's column names; dates are `YYYY-MM-DD` strings.
 *
 * A header of `format_version` 1 writes a version-1 extract (one file per table), as older tools did. Otherwise the
 * extract is version 2: its counties are the `county` rows of `regions` (with the header's as-of date unless
 * `counties` gives theirs), its top area the header's `area_*` (the one county by default); with one county each
 * table is one file as in version 1, with several every table but `regions` is one file per county
 * (`children.320682.parquet`, the manifest naming `children.{county}.parquet`), each row in its county's file.
 * Returns the manifest as `parseManifest` reads it back.
 */
export async function writeExtract(dir: string, header: ManifestHeader, tables: TableRows): Promise<Manifest> {
  mkdirSync(dir, { recursive: true });
  const v2 = header.format_version !== 1;
  const countyRows = ((tables.regions ?? []) as readonly Row[]).filter((r) => r.level === 'county');
  const counties: ManifestCounty[] = v2
    ? countyRows.map((r) => ({ code: r.code as string, name: r.name as string, as_of: header.counties?.find((c) => c.code === r.code)?.as_of ?? header.as_of, rows: {} }))
    : [{ code: header.county_code, name: header.county_name, as_of: header.as_of }];
  const partitioned = v2 && counties.length > 1;
  const countyOf = countyOfRows(tables);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const written: Manifest['tables'] = {};
  try {
    for (const spec of TABLES) {
      const rows = tables[spec.name];
      if (!rows) continue;
      if (!partitioned || spec.name === 'regions') {
        await writeTable(conn, spec, rows, join(dir, spec.file));
        written[spec.name] = spec.file;
        if (v2 && spec.name !== 'regions') for (const c of counties) c.rows = { ...c.rows, [spec.name]: rows.length };
        continue;
      }
      const template = spec.file.replace(/\.parquet$/, `.${COUNTY_PLACEHOLDER}.parquet`);
      for (const county of counties) {
        const part = (rows as readonly Row[]).filter((row) => countyOf(spec.name, row) === county.code);
        await writeTable(conn, spec, part, join(dir, template.replace(COUNTY_PLACEHOLDER, county.code)));
        county.rows = { ...county.rows, [spec.name]: part.length };
      }
      const placed = (rows as readonly Row[]).filter((row) => counties.some((c) => c.code === countyOf(spec.name, row))).length;
      if (placed !== rows.length) throw new Error(`${spec.name}: ${rows.length - placed} rows belong to no county of the extract`);
      written[spec.name] = template;
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  let json: Record<string, unknown>;
  if (v2) {
    const { county_code, county_name, ...rest } = header;
    const area = { area_level: header.area_level ?? 'county', area_code: header.area_code ?? county_code, area_name: header.area_name ?? county_name };
    json = { ...rest, format_version: header.format_version, ...area, counties, tables: written };
  } else {
    json = v1Json(header, written);
  }
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(json, null, 2)}\n`);
  const parsed = parseManifest(json);
  if (!parsed.ok) throw new Error(`manifest.json written does not parse:\n${parsed.errors.join('\n')}`);
  return parsed.manifest;
}

/**
 * Node only (the demo generator, the extract tool, the tests): native DuckDB (@duckdb/node-api) behind the app's
 * Connector, so that the app's own loader (`loadExtract`, with every check) and the measures' SQL run on it
 * unchanged. Never imported by the browser app.
 *
 * Native DuckDB reads Parquet itself, so it is paired with {@link parquetPassThrough} as the loader's decoder:
 * `insertArrowIpc` then receives a Parquet file's bytes (it refuses anything else). The loader normalises every
 * table to the types of src/extract/schema.ts either way, so both engines hold the same tables.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTypeId, type DuckDBType, type JS } from '@duckdb/node-api';
import { Binary, Bool, DateDay, Field, Float64, Int32, Int64, List, Struct, Table, TimestampMillisecond, Utf8, vectorFromArray, type DataType } from 'apache-arrow';
import type { Connector, ParquetDecoder } from './connector';
import { OFFLINE_SETTINGS } from './offline';
import { ident, literal } from '../measures/sql';

export interface NativeConnector extends Connector {
  /** Runs SQL and returns its rows as plain JS values (BIGINT as bigint, DATE as Date, lists as arrays). */
  rows(sql: string): Promise<Record<string, JS>[]>;
  /** Runs a statement whose result is not needed (COPY, SET, CREATE). */
  run(sql: string): Promise<void>;
  close(): void;
}

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/** The loader's decoder for the native engine: Parquet stays Parquet (see the module's comment). */
export const parquetPassThrough: ParquetDecoder = (bytes) => bytes;

/** The Arrow type a DuckDB result column is given, so that `rowsOf` reads native results as it reads wasm's. */
function arrowType(t: DuckDBType): DataType {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return new Bool();
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return new Int32();
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UINTEGER:
      return new Int64();
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return new Float64();
    case DuckDBTypeId.DATE:
      return new DateDay();
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return new TimestampMillisecond();
    case DuckDBTypeId.BLOB:
      return new Binary();
    case DuckDBTypeId.LIST:
      return new List(new Field('item', arrowType(t.valueType), true));
    case DuckDBTypeId.STRUCT:
      return new Struct(t.entryNames.map((name, i) => new Field(name, arrowType(t.entryTypes[i] as DuckDBType), true)));
    default:
      return new Utf8();
  }
}

/** A JS value of a native result, shaped for an Arrow builder of `type`. */
function forArrow(value: JS, type: DataType): unknown {
  if (value === null) return null;
  if (type instanceof Int64) return typeof value === 'bigint' ? value : BigInt(value as number);
  if (type instanceof Utf8 && typeof value !== 'string') return String(value);
  return value;
}

export async function createNativeConnector(options: { threads?: number } = {}): Promise<NativeConnector> {
  const instance = await DuckDBInstance.create(':memory:', options.threads ? { threads: String(options.threads) } : {});
  const conn = await instance.connect();
  for (const sql of OFFLINE_SETTINGS) await conn.run(sql);
  const scratch = mkdtempSync(join(tmpdir(), 'care-atlas-native-'));
  let files = 0;
  return {
    query: async (sql) => {
      const reader = await conn.runAndReadAll(sql);
      const names = reader.columnNames();
      const types = reader.columnTypes();
      const columns = reader.getColumnsJS();
      const vectors = Object.fromEntries(
        names.map((name, i) => {
          const type = arrowType(types[i] as DuckDBType);
          return [name, vectorFromArray((columns[i] ?? []).map((v) => forArrow(v, type)), type)];
        }),
      );
      return new Table(vectors);
    },
    insertArrowIpc: async (table, bytes) => {
      if (!PARQUET_MAGIC.every((b, i) => bytes[i] === b)) throw new Error('the native engine inserts Parquet files only (use parquetPassThrough as the decoder)');
      files += 1;
      const path = join(scratch, `${files}.parquet`);
      writeFileSync(path, bytes);
      try {
        await conn.run(`CREATE TABLE ${ident(table)} AS SELECT * FROM read_parquet(${literal(path)})`);
      } finally {
        rmSync(path, { force: true });
      }
    },
    rows: async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS(),
    run: async (sql) => {
      await conn.run(sql);
    },
    close: () => {
      conn.closeSync();
      instance.closeSync();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * How much of an extract one browser tab may take on, and how running out of memory is told apart from a broken
 * file. The numbers and their derivation live here only; README "Using it" repeats them.
 *
 * Derivation (measured figures from `npm run bench`, bench/results.json, and this module's browser test):
 * - The page's memory is half the machine's: `navigator.deviceMemory` (GiB, a power of two, capped by the browser:
 *   long at 8, while the Chromium 156 of the tests reports 16; Firefox and Safari do not give it, so
 *   {@link DEFAULT_DEVICE_GIB} is assumed), the other half left to the system, the browser itself and other tabs.
 * - It is capped at {@link WASM_HEAP_BYTES}: duckdb-wasm's EH build is single-threaded with one wasm32 memory of at
 *   most 4 GiB (65536 pages), and its memory_limit is 3.1 GiB; the tables and every query's working memory must
 *   fit in it.
 * - Loading a table holds it about three times at its peak: decoded as Arrow in parquet-wasm's memory, as an Arrow
 *   IPC stream in JavaScript, and as DuckDB's copy. Measured with 3.03M visit rows: parquet-wasm's memory grew to
 *   501 MB (165 bytes a row), the IPC stream took 147 MB (49 bytes a row) and DuckDB's table 185 MB (61 bytes a
 *   row, duckdb_memory()): 275 bytes a row. Arrow takes ≈50 bytes a row for visits, ≈95 for children and ≈250 for
 *   regions with their boundaries (province scale), so {@link LOAD_BYTES_PER_ROW} is 300.
 * - Parquet decodes to 4–17 times its size as Arrow (visits 17×, the whole province extract 12×), and DuckDB's copy
 *   then stays, so all the extract's files together may be at most 1/{@link PARQUET_EXPANSION} of the page's memory.
 * - One table, decoded (its uncompressed size in the Parquet footer, then its Arrow IPC stream), may take at most a
 *   quarter of the page's memory: it is held three times while loading, beside the tables already loaded.
 */

import { memoryProblems as msg } from '../i18n/zh';
import { parquetShape } from './parquet-footer';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Assumed when the browser does not say how much memory the machine has: a modest office PC. */
export const DEFAULT_DEVICE_GIB = 4;
/** Share of the machine's memory one tab may take. */
export const PAGE_SHARE = 0.5;
/** What the page's data may take at most, whatever the machine: duckdb-wasm's ≈3.1 GiB addressable, rounded down. */
export const WASM_HEAP_BYTES = 3 * GiB;
/** Memory a table row takes at the peak of its loading (three copies of ≈100 bytes of Arrow). */
export const LOAD_BYTES_PER_ROW = 300;
/** Memory the page's share is divided by to bound the extract's total Parquet bytes. */
export const PARQUET_EXPANSION = 16;
/** Memory the page's share is divided by to bound one table's decoded bytes. */
export const TABLE_SHARE_DIVISOR = 4;

export interface MemoryBudget {
  /** Memory the page's data may take (bytes); every limit below derives from it. */
  pageBytes: number;
  /** The extract's Parquet files together (bytes, counted as they are read). */
  maxExtractBytes: number;
  /** One table decoded: its uncompressed size in the Parquet footer, then its Arrow IPC stream (bytes). */
  maxTableBytes: number;
  /** Rows of one table, read from the Parquet footer before it is decoded. */
  maxRowsPerTable: number;
}

function fromPageBytes(pageBytes: number): MemoryBudget {
  return {
    pageBytes,
    maxExtractBytes: Math.floor(pageBytes / PARQUET_EXPANSION),
    maxTableBytes: Math.floor(pageBytes / TABLE_SHARE_DIVISOR),
    maxRowsPerTable: Math.floor(pageBytes / LOAD_BYTES_PER_ROW),
  };
}

/**
 * The budget on a machine with `deviceMemoryGiB` of memory as `navigator.deviceMemory` reports it; undefined, zero,
 * negative or non-finite values mean unknown ({@link DEFAULT_DEVICE_GIB}).
 */
export function budgetFor(deviceMemoryGiB: number | undefined): MemoryBudget {
  const known = deviceMemoryGiB !== undefined && Number.isFinite(deviceMemoryGiB) && deviceMemoryGiB > 0;
  const device = known ? deviceMemoryGiB : DEFAULT_DEVICE_GIB;
  return fromPageBytes(Math.min(Math.floor(device * GiB * PAGE_SHARE), WASM_HEAP_BYTES));
}

/**
 * `budget` with the page's memory lowered to `mib` MiB, as the URL parameter `?budget=<MiB>` asks (for tests, or
 * to try what a smaller machine would accept). It never raises it: a value that is not a positive whole number, or
 * not below the budget's own, leaves `budget` as it is.
 */
export function lowered(budget: MemoryBudget, mib: string | null | undefined): MemoryBudget {
  if (!mib || !/^[1-9][0-9]{0,6}$/.test(mib)) return budget;
  const bytes = Number(mib) * MiB;
  return bytes < budget.pageBytes ? fromPageBytes(bytes) : budget;
}

/** This page's budget: from `navigator.deviceMemory`, lowered by `?budget=` in the address. */
export function pageBudget(): MemoryBudget {
  const device = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  return lowered(budgetFor(device), new URLSearchParams(window.location.search).get('budget'));
}

/**
 * The most raw rows, all tables and counties together, that an extract loaded county by county may hold
 * (src/db/county-store.ts): the page's memory at {@link LOAD_BYTES_PER_ROW} a row. A row held takes about 100 bytes
 * (DuckDB's copy, 61 for a visit, ≈95 for a child), so the counties loaded take at most a third of the page's
 * memory, leaving the rest to the next county's load (three copies at its peak) and to the queries.
 */
export function residentRowsLimit(budget: MemoryBudget): number {
  return Math.floor(budget.pageBytes / LOAD_BYTES_PER_ROW);
}

/** Megabytes (2^20 bytes) for messages, to 0.1 below 10: rounded up, so that a limit is never shown below what it is. */
export function toMb(bytes: number): number {
  const mb = bytes / MiB;
  return mb < 10 ? Math.ceil(mb * 10) / 10 : Math.ceil(mb);
}

/**
 * Why a Parquet file must not be decoded, from its footer (rows, then uncompressed size), in Chinese naming the
 * file and the limit; null when it fits, or when its footer cannot be read (the decoder then says what is wrong).
 */
export function footerRefusal(file: string, parquet: Uint8Array, budget: MemoryBudget): string | null {
  const shape = parquetShape(parquet);
  if (shape && shape.rows > budget.maxRowsPerTable) return msg.tooManyRows(file, shape.rows, budget.maxRowsPerTable);
  if (shape && shape.uncompressedBytes > budget.maxTableBytes) return msg.tableTooLarge(file, toMb(shape.uncompressedBytes), toMb(budget.maxTableBytes));
  return null;
}

/** Why a decoded table (its Arrow IPC stream) must not go into DuckDB; null when it fits. */
export function decodedRefusal(file: string, ipc: Uint8Array, budget: MemoryBudget): string | null {
  return ipc.byteLength > budget.maxTableBytes ? msg.tableTooLarge(file, toMb(ipc.byteLength), toMb(budget.maxTableBytes)) : null;
}

/** A load refused by the budget; `message` is the Chinese sentence for the user, naming the file and the limit. */
export class BudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetError';
  }
}

/**
 * Bytes taken from one total shared by every file of an extract, counted as they arrive (files are fetched at
 * once, so their chunks interleave). `take` throws a {@link BudgetError} naming `file` once the total passes the
 * budget.
 */
export class ByteAllowance {
  private used = 0;
  constructor(
    readonly limit: number,
    private readonly refuse: (file: string, usedBytes: number, limitBytes: number) => string,
  ) {}
  take(file: string, bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) throw new BudgetError(this.refuse(file, this.used, this.limit));
  }
  get usedBytes(): number {
    return this.used;
  }
}

/**
 * True when `error` says the browser ran out of memory rather than that a file is broken: a failed ArrayBuffer
 * allocation, a WebAssembly memory that could not grow, DuckDB's "Out of Memory Error", or a trap in a wasm
 * decoder ("unreachable", "memory access out of bounds") while its memory had grown past `wasmBytesAtLeast`
 * (a trap in a small memory is a broken file: Rust aborts the same way on a panic). `wasmBytes` is the decoder's
 * wasm memory when the error happened, if known.
 */
export function isOutOfMemory(error: unknown, wasmBytes?: number, wasmBytesAtLeast = 1 * GiB): boolean {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (/Array buffer allocation failed|Invalid array buffer length|Invalid typed array length|Invalid string length|allocation failed/i.test(text)) return true;
  if (/out of memory|Cannot enlarge memory|Memory\.grow|could not allocate|failed to allocate|memory allocation of \d+ bytes failed/i.test(text)) return true;
  if (/\bunreachable\b|memory access out of bounds/i.test(text)) return wasmBytes !== undefined && wasmBytes >= wasmBytesAtLeast;
  return false;
}

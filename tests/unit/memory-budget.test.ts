import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/connector';
import { extractAllowance, readBounded } from '../../src/db/http-source';
import { ExtractError, loadExtract } from '../../src/db/load-extract';
import { BudgetError, budgetFor, isOutOfMemory, lowered, type MemoryBudget } from '../../src/db/memory-budget';
import { tinyManifest, tinyTables } from '../fixtures/tiny-county';
import { rewriteTable } from '../support/break-extract';
import { writeTempExtract } from '../support/extract-fixture';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('budgetFor', () => {
  // Half the machine, capped at 3 GiB; rows at 300 bytes each, the extract's files at 1/16, a table at 1/4.
  it('gives an 8 GiB machine (Chromium caps deviceMemory at 8) the 3 GiB cap', () => {
    expect(budgetFor(8)).toEqual({ pageBytes: 3 * GiB, maxExtractBytes: 192 * MiB, maxTableBytes: 768 * MiB, maxRowsPerTable: 10_737_418 });
    expect(budgetFor(16)).toEqual(budgetFor(8));
  });

  it('gives a 4 GiB machine half its memory: 2 GiB', () => {
    expect(budgetFor(4)).toEqual({ pageBytes: 2 * GiB, maxExtractBytes: 128 * MiB, maxTableBytes: 512 * MiB, maxRowsPerTable: 7_158_278 });
  });

  it('scales down on small machines', () => {
    expect(budgetFor(2)).toEqual({ pageBytes: 1 * GiB, maxExtractBytes: 64 * MiB, maxTableBytes: 256 * MiB, maxRowsPerTable: 3_579_139 });
    expect(budgetFor(0.25)).toEqual({ pageBytes: 128 * MiB, maxExtractBytes: 8 * MiB, maxTableBytes: 32 * MiB, maxRowsPerTable: 447_392 });
  });

  it('assumes 4 GiB when the browser does not say, or says nonsense', () => {
    for (const unknown of [undefined, 0, -2, Number.NaN, Number.POSITIVE_INFINITY]) expect(budgetFor(unknown)).toEqual(budgetFor(4));
  });
});

describe('lowered (?budget=<MiB>)', () => {
  const base = budgetFor(8);
  it('lowers the page budget and every limit with it', () => {
    expect(lowered(base, '512')).toEqual({ pageBytes: 512 * MiB, maxExtractBytes: 32 * MiB, maxTableBytes: 128 * MiB, maxRowsPerTable: 1_789_569 });
  });
  it('never raises it, and ignores what is not a positive whole number', () => {
    for (const v of ['4096', '3072', '0', '-5', '1e3', '12.5', 'abc', '', null, undefined]) expect(lowered(base, v)).toBe(base);
  });
});

describe('isOutOfMemory', () => {
  it('recognizes the ways a browser runs out of memory', () => {
    expect(isOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isOutOfMemory(new RangeError('Invalid typed array length: 4294967296'))).toBe(true);
    expect(isOutOfMemory(new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'))).toBe(true);
    expect(isOutOfMemory(new Error('Out of Memory Error: could not allocate block of size 256.0 KiB (3.0 GiB/3.1 GiB used)'))).toBe(true);
    expect(isOutOfMemory(new Error('Cannot enlarge memory arrays to size 4294971392 bytes'))).toBe(true);
    expect(isOutOfMemory('memory allocation of 1073741824 bytes failed')).toBe(true);
  });

  it('takes a wasm trap for running out of memory only when the decoder memory had grown large', () => {
    const trap = Object.assign(new Error('unreachable'), { name: 'RuntimeError' });
    expect(isOutOfMemory(trap, 3 * GiB)).toBe(true);
    expect(isOutOfMemory(new Error('memory access out of bounds'), 2 * GiB)).toBe(true);
    expect(isOutOfMemory(trap, 40 * MiB)).toBe(false);
    expect(isOutOfMemory(trap)).toBe(false);
  });

  it('leaves broken files broken', () => {
    expect(isOutOfMemory(new Error('Parquet error: Invalid Parquet file. Corrupt footer'))).toBe(false);
    expect(isOutOfMemory(new Error('External format error: EOF: eof decoding byte array'))).toBe(false);
    expect(isOutOfMemory(new TypeError('Failed to fetch'))).toBe(false);
  });
});

/** A body that yields `chunks` and records whether it was cancelled. */
function fakeBody(chunks: number[]): { body: ReadableStream<Uint8Array>; cancelled: () => boolean; pulled: () => number } {
  let cancelled = false;
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = chunks[i];
      if (size === undefined) {
        controller.close();
        return;
      }
      controller.enqueue(new Uint8Array(size).fill(i + 1));
      i += 1;
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, cancelled: () => cancelled, pulled: () => i };
}

const tiny = (maxExtractBytes: number): MemoryBudget => ({ pageBytes: 0, maxExtractBytes, maxTableBytes: 0, maxRowsPerTable: 0 });

describe('readBounded', () => {
  it('reads a body with a Content-Length into one buffer', async () => {
    const { body } = fakeBody([3, 4]);
    const bytes = await readBounded(body, '7', 'a.parquet', extractAllowance(tiny(10)));
    expect([...bytes]).toEqual([1, 1, 1, 2, 2, 2, 2]);
  });

  it('reads a body without a Content-Length (chunked) in chunks', async () => {
    const { body } = fakeBody([2, 2, 3]);
    const bytes = await readBounded(body, null, 'a.parquet', extractAllowance(tiny(10)));
    expect([...bytes]).toEqual([1, 1, 2, 2, 3, 3, 3]);
  });

  it('copes with a server sending more than it declared', async () => {
    const { body } = fakeBody([3, 3]);
    expect((await readBounded(body, '4', 'a.parquet', extractAllowance(tiny(10)))).length).toBe(6);
  });

  it('refuses a declared length over the limit without reading, naming the file and the limit', async () => {
    const f = fakeBody([5, 5, 5]);
    const read = readBounded(f.body, String(300 * MiB), 'visits.parquet', extractAllowance(tiny(192 * MiB)));
    await expect(read).rejects.toThrow(new BudgetError('visits.parquet：文件大小 300 MB，超过本机浏览器可载入的上限 192 MB；请按区域拆分数据后分别载入'));
    expect(f.pulled()).toBe(0);
    expect(f.cancelled()).toBe(true);
  });

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    const f = fakeBody([4, 4, 4, 4, 4, 4]);
    await expect(readBounded(f.body, null, 'visits.parquet', extractAllowance(tiny(10)))).rejects.toBeInstanceOf(BudgetError);
    expect(f.pulled()).toBeLessThanOrEqual(4);
    expect(f.cancelled()).toBe(true);
  });

  it('counts every file of an extract against one total', async () => {
    const allowance = extractAllowance(tiny(3 * MiB));
    await readBounded(fakeBody([MiB, MiB]).body, null, 'children.parquet', allowance);
    const second = readBounded(fakeBody([MiB, MiB]).body, null, 'visits.parquet', allowance);
    await expect(second).rejects.toThrow('visits.parquet：读到此文件时，数据抽取的文件合计已达 4 MB，超过本机浏览器可载入的上限 3 MB');
  });
});

describe('loading within the budget', () => {
  let conn: Awaited<ReturnType<typeof createNodeConnector>>;
  let good: string;
  let big: string;
  let wide: string;
  let repetitive: string;
  let cleanup: () => void;
  // 2 MiB: 6990 rows a table (2 × 1048576 / 300), 128 KiB of files, 512 KiB a decoded table.
  const small = lowered(budgetFor(8), '2');

  beforeAll(async () => {
    const extract = await writeTempExtract(tinyManifest, tinyTables());
    good = extract.dir;
    cleanup = extract.cleanup;
    big = mkdtempSync(join(tmpdir(), 'care-atlas-big-'));
    cpSync(good, big, { recursive: true });
    // 2 × 4000 visits, repeated so that the file stays small: over the rows, not the bytes.
    await rewriteTable(big, 'visits.parquet', 'SELECT t.* FROM t, range(4000) ORDER BY ALL');
    // One 700,000-character note: 700 KB uncompressed in the footer, a few KB on disk.
    wide = mkdtempSync(join(tmpdir(), 'care-atlas-wide-'));
    cpSync(good, wide, { recursive: true });
    await rewriteTable(wide, 'regions.parquet', "SELECT *, CASE WHEN level = 'county' THEN repeat('x', 700000) END AS note FROM t");
    // 6000 rows of one 100-character value: small in the footer (dictionary-encoded), 600 KB once decoded.
    repetitive = mkdtempSync(join(tmpdir(), 'care-atlas-repetitive-'));
    cpSync(good, repetitive, { recursive: true });
    await rewriteTable(repetitive, 'visits.parquet', "SELECT t.*, repeat('y', 100) AS note FROM t, range(3000)");
    conn = await createNodeConnector();
  });
  afterAll(() => {
    conn?.close();
    cleanup?.();
    for (const dir of [big, wide, repetitive]) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a table over the row budget before decoding it, naming the file, its rows and the limit; the loaded extract stays', async () => {
    expect(small.maxRowsPerTable).toBe(6990);
    await loadExtract(conn, folderSource(good), decodeParquetNode, undefined, small);
    let decoded = 0;
    const counting = (bytes: Uint8Array) => {
      decoded += 1;
      return decodeParquetNode(bytes);
    };
    const refused = await loadExtract(conn, folderSource(big), counting, undefined, small).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ExtractError);
    expect((refused as ExtractError).problems).toEqual(['visits.parquet：共 8,000 行，超过本机浏览器每张表可载入的上限 6,990 行；请按区域拆分数据后分别载入']);
    expect(decoded).toBe(3);
    const visits = rowsOf<{ n: bigint }>(await conn.query('SELECT count(*) AS n FROM visits'))[0];
    expect(Number(visits?.n)).toBe(2);
  });

  it('refuses a table whose footer states more uncompressed bytes than a table may take', async () => {
    expect(small.maxTableBytes).toBe(512 * 1024);
    let decoded = 0;
    const counting = (bytes: Uint8Array) => {
      decoded += 1;
      return decodeParquetNode(bytes);
    };
    const refused = await loadExtract(conn, folderSource(wide), counting, undefined, small).catch((e: unknown) => e);
    expect((refused as ExtractError).problems).toEqual(['regions.parquet：解压后约 0.7 MB，超过本机浏览器每张表可载入的上限 0.5 MB；请按区域拆分数据后分别载入']);
    // Refused from its footer: regions.parquet was never decoded, the three other tables were.
    expect(decoded).toBe(3);
  });

  it('refuses a table that decodes to more than a table may take', async () => {
    let decoded = 0;
    const counting = (bytes: Uint8Array) => {
      decoded += 1;
      return decodeParquetNode(bytes);
    };
    const refused = await loadExtract(conn, folderSource(repetitive), counting, undefined, small).catch((e: unknown) => e);
    expect((refused as ExtractError).problems).toEqual([expect.stringMatching(/^visits\.parquet：解压后约 0\.[6-9] MB，超过本机浏览器每张表可载入的上限 0\.5 MB；请按区域拆分数据后分别载入$/)]);
    // Refused after decoding: its footer gave no reason to refuse it before.
    expect(decoded).toBe(4);
  });

  it('loads the same extract under the default budget', async () => {
    const loaded = await loadExtract(conn, folderSource(big), decodeParquetNode);
    expect(loaded.rowCounts.visits).toBe(8000);
  });

  it('reports a decoder running out of memory as running out of memory, not as a broken file', async () => {
    const failing = () => {
      throw new RangeError('Array buffer allocation failed');
    };
    const refused = await loadExtract(conn, folderSource(good), failing, undefined, small).catch((e: unknown) => e);
    expect((refused as ExtractError).problems).toEqual([
      'regions.parquet：载入时浏览器内存不足（不是文件损坏）。请改用较小的数据抽取（按县或乡镇拆分后分别载入，或使用汇总后的市级抽取），并关闭其他标签页后重试',
    ]);
  });

  it('reports DuckDB running out of memory while inserting as running out of memory', async () => {
    const starved = {
      query: (sql: string) => conn.query(sql),
      insertArrowIpc: () => Promise.reject(new Error('Out of Memory Error: failed to allocate data of size 16.0 MiB (3.0 GiB/3.1 GiB used)')),
    };
    const refused = await loadExtract(starved, folderSource(good), decodeParquetNode, undefined, small).catch((e: unknown) => e);
    expect((refused as ExtractError).problems).toEqual([expect.stringMatching(/^regions\.parquet：载入时浏览器内存不足（不是文件损坏）/)]);
  });
});

import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rewriteTable } from '../support/break-extract';
import { DEMO, SCREENSHOTS, waitForEngine, waitForFigures, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { TABLES } from '../../src/extract/schema';

/** The page's budget lowered by `?budget=` (MiB): 512 MiB allows 1,789,569 rows a table (512 × 1048576 / 300). */
const BUDGET_MIB = 512;
const ROW_LIMIT = '1,789,569';

let root: string;
/** Rows of the big visits table, counted by native DuckDB. */
let bigRows = 0;

const suite = browserSuite({
  setup: async () => {
    root = mkdtempSync(join(tmpdir(), 'care-atlas-memory-'));
    const big = join(root, 'big');
    cpSync(DEMO, big, { recursive: true });
    // The demo's visits 53 times over (3M rows), sorted so that the file stays small (≈0.4 MB): over the row
    // budget, well within the bytes.
    await rewriteTable(big, 'visits.parquet', 'SELECT t.* FROM t, range(53) ORDER BY ALL');
    // The demo with ≈5 MB of random text added to children.parquet: over the files' total at ?budget=64 (4 MB).
    cpSync(DEMO, join(root, 'bloated'), { recursive: true });
    await rewriteTable(join(root, 'bloated'), 'children.parquet', "SELECT *, array_to_string(list_transform(range(32), x -> md5(random()::VARCHAR || x)), '') AS padding FROM t");
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const reader = await conn.runAndReadAll(`SELECT count(*)::INTEGER FROM read_parquet('${join(big, 'visits.parquet')}')`);
    bigRows = Number(reader.getRows()[0]?.[0]);
    conn.closeSync();
    instance.closeSync();
  },
  routes: () => ({ '/extracts/': root, '/chunked/': DEMO, '/chunked-extracts/': root }),
  chunked: ['/chunked/', '/chunked-extracts/'],
  teardown: () => rmSync(root, { recursive: true, force: true }),
});

const refusal = () => `visits.parquet：共 ${bigRows.toLocaleString('en-US')} 行，超过本机浏览器每张表可载入的上限 ${ROW_LIMIT} 行；请按区域拆分数据后分别载入`;

/** Parquet decoding workers still running in the page. */
const parquetWorkers = (page: Page) => page.workers().filter((w) => w.url().includes('parquet-worker')).map((w) => w.url());

async function jsHeapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

describe('the memory budget in Chromium', () => {
  it('refuses a 3M-row visits table opened by URL, naming the file, its rows and the limit', async () => {
    expect(bigRows).toBeGreaterThan(3_000_000);
    const { page } = await suite.open(`?extract=extracts/big/&budget=${BUDGET_MIB}`);
    await page.getByTestId('load-error').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('load-error').locator('li').allTextContents()).toEqual([refusal()]);
    const heap = await jsHeapUsed(page);
    console.log(`JS heap after refusing by URL: ${(heap / 1048576).toFixed(1)} MB`);
    expect(heap).toBeLessThan(BUDGET_MIB * 1048576);
    await page.screenshot({ path: `${SCREENSHOTS}/memory-budget-url.png` });
  });

  it('refuses it in the 载入数据 dialog after the demo has drawn, and the demo stays usable', async () => {
    const { page } = await suite.openMap(`?budget=${BUDGET_MIB}`);
    const children = await page.getByTestId('kpi-children').textContent();
    await page.getByTestId('load-open').click();
    const big = join(root, 'big');
    await page.getByTestId('load-files').setInputFiles(readdirSync(big).map((f) => join(big, f)));
    const errors = page.getByTestId('load-dialog-error');
    await errors.waitFor({ timeout: 60_000 });
    expect(await errors.locator('li').allTextContents()).toEqual([refusal()]);
    await page.screenshot({ path: `${SCREENSHOTS}/memory-budget-dialog.png` });
    expect(await page.getByTestId('county-name').textContent()).toBe('如皋市');
    await page.getByTestId('theme-visits').click();
    await page.waitForSelector('[data-testid="dashboard"][data-theme="visits"][data-map-drawn="yes"]', { timeout: 60_000 });
    await page.getByTestId('theme-risk').click();
    await page.waitForSelector('[data-testid="dashboard"][data-theme="risk"][data-map-drawn="yes"]', { timeout: 60_000 });
    await waitForFigures(page);
    expect(await page.getByTestId('kpi-children').textContent()).toBe(children);
    expect(parquetWorkers(page)).toEqual([]);
    const heap = await jsHeapUsed(page);
    console.log(`JS heap after refusing in the dialog: ${(heap / 1048576).toFixed(1)} MB`);
    expect(heap).toBeLessThan(BUDGET_MIB * 1048576);
  });

  it('stops reading an extract over the files\' total from a server that sends no Content-Length', async () => {
    const { page } = await suite.open('?extract=chunked-extracts/bloated/&budget=64');
    await page.getByTestId('load-error').waitFor({ timeout: 60_000 });
    const lines = await page.getByTestId('load-error').locator('li').allTextContents();
    expect(lines).toHaveLength(1);
    // Stopped just past the limit, within one chunk, rather than after the whole ≈5 MB file.
    expect(lines[0]).toMatch(/^[a-z_]+\.parquet：读到此文件时，数据抽取的文件合计已达 4\.[1-9] MB，超过本机浏览器可载入的上限 4 MB；请按区域拆分数据后分别载入$/);
  });

  it('refuses a picked file over the files\' total by its size, before reading it', async () => {
    const { page } = await suite.openMap('?budget=64');
    await page.getByTestId('load-open').click();
    const dir = join(root, 'bloated');
    await page.getByTestId('load-files').setInputFiles(readdirSync(dir).map((f) => join(dir, f)));
    const errors = page.getByTestId('load-dialog-error');
    await errors.waitFor({ timeout: 60_000 });
    expect(await errors.locator('li').allTextContents()).toEqual([expect.stringMatching(/^children\.parquet：文件大小 [5-9](\.\d)? MB，超过本机浏览器可载入的上限 4 MB；请按区域拆分数据后分别载入$/)]);
    expect(await page.getByTestId('county-name').textContent()).toBe('如皋市');
  });

  it('loads an extract from a server that sends no Content-Length (chunked)', async () => {
    const opened = await suite.open(`?extract=chunked/&budget=${BUDGET_MIB}`);
    const { page } = opened;
    await waitForMap(page);
    await waitForEngine(page);
    await waitForFigures(page);
    expect(await page.getByTestId('county-name').textContent()).toBe('如皋市');
    // Each raw table once (regions shared by the first view and the loader), and agg_risk for the first view.
    const fetched = opened.requests.filter((u) => u.includes('/chunked/') && u.endsWith('.parquet')).map((u) => u.slice(u.lastIndexOf('/') + 1));
    expect(fetched.sort()).toEqual([...TABLES.map((t) => t.file), 'agg_risk.parquet'].sort());
    // Decoding ran in a worker that was ended after the load, giving its memory back.
    await expect.poll(() => parquetWorkers(page)).toEqual([]);
    // The server did send these files without a length.
    expect(await page.evaluate(async () => (await fetch('chunked/visits.parquet')).headers.get('content-length'))).toBeNull();
    const deviceMemory = await page.evaluate(() => (navigator as Navigator & { deviceMemory?: number }).deviceMemory);
    console.log(`navigator.deviceMemory in this Chromium: ${deviceMemory}`);
  });
});

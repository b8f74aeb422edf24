import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, isLocal, SCREENSHOTS, waitForFigures } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openWithEngine as openHeldPage, type HeldPage } from '../support/engine-hold';
import { colourCountsByTownshipSql, openOracle } from '../support/oracle';

/**
 * The first view is drawn from the extract's aggregate tables before DuckDB can answer anything: DuckDB's wasm is
 * held back (or missing), and the map, its tiles and its legend must still show the demo's figures, as a direct
 * query of the raw tables by native DuckDB gives them.
 */

const AS_OF = '2026-10-31';
/** A busy shared machine: the first view must come, however slowly; DuckDB is held back meanwhile anyway. */
const FIRST_VIEW_MS = 120_000;

interface Counts {
  township: string;
  children: number;
  red: number;
  yellow: number;
  blue: number;
  green: number;
  ungraded: number;
}

const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children', 'colour_assessments']) });
let byTownship: Counts[];
let townships: { code: string; name: string }[];
beforeAll(async () => {
  byTownship = await suite.oracle.rows<Counts>(colourCountsByTownshipSql(AS_OF));
  townships = await suite.oracle.rows<{ code: string; name: string }>("SELECT code, name FROM regions WHERE level = 'township' ORDER BY code");
});

const num = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));
const sum = (key: keyof Omit<Counts, 'township'>) => byTownship.reduce((a, r) => a + r[key], 0);

/** Opens the demo with DuckDB's wasm answered by `answer` (held until `release()` by default). */
const openWithEngine = (answer: 'hold' | 404): Promise<HeldPage> => openHeldPage(suite.browser, suite.url, answer);

/** The first view's map drawn with data, and its tiles filled. */
async function waitForFirstView(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]', { timeout: FIRST_VIEW_MS });
  await page.waitForSelector('[data-testid="kpis"][aria-busy="false"]', { timeout: FIRST_VIEW_MS });
}

/** The figures of the first view against the oracle: tiles, colour counts, every township's row, the legend, a tooltip. */
async function expectDemoFigures(page: Page): Promise<void> {
  expect(num(await page.getByTestId('kpi-children').textContent())).toBe(sum('children'));
  for (const colour of ['red', 'yellow', 'blue', 'green', 'ungraded'] as const) {
    expect(Number(await page.getByTestId(`count-${colour}`).getAttribute('data-value')), colour).toBe(sum(colour));
  }
  expect(await page.getByTestId('kpi-share-red-yellow').textContent()).toBe(`${(((sum('red') + sum('yellow')) / sum('children')) * 100).toFixed(1)}%`);
  expect(await page.getByTestId('kpi-share-graded').textContent()).toBe(`${(((sum('children') - sum('ungraded')) / sum('children')) * 100).toFixed(1)}%`);
  const rows = page.getByTestId('sub-areas').locator('tbody tr');
  expect(await rows.count()).toBe(townships.length);
  for (const t of townships) {
    const cells = await page.getByTestId('sub-areas').locator(`[data-code="${t.code}"] td`).allTextContents();
    const expected = byTownship.find((r) => r.township === t.code);
    expect(cells[0]).toBe(t.name);
    expect([num(cells[1] ?? ''), num(cells[2] ?? ''), num(cells[3] ?? '')], t.name).toEqual([expected?.children ?? 0, expected?.red ?? 0, expected?.yellow ?? 0]);
  }
  const legend = page.getByTestId('legend');
  expect(await legend.locator('.legend-title').textContent()).toBe('红黄色儿童占比');
  expect(await legend.locator('li').allTextContents()).toEqual(['< 4%', '4% – 7%', '7% – 10%', '10% – 13%', '13% – 16%', '≥ 16%', '无在册儿童']);
  // The map holds the numbers too: hovering the county's middle names a township with its own.
  const box = await page.getByTestId('map').boundingBox();
  if (!box) throw new Error('no map');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tooltip = page.getByTestId('tooltip');
  await tooltip.waitFor({ timeout: 20_000 });
  const text = (await tooltip.textContent()) ?? '';
  const hovered = townships.find((t) => text.startsWith(`${t.name}乡镇（街道）`));
  const expected = byTownship.find((r) => r.township === hovered?.code);
  expect(expected, text).toBeDefined();
  expect(text).toContain(`在册儿童${expected?.children.toLocaleString('en-US')} 名`);
  expect(text).toContain(`红色${expected?.red} 名`);
  expect(text).toContain(`黄色${expected?.yellow} 名`);
  await page.mouse.move(box.x + 5, box.y + box.height - 5);
}

describe('the first view, with DuckDB held back', () => {
  it('draws the map, its tiles and its legend with the demo’s figures before DuckDB can answer, then goes on as before', async () => {
    const held = await openWithEngine('hold');
    const { page } = held;
    try {
      await waitForFirstView(page);
      // DuckDB cannot have answered: its wasm was asked for and is still held back.
      expect(held.wasm.some((w) => w.startsWith('GET '))).toBe(true);
      expect(held.released()).toBe(false);
      const status = page.getByTestId('engine-status');
      expect(await status.getAttribute('data-state')).toMatch(/^(starting|slow)$/);
      expect(await status.textContent()).toContain('分析引擎（DuckDB）');
      await expectDemoFigures(page);
      // What needs the engine says it is waiting, and shows no number: the alerts' count is not given yet.
      expect(await page.getByTestId('alerts').getAttribute('aria-busy')).toBe('true');
      expect(await page.getByTestId('alerts-total').textContent()).toBe('…');
      await page.screenshot({ path: `${SCREENSHOTS}/first-view-engine-held.png` });

      // A theme switch waits for the engine: the map keeps the drawn theme, says it is not drawn, and the panel
      // keeps the figures it has.
      await page.getByTestId('theme-visits').click();
      await page.waitForSelector('[data-testid="dashboard"][data-theme="visits"]');
      await page.waitForTimeout(1000);
      expect(await page.getByTestId('dashboard').getAttribute('data-map-drawn')).toBe('no');
      expect(held.released()).toBe(false);

      held.release();
      await page.waitForFunction(() => !document.querySelector('[data-testid="engine-status"]'), undefined, { timeout: FIRST_VIEW_MS });
      await waitForFigures(page, FIRST_VIEW_MS);
      expect(await page.getByTestId('dashboard').getAttribute('data-theme')).toBe('visits');
      await page.getByTestId('theme-risk').click();
      await waitForFigures(page, FIRST_VIEW_MS);
      expect(num(await page.getByTestId('kpi-children').textContent())).toBe(sum('children'));
      expect(held.requests.filter((u) => !isLocal(u))).toEqual([]);
      expect(held.errors).toEqual([]);
    } finally {
      held.release();
      await page.context().close();
    }
  }, 300_000);
});

describe('the first view, with DuckDB’s wasm missing on the server', () => {
  it('draws the map with the demo’s figures, then says in Chinese that the engine could not start and what to check', async () => {
    const missing = await openWithEngine(404);
    const { page } = missing;
    try {
      await waitForFirstView(page);
      const status = page.locator('[data-testid="engine-status"][data-state="failed"]');
      await status.waitFor({ timeout: FIRST_VIEW_MS });
      expect(await status.getAttribute('role')).toBe('alert');
      const text = (await status.locator('.problem-text').first().textContent()) ?? '';
      expect(text).toMatch(/^分析引擎（DuckDB）无法启动：服务器未能提供 \/assets\/duckdb-(eh|mvp)-[^/]*\.wasm（HTTP 404）。请管理员检查/);
      expect(await status.textContent()).toContain('地图和指标为数据抽取中的预先汇总数据，仍可查看');
      // The technical detail is folded for the administrator.
      expect(await status.getByTestId('problem-detail').textContent()).toMatch(/HEAD http:\/\/127\.0\.0\.1:\d+\/assets\/duckdb-.*\.wasm → HTTP 404/);
      await expectDemoFigures(page);
      await page.screenshot({ path: `${SCREENSHOTS}/first-view-engine-missing.png` });
      expect(missing.requests.filter((u) => !isLocal(u))).toEqual([]);
      // duckdb-wasm's worker reports its failed compile as an uncaught error of its own; nothing else may fail.
      expect(missing.errors.filter((e) => !/404|Failed to execute 'compile' on 'WebAssembly'/.test(e))).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 300_000);
});

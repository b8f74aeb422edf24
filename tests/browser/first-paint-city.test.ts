import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ABOVE_READ_MARK, type AboveReadStats } from '../../src/app/first-paint/read';
import { GUANYUN_2022 } from '../../src/policy/profiles';
import { isLocal, SCREENSHOTS } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openFirstViewHeld } from '../support/engine-hold';
import { openOracle } from '../support/oracle';

/**
 * The 南通市 city demo opened with DuckDB's wasm held back: its map of the eight counties, the city's tiles and the
 * table of its counties must be drawn from the aggregate files read in the page, with the figures native DuckDB
 * reads from the same files; once DuckDB is let through, nothing shown changes.
 */

const CITY_DIR = resolve(import.meta.dirname, '../../data/demo-nantong');
const CITY = '3206';
const FIRST_VIEW_MS = 180_000;

const suite = browserSuite({ oracle: () => openOracle(CITY_DIR, ['regions', 'agg_risk', 'agg_visits']) });
const num = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));
const share = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

interface CountyRisk {
  code: string;
  name: string;
  children: number;
  red: number;
  yellow: number;
  share_red_yellow: number | null;
  share_graded: number | null;
}

/** Opens the city demo at `search` with DuckDB's wasm held until release() (always called at the end). */
const openHeld = (search: string) => openFirstViewHeld(suite.browser, `${suite.url}?extract=demo-nantong/${search}`, FIRST_VIEW_MS, ['table[data-testid="sub-areas"]']);

/** Each county's row of the table of the city's counties: name and the cells after it. */
async function countyCells(page: Page, code: string) {
  return page.getByTestId('sub-areas').locator(`[data-code="${code}"] td`).allTextContents();
}

describe('the 南通市 city demo’s first view, with DuckDB held back', () => {
  it('risk: the eight counties on the map, the city’s tiles and each county’s row are the aggregate files’ figures', async () => {
    const held = await openHeld('');
    const { page } = held;
    try {
      const counties = await suite.oracle.rows<CountyRisk>(
        `SELECT r.code, r.name, g.children, g.red, g.yellow, g.share_red_yellow, g.share_graded
         FROM regions r JOIN agg_risk g ON g.region_code = r.code AND g.level = 'county' AND g.month = '2026-10'
         WHERE r.parent_code = '${CITY}' ORDER BY r.code`,
      );
      const [city] = await suite.oracle.rows<CountyRisk>(`SELECT region_code AS code, children, red, yellow, share_red_yellow, share_graded FROM agg_risk WHERE level = 'city' AND region_code = '${CITY}' AND month = '2026-10'`);
      expect(counties).toHaveLength(8);
      expect(await page.getByTestId('scope-name').evaluate((el) => el.firstChild?.textContent?.trim())).toBe('南通市');
      expect(num(await page.getByTestId('kpi-children').textContent())).toBe(city?.children);
      expect(num(await page.getByTestId('kpi-red').textContent())).toBe(city?.red);
      expect(await page.getByTestId('kpi-share-red-yellow').textContent()).toBe(share(city?.share_red_yellow ?? null));
      expect(await page.getByTestId('kpi-share-graded').textContent()).toBe(share(city?.share_graded ?? null));
      expect(await page.getByTestId('sub-areas').locator('tbody tr').count()).toBe(8);
      for (const c of counties) {
        const cells = await countyCells(page, c.code);
        expect([cells[0], num(cells[1] ?? ''), num(cells[2] ?? ''), num(cells[3] ?? ''), cells[4], cells[5]], c.name).toEqual([c.name, c.children, c.red, c.yellow, share(c.share_red_yellow), share(c.share_graded)]);
      }
      expect(await page.getByTestId('legend').locator('.legend-title').textContent()).toBe('红黄色儿童占比');
      // The map's middle is a county: its tooltip gives that county's share.
      const box = await page.getByTestId('map').boundingBox();
      if (!box) throw new Error('no map');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const tooltip = page.getByTestId('tooltip');
      await tooltip.waitFor({ timeout: 30_000 });
      const text = (await tooltip.textContent()) ?? '';
      const hovered = counties.find((c) => text.startsWith(c.name));
      expect(hovered, text).toBeDefined();
      expect(text).toContain(`红黄色占比${share(hovered?.share_red_yellow ?? null)}`);
      await page.mouse.move(box.x + 5, box.y + box.height - 5);
      await page.screenshot({ path: `${SCREENSHOTS}/first-view-city-engine-held.png` });

      // What was read before DuckDB: the regions file and agg_risk, each whole (one row group each).
      const stats = await page.evaluate((name) => (performance.getEntriesByName(name)[0] as PerformanceMark | undefined)?.detail as unknown, ABOVE_READ_MARK);
      const read = stats as AboveReadStats;
      expect(read.files.map((f) => f.file)).toEqual(['regions.parquet', 'agg_risk.parquet']);
      const dataAt = await page.evaluate(() => performance.getEntriesByName('care-atlas:first-view-data')[0]?.startTime ?? null);
      expect(dataAt).not.toBeNull();
      console.info(`first view of the city: data in the cache at ${Math.round(dataAt ?? NaN)} ms; read ${JSON.stringify(read)}`);

      // DuckDB let through: the same figures stay.
      held.release();
      await page.waitForFunction(() => !document.querySelector('[data-testid="engine-status"]'), undefined, { timeout: FIRST_VIEW_MS });
      await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]', { timeout: FIRST_VIEW_MS });
      expect(num(await page.getByTestId('kpi-children').textContent())).toBe(city?.children);
      const first = counties[0] as CountyRisk;
      expect(num((await countyCells(page, first.code))[1] ?? '')).toBe(first.children);
      expect(held.requests.filter((u) => !isLocal(u))).toEqual([]);
      expect(held.errors).toEqual([]);
    } finally {
      held.release();
      await page.context().close();
    }
  }, 600_000);

  it('visits in September: the default profile’s city and county rates are agg_visits’, before DuckDB answers', async () => {
    const held = await openHeld('&theme=visits&month=2026-09');
    const { page } = held;
    try {
      const at = `month = '2026-09' AND profile_id = '${GUANYUN_2022.id}'`;
      const [city] = await suite.oracle.rows<{ rate: number | null; due: number }>(`SELECT rate, due FROM agg_visits WHERE level = 'city' AND region_code = '${CITY}' AND ${at}`);
      const counties = await suite.oracle.rows<{ code: string; rate: number | null; due: number }>(`SELECT region_code AS code, rate, due FROM agg_visits WHERE level = 'county' AND ${at} ORDER BY code`);
      expect(counties).toHaveLength(8);
      expect(await page.getByTestId('kpi-rate').textContent()).toBe(share(city?.rate ?? null));
      expect(num(await page.getByTestId('kpi-due').textContent())).toBe(city?.due);
      for (const c of counties) {
        const cells = await countyCells(page, c.code);
        expect([num(cells[1] ?? ''), cells[3]], c.code).toEqual([c.due, share(c.rate)]);
      }
      expect(held.errors).toEqual([]);
    } finally {
      held.release();
      await page.context().close();
    }
  }, 600_000);
  it('a click into a county before DuckDB shows no figure until DuckDB has loaded the county’s rows, then its own', async () => {
    const held = await openHeld('&theme=visits&month=2026-09');
    const { page } = held;
    try {
      const COUNTY = '320682';
      await page.getByTestId('sub-areas').locator(`[data-code="${COUNTY}"]`).click();
      await page.waitForURL(new RegExp(`area=${COUNTY}`), { timeout: 60_000 });
      await page.waitForFunction((name) => document.querySelector('[data-testid="scope-name"]')?.firstChild?.textContent?.trim() === name, '如皋市', { timeout: 60_000 });
      // The county's figures are raw rows: none is shown while DuckDB is held, and the notice stays.
      await page.waitForTimeout(2_000);
      expect(await page.getByTestId('kpis').getAttribute('aria-busy')).toBe('true');
      expect(await page.getByTestId('engine-status').isVisible()).toBe(true);
      expect(await page.getByTestId('county-loading').locator('b').textContent()).toBe('正在载入如皋市的明细数据……');
      await page.screenshot({ path: `${SCREENSHOTS}/first-view-city-county-clicked-engine-held.png` });
      held.release();
      await page.waitForFunction(() => !document.querySelector('[data-testid="engine-status"]'), undefined, { timeout: FIRST_VIEW_MS });
      await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]', { timeout: FIRST_VIEW_MS });
      await page.waitForSelector('[data-testid="kpis"][aria-busy="false"]', { timeout: FIRST_VIEW_MS });
      // Computed by DuckDB from the county's raw rows: the figure combine wrote for it with the same builder.
      const [county] = await suite.oracle.rows<{ rate: number | null }>(`SELECT rate FROM agg_visits WHERE level = 'county' AND region_code = '${COUNTY}' AND month = '2026-09' AND profile_id = '${GUANYUN_2022.id}'`);
      expect(await page.getByTestId('kpi-rate').textContent()).toBe(share(county?.rate ?? null));
      expect(held.errors).toEqual([]);
    } finally {
      held.release();
      await page.context().close();
    }
  }, 600_000);
});

/**
 * Pages opened with DuckDB's wasm held back (or refused), for the tests of the first view drawn before DuckDB is
 * ready: the wasm request waits at the route until `release()`, so nothing the page shows can come from DuckDB.
 */
import type { Browser, Route } from 'playwright-core';
import { expect } from 'vitest';
import { watchPage, type OpenedPage } from './browser';

/** DuckDB's wasm files, whichever bundle the page picks. */
export const DUCKDB_WASM = /\/duckdb-(eh|mvp)-[^/]*\.wasm$/;

export interface HeldPage extends OpenedPage {
  /** DuckDB wasm requests (method and URL) that reached the route. */
  wasm: string[];
  /** Lets the held wasm requests through. */
  release: () => void;
  released: () => boolean;
}

/**
 * Opens `url` in a new context (1600×900, zh-CN) with DuckDB's wasm answered by `answer`: held until `release()`, or a
 * 404 as a misconfigured server would answer. Close the page's context at the end (and release first).
 */
export async function openWithEngine(browser: Browser, url: string, answer: 'hold' | 404 = 'hold'): Promise<HeldPage> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN' });
  let isReleased = false;
  let release = () => undefined as void;
  const gate = new Promise<void>((ok) => {
    release = () => {
      isReleased = true;
      ok();
    };
  });
  const wasm: string[] = [];
  await context.route(DUCKDB_WASM, async (route: Route) => {
    wasm.push(`${route.request().method()} ${route.request().url()}`);
    if (answer === 404) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    await gate;
    return route.continue();
  });
  const page = await context.newPage();
  const opened = watchPage(context, page);
  await page.goto(url);
  return { ...opened, wasm, release, released: () => isReleased };
}

/**
 * {@link openWithEngine} held, then waits for the first view (the map drawn with data, the tiles filled, and each of
 * `alsoWaitFor`'s selectors) and checks that DuckDB cannot have answered: its wasm was asked for and is still held,
 * and the engine's notice says it is starting.
 */
export async function openFirstViewHeld(browser: Browser, url: string, timeout: number, alsoWaitFor: readonly string[] = []): Promise<HeldPage> {
  const held = await openWithEngine(browser, url);
  const { page } = held;
  await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]', { timeout });
  await page.waitForSelector('[data-testid="kpis"][aria-busy="false"]', { timeout });
  for (const selector of alsoWaitFor) await page.waitForSelector(selector, { timeout });
  expect(held.wasm.some((w) => w.startsWith('GET '))).toBe(true);
  expect(held.released()).toBe(false);
  expect(await page.getByTestId('engine-status').getAttribute('data-state')).toMatch(/^(starting|slow)$/);
  return held;
}

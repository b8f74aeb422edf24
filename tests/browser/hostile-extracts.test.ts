import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { isLocal, SCREENSHOTS, waitForFigures, type OpenedPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { HOSTILE_CASES, writeHostileExtracts, type HostileCase } from '../support/hostile-extracts';

/**
 * The tab's JS heap after each refusal, garbage collected first, must stay under this (measured on this machine:
 * about 10 MB on the refusal screen, 17 MB with the demo drawn, 21 MB after all fourteen refusals in the dialog).
 * DuckDB's own memory is in its worker, outside this heap.
 */
const HEAP_BOUND_MB = 100;
/** Growth of the heap from the demo drawn to after every dialog refusal: a refused extract is not kept (the 32 MB boundary would show). */
const HEAP_GROWTH_MB = 16;

/** Words of an exception's English text (maplibre's, the WKB decoder's, the browser's) that must never be shown. */
const ENGLISH_EXCEPTION = /Error|Exception|Invalid|invalid|undefined|Cannot|cannot|failed|Failed|WKB decode|LngLat|offset \d/;

let root: string;
const suite = browserSuite({
  setup: async () => {
    root = await writeHostileExtracts(mkdtempSync(join(tmpdir(), 'care-atlas-hostile-')));
  },
  routes: () => ({ '/extracts/': root }),
  teardown: () => rmSync(root, { recursive: true, force: true }),
});

const heaps: Record<string, { url?: number; dialog?: number }> = {};

/** The page's JS heap in MB after a garbage collection (CDP). */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 1048576;
  } finally {
    await cdp.detach();
  }
}

/** Checks the refusal's lines against the case, and the whole page for English exception text. */
async function expectRefusal(page: Page, c: HostileCase, lines: string[]): Promise<void> {
  expect(lines.filter((l) => c.message.test(l)), lines.join('\n')).toHaveLength(1);
  for (const l of lines) {
    expect(l.startsWith(`${c.file}：`), l).toBe(true);
    expect(l, l).toContain(c.column);
  }
  const text = await page.evaluate(() => document.body.innerText);
  expect(text).not.toMatch(ENGLISH_EXCEPTION);
  // Nothing on screen quotes a long value whole (the 10 MB name, the 1,000,000-character county name).
  expect(text.length).toBeLessThan(20_000);
}

describe('hostile extracts by ?extract=', () => {
  for (const c of HOSTILE_CASES) {
    it(`refuses ${c.what} in Chinese, naming ${c.file} and ${c.column}`, async () => {
      const opened = await suite.open(`?extract=extracts/${c.name}/`);
      try {
        const { page } = opened;
        const error = page.getByTestId('load-error');
        await error.waitFor({ timeout: 60_000 });
        expect(await page.locator('h1').textContent()).toBe('数据载入失败');
        await expectRefusal(page, c, await error.locator('li').allTextContents());
        expect(opened.requests.filter((u) => !isLocal(u))).toEqual([]);
        expect(opened.errors.filter((e) => !e.includes('404'))).toEqual([]);
        if (c.name === 'long-name') await page.screenshot({ path: `${SCREENSHOTS}/hostile-url-long-name.png` });
        heaps[c.name] = { url: await heapMb(page) };
        expect(heaps[c.name]?.url).toBeLessThan(HEAP_BOUND_MB);
      } finally {
        await opened.page.close();
      }
    });
  }
});

describe('hostile extracts by 载入数据, after the demo has drawn', () => {
  let opened: OpenedPage;
  let baseline: number;
  beforeAll(async () => {
    opened = await suite.openMap();
    expect(await opened.page.evaluate(() => document.body.innerText)).not.toMatch(ENGLISH_EXCEPTION);
    baseline = await heapMb(opened.page);
  });

  const pick = async (page: Page, dir: string) => {
    if (!(await page.getByTestId('load-dialog').isVisible())) await page.getByTestId('load-open').click();
    await page.getByTestId('load-files').setInputFiles(readdirSync(dir).map((f) => join(dir, f)));
  };

  let theme: 'risk' | 'visits' = 'risk';
  for (const c of HOSTILE_CASES) {
    it(`refuses ${c.what} in Chinese and keeps the demo usable`, async () => {
      const { page } = opened;
      await pick(page, join(root, c.name));
      const error = page.getByTestId('load-dialog-error');
      await error.waitFor({ timeout: 60_000 });
      await expectRefusal(page, c, await error.locator('li').allTextContents());
      if (c.name === 'long-name' || c.name === 'vertex-budget') await page.screenshot({ path: `${SCREENSHOTS}/hostile-dialog-${c.name}.png` });
      expect(await page.getByTestId('county-name').textContent()).toBe('如皋市');
      // The data on screen is still the demo's, and usable: a theme switch redraws the map and the panel.
      theme = theme === 'risk' ? 'visits' : 'risk';
      await page.getByTestId(`theme-${theme}`).click();
      await page.waitForSelector(`[data-testid="dashboard"][data-theme="${theme}"][data-map-drawn="yes"]`, { timeout: 60_000 });
      await waitForFigures(page);
      heaps[c.name] = { ...heaps[c.name], dialog: await heapMb(page) };
      expect(heaps[c.name]?.dialog).toBeLessThan(HEAP_BOUND_MB);
    });
  }

  it('leaves no request outside this machine, no uncaught error, and no refused extract in memory', () => {
    expect(opened.requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(opened.errors).toEqual([]);
    expect(Math.max(...Object.values(heaps).map((h) => h.dialog ?? Infinity)) - baseline).toBeLessThan(HEAP_GROWTH_MB);
    console.log(`JS heap, MB, after a GC: demo drawn ${baseline.toFixed(1)}; after each case`, JSON.stringify(heaps, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v)));
  });
});

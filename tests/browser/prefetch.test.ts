import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite();

/**
 * Counts the queries the page sends to DuckDB's worker, and notes how many had been sent when the dashboard first
 * says the map is drawn for a theme (read from the page before the test looks, so nothing sent afterwards counts).
 */
const COUNT_QUERIES = String.raw`(() => {
  const log = { queries: 0, atDrawn: {} };
  window.__queries = log;
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      const post = this.postMessage.bind(this);
      this.postMessage = (msg, transfer) => {
        if (msg && msg.type === 'RUN_QUERY') log.queries += 1;
        return transfer === undefined ? post(msg) : post(msg, transfer);
      };
    }
  };
  new MutationObserver(() => {
    const d = document.querySelector('[data-testid="dashboard"]');
    if (!d || d.getAttribute('data-map-drawn') !== 'yes') return;
    const theme = d.getAttribute('data-theme');
    if (!(theme in log.atDrawn)) log.atDrawn[theme] = log.queries;
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-map-drawn', 'data-theme'] });
})()`;

interface QueryLog {
  queries: number;
  atDrawn: Record<string, number>;
}
const queryLog = (page: Page) => page.evaluate(() => (window as unknown as { __queries: QueryLog }).__queries);

/** Waits until no query has been sent for `quietMs`. */
async function waitQuiet(page: Page, quietMs = 1500): Promise<number> {
  let last = -1;
  for (;;) {
    const { queries } = await queryLog(page);
    if (queries === last) return queries;
    last = queries;
    await page.waitForTimeout(quietMs);
  }
}

async function queriesBeforeVisitsMap(path: string): Promise<{ before: number; atDrawn: number }> {
  // The counter must be in place before the app starts: open a blank page first.
  const { page, context } = await openPage(suite.browser, 'about:blank', { width: 1600, height: 1000 });
  try {
    await context.addInitScript(COUNT_QUERIES);
    await page.goto(`${suite.url}${path}`);
    await page.waitForSelector('[data-testid="dashboard"][data-theme="risk"][data-map-drawn="yes"]', { timeout: 60_000 });
    const before = await waitQuiet(page);
    await page.getByTestId('theme-visits').click();
    await page.waitForSelector('[data-testid="dashboard"][data-theme="visits"][data-map-drawn="yes"]', { timeout: 60_000 });
    const log = await queryLog(page);
    return { before, atDrawn: log.atDrawn.visits ?? NaN };
  } finally {
    await context.close();
  }
}

describe('the next views, fetched ahead', () => {
  it('draws another theme without a query once the page has had a moment; with prefetch=0 the switch runs its queries', async () => {
    const ahead = await queriesBeforeVisitsMap('');
    expect(ahead.atDrawn).toBe(ahead.before);
    const off = await queriesBeforeVisitsMap('?prefetch=0');
    // The map's two visit-compliance queries (townships and villages) were run for the switch.
    expect(off.atDrawn - off.before).toBe(2);
    // Fetching ahead ran more queries while the user looked at the first map (the other themes, the months around).
    expect(ahead.before).toBeGreaterThan(off.before);
  });
});

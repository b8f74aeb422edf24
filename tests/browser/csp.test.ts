import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEME_IDS } from '../../src/app/url-state';
import { metaPolicy } from '../../src/security/csp';
import { DEMO, DIST, isLocal, waitForFigures, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite();

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

let context: BrowserContext;
let page: Page;
/** Console lines and page errors mentioning the policy (violations in workers are reported only there). */
const consoleViolations: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  context = await suite.browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1, locale: 'zh-CN', acceptDownloads: true });
  // Before any of the page's scripts: every violation of the whole walk is kept on window.
  await context.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __cspViolations: Violation[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile }));
  });
  page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) consoleViolations.push(m.text());
  });
  page.on('pageerror', (e) => {
    if (/Content Security Policy/i.test(String(e))) consoleViolations.push(String(e));
  });
});
afterAll(async () => {
  await context?.close();
});

const violations = () => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations);

async function download(testId: string): Promise<number> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
  return readFileSync((await file.path()) as string).length;
}

async function theme(id: string) {
  await page.getByTestId(`theme-${id}`).click();
  await page.waitForSelector(`[data-testid="dashboard"][data-theme="${id}"][data-map-drawn="yes"]`, { timeout: 60_000 });
  await waitForFigures(page);
}

describe('the Content-Security-Policy in Chromium', () => {
  it('is in the built index.html, as src/security/csp.ts defines it', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(metaPolicy());
    // Before the first script, so that it covers every one.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  });

  it('is not violated on any screen: every theme, a month, a drill-down, exports, 载入数据, the briefing and the big screen', async () => {
    await page.goto(suite.url);
    await waitForMap(page);
    await waitForFigures(page);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(metaPolicy());

    // Every theme, ending on the first (the colour-mix chart exported below is the risk theme's).
    for (const id of [...THEME_IDS.slice(1), THEME_IDS[0]]) await theme(id);

    const months = await page.getByTestId('month').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await page.getByTestId('month').selectOption(months[months.length - 2] as string);
    await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]');
    await waitForFigures(page);

    expect(await download('map-export')).toBeGreaterThan(10_000);
    await page.getByTestId('chart-colour-mix').waitFor();
    expect(await download('chart-colour-mix-export-svg')).toBeGreaterThan(1_000);
    expect(await download('chart-colour-mix-export-png2')).toBeGreaterThan(1_000);

    await page.getByTestId('sub-areas').locator('[data-code="320682116"]').click();
    await page.waitForSelector('[data-testid="map"][data-villages="shown"]');
    await waitForMap(page);
    await waitForFigures(page);
    expect(await download('gap-list-csv')).toBeGreaterThan(0);

    await page.getByTestId('briefing-open').click();
    await page.waitForSelector('[data-testid="briefing"][data-ready="yes"]', { timeout: 120_000 });
    await page.getByTestId('briefing-leave').click();
    await waitForMap(page, 120_000);

    await page.getByTestId('big-enter').click();
    await page.waitForSelector('[data-testid="big-screen"][data-map-drawn="yes"]', { timeout: 60_000 });
    await page.getByTestId('big-leave').click();
    await waitForMap(page);

    await page.getByTestId('load-open').click();
    await page.getByTestId('load-files').setInputFiles(readdirSync(DEMO).map((f) => join(DEMO, f)));
    await page.getByTestId('load-dialog').waitFor({ state: 'detached', timeout: 60_000 });
    await waitForMap(page);
    await waitForFigures(page);

    expect(await violations()).toEqual([]);
    expect(consoleViolations).toEqual([]);
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
  });

  it('would have seen a violation: an inline script is refused and reported', async () => {
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false;
    });
    expect(ran).toBe(false);
    await expect.poll(async () => (await violations()).map((v) => v.directive)).toEqual(['script-src-elem']);
  });
});

import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { truncateFile } from '../support/break-extract';
import { DEMO, SCREENSHOTS, waitForEngine, waitForFigures, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

let root: string;
const suite = browserSuite({
  setup: () => {
    root = mkdtempSync(join(tmpdir(), 'care-atlas-errors-'));
    cpSync(DEMO, join(root, 'truncated'), { recursive: true });
    truncateFile(join(root, 'truncated'), 'visits.parquet');
    cpSync(DEMO, join(root, 'not-json'), { recursive: true });
    writeFileSync(join(root, 'not-json', 'manifest.json'), '{"format": "care-atlas-extract",');
  },
  teardown: () => rmSync(root, { recursive: true, force: true }),
});
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

/** A library's English text: two words in a row. */
const ENGLISH = /[A-Za-z]{2,}[\s:,]+[A-Za-z]{2,}/;

/**
 * The app with WebGL unavailable, as on a PC without a usable graphics driver: getContext('webgl…') gives null
 * while `window.__webglBroken` is true (it starts true; a test can lift it and try again).
 */
async function openWithoutWebGL(path = ''): Promise<{ page: Page; errors: string[] }> {
  const context = await suite.browser.newContext({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN' });
  contexts.push(context);
  await context.addInitScript(() => {
    const w = window as unknown as { __webglBroken: boolean };
    w.__webglBroken = true;
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      if (w.__webglBroken && /webgl/i.test(type)) return null;
      return (original as (...a: unknown[]) => RenderingContext | null).call(this, type, ...rest);
    } as typeof original;
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${suite.url}${path}`);
  return { page, errors };
}

describe('the map failing in Chromium', () => {
  it('says so in Chinese in the map\'s place, the technical text folded, and the rest of the dashboard works', async () => {
    const { page } = await openWithoutWebGL();
    const failure = page.getByTestId('map-error');
    await failure.waitFor({ timeout: 60_000 });
    expect(await failure.locator('h2').textContent()).toBe('地图无法显示');
    const sentence = (await failure.locator('.problem-text').textContent()) ?? '';
    expect(sentence).toMatch(/^此浏览器无法启用 WebGL/);
    expect(sentence).not.toMatch(ENGLISH);
    // Folded: the technical text is there for the administrator, not shown until asked for.
    const detail = failure.getByTestId('problem-detail');
    expect(await detail.locator('summary').textContent()).toBe('详细信息');
    expect(await detail.locator('pre').isVisible()).toBe(false);
    await detail.locator('summary').click();
    expect(await detail.locator('pre').isVisible()).toBe(true);
    expect(await detail.locator('pre').textContent()).toMatch(/WebGL/);
    expect(await failure.getByTestId('map-retry').textContent()).toBe('重试');
    // Nothing English in the map's place outside the fold.
    const shown = await failure.evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('details pre').forEach((pre) => pre.remove());
      return copy.innerText;
    });
    expect(shown.match(new RegExp(ENGLISH, 'g')) ?? []).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/map-failed.png` });

    // The panel, the toolbar and 载入数据 still work.
    await waitForFigures(page);
    const riskChildren = await page.getByTestId('kpi-children').textContent();
    expect(riskChildren).toMatch(/^[\d,]+名$/);
    await page.getByTestId('sub-areas').locator('[data-code="320682116"]').click();
    await expect.poll(() => page.url()).toContain('area=320682116');
    await expect.poll(() => page.getByTestId('kpi-children').textContent()).not.toBe(riskChildren);
    await page.getByTestId('theme-visits').click();
    await page.waitForSelector('[data-testid="dashboard"][data-theme="visits"][data-map-drawn="yes"]');
    await waitForFigures(page);
    expect(await page.getByTestId('kpis').getAttribute('data-theme')).toBe('visits');
    await page.getByTestId('load-open').click();
    expect(await page.getByTestId('load-dialog').isVisible()).toBe(true);
    await page.getByTestId('load-dialog').getByRole('button', { name: '关闭' }).click();
    expect(await page.getByTestId('map-error').isVisible()).toBe(true);
  });

  it('draws the map on 重试 once WebGL is available again', async () => {
    const { page, errors } = await openWithoutWebGL();
    await page.getByTestId('map-error').waitFor({ timeout: 60_000 });
    await page.evaluate(() => {
      (window as unknown as { __webglBroken: boolean }).__webglBroken = false;
    });
    await page.getByTestId('map-retry').click();
    await waitForMap(page);
    expect(await page.getByTestId('map-error').count()).toBe(0);
    expect(await page.locator('[data-testid="map"] canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('dashboard').getAttribute('data-map-failed')).toBeNull();
    expect(errors.filter((e) => !/WebGL/.test(e))).toEqual([]);
  });
});

describe('DuckDB failing to start', () => {
  it('says so in Chinese, pointing the administrator to the .wasm MIME type, the engine\'s text folded', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' });
    contexts.push(context);
    // DuckDB's worker answering as it does when its WebAssembly cannot be compiled (a server sending an HTML page in
    // place of the .wasm file). The worker's own requests cannot be intercepted; the worker script can.
    const worker = `self.onmessage = (e) => self.postMessage({ messageId: 0, requestId: e.data.messageId, type: 'ERROR',
      data: { name: 'CompileError', message: 'WebAssembly.instantiate(): expected magic word 00 61 73 6d, found 3c 68 74 6d @+0' } });`;
    await context.route(/duckdb-browser-(eh|mvp)\.worker[^/]*\.js$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: worker }));
    const page = await context.newPage();
    await page.goto(suite.url);
    // The demo's first view is drawn from its aggregates without DuckDB: the failure is said above it, and it stays.
    const error = page.locator('[data-testid="engine-status"][data-state="failed"]');
    await error.waitFor({ timeout: 60_000 });
    await waitForMap(page);
    expect(await error.locator('.problem-text').allTextContents()).toEqual([expect.stringMatching(/^分析引擎（DuckDB）无法启动.*application\/wasm/)]);
    expect(await error.getByTestId('problem-detail').locator('pre').textContent()).toBe('CompileError: WebAssembly.instantiate(): expected magic word 00 61 73 6d, found 3c 68 74 6d @+0');
    await page.screenshot({ path: `${SCREENSHOTS}/engine-failed.png` });
  });
});

describe('a refusal in the 载入数据 dialog', () => {
  it('says what is wrong in Chinese, the decoder\'s or parser\'s text folded under 详细信息', async () => {
    const { page } = await suite.open('', { width: 1600, height: 900 });
    await waitForMap(page);
    await waitForEngine(page);
    const pick = async (dir: string) => {
      if (!(await page.getByTestId('load-dialog').isVisible())) await page.getByTestId('load-open').click();
      await page.getByTestId('load-files').setInputFiles(readdirSync(dir).map((f) => join(dir, f)));
      const errors = page.getByTestId('load-dialog-error');
      await errors.waitFor({ timeout: 60_000 });
      return errors;
    };

    let errors = await pick(join(root, 'not-json'));
    expect(await errors.locator('.problem-text').allTextContents()).toEqual(['manifest.json 不是有效的 JSON 文件，无法读取']);
    expect(await errors.getByTestId('problem-detail').locator('pre').textContent()).toMatch(/^SyntaxError: .*JSON/);

    errors = await pick(join(root, 'truncated'));
    await expect.poll(() => errors.locator('.problem-text').allTextContents()).toEqual(['visits.parquet：不是有效的 Parquet 文件或文件已损坏']);
    const detail = errors.getByTestId('problem-detail');
    expect(await detail.locator('pre').isVisible()).toBe(false);
    await detail.locator('summary').click();
    expect(await detail.locator('pre').textContent()).toMatch(ENGLISH);
    await page.screenshot({ path: `${SCREENSHOTS}/load-dialog-detail.png` });
    // The demo on screen is still there and answers.
    expect(await page.getByTestId('county-name').textContent()).toBe('如皋市');
    await page.getByTestId('theme-water').click();
    await page.waitForSelector('[data-testid="dashboard"][data-theme="water"][data-map-drawn="yes"]', { timeout: 60_000 });
  });
});

describe('the address bar', () => {
  it('loses view values that fell back to the default, and keeps the rest', async () => {
    const { page } = await suite.open('?theme=finance&month=1999-01&area=320682999&profile=nope&prefetch=0', { width: 1600, height: 900 });
    await waitForMap(page);
    await expect.poll(() => new URL(page.url()).search).toBe('?prefetch=0');
    await page.goto(`${suite.url}?theme=visits&area=%3Cscript%3E&month=2026-13`);
    await waitForMap(page);
    await expect.poll(() => new URL(page.url()).search).toBe('?theme=visits');
    expect(await page.getByTestId('dashboard').getAttribute('data-theme')).toBe('visits');
  });
});

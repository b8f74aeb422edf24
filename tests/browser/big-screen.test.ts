import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HEADLINES } from '../../src/app/themes/headline';
import { THEME_IDS } from '../../src/app/url-state';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { DEMO, SCREENSHOTS, waitForMap, type Viewport } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

const suite = browserSuite({
  oracle: () => openOracle(DEMO, ['regions', 'children', 'colour_assessments', 'visits', 'stations', 'staff', 'water_points']),
});

async function openBig(query: string, viewport: Viewport): Promise<Page> {
  const p = await suite.open(`?screen=big&${query}`, viewport);
  await p.page.waitForSelector('[data-testid="big-screen"][data-map-drawn="yes"]', { timeout: 90_000 });
  return p.page;
}

/** Nothing scrolls, and every element of the dashboard lies inside the viewport. */
async function fitsViewport(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const { innerWidth: w, innerHeight: h } = window;
    if (document.documentElement.scrollWidth > w || document.documentElement.scrollHeight > h) out.push('page scrolls');
    for (const el of document.querySelectorAll('.big-head *, .big-tiles *, .big-foot span:last-child, .big-map, .big-side')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > w + 1 || r.bottom > h + 1)) out.push(`${el.className || el.tagName} ends at ${Math.round(r.right)}×${Math.round(r.bottom)}`);
    }
    return out;
  });
}

describe('the big screen (大屏)', () => {
  it('shows the four themes’ county headlines as the extract has them, fitting 1920×1080', async () => {
    const page = await openBig('tour=0', { width: 1920, height: 1080 });
    const inputs = { month: '2026-10', asOf: '2026-10-31', profile: BUILTIN_PROFILES[0]! };
    for (const id of THEME_IDS) {
      const rows = await suite.oracle.rows<Record<string, number | string | null>>(HEADLINES[id].sql({ level: 'county' }, inputs));
      const value = rows[0]?.[HEADLINES[id].column] as number;
      // The tiles' queries may still be queued behind the map's when it reports itself drawn.
      await expect.poll(() => page.getByTestId(`big-value-${id}`).textContent(), { message: id, timeout: 60_000 }).toBe(`${(value * 100).toFixed(1)}%`);
    }
    expect(await page.getByTestId('big-as-of').textContent()).toBe('数据截至 2026年10月31日');
    expect(await fitsViewport(page)).toEqual([]);
    const button = await page.locator('.big-map .maplibregl-ctrl-zoom-in').boundingBox();
    expect([button?.width, button?.height]).toEqual([29, 29]);
    await page.screenshot({ path: `${SCREENSHOTS}/big-1920x1080.png` });
  });

  it('stays crisp at 3840×2160: text scaled from the 1920 design, the map sized for real', async () => {
    const page = await openBig('tour=0&theme=water', { width: 3840, height: 2160 });
    expect(await fitsViewport(page)).toEqual([]);
    const tileFont = await page.getByTestId('big-value-water').evaluate((el) => getComputedStyle(el).fontSize);
    expect(tileFont).toBe('108px');
    const { box, canvas } = await page.evaluate(() => {
      const map = document.querySelector('.big-map')!.getBoundingClientRect();
      const c = document.querySelector('.big-map canvas') as HTMLCanvasElement;
      return { box: [Math.round(map.width), Math.round(map.height)], canvas: [c.width, c.height] };
    });
    expect(Math.abs(canvas[0]! - box[0]!)).toBeLessThanOrEqual(4);
    expect(Math.abs(canvas[1]! - box[1]!)).toBeLessThanOrEqual(4);
    // The map's furniture at twice its 1920×1080 size, like the text: zoom buttons 29 → 58 px, scale bar 10 → 20 px
    // type and up to 200 px long, the footer's attribution 16 → 32 px.
    const furniture = await page.evaluate(() => {
      const button = document.querySelector('.big-map .maplibregl-ctrl-zoom-in')!.getBoundingClientRect();
      const bar = document.querySelector('.big-map .maplibregl-ctrl-scale') as HTMLElement;
      return {
        button: [Math.round(button.width), Math.round(button.height)],
        barFont: getComputedStyle(bar).fontSize,
        barWidth: bar.getBoundingClientRect().width,
        barText: bar.textContent,
        foot: getComputedStyle(document.querySelector('.big-foot')!).fontSize,
      };
    });
    expect(furniture.button).toEqual([58, 58]);
    expect(furniture.barFont).toBe('20px');
    expect(furniture.barWidth).toBeGreaterThan(100);
    expect(furniture.barWidth).toBeLessThanOrEqual(200);
    expect(furniture.barText).toMatch(/^\d+\s(公里|米)$/);
    expect(furniture.foot).toBe('32px');
    await page.screenshot({ path: `${SCREENSHOTS}/big-3840x2160.png` });
    await page.locator('.big-map .maplibregl-ctrl-bottom-right').screenshot({ path: `${SCREENSHOTS}/big-3840x2160-scale-bar.png` });
    await page.locator('.big-map .maplibregl-ctrl-top-right').screenshot({ path: `${SCREENSHOTS}/big-3840x2160-zoom.png` });
  });

  it('fills a 7680×2160 video wall (32:9): text at twice the design size, the map taking the extra width', async () => {
    const page = await openBig('tour=0&theme=risk', { width: 7680, height: 2160 });
    expect(await fitsViewport(page)).toEqual([]);
    expect(await page.getByTestId('big-value-risk').evaluate((el) => getComputedStyle(el).fontSize)).toBe('108px');
    const { map, canvas } = await page.evaluate(() => {
      const m = document.querySelector('.big-map')!.getBoundingClientRect();
      const c = document.querySelector('.big-map canvas') as HTMLCanvasElement;
      return { map: [Math.round(m.width), Math.round(m.height)], canvas: [c.width, c.height] };
    });
    // The map takes the width the 16:9 design leaves over, drawn at its real size (never CSS-scaled).
    expect(map[0]).toBeGreaterThan(7680 / 2);
    expect(Math.abs(canvas[0]! - map[0]!)).toBeLessThanOrEqual(4);
    expect(Math.abs(canvas[1]! - map[1]!)).toBeLessThanOrEqual(4);
    await page.screenshot({ path: `${SCREENSHOTS}/big-7680x2160.png` });
  });

  it('tours the themes on its interval without adding history entries, and pauses while someone uses it', async () => {
    const page = await openBig('tour=2', { width: 1920, height: 1080 });
    const history = await page.evaluate(() => window.history.length);
    await page.waitForSelector('[data-testid="big-screen"][data-theme="visits"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="big-screen"][data-theme="stations"]', { timeout: 10_000 });
    expect(page.url()).toContain('theme=stations');
    expect(await page.evaluate(() => window.history.length)).toBe(history);
    await page.mouse.move(400, 400);
    expect(await page.getByTestId('big-tour').textContent()).toContain('已暂停');
    await page.waitForTimeout(5000);
    expect(await page.getByTestId('big-screen').getAttribute('data-theme')).toBe('stations');
  });

  it('is entered from the toolbar and left with a button', async () => {
    const p = await suite.openMap('', { width: 1600, height: 900 });
    await p.page.getByTestId('big-enter').click();
    await p.page.waitForSelector('[data-testid="big-screen"][data-map-drawn="yes"]', { timeout: 60_000 });
    expect(p.page.url()).toContain('screen=big');
    await p.page.getByTestId('big-leave').click();
    await waitForMap(p.page);
    expect(p.page.url()).not.toContain('screen=big');
  });
});

/**
 * The screens above the city on a small province extract (tests/support/province-extract.ts: five counties of three
 * cities of 江苏省, combined): 两期对比's change map of the province's cities with its legend, tooltip and ranking,
 * 两期并排, 数据质量's cities and lists, and the big screen with 两期对比 (the province's, and the 南通市 city demo's).
 * Figures are checked against native DuckDB reading the extract's agg_* files (SQL written here).
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHANGE_CLASSES } from '../../src/app/compare/change-colours';
import { NO_DATA } from '../../src/map/colour-scales';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { isLocal, SCREENSHOTS, waitForEngine, waitForMap, type Viewport } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { drawn, near, pct, pixelsAt, points, tenths, words } from '../support/change-view';
import { openOracle } from '../support/oracle';
import { PROVINCE_CITIES, provinceExtract } from '../support/province-extract';

let dir = '';
const suite = browserSuite({
  setup: async () => {
    dir = await provinceExtract();
  },
  routes: () => ({ '/province/': dir }),
  oracle: () => openOracle(dir, ['regions', 'agg_visits', 'agg_quality', 'agg_risk']),
  viewport: { width: 1920, height: 1080 },
});

const PROFILE = BUILTIN_PROFILES[0]!;
const CITY_DEMO = resolve(import.meta.dirname, '../../data/demo-nantong');
const A = '2026-07';
const B = '2026-08';
const OPEN = `?extract=province/&theme=visits&compare=${A}..${B}`;

const persons = (n: number | null) => `${(n ?? 0).toLocaleString('en-US')} 名`;

interface Side {
  code: string;
  name: string;
  a: number | null;
  b: number | null;
  da: number | null;
  db: number | null;
}

/** Visit compliance of the areas of `level` (under `parent`, if given) in A and B, from agg_visits. */
async function sides(level: 'province' | 'city' | 'county', parent: string | null): Promise<Side[]> {
  const at = (alias: string, month: string) =>
    `LEFT JOIN agg_visits ${alias} ON ${alias}.region_code = r.code AND ${alias}.level = '${level}' AND ${alias}.month = '${month}' AND ${alias}.profile_id = '${PROFILE.id}'`;
  return suite.oracle.rows<Side>(
    `SELECT r.code, r.name, a.rate AS a, b.rate AS b, a.due::INTEGER AS da, b.due::INTEGER AS db
     FROM regions r ${at('a', A)} ${at('b', B)} WHERE r.level = '${level}' ${parent === null ? '' : `AND r.parent_code = '${parent}'`} ORDER BY r.code`,
  );
}
const rawChange = (s: Side) => (s.a === null || s.b === null ? Infinity : s.b - s.a);
const ranking = (list: Side[]) => [...list].sort((x, y) => rawChange(x) - rawChange(y) || x.code.localeCompare(y.code));

/** The class colour of a change as printed (tenths of a point; a higher rate is better). */
const changeClass = (t: number | null) => (t === null ? NO_DATA : (CHANGE_CLASSES.find((k) => t / 1000 < k.below) ?? CHANGE_CLASSES.at(-1)!).colour);
/**
 * Whether a pixel of the deck.gl canvas is `colour`: blended over the map's light ground where that is drawn, else
 * as is (the canvas read alone keeps a translucent fill's own colour when nothing is drawn under it).
 */
const isColour = (p: readonly number[], colour: readonly number[]) => near(p, drawn(colour)) || near(p, colour.slice(0, 3));
const FILLS = [...CHANGE_CLASSES.map((k) => k.colour), NO_DATA];


/** Elements whose text is cut off (wider or taller than their box) or that overflow the viewport, in `scope`. */
async function clipped(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((scope) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(`${scope} *`)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || !el.textContent?.trim() || el.children.length > 0) continue;
      const style = getComputedStyle(el);
      if (style.overflow === 'visible' && style.textOverflow !== 'ellipsis') continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2) out.push(`${el.className || el.tagName}: ${el.textContent.trim().slice(0, 30)}`);
    }
    return out;
  }, scope);
}

/**
 * Pixels of the pair's maps drawn under the period labels: the labels are hidden for the reading, and each pane's
 * deck.gl canvas is read where its label was. The fitted maps must leave them room (0).
 */
async function drawnUnderLabels(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let n = 0;
    for (const side of ['a', 'b']) {
      const label = document.querySelector<HTMLElement>(`[data-testid="split-label-${side}"]`)!;
      const r = label.getBoundingClientRect();
      const canvas = [...document.querySelectorAll(`[data-testid="split-${side}"] canvas`)].find((el) => !el.classList.contains('maplibregl-canvas')) as HTMLCanvasElement;
      const box = canvas.getBoundingClientRect();
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const g = copy.getContext('2d') as CanvasRenderingContext2D;
      g.drawImage(canvas, 0, 0);
      const sx = canvas.width / box.width;
      const sy = canvas.height / box.height;
      const d = g.getImageData(Math.round((r.left - box.left) * sx), Math.round((r.top - box.top) * sy), Math.round(r.width * sx), Math.round(r.height * sy)).data;
      for (let i = 3; i < d.length; i += 4) if ((d[i] ?? 0) > 0) n += 1;
    }
    return n;
  });
}

async function compareReady(page: Page) {
  await waitForMap(page, 240_000);
  await page.waitForSelector('[data-testid="compare"] [data-testid="kpis"][aria-busy="false"]', { timeout: 240_000 });
}

describe('两期对比, 数据质量 and the big screen above the city, on a province extract', () => {
  it('colours each city by its change as native DuckDB reads the aggregates, with the legend, tooltip and ranking', async () => {
    const { page, requests, errors } = await suite.openMap(OPEN);
    await compareReady(page);
    const [province] = await sides('province', null);
    const cities = await sides('city', '32');
    if (!province) throw new Error('no province row');
    expect(cities.map((c) => c.code)).toEqual([...PROVINCE_CITIES]);

    expect(await page.getByTestId('scope-name').evaluate((el) => el.firstChild?.textContent?.trim())).toBe('江苏省');
    expect(await page.getByTestId('kpi-compare-a').textContent()).toBe(pct(province.a));
    expect(await page.getByTestId('kpi-compare-b').textContent()).toBe(pct(province.b));
    expect(await page.getByTestId('kpi-compare-change').textContent()).toBe(`${points(tenths(province.a, province.b) ?? 0)}个百分点`);
    const legend = (await page.locator('.legend').textContent()) ?? '';
    expect(legend).toContain('走访合规率越高越好：蓝色为改善，红色为变差');
    expect(await page.locator('.legend .legend-row, .legend li').count()).toBeGreaterThan(0);

    // The ranking of the cities, worst first, and the sentence naming those that got worse.
    expect(await page.getByTestId('compare-ranking').textContent()).toContain('市（地、州、盟）按变化排序（变差在前）');
    await page.waitForSelector('[data-testid="compare-table"] tbody tr', { timeout: 120_000 });
    const rows = await page.getByTestId('compare-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const ranked = ranking(cities);
    expect(rows).toEqual(ranked.map((c) => [c.name, pct(c.a), pct(c.b), words(tenths(c.a, c.b) as number)]));
    const worse = ranked.filter((c) => (tenths(c.a, c.b) as number) < 0);
    expect(await page.getByTestId('compare-worse-sentence').textContent()).toBe(
      worse.length === 0 ? '与2026年7月相比，没有市（地、州、盟）变差。' : `与2026年7月相比，${worse.length}个市（地、州、盟）变差：${worse.map((c) => `${c.name}（${words(tenths(c.a, c.b) as number)}）`).join('、')}。`,
    );

    // The map: where a pixel is a city's fill, it is the colour of that city's change, and the tooltip says so.
    const box = (await page.getByTestId('map').boundingBox())!;
    const grid = Array.from({ length: 47 * 31 }, (_, k) => ({ x: box.x + (box.width * ((k % 47) + 1)) / 48, y: box.y + (box.height * (Math.floor(k / 47) + 1)) / 32 }));
    const pixels = await pixelsAt(page, '.map-area', grid);
    const checked = new Set<string>();
    const wrong: string[] = [];
    const tried: { x: number; y: number }[] = [];
    const seen: string[] = [];
    for (const [k, p] of grid.entries()) {
      const pixel = pixels[k];
      if (checked.size === cities.length) break;
      if (!pixel || !FILLS.some((f) => isColour(pixel, f))) continue;
      // One hover per patch of a city's fill (a city is several county shapes).
      if (tried.some((q) => Math.hypot(q.x - p.x, q.y - p.y) < 60)) continue;
      tried.push(p);
      await page.mouse.move(box.x + 3, box.y + 3);
      await page.getByTestId('tooltip').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
      await page.mouse.move(p.x, p.y);
      const title = await page
        .getByTestId('tooltip')
        .locator('.tooltip-title')
        .evaluate((el) => el.firstChild?.textContent ?? '', undefined, { timeout: 2_000 })
        .catch(() => '');
      seen.push(`${title}@${Math.round(p.x)},${Math.round(p.y)}:${pixel.join(',')}`);
      const city = cities.find((c) => c.name === title);
      if (!city || checked.has(city.code)) continue;
      checked.add(city.code);
      const t = tenths(city.a, city.b);
      if (!isColour(pixel, changeClass(t))) wrong.push(`${city.name} (${t}) at ${p.x},${p.y}: ${pixel.join(',')} ≠ ${changeClass(t).join(',')}`);
      expect(await page.getByTestId('tooltip').textContent(), city.name).toContain('市（地、州、盟）');
      const lines = await page.getByTestId('tooltip').locator('.tooltip-line').evaluateAll((els) => els.map((el) => [el.querySelector('span')?.textContent, el.querySelector('b')?.textContent]));
      expect(lines, city.name).toEqual([
        ['2026年7月', pct(city.a)],
        ['2026年8月', pct(city.b)],
        ['变化', words(t as number)],
        ['计算人数（A → B）', `${persons(city.da)} → ${persons(city.db)}`],
      ]);
      if (checked.size === 1) await page.screenshot({ path: `${SCREENSHOTS}/province-compare-hover.png` });
    }
    expect(wrong).toEqual([]);
    expect(checked.size, seen.join(' ')).toBe(cities.length);
    await page.mouse.move(box.x + 3, box.y + 3);
    await page.screenshot({ path: `${SCREENSHOTS}/province-compare-1920.png` });
    expect(await clipped(page, '.side-panel, .legend')).toEqual([]);
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  }, 600_000);

  it('shows the pair of maps of the province’s cities, labelled with their periods', async () => {
    const { page, errors } = await suite.openMap(`${OPEN}&split=1`);
    await page.getByTestId('split-maps').waitFor();
    expect(await page.getByTestId('split-label-a').textContent()).toBe('基期 · 2026年7月');
    expect(await page.getByTestId('split-label-b').textContent()).toBe('报告期 · 2026年8月');
    const cities = await sides('city', '32');
    // Labels by their regions' full names (`data-labels`' fifth field): a city whose name does not fit inside its
    // counties' shapes at the pane's size is left unlabelled (named by its tooltip), so not every city is labelled.
    const paneLabels = async (side: 'a' | 'b') => (await page.getByTestId(`split-${side}`).getByTestId('map').evaluate((el) => JSON.parse(el.getAttribute('data-labels') ?? '[]') as [string, number, number, number, string?][])).map((l) => l[4] ?? l[0]);
    for (const side of ['a', 'b'] as const) {
      await expect.poll(async () => (await paneLabels(side)).filter((n) => cities.some((c) => c.name === n)).length, { timeout: 120_000 }).toBeGreaterThan(0);
      expect((await paneLabels(side)).every((n) => cities.some((c) => c.name === n)), (await paneLabels(side)).join()).toBe(true);
    }
    expect(await page.getByTestId('legend').count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}/province-split-1920.png` });
    expect(await drawnUnderLabels(page)).toBe(0);
    expect(await clipped(page, '.legend, [data-testid="split-maps"]')).toEqual([]);
    expect(errors).toEqual([]);
  }, 600_000);

  it('shows 数据质量 of the province by city from agg_quality, and a figure’s list of counties with their cities', async () => {
    const { page, errors, requests } = await suite.open('?extract=province/&quality=on');
    await waitForMap(page, 180_000);
    await waitForEngine(page, 300_000);
    const q = await suite.oracle.rows<{ code: string; name: string; level: string; parent: string | null; children: number; ungraded: number; stale: number }>(
      `SELECT q.region_code AS code, r.name, q.level, r.parent_code AS parent, q.children::INTEGER AS children, q.ungraded::INTEGER AS ungraded, q.stale::INTEGER AS stale
       FROM agg_quality q JOIN regions r ON r.code = q.region_code WHERE q.month = '2026-10' AND q.level IN ('province', 'city', 'county') ORDER BY q.region_code`,
    );
    const province = q.find((r) => r.level === 'province')!;
    expect(province.ungraded).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('quality-value-ungraded').textContent(), { timeout: 120_000 }).toBe(`${province.ungraded.toLocaleString('en-US')}名`);
    expect(await page.getByTestId('quality-value-stale').textContent()).toBe(`${province.stale.toLocaleString('en-US')}名`);

    // The cities' table: each city's counts.
    const table = page.getByTestId('quality-sub-areas');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBe(PROVINCE_CITIES.length);
    expect(await page.locator('[data-testid="quality-sub-areas"]').evaluate((el) => el.closest('section')?.querySelector('h2, h3')?.textContent ?? '')).toContain('市（地、州、盟）');
    const cityRows = q.filter((r) => r.level === 'city');
    for (const tr of await table.locator('tbody tr').all()) {
      const cells = (await tr.locator('td').allTextContents()).map((s) => s.trim());
      const c = cityRows.find((k) => k.name === cells[0]);
      expect(c, cells[0]).toBeDefined();
      expect(cells.slice(1, 4)).toEqual([c?.children, c?.ungraded, c?.stale].map((n) => (n as number).toLocaleString('en-US')));
    }
    await page.screenshot({ path: `${SCREENSHOTS}/province-quality-1920.png` });
    expect(await clipped(page, '.side-panel')).toEqual([]);

    // 未评估儿童's list: the province's counties with some, most first, each with its city.
    await page.getByTestId('quality-ungraded').click();
    const list = page.getByTestId('quality-list-table');
    const counties = q.filter((r) => r.level === 'county' && r.ungraded > 0).sort((a, b) => b.ungraded - a.ungraded || a.code.localeCompare(b.code));
    await expect.poll(() => list.locator('tbody tr').count(), { timeout: 30_000 }).toBe(counties.length);
    const cells = await list.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
    expect(cells).toEqual(counties.map((c) => [`${c.name} › 进入`, cityRows.find((k) => k.code === c.parent)?.name, c.ungraded.toLocaleString('en-US')]));
    await page.screenshot({ path: `${SCREENSHOTS}/province-quality-list-1920.png` });
    expect(requests.filter((u) => /\/(children|colour_assessments|visits|stations)\.\d{6}\.parquet/.test(u))).toEqual([]);
    expect(errors).toEqual([]);
  }, 600_000);

  for (const [name, extract, level] of [
    ['the province', 'province/', 'province'],
    ['the 南通市 city demo', 'demo-nantong/', 'city'],
  ] as const) {
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 3840, height: 2160 },
    ] as Viewport[]) {
      it(`shows ${name}'s big screen with the two periods side by side at ${viewport.width}×${viewport.height}`, async () => {
        const { page, errors } = await suite.open(`?extract=${extract}&theme=visits&compare=${A}..${B}&split=1&screen=big&tour=0`, viewport);
        await page.waitForSelector('[data-testid="big-screen"][data-map-drawn="yes"]', { timeout: 240_000 });
        await page.getByTestId('split-maps').waitFor({ timeout: 60_000 });
        await expect.poll(() => page.getByTestId('big-value-visits').textContent(), { timeout: 120_000 }).not.toBe('—');
        // The tile is the right map's period (B), not the month the URL would show alone.
        const [top] = await suite.oracle.rows<{ rate: number }>(
          `SELECT rate FROM read_parquet('${level === 'province' ? dir : CITY_DEMO}/agg_visits.parquet') WHERE level = '${level}' AND month = '${B}' AND profile_id = '${PROFILE.id}'`,
        );
        expect(await page.getByTestId('big-value-visits').textContent()).toBe(pct(top?.rate));
        await new Promise((r) => setTimeout(r, 3000));
        await page.screenshot({ path: `${SCREENSHOTS}/big-compare-${level}-${viewport.width}.png` });
        expect(await page.getByTestId('split-label-b').textContent()).toBe('报告期 · 2026年8月');
        expect(await drawnUnderLabels(page)).toBe(0);
        // The 数据质量 line (when the data is shaky) lies apart from both period labels.
        const box = (testId: string) => page.getByTestId(testId).boundingBox();
        const quality = (await page.getByTestId('big-quality').count()) > 0 ? await box('big-quality') : null;
        for (const label of ['split-label-a', 'split-label-b']) {
          const l = await box(label);
          if (quality && l) expect(quality.y >= l.y + l.height || quality.y + quality.height <= l.y || quality.x >= l.x + l.width || quality.x + quality.width <= l.x, label).toBe(true);
        }
        expect(await clipped(page, '.big')).toEqual([]);
        expect(errors).toEqual([]);
      }, 600_000);
    }
  }
});

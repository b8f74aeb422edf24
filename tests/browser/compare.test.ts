import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHANGE_CLASSES } from '../../src/app/compare/change-colours';
import { suppressRateChange } from '../../src/export/change-suppression';
import { visitComplianceSql, type VisitComplianceRow } from '../../src/measures/visit-compliance';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { parseCsvRows } from '../../src/cli/csv/parse-csv';
import { DEMO, isLocal, SCREENSHOTS, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

const AS_OF = '2026-10-31';
const PROFILE = BUILTIN_PROFILES[0]!;
const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children', 'colour_assessments', 'visits']), viewport: { width: 1600, height: 1000 } });

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
/** Tenths of a point between two rates as printed (75.0% → 73.7% is −13), so a change matches the rates beside it. */
const tenths = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round(Number(pct(b).slice(0, -1)) * 10) - Math.round(Number(pct(a).slice(0, -1)) * 10));
/** As the panel's tile prints a change: +2.1, −0.4, 0.0. */
const points = (t: number) => (t === 0 ? '0.0' : `${t > 0 ? '+' : '−'}${(Math.abs(t) / 10).toFixed(1)}`);
/** As the sentences and tables word it: 提高2.1个百分点, 下降0.4个百分点, 持平. */
const words = (t: number) => (t === 0 ? '持平' : `${t > 0 ? '提高' : '下降'}${(Math.abs(t) / 10).toFixed(1)}个百分点`);

interface Side {
  code: string;
  name: string;
  unit_type: string | null;
  a: number | null;
  b: number | null;
  na: number;
  da: number;
  nb: number;
  db: number;
}

/**
 * The visit figure of each area in two months, straight from native DuckDB with the monthly measure (the change map
 * must agree with the month maps), and the change worked out here.
 */
async function sides(level: 'county' | 'township' | 'village', parentCode: string | null, a: string, b: string): Promise<Side[]> {
  const month = (m: string) => suite.oracle.rows<VisitComplianceRow>(visitComplianceSql({ level, parentCode, month: m, asOf: AS_OF, profile: PROFILE }));
  const [ra, rb, regions] = await Promise.all([month(a), month(b), suite.oracle.rows<{ code: string; unit_type: string | null }>('SELECT code, unit_type FROM regions')]);
  const types = new Map(regions.map((r) => [r.code, r.unit_type]));
  return ra.map((x) => {
    const y = rb.find((r) => r.code === x.code);
    return { code: x.code, name: x.name, unit_type: types.get(x.code) ?? null, a: x.rate, b: y?.rate ?? null, na: x.compliant, da: x.due, nb: y?.compliant ?? 0, db: y?.due ?? 0 };
  });
}
const changeOf = (s: Side) => (s.a === null || s.b === null ? null : s.b - s.a);
/** The change as printed, in tenths of a point. */
const shown = (s: Side) => tenths(s.a, s.b);

/** Areas with territory, as the panel ranks them: worst change first (a higher rate is better), then by code; none last. */
function ranking(list: Side[]): Side[] {
  const key = (s: Side) => changeOf(s) ?? Infinity;
  return list.filter((s) => s.unit_type !== 'other').sort((x, y) => key(x) - key(y) || x.code.localeCompare(y.code));
}

/** The colour the class of a change is drawn in, over the map's light base fill (deck.gl blends by alpha). */
function expectedColour(t: number | null): number[] {
  const base = [246, 247, 249];
  const change = t === null ? null : t / 1000;
  const c = change === null ? [205, 210, 216, 200] : (CHANGE_CLASSES.find((k) => change < k.below) ?? CHANGE_CLASSES[CHANGE_CLASSES.length - 1])!.colour;
  const alpha = (c[3] ?? 255) / 255;
  return [0, 1, 2].map((i) => Math.round((c[i] ?? 0) * alpha + (base[i] ?? 0) * (1 - alpha)));
}

/** The deck.gl canvas's colour at each page point, where the point is well inside one colour. */
async function pixelsAt(page: Page, at: { x: number; y: number }[]): Promise<(number[] | null)[]> {
  return page.evaluate((pts) => {
    const canvas = [...document.querySelectorAll('.map-area canvas')].find((el) => !el.classList.contains('maplibregl-canvas')) as HTMLCanvasElement;
    const box = canvas.getBoundingClientRect();
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const g = copy.getContext('2d') as CanvasRenderingContext2D;
    g.drawImage(canvas, 0, 0);
    const sx = canvas.width / box.width;
    const sy = canvas.height / box.height;
    // The colour at the point when the 9 × 9 pixels around it are all that colour (an area's inside), else null.
    return pts.map((p) => {
      const d = g.getImageData(Math.round((p.x - box.left) * sx) - 4, Math.round((p.y - box.top) * sy) - 4, 9, 9).data;
      for (let i = 4; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) return null;
      return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0];
    });
  }, at);
}

const near = (p: number[], q: number[]) => p.every((v, i) => Math.abs(v - (q[i] ?? 0)) <= 12);

async function compareReady(page: Page) {
  await waitForMap(page, 120_000);
  await page.waitForSelector('[data-testid="compare"] [data-testid="kpis"][aria-busy="false"]', { timeout: 120_000 });
}

describe('两期对比 in Chromium', () => {
  it('colours each township by its change between two months as native DuckDB computes it, and ranks the worst first', async () => {
    const { page, requests, errors } = await suite.openMap('?theme=visits&compare=2026-07..2026-08');
    await compareReady(page);
    const towns = await sides('township', null, '2026-07', '2026-08');
    const [county] = await sides('county', null, '2026-07', '2026-08');
    if (!county) throw new Error('no county row');

    // The panel: the county in A and B, and the change in points.
    expect(await page.getByTestId('kpi-compare-a').textContent()).toBe(pct(county.a));
    expect(await page.getByTestId('kpi-compare-b').textContent()).toBe(pct(county.b));
    expect(await page.getByTestId('kpi-compare-change').textContent()).toBe(`${points(shown(county) ?? 0)}个百分点`);
    expect(await page.locator('.legend').textContent()).toContain('走访合规率越高越好：蓝色为改善，红色为变差');

    // The ranking: every township with territory, worst change first, each with its two rates and its change.
    const ranked = ranking(towns);
    expect(ranked.every((t) => changeOf(t) !== null)).toBe(true);
    await page.waitForSelector('[data-testid="compare-table"] tbody tr', { timeout: 120_000 });
    const showAll = page.locator('.area-table').filter({ has: page.getByTestId('compare-table') }).getByRole('button', { name: /显示全部/ });
    if (await showAll.count()) await showAll.click();
    const rows = await page.getByTestId('compare-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-code') ?? '', ...[...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')]));
    expect(rows).toEqual(ranked.map((t) => [t.code, t.name, pct(t.a), pct(t.b), words(shown(t) as number)]));
    // The demo's August dip: some townships got worse, and the sentence names exactly those.
    const worse = ranked.filter((t) => (shown(t) as number) < 0);
    expect(worse.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('compare-worse-sentence').textContent(), { timeout: 30_000 }).toBe(
      `与2026年7月相比，${worse.length}个乡镇（街道）变差：${worse.map((t) => `${t.name}（${words(shown(t) as number)}）`).join('、')}。`,
    );

    // The map: hover a grid of points; where the pixel is an area's fill (not a border or a label), it must be
    // the colour of that township's change.
    const box = await page.getByTestId('map').boundingBox();
    if (!box) throw new Error('no map');
    const checked = new Set<string>();
    const wrong: string[] = [];
    const fills = [...CHANGE_CLASSES.map((k) => k.colour), [205, 210, 216, 200]].map((c) => {
      const alpha = (c[3] ?? 255) / 255;
      return [0, 1, 2].map((i) => Math.round((c[i] ?? 0) * alpha + ([246, 247, 249][i] ?? 0) * (1 - alpha)));
    });
    const grid = Array.from({ length: 11 * 9 }, (_, k) => ({ x: box.x + (box.width * ((k % 11) + 1)) / 12, y: box.y + (box.height * (Math.floor(k / 11) + 1)) / 10 }));
    await page.screenshot({ path: `${SCREENSHOTS}/compare-visits-map.png` });
    const gridPixels = await pixelsAt(page, grid);
    for (const [k, p] of grid.entries()) {
      const pixel = gridPixels[k];
      if (!pixel || !fills.some((f) => near(pixel, f))) continue;
      // Off the county first (no tooltip), so that the tooltip read is the one for this point.
      await page.mouse.move(box.x + box.width * 0.97, box.y + box.height * 0.5);
      await page.getByTestId('tooltip').waitFor({ state: 'detached', timeout: 5_000 });
      await page.mouse.move(p.x, p.y);
      const title = await page
        .getByTestId('tooltip')
        .locator('.tooltip-title')
        .evaluate((el) => el.firstChild?.textContent ?? '', undefined, { timeout: 2_000 })
        .catch(() => '');
      const town = towns.find((t) => t.name === title);
      if (!town) continue;
      checked.add(town.code);
      if (!near(pixel, expectedColour(shown(town)))) wrong.push(`${town.name} (${shown(town)}) at ${p.x},${p.y}: ${pixel.join(',')} ≠ ${expectedColour(shown(town)).join(',')}`);
    }
    expect(wrong).toEqual([]);
    expect(checked.size).toBeGreaterThanOrEqual(10);
    // Both directions on the map: a township that got worse and one that got better are among those checked.
    expect([...checked].some((c) => (changeOf(towns.find((t) => t.code === c)!) ?? 0) < -0.01)).toBe(true);
    expect([...checked].some((c) => (changeOf(towns.find((t) => t.code === c)!) ?? 0) > 0.01)).toBe(true);
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);

  it('keeps the comparison in the URL: turned on, changed, and undone with Back', async () => {
    const { page } = await suite.openMap('?theme=risk');
    await page.getByTestId('compare-toggle').click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('compare=2026-09..2026-10');
    await compareReady(page);
    await page.getByTestId('compare-a').selectOption('2026-Q2');
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('compare=2026-Q2..2026-10');
    await expect.poll(() => page.getByTestId('compare').textContent(), { timeout: 30_000 }).toContain('2026年第二季度（A）');
    expect(await page.getByTestId('compare').textContent()).toContain('季度取季末');
    await page.goBack();
    await expect.poll(() => page.getByTestId('compare-a').inputValue(), { timeout: 15_000 }).toBe('2026-09');
    await page.goBack();
    await expect.poll(() => page.getByTestId('month').count(), { timeout: 15_000 }).toBe(1);
    expect(page.url()).not.toContain('compare=');
    await page.goForward();
    await expect.poll(() => page.getByTestId('compare-a').inputValue(), { timeout: 15_000 }).toBe('2026-09');
  }, 240_000);

  it('exports a township’s villages with their changes, suppressed (CSV and Excel)', async () => {
    const town = (await sides('township', null, '2026-07', '2026-08')).find((t) => t.unit_type !== 'other' && t.db > 0)!;
    const { page } = await suite.openMap(`?theme=visits&area=${town.code}&compare=2026-07..2026-08`);
    await compareReady(page);
    const order = ranking(await sides('village', town.code, '2026-07', '2026-08'));
    const expected = order.map((v) => {
      const cells = suppressRateChange({ numerator_a: v.na, denominator_a: v.da, numerator_b: v.nb, denominator_b: v.db }, 5, true);
      const rate = (c: typeof cells.a) => (c?.shown ? pct(c.value) : '—');
      return [v.name, rate(cells.a), rate(cells.b), cells.change?.shown ? words(shown(v) as number) : '—'];
    });
    // The demo has villages where one month's rate is over fewer than 5 children, or gives back a small count.
    expect(expected.some((r) => r[3] === '—' && (r[1] !== '—' || r[2] !== '—'))).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-table-csv').click()]);
    expect(download.suggestedFilename()).toBe(`如皋市${town.name}_两期对比_走访合规率_2026-07_2026-08.csv`);
    const csv = parseCsvRows(readFileSync((await download.path()) as string, 'utf8').replace(/^\uFEFF/, '')).map((r) => r.fields);
    const head = csv.findIndex((r) => r[0] === '区域');
    expect(csv[head]).toEqual(['区域', '2026年7月', '2026年8月', '较2026年7月']);
    expect(csv.slice(head + 1, head + 1 + order.length)).toEqual(expected);
    expect(csv.some((r) => (r[0] ?? '').includes('变化一并以“—”表示'))).toBe(true);

    const [x] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-table-xlsx').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await x.path()) as string) as never);
    const ws = wb.worksheets[0]!;
    let xhead = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === '区域') xhead = n;
    });
    expect(xhead).toBeGreaterThan(0);
    for (const [i, r] of expected.entries()) {
      const row = ws.getRow(xhead + 1 + i);
      expect(row.getCell(1).value).toBe(r[0]);
      const b = row.getCell(3).value;
      expect(typeof b === 'number' ? pct(b) : b).toBe(r[2]);
      expect(row.getCell(4).value).toBe(r[3]);
    }
    await page.screenshot({ path: `${SCREENSHOTS}/compare-township.png` });
  }, 240_000);

  it('opens each theme of the briefing with its change, in words, as native DuckDB computes it', async () => {
    const { page, errors } = await suite.open('?theme=visits&compare=2026-09..2026-10&screen=briefing');
    await page.waitForSelector('[data-testid="briefing"][data-ready="yes"]', { timeout: 150_000 });
    await expect.poll(() => page.getByTestId('brief-change-visits').textContent(), { timeout: 60_000 }).not.toBe('正在生成简报…');
    const [county] = await sides('county', null, '2026-09', '2026-10');
    const towns = ranking(await sides('township', null, '2026-09', '2026-10'));
    const worse = towns.filter((t) => (shown(t) as number) < 0);
    const named = worse.slice(0, 5).map((t) => `${t.name}（${words(shown(t) as number)}）`);
    const text = await page.getByTestId('brief-change-visits').textContent();
    expect(text).toBe(
      `如皋市走访合规率2026年10月为${pct(county?.b)}，较上季度（2026年9月）${words(shown(county!) as number)}。` +
        (worse.length === 0 ? '没有乡镇（街道）变差。' : `变差的乡镇（街道）：${named.join('、')}${worse.length > 5 ? `等${worse.length}个` : ''}。`),
    );
    for (const theme of ['risk', 'stations', 'water', 'guardianship']) expect(await page.getByTestId(`brief-change-${theme}`).textContent(), theme).toMatch(/较上季度（2026年9月）|不作比较/);
    expect(await page.getByTestId('brief-compare').textContent()).toBe('2026年9月—2026年10月');
    await page.getByTestId('brief-visits').evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: `${SCREENSHOTS}/compare-briefing.png` });
    expect(errors).toEqual([]);
  }, 240_000);
});

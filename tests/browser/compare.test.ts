import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { suppressRateChange } from '../../src/export/change-suppression';
import { visitComplianceSql, type VisitComplianceRow } from '../../src/measures/visit-compliance';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { parseCsvRows } from '../../src/cli/csv/parse-csv';
import { DEMO, isLocal, SCREENSHOTS } from '../support/browser';
import { CHANGE_FILLS, changeColour, compareReady, near, pct, pixelsAt, points, tenths, words } from '../support/change-view';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

const AS_OF = '2026-10-31';
const PROFILE = BUILTIN_PROFILES[0]!;
const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children', 'colour_assessments', 'visits']), viewport: { width: 1600, height: 1000 } });


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

describe('两期对比 in Chromium', () => {
  it('colours each township by its change between two months as native DuckDB computes it, and ranks the worst first', async () => {
    const { page, requests, errors } = await suite.viewMap('?theme=visits&compare=2026-07..2026-08');
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
    const grid = Array.from({ length: 11 * 9 }, (_, k) => ({ x: box.x + (box.width * ((k % 11) + 1)) / 12, y: box.y + (box.height * (Math.floor(k / 11) + 1)) / 10 }));
    await page.screenshot({ path: `${SCREENSHOTS}/compare-visits-map.png` });
    const gridPixels = await pixelsAt(page, '.map-area', grid);
    for (const [k, p] of grid.entries()) {
      const pixel = gridPixels[k];
      if (!pixel || !CHANGE_FILLS.some((f) => near(pixel, f))) continue;
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
      if (!near(pixel, changeColour(shown(town)))) wrong.push(`${town.name} (${shown(town)}) at ${p.x},${p.y}: ${pixel.join(',')} ≠ ${changeColour(shown(town)).join(',')}`);
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
    const { page } = await suite.viewMap('?theme=risk');
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
    const { page } = await suite.viewMap(`?theme=visits&area=${town.code}&compare=2026-07..2026-08`);
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
    const { page, errors } = await suite.view('?theme=visits&compare=2026-09..2026-10&screen=briefing');
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

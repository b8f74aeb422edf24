/**
 * 两期对比 and 两期并排 above the county, on the 南通市 city demo (data/demo-nantong): the change map of the city's
 * counties, its ranking, tooltip, exports and URL state, and the pair of maps drilling into a county, checked against
 * native DuckDB reading the demo's agg_* files directly (SQL written here, not the app's builders).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { suppressRateChange } from '../../src/export/change-suppression';
import { parseCsvRows } from '../../src/cli/csv/parse-csv';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { isLocal, SCREENSHOTS, waitForMap } from '../support/browser';
import { CHANGE_FILLS as FILLS, changeColour, compareReady, near, pct, pixelsAt, points, tenths, words } from '../support/change-view';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

const CITY_DIR = resolve(import.meta.dirname, '../../data/demo-nantong');
const CITY = '3206';
const PROFILE = BUILTIN_PROFILES[0]!;
const A = '2026-07';
const B = '2026-08';
const OPEN = `?extract=demo-nantong/&theme=visits&compare=${A}..${B}`;
const suite = browserSuite({ oracle: () => openOracle(CITY_DIR, ['regions', 'agg_visits']), viewport: { width: 1920, height: 1080 } });


interface Side {
  code: string;
  name: string;
  a: number | null;
  b: number | null;
  na: number | null;
  da: number | null;
  nb: number | null;
  db: number | null;
}

/** Visit compliance of the areas of `level` under `parent` in A and B, read from the demo's agg_visits file. */
async function sides(level: 'city' | 'county', parent: string, a = A, b = B): Promise<Side[]> {
  const at = (alias: string, month: string) =>
    `LEFT JOIN agg_visits ${alias} ON ${alias}.region_code = r.code AND ${alias}.level = '${level}' AND ${alias}.month = '${month}' AND ${alias}.profile_id = '${PROFILE.id}'`;
  return suite.oracle.rows<Side>(
    `SELECT r.code, r.name, a.rate AS a, b.rate AS b, a.compliant::INTEGER AS na, a.due::INTEGER AS da, b.compliant::INTEGER AS nb, b.due::INTEGER AS db
     FROM regions r ${at('a', a)} ${at('b', b)} WHERE r.level = '${level}' AND r.parent_code = '${parent}' ORDER BY r.code`,
  );
}
/** Worst change first (a higher rate is better; the unrounded change), then by code. */
const rawChange = (s: Side) => (s.a === null || s.b === null ? Infinity : s.b - s.a);
const ranking = (list: Side[]) => [...list].sort((x, y) => rawChange(x) - rawChange(y) || x.code.localeCompare(y.code));

/** As the tooltip counts children: 1,234 名. */
const persons = (n: number | null) => `${(n ?? 0).toLocaleString('en-US')} 名`;

describe('两期对比 above the county, on the 南通市 city demo', () => {
  it('colours each county by its change between two months as native DuckDB reads the aggregates, ranks them and exports them', async () => {
    const { page, requests, errors } = await suite.viewMap(OPEN);
    await compareReady(page, 240_000);
    const [city] = await sides('city', '32');
    const counties = await sides('county', CITY);
    if (!city) throw new Error('no city row');
    expect(counties).toHaveLength(8);

    // The panel: the city in A and B, the change; the legend says which way is better.
    expect(await page.getByTestId('scope-name').evaluate((el) => el.firstChild?.textContent?.trim())).toBe('南通市');
    expect(await page.getByTestId('kpi-compare-a').textContent()).toBe(pct(city.a));
    expect(await page.getByTestId('kpi-compare-b').textContent()).toBe(pct(city.b));
    expect(await page.getByTestId('kpi-compare-change').textContent()).toBe(`${points(tenths(city.a, city.b) ?? 0)}个百分点`);
    expect(await page.locator('.legend').textContent()).toContain('走访合规率越高越好：蓝色为改善，红色为变差');

    // The ranking of the counties by change, worst first, and the sentence naming those that got worse.
    const ranked = ranking(counties);
    expect(ranked.every((c) => tenths(c.a, c.b) !== null)).toBe(true);
    await page.waitForSelector('[data-testid="compare-table"] tbody tr', { timeout: 120_000 });
    const rows = await page.getByTestId('compare-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows).toEqual(ranked.map((c) => [c.name, pct(c.a), pct(c.b), words(tenths(c.a, c.b) as number)]));
    const worse = ranked.filter((c) => (tenths(c.a, c.b) as number) < 0);
    expect(await page.getByTestId('compare-worse-sentence').textContent()).toBe(
      worse.length === 0 ? '与2026年7月相比，没有县（市、区）变差。' : `与2026年7月相比，${worse.length}个县（市、区）变差：${worse.map((c) => `${c.name}（${words(tenths(c.a, c.b) as number)}）`).join('、')}。`,
    );

    // The map: over a grid of points, where the pixel is a county's fill, it is the colour of that county's change,
    // and the tooltip gives both months, the change and the children counted.
    const box = (await page.getByTestId('map').boundingBox())!;
    const grid = Array.from({ length: 13 * 9 }, (_, k) => ({ x: box.x + (box.width * ((k % 13) + 1)) / 14, y: box.y + (box.height * (Math.floor(k / 13) + 1)) / 10 }));
    const pixels = await pixelsAt(page, '.map-area', grid);
    const checked = new Set<string>();
    const wrong: string[] = [];
    for (const [k, p] of grid.entries()) {
      const pixel = pixels[k];
      if (!pixel || !FILLS.some((f) => near(pixel, f))) continue;
      await page.mouse.move(box.x + 3, box.y + 3);
      await page.getByTestId('tooltip').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
      await page.mouse.move(p.x, p.y);
      const title = await page
        .getByTestId('tooltip')
        .locator('.tooltip-title')
        .evaluate((el) => el.firstChild?.textContent ?? '', undefined, { timeout: 2_000 })
        .catch(() => '');
      const county = counties.find((c) => c.name === title);
      if (!county || checked.has(county.code)) continue;
      checked.add(county.code);
      const t = tenths(county.a, county.b);
      if (!near(pixel, changeColour(t))) wrong.push(`${county.name} (${t}) at ${p.x},${p.y}: ${pixel.join(',')} ≠ ${changeColour(t).join(',')}`);
      const lines = await page.getByTestId('tooltip').locator('.tooltip-line').evaluateAll((els) => els.map((el) => [el.querySelector('span')?.textContent, el.querySelector('b')?.textContent]));
      expect(lines, county.name).toEqual([
        ['2026年7月', pct(county.a)],
        ['2026年8月', pct(county.b)],
        ['变化', words(t as number)],
        ['计算人数（A → B）', `${persons(county.da)} → ${persons(county.db)}`],
      ]);
      if (checked.size === 1) await page.screenshot({ path: `${SCREENSHOTS}/compare-above-hover.png` });
    }
    expect(wrong).toEqual([]);
    expect(checked.size).toBeGreaterThanOrEqual(5);
    await page.mouse.move(box.x + 3, box.y + 3);
    await page.screenshot({ path: `${SCREENSHOTS}/compare-above-1920.png` });

    // CSV and Excel of the ranking, suppressed as inside a county (a change hidden whenever either side is).
    const expected = ranked.map((c) => {
      const cells = suppressRateChange({ numerator_a: c.na, denominator_a: c.da, numerator_b: c.nb, denominator_b: c.db }, 5, true);
      const rate = (x: typeof cells.a) => (x?.shown ? pct(x.value) : '—');
      return [c.name, rate(cells.a), rate(cells.b), cells.change?.shown ? words(tenths(c.a, c.b) as number) : '—'];
    });
    const [csvFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-table-csv').click()]);
    expect(csvFile.suggestedFilename()).toBe(`南通市_两期对比_走访合规率_${A}_${B}.csv`);
    const csv = parseCsvRows(readFileSync((await csvFile.path()) as string, 'utf8').replace(/^\uFEFF/, '')).map((r) => r.fields);
    const head = csv.findIndex((r) => r[0] === '区域');
    expect(csv[head]).toEqual(['区域', '2026年7月', '2026年8月', '较2026年7月']);
    expect(csv.slice(head + 1, head + 1 + expected.length)).toEqual(expected);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-table-xlsx').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xlsx.path()) as string) as never);
    const ws = wb.worksheets[0]!;
    let xhead = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === '区域') xhead = n;
    });
    expect(xhead).toBeGreaterThan(0);
    for (const [i, r] of expected.entries()) {
      expect(ws.getRow(xhead + 1 + i).getCell(1).value).toBe(r[0]);
      expect(ws.getRow(xhead + 1 + i).getCell(4).value).toBe(r[3]);
    }

    // The map image: the change map with its periods in the file name.
    const [png] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByTestId('map-export').click()]);
    expect(png.suggestedFilename()).toBe(`南通市_走访合规_地图_${A}_${B}.png`);
    expect(readFileSync((await png.path()) as string).subarray(1, 4).toString()).toBe('PNG');

    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  }, 600_000);

  it('turns the comparison on at the city, keeps it in the URL, and undoes it with Back', async () => {
    const { page, errors } = await suite.viewMap('?extract=demo-nantong/&theme=risk');
    await page.getByTestId('compare-toggle').click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('compare=2026-09..2026-10');
    await compareReady(page, 240_000);
    expect(await page.getByTestId('compare-ranking').textContent()).toContain('县（市、区）按变化排序（变差在前）');
    expect(await page.locator('.legend').textContent()).toContain('红黄色占比越低越好');
    await page.getByTestId('compare-a').selectOption('2026-Q2');
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('compare=2026-Q2..2026-10');
    await expect.poll(() => page.getByTestId('compare').textContent(), { timeout: 60_000 }).toContain('2026年第二季度（A）');
    await page.goBack();
    await expect.poll(() => page.getByTestId('compare-a').inputValue(), { timeout: 15_000 }).toBe('2026-09');
    await page.goBack();
    await expect.poll(() => page.getByTestId('month').count(), { timeout: 15_000 }).toBe(1);
    expect(page.url()).not.toContain('compare=');
    expect(errors).toEqual([]);
  }, 400_000);

  it('opens each theme of the city’s briefing with its change, and names the counties that got worse', async () => {
    const { page, errors } = await suite.view('?extract=demo-nantong/&theme=visits&compare=2026-09..2026-10&screen=briefing');
    await page.waitForSelector('[data-testid="briefing"][data-ready="yes"]', { timeout: 400_000 });
    await expect.poll(() => page.getByTestId('brief-change-visits').textContent(), { timeout: 120_000 }).not.toBe('正在生成简报…');
    const [city] = await sides('city', '32', '2026-09', '2026-10');
    const worse = ranking(await sides('county', CITY, '2026-09', '2026-10')).filter((c) => (tenths(c.a, c.b) as number) < 0);
    const named = worse.slice(0, 5).map((c) => `${c.name}（${words(tenths(c.a, c.b) as number)}）`);
    expect(await page.getByTestId('brief-change-visits').textContent()).toBe(
      `南通市走访合规率2026年10月为${pct(city?.b)}，较上季度（2026年9月）${words(tenths(city?.a ?? null, city?.b ?? null) as number)}。` +
        (worse.length === 0 ? '没有县（市、区）变差。' : `变差的县（市、区）：${named.join('、')}${worse.length > 5 ? `等${worse.length}个` : ''}。`),
    );
    for (const theme of ['risk', 'stations', 'water', 'guardianship']) expect(await page.getByTestId(`brief-change-${theme}`).textContent(), theme).toMatch(/^南通市.*(较上季度（2026年9月）|不作比较)/);
    expect(errors).toEqual([]);
  }, 600_000);

  it('shows the pair of maps of the city’s counties and drills both into a county on a click', async () => {
    const { page, errors } = await suite.viewMap(`${OPEN}&split=1`);
    await page.getByTestId('split-maps').waitFor();
    expect(await page.getByTestId('split-label-a').textContent()).toBe('基期 · 2026年7月');
    expect(await page.getByTestId('split-label-b').textContent()).toBe('报告期 · 2026年8月');
    const counties = await sides('county', CITY);
    const paneLabels = async (side: 'a' | 'b') =>
      (await page.getByTestId(`split-${side}`).getByTestId('map').evaluate((el) => JSON.parse(el.getAttribute('data-labels') ?? '[]') as [string, number, number][])).map(([n, x, y]) => ({ n, x, y }));
    const before = await paneLabels('b');
    expect(before.filter((l) => counties.some((c) => c.name === l.n)).length).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: `${SCREENSHOTS}/compare-above-split-1920.png` });

    // A click beside a county's label on the right map drills both maps into it.
    const target = before.find((l) => l.n === '如东县') ?? before.find((l) => counties.some((c) => c.name === l.n))!;
    const county = counties.find((c) => c.name === target.n)!;
    const boxB = (await page.getByTestId('split-b').boundingBox())!;
    await page.mouse.click(boxB.x + target.x, boxB.y + target.y + 18);
    await expect.poll(() => new URL(page.url()).searchParams.get('area'), { timeout: 15_000 }).toBe(county.code);
    const towns = (await suite.oracle.rows<{ name: string }>(`SELECT name FROM regions WHERE parent_code = '${county.code}'`)).map((r) => r.name);
    for (const side of ['a', 'b'] as const) {
      await expect.poll(async () => (await paneLabels(side)).filter((l) => towns.includes(l.n)).length, { timeout: 300_000 }).toBeGreaterThanOrEqual(3);
    }
    await waitForMap(page, 300_000);
    await page.waitForSelector('[data-testid="compare"] [data-testid="kpis"][aria-busy="false"]', { timeout: 300_000 });
    expect(await page.getByTestId('compare-ranking').textContent()).toContain('乡镇（街道）按变化排序');
    await page.mouse.move(boxB.x + boxB.width - 3, boxB.y + 3);
    await page.screenshot({ path: `${SCREENSHOTS}/compare-above-split-county.png` });
    // Back: the city's pair again.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('area'), { timeout: 15_000 }).toBeNull();
    await expect.poll(async () => (await paneLabels('a')).filter((l) => counties.some((c) => c.name === l.n)).length, { timeout: 120_000 }).toBeGreaterThanOrEqual(6);
    expect(errors).toEqual([]);
  }, 900_000);
});

/**
 * A drill from the 南通市 city demo into a county whose rows are not loaded yet (issue #11, `drill-county`): while
 * the county's files are on their way, the map keeps the city's picture under the loading notice (it draws no
 * frame of the county without its townships); then it draws the county once, with its townships, whose figures
 * in the side panel are those native DuckDB reads from the extract's files.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOracle, type Oracle } from '../support/oracle';
import { SCREENSHOTS, waitForEngine, waitForFigures, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

const CITY = resolve(import.meta.dirname, '../../data/demo-nantong');
const COUNTY = '320612'; // 通州区
const AS_OF = "DATE '2026-10-31'";
const suite = browserSuite({ viewport: { width: 1600, height: 900 } });
let oracle: Oracle;

beforeAll(async () => {
  oracle = await openOracle(CITY, ['regions']);
});
afterAll(() => oracle?.close());

const num = (s: string | null) => Number((s ?? '').replace(/[^\d]/g, ''));

/** The label texts the map drew (its `data-labels`), sorted. */
/** The regions labelled on the map, by their full names (a label may be a shorter form: `data-labels`' fifth field). */
const labelsOf = (json: string | null | undefined) => ((JSON.parse(json ?? '[]') as [string, number, number, number, string?][]).map((l) => l[4] ?? l[0]) ?? []).sort();

describe('drilling into a county of a city extract', () => {
  it('keeps the city map while the county loads, then draws the county with its townships and their figures as the extract has them', async () => {
    const { page, errors } = await suite.open('?extract=demo-nantong/');
    await waitForMap(page, 180_000);
    await waitForEngine(page, 300_000);
    await waitForFigures(page, 120_000);
    const before = labelsOf(await page.getByTestId('map').getAttribute('data-labels'));
    const counties = await oracle.rows<{ name: string }>("SELECT name FROM regions WHERE level = 'county' ORDER BY code");
    // The city map: its counties' names (those that fit).
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((l) => counties.some((c) => c.name === l))).toBe(true);

    // Every picture the map draws from now on, with whether the county was still loading.
    await page.evaluate(() => {
      const w = window as unknown as { __labels: { loading: boolean; labels: string | null }[] };
      w.__labels = [];
      const map = document.querySelector('[data-testid="map"]') as HTMLElement;
      new MutationObserver(() => w.__labels.push({ loading: document.querySelector('[data-testid="county-loading"]') !== null, labels: map.getAttribute('data-labels') })).observe(map, {
        attributes: true,
        attributeFilter: ['data-labels'],
      });
    });
    // The county's files slowed down, so that there is time to draw a frame in between.
    await page.route(new RegExp(`\\.${COUNTY}\\.parquet$`), async (route) => {
      await new Promise((ok) => setTimeout(ok, 400));
      await route.continue();
    });
    await page.locator(`[data-testid="sub-areas"] tbody tr[data-code="${COUNTY}"]`).click();
    await page.getByTestId('county-loading').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/county-drill-loading.png` });
    await page.getByTestId('county-loading').waitFor({ state: 'detached', timeout: 180_000 });
    await waitForFigures(page, 120_000);
    await page.waitForFunction((county) => document.querySelector('[data-testid="sub-areas"] tbody tr')?.getAttribute('data-code')?.startsWith(county), COUNTY, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="dashboard"]')?.getAttribute('data-map-drawn') === 'yes', undefined, { timeout: 60_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/county-drill-drawn.png` });

    const townships = await oracle.rows<{ code: string; name: string }>(`SELECT code, name FROM regions WHERE level = 'township' AND parent_code = '${COUNTY}' ORDER BY code`);
    expect(townships.length).toBeGreaterThan(5);
    const pictures = (await page.evaluate(() => (window as unknown as { __labels: { loading: boolean; labels: string | null }[] }).__labels)).map((p) => ({ loading: p.loading, labels: labelsOf(p.labels) }));
    // While the county loaded, only the city's picture (kept until the county's regions are read); then the
    // county's townships (those that fit), and never the county alone (its name as the only label). A picture may
    // have no label at all for a frame while the labels are fitted to the new view.
    for (const p of pictures.filter((x) => x.loading)) expect(p.labels).toEqual(before);
    for (const p of pictures) expect(p.labels.length === 0 || p.labels.join() === before.join() || p.labels.some((l) => townships.some((t) => t.name === l)), `[${p.labels.join()}]`).toBe(true);
    const after = labelsOf(await page.getByTestId('map').getAttribute('data-labels'));
    expect(after.length).toBeGreaterThan(3);
    expect(after.every((l) => townships.some((t) => t.name === l) || l === '通州区')).toBe(true);

    // The townships listed with their children on the roll, as native DuckDB counts them from the county's files.
    const oracleChildren = await openOracle(CITY, []);
    try {
      const counted = await oracleChildren.rows<{ code: string; n: number }>(
        `SELECT t.code, count(c.child_key)::INTEGER AS n
         FROM read_parquet('${CITY}/regions.${COUNTY}.parquet') t
         LEFT JOIN read_parquet('${CITY}/regions.${COUNTY}.parquet') v ON v.parent_code = t.code AND v.level = 'village'
         LEFT JOIN read_parquet('${CITY}/children.${COUNTY}.parquet') c ON c.village_code = v.code
           AND (c.enrolled_on IS NULL OR c.enrolled_on <= ${AS_OF}) AND (c.exited_on IS NULL OR c.exited_on > ${AS_OF})
         WHERE t.level = 'township' GROUP BY t.code ORDER BY t.code`,
      );
      const listed = await page.getByTestId('sub-areas').locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-code') ?? '', (r as HTMLTableRowElement).cells[1]?.textContent ?? ''] as const));
      expect(listed.map(([code]) => code).sort()).toEqual(counted.map((c) => c.code));
      for (const [code, text] of listed) expect(num(text), String(code)).toBe(counted.find((c) => c.code === code)?.n);
    } finally {
      oracleChildren.close();
    }
    expect(errors).toEqual([]);
  });
});

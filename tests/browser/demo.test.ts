import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, isLocal, SCREENSHOTS } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { colourCountsByTownshipSql, openOracle } from '../support/oracle';

const AS_OF = '2026-10-31';

interface Counts {
  township: string;
  children: number;
  red: number;
  yellow: number;
  blue: number;
  green: number;
  ungraded: number;
}

const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children', 'colour_assessments']) });
let byTownship: Counts[];

// Runs after the suite's own beforeAll (hooks run in the order they are registered).
beforeAll(async () => {
  byTownship = await suite.oracle.rows<Counts>(colourCountsByTownshipSql(AS_OF));
});

const num = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));
const sum = (key: keyof Omit<Counts, 'township'>) => byTownship.reduce((a, r) => a + r[key], 0);

describe('the demo county in Chromium', () => {
  it('draws the county with totals equal to a direct query of the extract, and requests nothing outside this machine', async () => {
    const { page, requests, errors } = await suite.viewMap();
    await page.screenshot({ path: `${SCREENSHOTS}/county.png` });

    expect(await page.getByTestId('county-name').textContent()).toBe('如皋市');
    expect(await page.getByTestId('as-of').textContent()).toBe('数据截至 2026年10月31日');
    await expect(page.getByTestId('synthetic-badge').isVisible()).resolves.toBe(true);
    expect(await page.getByTestId('synthetic-badge').textContent()).toBe('示例数据（虚构）');

    expect(num(await page.getByTestId('kpi-children').textContent())).toBe(sum('children'));
    for (const colour of ['red', 'yellow', 'blue', 'green', 'ungraded'] as const) {
      expect(Number(await page.getByTestId(`count-${colour}`).getAttribute('data-value')), colour).toBe(sum(colour));
    }
    const share = ((sum('red') + sum('yellow')) / sum('children')) * 100;
    expect(await page.getByTestId('kpi-share-red-yellow').textContent()).toBe(`${share.toFixed(1)}%`);

    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(requests.some((u) => u.endsWith('/demo/visits.parquet'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('lists every township with the numbers behind its colour', async () => {
    const { page } = await suite.viewMap();
    const rows = page.getByTestId('sub-areas').locator('tbody tr');
    const townships = await suite.oracle.rows<{ code: string; name: string }>("SELECT code, name FROM regions WHERE level = 'township' ORDER BY code");
    expect(await rows.count()).toBe(townships.length);
    for (const t of townships) {
      const cells = await page.getByTestId('sub-areas').locator(`[data-code="${t.code}"] td`).allTextContents();
      const expected = byTownship.find((r) => r.township === t.code);
      expect(cells[0]).toBe(t.name);
      expect([num(cells[1] ?? ''), num(cells[2] ?? ''), num(cells[3] ?? '')], t.name).toEqual([expected?.children ?? 0, expected?.red ?? 0, expected?.yellow ?? 0]);
    }
  });

  it('drills into a township from the list, shows its villages, and puts the view in the URL', async () => {
    const { page } = await suite.viewMap();
    await page.getByTestId('sub-areas').locator('[data-code="320682116"]').click();
    await expect.poll(() => page.url()).toContain('area=320682116');
    await page.waitForSelector('[data-testid="map"][data-villages="shown"]');
    expect(await page.locator('.breadcrumbs').textContent()).toBe('如皋市›搬经镇');
    await page.getByTestId('sub-areas').locator('tbody tr').first().waitFor();
    const expected = byTownship.find((r) => r.township === '320682116');
    await expect.poll(async () => num(await page.getByTestId('kpi-children').textContent())).toBe(expected?.children);
    const villages = await suite.oracle.rows<{ n: number }>("SELECT count(*)::INTEGER AS n FROM regions WHERE parent_code = '320682116'");
    expect(await page.getByTestId('sub-areas').locator('tbody tr').count()).toBe(villages[0]?.n);
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SCREENSHOTS}/township.png` });

    await page.locator('.breadcrumbs button').click();
    await expect.poll(() => page.url()).not.toContain('area=');
    await expect.poll(async () => num(await page.getByTestId('kpi-children').textContent())).toBe(sum('children'));
  });

  it('reproduces a view from a pasted link, down to a village', async () => {
    const village = (await suite.oracle.rows<{ code: string; name: string; parent: string }>(
      "SELECT v.code, v.name, t.name AS parent FROM regions v JOIN regions t ON t.code = v.parent_code WHERE v.parent_code = '320682113' ORDER BY v.code LIMIT 1",
    ))[0];
    const { page } = await suite.openMap(`?area=${village?.code}`);
    expect(await page.locator('.breadcrumbs').textContent()).toBe(`如皋市›${village?.parent}›${village?.name}`);
    const expected = await suite.oracle.rows<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM children WHERE village_code = '${village?.code}' AND coalesce(exited_on, DATE '2999-12-31') > DATE '${AS_OF}' AND coalesce(enrolled_on, DATE '1900-01-01') <= DATE '${AS_OF}'`,
    );
    expect(num(await page.getByTestId('kpi-children').textContent())).toBe(expected[0]?.n);
  });

  it('shows the numbers behind a colour on hover', async () => {
    const { page } = await suite.viewMap();
    const box = await page.getByTestId('map').boundingBox();
    if (!box) throw new Error('no map');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = page.getByTestId('tooltip');
    await tooltip.waitFor({ timeout: 10_000 });
    const text = (await tooltip.textContent()) ?? '';
    const name = text.split('乡镇（街道）')[0] ?? '';
    const code = (await suite.oracle.rows<{ code: string }>(`SELECT code FROM regions WHERE name = '${name.replaceAll("'", "''")}'`))[0]?.code;
    const expected = byTownship.find((r) => r.township === code);
    expect(expected, `hovered ${name}`).toBeDefined();
    expect(text).toContain(`在册儿童${expected?.children.toLocaleString('en-US')} 名`);
    expect(text).toContain(`红色${expected?.red} 名`);
    expect(text).toContain(`黄色${expected?.yellow} 名`);
  });
});

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALERT_COLOUR } from '../../src/app/alert-layer';
import { formatCell, suppressList, type SuppressedCell } from '../../src/export/suppression';
import { DEMO, isLocal, SCREENSHOTS, waitForFigures } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

// 强制报告 on screen against native DuckDB reading the demo extract, with SQL written here (not the app's builder).
const AS_OF = '2026-10-31';
const KINDS = ['living_alone_or_missing', 'guardian_unable', 'suspected_violence', 'injury_or_harm'] as const;
const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children']), viewport: { width: 1600, height: 1000 } });

interface AreaAlerts {
  code: string;
  name: string;
  n: number;
  living_alone_or_missing: number;
  guardian_unable: number;
  suspected_violence: number;
  injury_or_harm: number;
}

/** Children on the roll at AS_OF with any alert, per area of `level` (every area, zeros included). */
function oracleSql(level: 'county' | 'township' | 'village', parent?: string): string {
  const area = level === 'village' ? 'v.code' : level === 'township' ? 'v.parent_code' : "'320682'";
  const kinds = KINDS.map((k) => `count(*) FILTER (WHERE list_contains(c.alerts, '${k}'))::INTEGER AS ${k}`).join(', ');
  return `WITH flagged AS (
  SELECT ${area} AS code, count(*)::INTEGER AS n, ${kinds}
  FROM children c JOIN regions v ON v.code = c.village_code
  WHERE len(coalesce(c.alerts, [])) > 0
    AND coalesce(c.enrolled_on, DATE '1900-01-01') <= DATE '${AS_OF}' AND coalesce(c.exited_on, DATE '2999-12-31') > DATE '${AS_OF}'
  GROUP BY 1
)
SELECT r.code, r.name, coalesce(f.n, 0)::INTEGER AS n, ${KINDS.map((k) => `coalesce(f.${k}, 0)::INTEGER AS ${k}`).join(', ')}
FROM regions r LEFT JOIN flagged f ON f.code = r.code
WHERE r.level = '${level}' ${parent ? `AND r.parent_code = '${parent}'` : ''}
ORDER BY n DESC, r.code`;
}

let county: AreaAlerts;
let townships: AreaAlerts[];
beforeAll(async () => {
  county = (await suite.oracle.rows<AreaAlerts>(oracleSql('county')))[0] as AreaAlerts;
  townships = await suite.oracle.rows<AreaAlerts>(oracleSql('township'));
});

const num = (s: string | null) => Number((s ?? '').replaceAll(',', ''));

async function listRows(page: Page, testId: string): Promise<{ code: string; cells: string[] }[]> {
  const showAll = page.locator('.area-table').filter({ has: page.getByTestId(testId) }).getByRole('button', { name: /显示全部/ });
  if (await showAll.count()) await showAll.click();
  return page
    .getByTestId(testId)
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => ({ code: tr.getAttribute('data-code') ?? '', cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '') })));
}

/** Pixels of the deck.gl canvas within 30 of `colour` in every channel. */
async function pixelsOf(page: Page, colour: readonly number[]): Promise<number> {
  return page.evaluate((c) => {
    const canvas = [...document.querySelectorAll('.map-area canvas')].find((el) => !el.classList.contains('maplibregl-canvas')) as HTMLCanvasElement;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const g = copy.getContext('2d') as CanvasRenderingContext2D;
    g.drawImage(canvas, 0, 0);
    const { data } = g.getImageData(0, 0, copy.width, copy.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs((data[i] ?? 0) - (c[0] ?? 0)) < 30 && Math.abs((data[i + 1] ?? 0) - (c[1] ?? 0)) < 30 && Math.abs((data[i + 2] ?? 0) - (c[2] ?? 0)) < 30) n++;
    }
    return n;
  }, colour);
}

describe('强制报告 (immediate-report alerts) in Chromium', () => {
  it('heads every theme’s panel with the county’s children with an alert, by kind, with the clause', async () => {
    const { page, requests, errors } = await suite.viewMap();
    expect(county.n).toBeGreaterThan(0);
    for (const theme of ['risk', 'visits', 'stations', 'water']) {
      if (theme !== 'risk') {
        await page.getByTestId(`theme-${theme}`).click();
        await page.waitForSelector(`[data-testid="dashboard"][data-theme="${theme}"][data-map-drawn="yes"]`, { timeout: 60_000 });
        await waitForFigures(page);
      }
      // The section comes first in the panel, above the theme's own figures.
      const first = await page.getByTestId('panel').evaluate((panel) => panel.querySelector('[data-testid="alerts"], [data-testid="kpis"]')?.getAttribute('data-testid'));
      expect(first, theme).toBe('alerts');
      await expect.poll(() => page.getByTestId('alerts-total').textContent(), { timeout: 20_000 }).toBe(county.n.toLocaleString('en-US'));
    }
    for (const k of KINDS) expect(num(await page.getByTestId(`alerts-kind-${k}`).textContent()), k).toBe(county[k]);
    expect(await page.getByTestId('alerts-clause').textContent()).toContain('应当立即向公安、民政、教育、卫生健康等有关部门报告');
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lists the townships with any, most first, and drills into one to list its villages', async () => {
    const { page } = await suite.viewMap();
    const withAlerts = townships.filter((t) => t.n > 0);
    await page.getByTestId('alerts-list').locator('tbody tr').first().waitFor();
    const rows = await listRows(page, 'alerts-list');
    expect(rows.map((r) => [r.code, r.cells[0], num(r.cells[1] ?? '')])).toEqual(withAlerts.map((t) => [t.code, t.name, t.n]));
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-county.png` });

    const top = withAlerts[0] as AreaAlerts;
    await page.getByTestId('alerts-list').locator(`tr[data-code="${top.code}"]`).click();
    await expect.poll(() => page.url()).toContain(`area=${top.code}`);
    await expect.poll(() => page.getByTestId('scope-name').textContent()).toContain(top.name);
    await expect.poll(() => page.getByTestId('alerts-total').textContent(), { timeout: 20_000 }).toBe(String(top.n));
    const villages = (await suite.oracle.rows<AreaAlerts>(oracleSql('village', top.code))).filter((v) => v.n > 0);
    await page.getByTestId('alerts-list').locator('tbody tr').first().waitFor();
    const villageRows = await listRows(page, 'alerts-list');
    expect(villageRows.map((r) => [r.code, r.cells[0], num(r.cells[1] ?? '')])).toEqual(villages.map((v) => [v.code, v.name, v.n]));
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-township.png` });
  });

  it('exports a 督办清单 of every township, the counts suppressed', async () => {
    const { page } = await suite.viewMap();
    await page.getByTestId('alerts-list').locator('tbody tr').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('alerts-list-csv').click()]);
    expect(download.suggestedFilename()).toBe(`如皋市_督办清单_强制报告_${AS_OF}.csv`);
    const lines = readFileSync((await download.path()) as string, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const head = lines.indexOf('序号,乡镇（街道）,村（社区）,问题,涉及儿童数,责任单位,整改时限,整改情况');
    expect(head).toBeGreaterThan(0);
    // Every township, also those with none, so that being listed tells nothing; the screen's order.
    const expected = suppressList(townships.map((t) => t.n), 5);
    const mark = (c: SuppressedCell) => String(c.shown ? c.value : formatCell(c, 5));
    for (const [i, t] of townships.entries()) {
      const cells = lines[head + 1 + i]?.split(',') ?? [];
      expect(cells[1]).toBe(t.name);
      expect(cells[3]).not.toMatch(/独居|监护|暴力|伤害/);
      expect(cells[4]).toBe(mark(expected.cells[i] as SuppressedCell));
    }
    expect(lines[head + 1 + townships.length]?.split(',')[4]).toBe(mark(expected.total as SuppressedCell));
    // The demo has townships with 1–4: they are written <5, never as the number.
    expect(townships.some((t) => t.n > 0 && t.n < 5)).toBe(true);
    for (const [i, t] of townships.entries()) if (t.n > 0 && t.n < 5) expect(lines[head + 1 + i]?.split(',')[4]).toBe('<5');
  });

  it('marks the villages with alerts on the map when asked, on screen only', async () => {
    const { page } = await suite.viewMap();
    const villages = (await suite.oracle.rows<AreaAlerts>(oracleSql('village'))).filter((v) => v.n > 0);
    expect(await pixelsOf(page, ALERT_COLOUR)).toBe(0);
    await page.getByTestId('alert-villages-toggle').check();
    await expect.poll(() => page.getByTestId('alert-villages-count').textContent(), { timeout: 20_000 }).toBe(`（${villages.length} 个）`);
    await expect.poll(() => pixelsOf(page, ALERT_COLOUR), { timeout: 20_000 }).toBeGreaterThan(villages.length * 20);
    expect(await page.getByTestId('legend').textContent()).toContain('强制报告村');
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-map.png` });

    // The exported image leaves the rings out: they could point at a village's one or two children.
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('map-export').click()]);
    const b64 = readFileSync((await file.path()) as string).toString('base64');
    const exported = await page.evaluate(
      async ({ b64: data, c }) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        g.drawImage(bitmap, 0, 0);
        const px = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (Math.abs((px[i] ?? 0) - (c[0] ?? 0)) < 30 && Math.abs((px[i + 1] ?? 0) - (c[1] ?? 0)) < 30 && Math.abs((px[i + 2] ?? 0) - (c[2] ?? 0)) < 30) n++;
        return { n, width: bitmap.width };
      },
      { b64, c: ALERT_COLOUR },
    );
    expect(exported.width).toBeGreaterThan(1000);
    expect(exported.n).toBe(0);
    // Back on screen after the export, and gone when switched off.
    await expect.poll(() => pixelsOf(page, ALERT_COLOUR), { timeout: 20_000 }).toBeGreaterThan(villages.length * 20);
    await page.getByTestId('alert-villages-toggle').uncheck();
    await expect.poll(() => pixelsOf(page, ALERT_COLOUR), { timeout: 20_000 }).toBe(0);
  });

  it('shows the county total on the big screen', async () => {
    const { page } = await suite.view('?screen=big&tour=0', { width: 1920, height: 1080 });
    await page.waitForSelector('[data-testid="big-screen"][data-map-drawn="yes"]', { timeout: 90_000 });
    const banner = page.getByTestId('big-alert-banner');
    await banner.waitFor({ timeout: 20_000 });
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain(`如皋市 ${county.n} 名在册儿童处于需立即报告的情形`);
    expect(text).toContain(`独居或失联 ${county.living_alone_or_missing}`);
    // Not clipped: the banner's text fits its box.
    expect(await banner.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-big-screen.png` });
  });
});

/**
 * A city extract of two counties served over HTTP: the app starts from its regions and aggregates, fetches a
 * county's raw files only when the user drills into it (with a progress line), and greys a county whose file is
 * missing on the server, naming the file, while the other county still drills; a county whose aggregates were
 * edited by hand is said to disagree with its raw rows once it is loaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runCombine } from '../../src/cli/combine/run';
import { writeExtract } from '../../src/cli/write-extract';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { countyText } from '../../src/i18n/zh-counties';
import { countyManifest, countyTables, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { SCREENSHOTS, waitForFigures } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { rewriteTable } from '../support/break-extract';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-county-fetch-'));
const city = join(root, 'city');

const suite = browserSuite({
  setup: async () => {
    const [qd, rg] = [join(root, 'qidong'), join(root, 'rugao')];
    await writeExtract(qd, countyManifest(QIDONG), countyTables(QIDONG));
    await writeExtract(rg, countyManifest(RUGAO), countyTables(RUGAO));
    await runCombine([qd, rg], city, { profiles: [BUILTIN_PROFILES[0]!] });
    // 如皋市's visits never reached the server.
    rmSync(join(city, `visits.${RUGAO}.parquet`));
    // 启东市's red children in 2026-10, edited by hand in the aggregates (1 in its raw rows).
    await rewriteTable(city, 'agg_risk.parquet', `SELECT * REPLACE (CASE WHEN region_code = '${QIDONG}' AND month = '2026-10' THEN 4 ELSE red END AS red) FROM t`);
  },
  routes: { '/city/': city },
  viewport: { width: 1366, height: 768 },
  teardown: () => rmSync(root, { recursive: true, force: true }),
});

/** The county files the page requested (their names carry the county's code). */
const countyFiles = (requests: string[]) => requests.filter((u) => /\/city\/[a-z_]+\.\d{6}\.parquet$/.test(u)).map((u) => u.slice(u.lastIndexOf('/') + 1));

/** Moves the view to `area` as Back/Forward does (the app reads the address on popstate). */
async function drill(page: Page, area: string) {
  await page.evaluate((a) => {
    window.history.pushState(null, '', `?extract=city/&area=${a}`);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, area);
}

describe('entering a county of a city extract', () => {
  it('fetches only the county drilled into, with progress, says where its aggregates disagree, and greys a county whose file is missing', async () => {
    const { page, requests, errors } = await suite.openMap('?extract=city/');
    // The start: the top regions file and the aggregates only (no county's townships and villages).
    expect(countyFiles(requests)).toEqual([]);
    expect(requests.some((u) => u.endsWith('/city/agg_risk.parquet'))).toBe(true);

    // Slowed down so that the progress line can be seen.
    await page.route(/\.320681\.parquet$/, async (route) => {
      await new Promise((ok) => setTimeout(ok, 600));
      await route.continue();
    });
    await drill(page, '320681001');
    await page.waitForFunction(() => /^正在载入启东市的明细数据（[1-7]\/7 表，[0-9.]+ MB）/.test(document.querySelector('[data-testid="county-loading"]')?.textContent ?? ''), undefined, {
      timeout: 60_000,
    });
    // No figure while the county's rows are on their way.
    expect(await page.getByTestId('kpi-children').textContent()).toBe('…');
    await page.screenshot({ path: `${SCREENSHOTS}/county-fetch-progress.png` });
    await page.getByTestId('county-loading').waitFor({ state: 'detached', timeout: 60_000 });
    await waitForFigures(page);
    // 甲镇: 5 children (k1–k5), from 启东市's rows now in the tables.
    expect(await page.getByTestId('kpi-children').textContent()).toBe('5名');
    expect(countyFiles(requests).sort()).toEqual(
      ['children', 'colour_assessments', 'regions', 'staff', 'stations', 'visits', 'water_points'].map((t) => `${t}.${QIDONG}.parquet`),
    );

    // The check of 启东市's aggregates against its rows, run once they are loaded.
    const disagree = page.getByTestId('county-disagree');
    await disagree.waitFor({ timeout: 60_000 });
    expect(await disagree.textContent()).toContain(countyText.disagreeLine('agg_risk.parquet', 1, `启东市（${QIDONG}）`, '2026-10', 'red', '4', '1'));
    await page.screenshot({ path: `${SCREENSHOTS}/county-fetch-disagree.png` });

    await drill(page, '320682001');
    const failed = page.getByTestId('county-failed');
    await failed.waitFor({ timeout: 60_000 });
    expect(await failed.getAttribute('data-county')).toBe(RUGAO);
    expect(await failed.textContent()).toContain(countyText.failedTitle('如皋市'));
    expect(await failed.textContent()).toContain(`visits.${RUGAO}.parquet：服务器上找不到此文件`);
    // The county is left: the view goes back to the top, and the legend names the grey.
    await page.waitForFunction(() => !window.location.search.includes('area='));
    expect(await page.locator('.legend').textContent()).toContain(countyText.failedLegend);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SCREENSHOTS}/county-fetch-failed.png` });

    // 启东市 still drills, to a village, from the rows already loaded: nothing fetched again.
    const before = countyFiles(requests).length;
    await drill(page, '320681001001');
    await waitForFigures(page);
    expect(await page.getByTestId('kpi-children').textContent()).toBe('3名');
    expect(countyFiles(requests).length).toBe(before);
    expect(await page.getByTestId('county-failed').count()).toBe(1);
    // The one console error is the browser's own line for the missing file.
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  });
});

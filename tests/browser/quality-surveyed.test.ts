/**
 * 数据质量 where boundaries are surveyed: the hand-made county of tests/fixtures/quality-county.ts, served as an
 * extract, shows the stations and water points outside their region (worked out by hand in the fixture's header),
 * lists them, and each theme's line says when its figures rest on shaky data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeExtract } from '../../src/cli/write-extract';
import { qualityManifest, qualityTables } from '../fixtures/quality-county';
import { isLocal, SCREENSHOTS, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-quality-browser-'));

const suite = browserSuite({
  setup: async () => {
    await writeExtract(root, qualityManifest, qualityTables());
  },
  routes: { '/qfix/': root },
  viewport: { width: 1600, height: 1000 },
  teardown: () => rmSync(root, { recursive: true, force: true }),
});

const value = async (page: Page, id: string) => (await page.getByTestId(`quality-value-${id}`).textContent()) ?? '';
const line = async (page: Page) => {
  await page.getByTestId('kpis').waitFor({ timeout: 60_000 });
  await expect.poll(() => page.getByTestId('quality-line').count(), { timeout: 60_000 }).toBe(1);
  return (await page.getByTestId('quality-line').textContent()) ?? '';
};

describe('数据质量 on surveyed boundaries, in Chromium', () => {
  it('finds the stations and points outside their region, and lists them', async () => {
    const { page, requests, errors } = await suite.open('?extract=qfix/&quality=points_outside');
    await waitForMap(page, 90_000);
    // H1 (registered to 甲镇, east of it), S2 (甲一村's, standing in 甲二村) and W2 (甲二村's, standing in 甲一村).
    await expect.poll(() => value(page, 'points_outside'), { timeout: 60_000 }).toBe('3个');
    // C1 (the county has no boundary), S4 (schematic), S5 and W3 (no boundary); S3 has no coordinates.
    expect(await value(page, 'points_unchecked')).toBe('4个');
    expect(await value(page, 'stations_no_coords')).toBe('1个');
    expect(await value(page, 'ungraded')).toBe('2名');
    expect(await value(page, 'visits_off_roll')).toBe('3条');
    expect(await value(page, 'regions_no_shape')).toBe('3个');
    expect(await value(page, 'virtual_units')).toBe('2个');
    const table = page.getByTestId('quality-list-table');
    await expect.poll(() => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code'))), { timeout: 60_000 }).toEqual([
      'station:H1',
      'station:S2',
      'water_point:W2',
    ]);
    expect(await table.locator('tbody tr td:last-child').allTextContents()).toEqual(['在所属区划边界外', '在所属区划边界外', '在所属区划边界外']);
    await page.getByTestId('quality-list').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/quality-surveyed-outside.png` });
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('says on each theme when its figures rest on shaky data', async () => {
    // 2 of 7 children on the roll never assessed (28.6%), 2 out of date (28.6%).
    const risk = await suite.open('?extract=qfix/');
    await waitForMap(risk.page, 90_000);
    expect(await line(risk.page)).toBe('数据提示：28.6% 的在册儿童未评估；28.6% 的在册儿童四色评估超过一个季度未更新（提示阈值 5%），本页数字可能不准。查看数据质量');
    await risk.page.screenshot({ path: `${SCREENSHOTS}/quality-surveyed-line.png`, clip: { x: 1160, y: 100, width: 440, height: 600 } });
    // 1 of 7 stations without coordinates (14.3%); 1 of 3 water points outside its village (33.3%).
    const stations = await suite.open('?extract=qfix/&theme=stations');
    await waitForMap(stations.page, 90_000);
    expect(await line(stations.page)).toContain('14.3% 的关爱阵地没有坐标');
    const water = await suite.open('?extract=qfix/&theme=water');
    await waitForMap(water.page, 90_000);
    expect(await line(water.page)).toContain('33.3% 的防溺水点位坐标在所属村（社区）边界外');
    // The link opens the view.
    await water.page.getByTestId('quality-line-open').click();
    await expect.poll(() => water.page.url(), { timeout: 30_000 }).toContain('quality=on');
    await expect.poll(() => value(water.page, 'points_outside'), { timeout: 60_000 }).toBe('3个');
  });
});

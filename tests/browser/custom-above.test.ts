/**
 * A county's own visit profile (visit-profiles.json beside the app) above the county, on a city extract made from
 * the two-county fixture: the estimate first, nothing computed until 开始计算, progress and cancel, then the
 * figures computed in the browser from each county's raw rows, checked against native DuckDB over the same files;
 * with a county's file missing, that county is named and the other shown.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatCount, formatShare } from '../../src/i18n/zh';
import { customAboveText } from '../../src/i18n/zh-custom-above';
import { literal } from '../../src/measures/sql';
import { visitComplianceSql, type VisitComplianceRow } from '../../src/measures/visit-compliance';
import type { VisitProfile } from '../../src/policy/profile';
import { CITY, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { SCREENSHOTS, waitForEngine, waitForFigures, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { writeCityExtract } from '../support/city-extract';

const OWN: VisitProfile = {
  id: 'nantong-own',
  name: '南通市自定义走访办法（测试）',
  source: '测试用方案',
  rules: [
    { id: 'red', categories: 'any', colours: ['red'], visitsPerMonth: 1, modes: ['home'], clause: '第3条：“红色儿童每月入户走访1次”（测试）' },
    { id: 'all', categories: 'any', colours: 'any', visitsPerMonth: 1, modes: ['home', 'phone'], clause: '第2条：“每月走访或询访1次”（测试）' },
  ],
};

const root = mkdtempSync(join(tmpdir(), 'care-atlas-custom-above-'));
let city = '';
let broken = '';

const suite = browserSuite({
  setup: async () => {
    city = await writeCityExtract(root);
    broken = join(root, 'broken');
    cpSync(city, broken, { recursive: true });
    rmSync(join(broken, `visits.${RUGAO}.parquet`));
    writeFileSync(join(root, 'visit-profiles.json'), JSON.stringify([OWN]));
  },
  routes: () => ({ '/city/': city, '/broken/': broken, '/visit-profiles.json': join(root, 'visit-profiles.json') }),
  viewport: { width: 1366, height: 768 },
  teardown: () => rmSync(root, { recursive: true, force: true }),
});

/** Native DuckDB over the city extract's files: every county's partition of each raw table read together. */
async function nativeRows(month: string, asOf: string): Promise<Map<string, VisitComplianceRow>> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`CREATE VIEW regions AS SELECT * FROM read_parquet(${literal(join(city, 'regions*.parquet'))})`);
    for (const t of ['children', 'colour_assessments', 'visits']) await conn.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet(${literal(join(city, `${t}.*.parquet`))})`);
    const out = new Map<string, VisitComplianceRow>();
    for (const level of ['county', 'city'] as const) {
      const rows = (await conn.runAndReadAll(visitComplianceSql({ level, month, asOf, profile: OWN }))).getRowObjectsJson() as unknown as VisitComplianceRow[];
      for (const r of rows) out.set(r.code, { ...r, due: Number(r.due), rate: r.rate === null ? null : Number(r.rate) });
    }
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Opens the page and waits for the map and the engine (the panel has no figures until the profile is computed). */
async function open(path: string) {
  const opened = await suite.open(path);
  await waitForMap(opened.page);
  await waitForEngine(opened.page);
  return opened;
}

const cell = (page: Page, code: string, column: number) => page.locator(`[data-testid="sub-areas"] tr[data-code="${code}"] td`).nth(column).textContent();

describe('a county’s own visit profile above the county', () => {
  it('is computed only when asked, with progress and cancel, from each county’s raw rows, as native DuckDB computes it', async () => {
    const { page, requests } = await open(`?extract=city/&theme=visits&profile=${OWN.id}`);
    const countyFiles = () => requests.filter((u) => /\/city\/[a-z_]+\.\d{6}\.parquet$/.test(u));
    const estimate = page.getByTestId('custom-estimate-text');
    await estimate.waitFor({ timeout: 60_000 });
    // Raw rows by the fixture: 启东市 5 children, 4 assessments, 1 visit, 2 stations, 2 staff, 1 water point (15);
    // 如皋市 4, 4, 1, 2, 1, 1 (13). 28 rows, one second at the stated rate.
    expect(await estimate.textContent()).toBe(customAboveText.estimate(OWN.name, 2, 28, 1));
    await page.waitForTimeout(500);
    expect(countyFiles()).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/custom-above-estimate.png` });

    // Slowed down, so that progress can be seen and cancelled.
    await page.route(/\/city\/[a-z_]+\.\d{6}\.parquet$/, async (route) => {
      await new Promise((ok) => setTimeout(ok, 400));
      await route.continue();
    });
    await page.getByTestId('custom-start').click();
    const progress = page.getByTestId('custom-progress');
    await progress.waitFor();
    expect(await progress.textContent()).toContain(customAboveText.progress(0, 2));
    await page.screenshot({ path: `${SCREENSHOTS}/custom-above-progress.png` });
    await page.getByTestId('custom-cancel').click();
    await page.getByText(customAboveText.cancelled).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('custom-marker').count()).toBe(0);

    await page.unroute(/\/city\/[a-z_]+\.\d{6}\.parquet$/);
    await page.getByTestId('custom-start').click();
    await page.getByTestId('custom-marker').waitFor({ timeout: 120_000 });
    await waitForFigures(page);
    const expected = await nativeRows('2026-10', '2026-10-31');
    const [qd, rg, nt] = [expected.get(QIDONG), expected.get(RUGAO), expected.get(CITY)];
    // Native DuckDB gives a row for each county and for the city.
    expect([qd?.code, rg?.code, nt?.code]).toEqual([QIDONG, RUGAO, CITY]);
    // 启东市's red child k1 had a home visit in October, 如皋市's red k6 only a phone call: 1 of 8 due is compliant.
    expect([nt?.due, nt?.compliant, qd?.compliant, rg?.compliant].map(Number)).toEqual([8, 1, 1, 0]);
    expect(await page.getByTestId('kpi-rate').textContent()).toBe(formatShare(nt?.rate ?? null));
    expect(await page.getByTestId('kpi-due').textContent()).toBe(`${formatCount(nt?.due ?? NaN)}名`);
    for (const r of [qd, rg]) {
      expect(await cell(page, r?.code ?? '', 1)).toBe(formatCount(r?.due ?? NaN));
      expect(await cell(page, r?.code ?? '', 3)).toBe(formatShare(r?.rate ?? null));
    }
    expect(await page.locator('.legend').textContent()).toContain(customAboveText.marker);
    expect(await page.getByTestId('custom-marker').textContent()).toContain(customAboveText.marker);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SCREENSHOTS}/custom-above-done.png` });
  });

  it('names a county whose file is missing and shows the other, without a city total', async () => {
    const { page } = await open(`?extract=broken/&theme=visits&profile=${OWN.id}`);
    await page.getByTestId('custom-start').click();
    const failed = page.getByTestId('custom-failed');
    await failed.waitFor({ timeout: 120_000 });
    expect(await failed.getAttribute('data-county')).toBe(RUGAO);
    expect(await failed.textContent()).toContain(customAboveText.failedTitle('如皋市'));
    expect(await failed.textContent()).toContain(`visits.${RUGAO}.parquet：服务器上找不到此文件`);
    await waitForFigures(page);
    const expected = await nativeRows('2026-10', '2026-10-31');
    expect(await cell(page, QIDONG, 3)).toBe(formatShare(expected.get(QIDONG)?.rate ?? null));
    expect(await cell(page, RUGAO, 3)).toBe('—');
    expect(await page.getByTestId('kpi-rate').textContent()).toBe('—');
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SCREENSHOTS}/custom-above-failed.png` });
  });
});

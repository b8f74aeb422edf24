import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatCell, suppressList, type SuppressedCell } from '../../src/export/suppression';
import { responsibleUnit } from '../../src/export/task-list';
import { riskMixSql, type RiskMixRow } from '../../src/measures/risk-mix';
import { stationCoverageSql, villageGapsSql, type StationCoverageRow, type VillageGapRow } from '../../src/measures/station-coverage';
import { visitComplianceSql, type VisitComplianceRow } from '../../src/measures/visit-compliance';
import { waterPointsSql, waterSafetySql, type WaterPointRow, type WaterSafetyRow } from '../../src/measures/water-safety';
import { BUILTIN_PROFILES, profileById } from '../../src/policy/profiles';
import { DEFAULT_SETTINGS, inspectionIntervalDays } from '../../src/policy/settings';
import { DEMO, isLocal, SCREENSHOTS, waitForFigures } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

const AS_OF = '2026-10-31';
const TABLES = ['regions', 'children', 'colour_assessments', 'visits', 'stations', 'staff', 'water_points'];

const suite = browserSuite({ oracle: () => openOracle(DEMO, TABLES), viewport: { width: 1600, height: 1000 } });

const kpi = async (page: Page, id: string) => (await page.getByTestId(`kpi-${id}`).textContent()) ?? '';
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
const count = (n: number | undefined) => (n ?? 0).toLocaleString('en-US');

async function switchTheme(page: Page, theme: string) {
  await page.getByTestId(`theme-${theme}`).click();
  await page.waitForSelector(`[data-testid="dashboard"][data-theme="${theme}"][data-map-drawn="yes"]`, { timeout: 60_000 });
  await waitForFigures(page);
}

async function countyRow<T extends { code: string }>(sql: string): Promise<T> {
  const rows = await suite.oracle.rows<T>(sql);
  const row = rows.find((r) => r.code === '320682');
  if (!row) throw new Error('no county row');
  return row;
}

describe('the four themes in Chromium', () => {
  it('switches through every theme, showing each theme’s county figures as the extract has them', async () => {
    const { page, requests, errors } = await suite.viewMap();
    const risk = await countyRow<RiskMixRow>(riskMixSql({ level: 'county', asOf: AS_OF }));
    expect(await kpi(page, 'share-graded')).toBe(pct(risk.share_graded));
    await page.screenshot({ path: `${SCREENSHOTS}/theme-risk.png` });

    await switchTheme(page, 'visits');
    expect(page.url()).toContain('theme=visits');
    const visits = await countyRow<VisitComplianceRow>(visitComplianceSql({ level: 'county', month: '2026-10', asOf: AS_OF, profile: BUILTIN_PROFILES[0]! }));
    expect(await kpi(page, 'rate')).toBe(pct(visits.rate));
    expect(await kpi(page, 'due')).toBe(`${count(visits.due)}名`);
    expect(await kpi(page, 'overdue')).toBe(`${count(visits.overdue)}名`);
    expect(await page.getByTestId('profile-rules').textContent()).toContain('条款');
    await page.screenshot({ path: `${SCREENSHOTS}/theme-visits.png` });

    await switchTheme(page, 'stations');
    const stations = await countyRow<StationCoverageRow>(stationCoverageSql({ level: 'county', asOf: AS_OF }));
    expect(await kpi(page, 'share-with-station')).toBe(pct(stations.share_with_station));
    expect(await kpi(page, 'share-with-director')).toBe(pct(stations.share_with_director));
    expect(await kpi(page, 'training-rate')).toBe(pct(stations.training_rate));
    const gaps = await suite.oracle.rows<VillageGapRow>(villageGapsSql({ parentCode: '320682', asOf: AS_OF }));
    const firstGap = page.getByTestId('gap-list').locator('tbody tr').first();
    expect(await firstGap.getAttribute('data-code')).toBe(gaps[0]?.code);
    await page.screenshot({ path: `${SCREENSHOTS}/theme-stations.png` });

    await switchTheme(page, 'water');
    const interval = inspectionIntervalDays(DEFAULT_SETTINGS, AS_OF);
    const water = await countyRow<WaterSafetyRow>(waterSafetySql({ level: 'county', asOf: AS_OF, intervalDays: interval }));
    expect(await kpi(page, 'points')).toBe(`${count(water.points)}个`);
    expect(await kpi(page, 'share-complete')).toBe(pct(water.share_complete));
    const worst = (await suite.oracle.rows<WaterPointRow>(waterPointsSql({ parentCode: '320682', asOf: AS_OF, intervalDays: interval }))).filter((p) => p.items_present < 4);
    expect(await page.getByTestId('gap-list').locator('tbody tr').first().getAttribute('data-code')).toBe(worst[0]?.point_id);
    await page.screenshot({ path: `${SCREENSHOTS}/theme-water.png` });

    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('changes the month and the visit profile, keeping both in the URL', async () => {
    const { page } = await suite.viewMap('?theme=visits');
    await page.getByTestId('month').selectOption('2026-08');
    await expect.poll(() => page.url()).toContain('month=2026-08');
    await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]');
    const august = await countyRow<VisitComplianceRow>(visitComplianceSql({ level: 'county', month: '2026-08', asOf: AS_OF, profile: BUILTIN_PROFILES[0]! }));
    await expect.poll(() => kpi(page, 'rate')).toBe(pct(august.rate));

    await page.getByTestId('profile').selectOption('qidong-2024');
    await expect.poll(() => page.url()).toContain('profile=qidong-2024');
    const qidong = await countyRow<VisitComplianceRow>(visitComplianceSql({ level: 'county', month: '2026-08', asOf: AS_OF, profile: profileById('qidong-2024')! }));
    // The panel's figures follow once the map has redrawn for the new profile (the map's queries go first).
    await expect.poll(() => kpi(page, 'rate'), { timeout: 15_000 }).toBe(pct(qidong.rate));
    expect(qidong.rate).not.toBe(august.rate);
    expect(await page.getByTestId('profile-rules').textContent()).toContain(profileById('qidong-2024')!.name);
  });

  it('reproduces a pasted link: theme, township, month and profile', async () => {
    const { page } = await suite.openMap('?theme=visits&area=320682113&month=2026-09&profile=qidong-2024');
    expect(await page.getByTestId('scope-name').textContent()).toContain('江安镇');
    expect(await page.getByTestId('month').inputValue()).toBe('2026-09');
    expect(await page.getByTestId('profile').inputValue()).toBe('qidong-2024');
    const rows = await suite.oracle.rows<VisitComplianceRow>(visitComplianceSql({ level: 'township', month: '2026-09', asOf: AS_OF, profile: profileById('qidong-2024')! }));
    expect(await kpi(page, 'rate')).toBe(pct(rows.find((r) => r.code === '320682113')?.rate));
    await page.screenshot({ path: `${SCREENSHOTS}/visits-township.png` });
  });

  it('drills from a gap-list row to the village, and exports the list as a 督办清单 (CSV and Excel) with suppression', async () => {
    const { page } = await suite.viewMap('?theme=stations');
    const row = page.getByTestId('gap-list').locator('tbody tr').first();
    const code = await row.getAttribute('data-code');
    const gaps = await suite.oracle.rows<VillageGapRow>(villageGapsSql({ parentCode: '320682', asOf: AS_OF }));
    const expected = suppressList(gaps.map((g) => g.children), 5);
    const mark = (c: SuppressedCell) => (c.shown ? c.value : formatCell(c, 5));

    // The list on screen, in full (staff see full values): the export must be exactly it, suppressed.
    const showAll = page.locator('.area-table').filter({ has: page.getByTestId('gap-list') }).getByRole('button', { name: /显示全部/ });
    if (await showAll.count()) await showAll.click();
    const screen = await page.getByTestId('gap-list').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(screen.map((r) => r[0])).toEqual(gaps.map((g) => g.name));
    const onScreen = suppressList(screen.map((r) => Number((r[4] ?? '').replaceAll(',', ''))), 5);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('gap-list-csv').click()]);
    expect(download.suggestedFilename()).toBe(`如皋市_督办清单_关爱阵地短板_${AS_OF}.csv`);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('如皋市关爱阵地短板督办清单');
    expect(lines[1]).toBe(`截至日期：${AS_OF}`);
    expect(lines.some((l) => l.startsWith('示例数据'))).toBe(true);
    const head = lines.indexOf('序号,乡镇（街道）,村（社区）,问题,涉及儿童数,责任单位,整改时限,整改情况');
    expect(head).toBeGreaterThan(0);
    for (const [i, g] of gaps.entries()) {
      const cells = lines[head + 1 + i]?.split(',') ?? [];
      expect(cells.slice(0, 3)).toEqual([String(i + 1), g.township_name, g.name]);
      expect(cells[4]).toBe(String(mark(expected.cells[i] as SuppressedCell)));
      expect(cells.slice(6)).toEqual(['', '']);
    }
    expect(lines[head + 1 + gaps.length]).toBe(`合计,,,,${mark(expected.total as SuppressedCell)},,,`);

    const [xdownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('gap-list-xlsx').click()]);
    expect(xdownload.suggestedFilename()).toBe(`如皋市_督办清单_关爱阵地短板_${AS_OF}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xdownload.path()) as string) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('如皋市关爱阵地短板督办清单');
    const xhead = head + 1;
    expect(ws.getRow(xhead).getCell(5).value).toBe('涉及儿童数');
    expect(ws.getRow(xhead).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: xhead });
    for (const [i, r] of screen.entries()) {
      const x = ws.getRow(xhead + 1 + i);
      expect(x.getCell(1).value).toBe(i + 1);
      expect(x.getCell(2).value).toBe(r[1]);
      expect(x.getCell(3).value).toBe(r[0]);
      expect(x.getCell(5).value).toBe(mark(onScreen.cells[i] as SuppressedCell));
      expect(x.getCell(6).value).toBe(responsibleUnit(r[1] ?? ''));
    }
    const total = ws.getRow(xhead + 1 + screen.length);
    expect([total.getCell(1).value, total.getCell(5).value]).toEqual(['合计', mark(onScreen.total as SuppressedCell)]);
    // At least one small count in the demo list, so suppression is exercised, and nothing below 5 slipped through.
    expect(gaps.some((g) => g.children > 0 && g.children < 5)).toBe(true);
    for (let i = 0; i < screen.length; i++) {
      const v = ws.getRow(xhead + 1 + i).getCell(5).value;
      if (typeof v === 'number') expect(v === 0 || v >= 5).toBe(true);
    }
    await row.click();
    await expect.poll(() => page.url()).toContain(`area=${code}`);
    await page.waitForSelector('[data-testid="map"][data-villages="shown"]');
    expect(await page.getByTestId('scope-name').textContent()).toContain(gaps[0]?.name ?? '?');
  });
});

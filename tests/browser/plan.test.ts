import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseCsvRows } from '../../src/cli/csv/parse-csv';
import { formatCell, suppressList, type SuppressedCell } from '../../src/export/suppression';
import { DEMO, isLocal, SCREENSHOTS, waitForEngine, waitForMap } from '../support/browser';
import { drawnLabels } from '../support/label-boxes';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

const AS_OF = '2026-10-31';
const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children', 'stations']), viewport: { width: 1600, height: 1000 } });
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

interface Village {
  code: string;
  name: string;
  township: string;
  children: number;
}

/**
 * Written here, not with the app's builders: children on the roll at the extract's date, per village, and whether
 * an active village station (opened by then) is registered to the village itself.
 */
async function villages(): Promise<(Village & { covered: boolean })[]> {
  return suite.oracle.rows(`SELECT v.code, v.name, t.name AS township,
      (SELECT count(*) FROM children c WHERE c.village_code = v.code AND (c.enrolled_on IS NULL OR c.enrolled_on <= DATE '${AS_OF}')
        AND (c.exited_on IS NULL OR c.exited_on > DATE '${AS_OF}'))::INTEGER AS children,
      EXISTS (SELECT 1 FROM stations s WHERE s.region_code = v.code AND s.kind = 'village_station' AND s.active
        AND (s.opened_on IS NULL OR s.opened_on <= DATE '${AS_OF}')) AS covered
    FROM regions v JOIN regions t ON t.code = v.parent_code WHERE v.level = 'village' ORDER BY v.code`);
}

async function openPlanned(path: string): Promise<Page> {
  const { page, requests } = await suite.open(path);
  await waitForMap(page);
  await waitForEngine(page);
  expect(requests.filter((u) => !isLocal(u))).toEqual([]);
  return page;
}

const text = async (page: Page, id: string) => ((await page.getByTestId(id).textContent()) ?? '').trim();

describe('站点规划 (station what-if plan)', () => {
  it('a plan of three villages raises the coverage by what the extract gives, and its 建设计划 opens in a spreadsheet reader', async () => {
    const all = await villages();
    const total = all.reduce((n, v) => n + v.children, 0);
    const coveredBefore = all.filter((v) => v.covered).reduce((n, v) => n + v.children, 0);
    // Three villages without a station: the largest, a middling one, and one with fewer than 5 children.
    const open = all.filter((v) => !v.covered).sort((a, b) => b.children - a.children || a.code.localeCompare(b.code));
    const small = open.filter((v) => v.children > 0 && v.children < 5);
    const three = [open[0], open[Math.floor(open.length / 3)], small[0] ?? open[open.length - 1]].filter((v): v is (typeof open)[number] => v !== undefined);
    expect(new Set(three.map((v) => v.code)).size).toBe(3);
    const added = three.reduce((n, v) => n + v.children, 0);

    const { page, requests } = await suite.openMap('?theme=risk');
    await page.getByTestId('plan-toggle').click();
    await page.getByTestId('plan-panel').waitFor();
    expect(await page.getAttribute('[data-testid="dashboard"]', 'data-theme')).toBe('stations');
    for (const v of three) await page.getByTestId(`plan-station-${v.code}`).check();
    await page.waitForFunction((n) => document.querySelector('[data-testid="plan-size"]')?.textContent?.includes(`${n}项`), three.length);
    const expectedParam = [...three].sort((a, b) => a.code.localeCompare(b.code)).map((v) => `${v.code}s`).join(',');
    expect(new URL(page.url()).searchParams.get('plan')).toBe(expectedParam);

    await page.waitForFunction((want) => document.querySelector('[data-testid="plan-after-child-coverage"]')?.textContent?.trim() === want, pct((coveredBefore + added) / total), { timeout: 60_000 });
    expect(await text(page, 'plan-before-child-coverage')).toBe(pct(coveredBefore / total));
    expect(await text(page, 'plan-after-newly-covered')).toBe(`${added.toLocaleString('zh-CN')} 名`);
    const withStation = all.filter((v) => v.covered).length;
    expect(await text(page, 'plan-before-share-with-station')).toBe(pct(withStation / all.length));
    expect(await text(page, 'plan-after-share-with-station')).toBe(pct((withStation + 3) / all.length));
    await page.screenshot({ path: join(SCREENSHOTS, 'plan-three-villages.png') });
    await page.getByTestId('plan-figures').screenshot({ path: join(SCREENSHOTS, 'plan-figures.png') });

    // The 建设计划: one row per village (each a station), the children of each (below 5 as "<5"), their total.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
    expect(download.suggestedFilename()).toBe(`如皋市_建设计划_${AS_OF}.xlsx`);
    const file = (await download.path()) as string;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file) as never);
    const rows: unknown[][] = [];
    book.worksheets[0]?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const header = rows.findIndex((r) => r[0] === '序号');
    const body = rows.slice(header + 1, header + 4);
    const byCode = new Map(three.map((v) => [v.code, v]));
    expect(body.map((r) => byCode.get(String(r[3]))?.name)).toEqual(body.map((r) => r[2]));
    expect(new Set(body.map((r) => r[3]))).toEqual(new Set(three.map((v) => v.code)));
    // The children column, suppressed as the list it is (the suppression itself is tested in suppression.test.ts).
    const counts = body.map((r) => (byCode.get(String(r[3])) as Village).children);
    const suppressed = suppressList(counts, 5);
    for (const [k, r] of body.entries()) {
      const v = byCode.get(String(r[3])) as Village;
      expect([r[1], r[4]]).toEqual([v.township, '新建站点']);
      const cell = suppressed.cells[k] as SuppressedCell;
      expect(r[5]).toEqual(cell.shown ? v.children : formatCell(cell, 5));
      expect(String(r[6])).toMatch(new RegExp(`^${v.township}村级站点 \\d+→\\d+ 个`));
    }
    // The small village is never shown as its count.
    expect(body.find((r) => r[3] === three[2]?.code)?.[5]).toBe('<5');
    expect(rows[header + 4]?.slice(0, 1)).toEqual(['合计']);
    expect(rows[header + 4]?.[5]).toEqual(suppressed.total?.shown ? added : formatCell(suppressed.total as SuppressedCell, 5));
    expect(rows.flat()).toContain(`儿童所在村有站点的比例：现状 ${pct(coveredBefore / total)}，规划后 ${pct((coveredBefore + added) / total)}`);

    if (existsSync('/usr/bin/soffice')) {
      // LibreOffice reads the same workbook.
      const out = mkdtempSync(join(tmpdir(), 'care-atlas-plan-'));
      try {
        const xlsx = join(out, 'plan.xlsx');
        writeFileSync(xlsx, readFileSync(file));
        execFileSync('/usr/bin/soffice', [`-env:UserInstallation=file://${out}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', out, xlsx], { timeout: 120_000, stdio: 'ignore' });
        const csv = parseCsvRows(readFileSync(join(out, 'plan.csv'), 'utf8')).map((r) => r.fields);
        expect(csv[0]?.[0]).toBe('如皋市儿童关爱阵地建设计划');
        expect(csv.filter((r) => three.some((v) => r[3] === v.code)).map((r) => r[4])).toEqual(['新建站点', '新建站点', '新建站点']);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
  }, 300_000);

  it('keeps the plan in the URL and in a file, refusing a malformed file in Chinese and a malformed URL', async () => {
    const all = (await villages()).filter((v) => !v.covered);
    const [a, b] = all;
    const param = `${a?.code}sd,${b?.code}t`;
    const page = await openPlanned(`?plan=${param}`);
    await page.getByTestId('plan-panel').waitFor();
    expect(await page.getByTestId(`plan-station-${a?.code}`).isChecked()).toBe(true);
    expect(await page.getByTestId(`plan-director-${a?.code}`).isChecked()).toBe(true);
    expect(await page.getByTestId(`plan-training-${b?.code}`).isChecked()).toBe(true);
    expect(await text(page, 'plan-size')).toBe('计划：2个村（社区），3项');

    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-save').click()]);
    const json = readFileSync((await saved.path()) as string, 'utf8');
    expect(JSON.parse(json)).toMatchObject({ format: 'care-atlas-plan', version: 2, county_code: '320682', items: [{ village: a?.code, actions: ['station', 'director'] }, { village: b?.code, actions: ['training'] }] });

    await page.getByTestId('plan-clear').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('plan') === '');
    await page.getByTestId('plan-file').setInputFiles({ name: '我的规划.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await page.waitForFunction((p) => new URL(location.href).searchParams.get('plan') === p, param);
    expect(await text(page, 'plan-file-message')).toContain('已载入“我的规划.json”：2个村（社区）。');

    const broken = JSON.stringify({ ...JSON.parse(json), items: [{ village: '320682999999', actions: ['station'] }, { village: a?.code, actions: ['build'] }] });
    await page.getByTestId('plan-file').setInputFiles({ name: '坏规划.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
    await page.getByText('坏规划.json：items[0].village：村（社区）320682999999 不在当前数据中').waitFor();
    expect(await text(page, 'plan-file-message')).toContain('坏规划.json：items[1].actions：');
    expect(new URL(page.url()).searchParams.get('plan')).toBe(param);
    await page.screenshot({ path: join(SCREENSHOTS, 'plan-file-refused.png') });

    const bad = await openPlanned(`?plan=${a?.code}x&theme=stations`);
    await bad.getByTestId('plan-notice').waitFor();
    expect(await text(bad, 'plan-notice')).toBe('地址中的规划参数格式不正确，已忽略。');
    await bad.waitForFunction(() => new URL(location.href).searchParams.get('plan') === '');
    expect(new URL(bad.url()).searchParams.get('theme')).toBe('stations');
  }, 300_000);

  it('in plan mode a click on a village puts it in the plan with the action it lacks, and a second click takes it out', async () => {
    const all = await villages();
    const open = all.filter((v) => !v.covered && v.children > 0).sort((a, b) => b.children - a.children || a.code.localeCompare(b.code));
    const village = open[0] as Village;
    const page = await openPlanned(`?theme=stations&plan=&area=${village.code.slice(0, 9)}`);
    await page.waitForSelector('[data-testid="map"][data-villages="shown"]');
    await page.getByTestId('plan-panel').waitFor();
    const at = (await drawnLabels(page)).find((l) => l.text === village.name);
    expect(at, `${village.name} is labelled on the map`).toBeDefined();
    await page.mouse.click(at?.x ?? 0, (at?.y ?? 0) + 16);
    await page.waitForFunction((p) => new URL(location.href).searchParams.get('plan') === p, `${village.code}s`);
    // Only the plan changed: the view still shows the township.
    expect(new URL(page.url()).searchParams.get('area')).toBe(village.code.slice(0, 9));
    await page.waitForFunction((id) => (document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | null)?.checked === true, `plan-station-${village.code}`);
    await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]');
    await page.screenshot({ path: join(SCREENSHOTS, 'plan-map-click.png') });
    await page.mouse.click(at?.x ?? 0, (at?.y ?? 0) + 16);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('plan') === '');
  }, 300_000);
});

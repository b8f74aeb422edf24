import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseCsvRows } from '../../src/cli/csv/parse-csv';
import { DEMO, isLocal, SCREENSHOTS, waitForEngine, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

const AS_OF = '2026-10-31';
const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children', 'stations']), viewport: { width: 1600, height: 1000 } });
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const text = async (page: Page, id: string) => ((await page.getByTestId(id).first().textContent()) ?? '').trim();
const ON_ROLL = `(c.enrolled_on IS NULL OR c.enrolled_on <= DATE '${AS_OF}') AND (c.exited_on IS NULL OR c.exited_on > DATE '${AS_OF}')`;

interface Township {
  code: string;
  name: string;
  children: number;
  target: number;
  ok: number;
}

/**
 * Written here, not with the app's builders: each township with a 关爱之家 target in the demo (all from the
 * extract), its children on the roll, and its active 关爱之家 meeting the standard, registered to it or a village.
 */
async function townships(): Promise<Township[]> {
  return suite.oracle.rows(`SELECT t.code, t.name, t.target_township_homes AS target,
      (SELECT count(*) FROM children c JOIN regions v ON v.code = c.village_code WHERE v.parent_code = t.code AND ${ON_ROLL})::INTEGER AS children,
      (SELECT count(*) FROM stations s JOIN regions r ON r.code = s.region_code
        WHERE (r.code = t.code OR r.parent_code = t.code) AND s.kind = 'township_home' AND s.active AND s.meets_standard
          AND (s.opened_on IS NULL OR s.opened_on <= DATE '${AS_OF}'))::INTEGER AS ok
    FROM regions t WHERE t.level = 'township' AND t.target_township_homes > 0 ORDER BY t.code`);
}

/** Villages, their children on the roll, and whether an active village station is registered to them. */
async function villages(): Promise<{ code: string; name: string; township: string; children: number; covered: boolean }[]> {
  return suite.oracle.rows(`SELECT v.code, v.name, t.name AS township,
      (SELECT count(*) FROM children c WHERE c.village_code = v.code AND ${ON_ROLL})::INTEGER AS children,
      EXISTS (SELECT 1 FROM stations s WHERE s.region_code = v.code AND s.kind = 'village_station' AND s.active
        AND (s.opened_on IS NULL OR s.opened_on <= DATE '${AS_OF}')) AS covered
    FROM regions v JOIN regions t ON t.code = v.parent_code WHERE v.level = 'village' ORDER BY v.code`);
}

describe('站点规划: the township 关爱之家', () => {
  it('plans two townships’ 关爱之家 and a village station: the figures, the 建设计划 and the briefing match the extract', async () => {
    const towns = await townships();
    const short = towns.filter((t) => t.ok < t.target).sort((a, b) => b.children - a.children || a.code.localeCompare(b.code));
    expect(short.length).toBeGreaterThanOrEqual(2);
    const two = short.slice(0, 2);
    const okBefore = towns.filter((t) => t.ok >= t.target).length;
    const all = await villages();
    const village = all.filter((v) => !v.covered).sort((a, b) => b.children - a.children || a.code.localeCompare(b.code))[0];
    if (!village) throw new Error('the demo has no village without a station');
    const total = all.reduce((n, v) => n + v.children, 0);
    const coveredBefore = all.filter((v) => v.covered).reduce((n, v) => n + v.children, 0);

    // In plan mode the panel is the plan's: wait for the map and the engine, not the theme's figures.
    const { page, requests } = await suite.open('?theme=stations&plan=');
    await waitForMap(page);
    await waitForEngine(page);
    await page.getByTestId('plan-panel').waitFor();
    // The townships short of their target, most children first.
    await page.getByTestId('plan-home-list').waitFor();
    const listed = await page.$$eval('[data-testid="plan-home-list"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-code')));
    expect(listed).toEqual(short.map((t) => t.code));

    for (const t of two) await page.getByTestId(`plan-home-${t.code}`).check();
    await page.getByTestId(`plan-station-${village.code}`).check();
    const expected = [...two.map((t) => ({ code: t.code, entry: `${t.code}h` })), { code: village.code, entry: `${village.code}s` }]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((e) => e.entry)
      .join(',');
    await page.waitForFunction((p) => new URL(location.href).searchParams.get('plan') === p, expected);
    expect(await text(page, 'plan-size')).toBe('计划：1个村（社区）、2个乡镇（街道），3项');

    await page.waitForFunction((want) => document.querySelector('[data-testid="plan-after-townships-home"]')?.textContent?.trim() === want, `${okBefore + 2}/${towns.length}`, { timeout: 60_000 });
    expect(await text(page, 'plan-before-townships-home')).toBe(`${okBefore}/${towns.length}`);
    await page.waitForFunction((want) => document.querySelector('[data-testid="plan-after-child-coverage"]')?.textContent?.trim() === want, pct((coveredBefore + village.children) / total), { timeout: 60_000 });
    expect(await text(page, 'plan-before-child-coverage')).toBe(pct(coveredBefore / total));
    // The township table is its own query: wait for it to follow the plan.
    for (const t of two) await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === '未达标→达标', `plan-township-home-${t.code}`, { timeout: 60_000 });
    await page.waitForFunction(() => !document.querySelector('[data-testid="plan-panel"] [aria-busy="true"]'));
    await page.getByTestId('plan-homes').screenshot({ path: join(SCREENSHOTS, 'plan-township-homes.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'plan-township.png') });

    // The 建设计划: the townships first, then the village.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
    const file = (await download.path()) as string;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file) as never);
    const rows: unknown[][] = [];
    book.worksheets[0]?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const header = rows.findIndex((r) => r[0] === '序号');
    const byCode = new Map(two.map((t) => [t.code, t]));
    const homeRows = rows.slice(header + 1, header + 3).sort((a, b) => String(a[3]).localeCompare(String(b[3])));
    expect(homeRows.map((r) => r[3])).toEqual(two.map((t) => t.code).sort());
    for (const r of homeRows) {
      const t = byCode.get(String(r[3])) as Township;
      // Each township has far more than 5 children: shown as they are.
      expect(r.slice(1, 7)).toEqual([t.name, '（全乡镇）', t.code, '建设达省标关爱之家', t.children, `${t.name}达省标关爱之家 ${t.ok}→${t.ok + 1} 个，目标 ${t.target} 个（达标）`]);
    }
    expect(rows[header + 3]?.slice(1, 5)).toEqual([village.township, village.name, village.code, '新建站点']);
    expect(rows.flat()).toContain(`关爱之家达标乡镇（街道）：现状 ${okBefore}/${towns.length}，规划后 ${okBefore + 2}/${towns.length}`);
    if (existsSync('/usr/bin/soffice')) {
      const out = mkdtempSync(join(tmpdir(), 'care-atlas-plan-township-'));
      try {
        const xlsx = join(out, 'plan.xlsx');
        writeFileSync(xlsx, readFileSync(file));
        execFileSync('/usr/bin/soffice', [`-env:UserInstallation=file://${out}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', out, xlsx], { timeout: 120_000, stdio: 'ignore' });
        const csv = parseCsvRows(readFileSync(join(out, 'plan.csv'), 'utf8')).map((r) => r.fields);
        expect(csv.filter((r) => two.some((t) => r[3] === t.code)).map((r) => r[4])).toEqual(['建设达省标关爱之家', '建设达省标关爱之家']);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }

    // The briefing, with the plan still in the address bar.
    await page.getByTestId('briefing-open').click();
    await page.waitForSelector('[data-testid="briefing"][data-ready="yes"]', { timeout: 120_000 });
    await page.getByTestId('brief-plan-text').first().waitFor({ timeout: 60_000 });
    const paragraphs = await page.$$eval('[data-testid="brief-plan-text"]', (ps) => ps.map((p) => p.textContent ?? ''));
    const newly = village.children >= 5 ? `${village.children.toLocaleString('zh-CN')}名` : '不足5名';
    expect(paragraphs[0]).toContain(
      `按本计划新建1个村级关爱站点、在2个乡镇（街道）建设达省标关爱之家后，全市儿童所在村有站点的比例由${pct(coveredBefore / total)}提高到${pct((coveredBefore + village.children) / total)}，新覆盖儿童${newly}；`,
    );
    expect(paragraphs[1]).toBe(`建成后，关爱之家达到目标的乡镇（街道）由${okBefore}个增至${okBefore + 2}个（共${towns.length}个），尚差${towns.length - okBefore - 2}个。`);
    const tableRows = await page.$$eval('[data-testid="brief-table-plan"] tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
    // The townships in the suggested order (short of their target, most children first), then the village; the
    // children as the export shows them.
    expect(tableRows.slice(0, 2).map((r) => r.slice(1, 5))).toEqual(two.map((t) => [t.name, '（全乡镇）', '建设达省标关爱之家', String(t.children)]));
    expect(tableRows[2]?.slice(1, 4)).toEqual([village.township, village.name, '新建站点']);
    await page.getByTestId('brief-plan').screenshot({ path: join(SCREENSHOTS, 'plan-township-briefing.png') });
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
  }, 400_000);
});

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, isLocal, SCREENSHOTS, waitForFigures, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children', 'colour_assessments', 'visits', 'stations', 'water_points']), viewport: { width: 1600, height: 1000 } });

const value = async (page: Page, id: string) => (await page.getByTestId(`quality-value-${id}`).textContent()) ?? '';
const count = (n: number, unit: string) => `${n.toLocaleString('en-US')}${unit}`;

/** The demo's figures by village and for the county (code '320682'), written from the rules, not the app's builder. */
const BY_VILLAGE = `WITH roll AS (
  SELECT * FROM children WHERE coalesce(enrolled_on <= DATE '2026-10-31', TRUE) AND coalesce(exited_on > DATE '2026-10-31', TRUE)
), graded AS (SELECT child_key, max(assessed_on) AS latest FROM colour_assessments WHERE assessed_on <= DATE '2026-10-31' GROUP BY 1),
off AS (
  SELECT c.village_code, count(*) AS n FROM visits v JOIN children c ON c.child_key = v.child_key
  WHERE v.visited_on < c.enrolled_on OR v.visited_on >= c.exited_on GROUP BY 1
), per AS (
  SELECT r.village_code, count(*) AS children, count(*) FILTER (WHERE g.child_key IS NULL) AS ungraded,
    count(*) FILTER (WHERE g.latest < DATE '2026-07-31') AS stale
  FROM roll r LEFT JOIN graded g ON g.child_key = r.child_key GROUP BY 1
)
SELECT CASE WHEN grouping(p.village_code) = 1 THEN '320682' ELSE p.village_code END AS code,
  sum(p.children)::INTEGER AS children, sum(p.ungraded)::INTEGER AS ungraded, sum(p.stale)::INTEGER AS stale, coalesce(sum(o.n), 0)::INTEGER AS visits_off_roll
FROM per p FULL JOIN off o ON o.village_code = p.village_code
GROUP BY ROLLUP (p.village_code)`;

describe('数据质量 in Chromium', () => {
  it('shows the county’s quality counts as the extract has them, and a figure opens the villages behind it', async () => {
    const { page, requests, errors } = await suite.openMap('');
    await waitForFigures(page);
    const rows = await suite.oracle.rows<{ code: string; children: number; ungraded: number; stale: number; visits_off_roll: number }>(BY_VILLAGE);
    const county = rows.find((r) => r.code === '320682');
    if (!county) throw new Error('no county row');
    // The demo must exercise the view: some children ungraded.
    expect(county.ungraded).toBeGreaterThan(0);
    // The theme's line names the shares of ungraded and out-of-date children that reach the setting (5%).
    const shares = [
      [county.ungraded / county.children, '的在册儿童未评估'],
      [county.stale / county.children, '的在册儿童四色评估超过一个季度未更新'],
    ] as const;
    expect(shares.some(([s]) => s >= 0.05)).toBe(true);
    const line = (await page.getByTestId('quality-line').textContent()) ?? '';
    for (const [s, words] of shares) expect(line.includes(`${(s * 100).toFixed(1)}% ${words}`)).toBe(s >= 0.05);
    await page.screenshot({ path: `${SCREENSHOTS}/quality-line.png`, clip: { x: 1160, y: 100, width: 440, height: 900 } });

    await page.getByTestId('quality-open').click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('quality=on');
    await expect.poll(() => value(page, 'ungraded'), { timeout: 60_000 }).toBe(count(county.ungraded, '名'));
    expect(await value(page, 'visits_off_roll')).toBe(count(county.visits_off_roll, '条'));
    // Stations and points: every boundary of the demo is schematic (or missing), so none can be checked.
    const [pts] = await suite.oracle.rows<{ withCoords: number; noCoords: number }>(
      `SELECT (SELECT count(*) FROM stations WHERE lng IS NOT NULL AND lat IS NOT NULL)::INTEGER + (SELECT count(*) FROM water_points)::INTEGER AS "withCoords",
        (SELECT count(*) FROM stations WHERE lng IS NULL OR lat IS NULL)::INTEGER AS "noCoords"`,
    );
    await expect.poll(() => value(page, 'points_outside'), { timeout: 60_000 }).toBe(count(0, '个'));
    expect(await value(page, 'points_unchecked')).toBe(count(pts?.withCoords ?? -1, '个'));
    expect(await value(page, 'stations_no_coords')).toBe(count(pts?.noCoords ?? -1, '个'));
    expect(await page.getByTestId('quality-unchecked-all').isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/quality-county.png` });

    // The figure opens its list: villages with ungraded children, most first, never a child.
    await page.getByTestId('quality-ungraded').click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('quality=ungraded');
    const villages = rows.filter((r) => r.code !== '320682' && r.ungraded > 0).sort((a, b) => b.ungraded - a.ungraded || a.code.localeCompare(b.code));
    const table = page.getByTestId('quality-list-table');
    await expect.poll(() => table.locator('tbody tr').first().getAttribute('data-code'), { timeout: 60_000 }).toBe(villages[0]?.code);
    expect(await table.locator('tbody tr').first().locator('td').last().textContent()).toBe(String(villages[0]?.ungraded));
    expect(await table.locator('thead th').allTextContents()).toEqual(['村（社区）', '乡镇（街道）', '未评估儿童']);
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/quality-list-ungraded.png` });

    // Its export is suppressed: no count of 1–4 is written.
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('quality-list-table-csv').click()]);
    const csv = readFileSync((await file.path()) as string, 'utf8');
    const cells = csv.split('\n').map((l) => l.split(',').at(-1)?.trim() ?? '');
    expect(cells.filter((c) => /^[1-4]$/.test(c))).toEqual([]);
    if (villages.some((v) => v.ungraded < 5)) expect(cells).toContain('<5');
    expect(csv).toContain('示例数据');

    // The list is in the URL: a pasted link opens it.
    const again = await suite.open('?quality=virtual_units');
    await waitForMap(again.page, 90_000);
    const [virtual] = await suite.oracle.rows<{ n: number }>("SELECT count(*)::INTEGER AS n FROM regions WHERE unit_type = 'other' AND level IN ('township', 'village')");
    await expect.poll(() => again.page.getByTestId('quality-list-table').locator('tbody tr').count(), { timeout: 60_000 }).toBe(Math.min(virtual?.n ?? 0, 30));
    await again.page.screenshot({ path: `${SCREENSHOTS}/quality-list-virtual.png` });

    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

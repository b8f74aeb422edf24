/**
 * 数据质量 above the county on the 南通市 city demo (data/demo-nantong): the city's counts come from agg_quality alone
 * (no county's raw file fetched), and must equal native DuckDB counting the demo's raw files of every county, written
 * here from the rules; a figure's list names the counties, and a row enters the county, where the list is.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLocal, SCREENSHOTS, waitForEngine, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

const CITY = resolve(import.meta.dirname, '../../data/demo-nantong');
const suite = browserSuite({ viewport: { width: 1600, height: 1000 } });
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  for (const table of ['children', 'colour_assessments', 'visits', 'stations']) await db.run(`CREATE VIEW ${table} AS SELECT * FROM read_parquet('${CITY}/${table}.*.parquet')`);
  await db.run(`CREATE VIEW regions AS SELECT * FROM read_parquet('${CITY}/regions.parquet')`);
});
afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

const rows = async <T>(sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJson() as T[];
const value = async (page: Page, id: string) => (await page.getByTestId(`quality-value-${id}`).textContent()) ?? '';
const count = (n: number, unit: string) => `${n.toLocaleString('en-US')}${unit}`;

interface Counts {
  county: string;
  children: number;
  ungraded: number;
  stale: number;
  visits_off_roll: number;
  stations_no_coords: number;
}

/**
 * Per county, from the raw files, at the as-of date 2026-10-31 (colours out of date before 2026-07-31, the setting's
 * 3 months): children on the roll, never assessed, out of date; visits dated off the roll; stations without a point.
 */
const BY_COUNTY = `WITH roll AS (
  SELECT * FROM children WHERE coalesce(enrolled_on <= DATE '2026-10-31', TRUE) AND coalesce(exited_on > DATE '2026-10-31', TRUE)
), graded AS (SELECT child_key, max(assessed_on) AS latest FROM colour_assessments WHERE assessed_on <= DATE '2026-10-31' GROUP BY 1),
kids AS (
  SELECT left(r.village_code, 6) AS county, count(*)::INTEGER AS children, count(*) FILTER (WHERE g.child_key IS NULL)::INTEGER AS ungraded,
    count(*) FILTER (WHERE g.latest < DATE '2026-07-31')::INTEGER AS stale
  FROM roll r LEFT JOIN graded g ON g.child_key = r.child_key GROUP BY 1
), off AS (
  SELECT left(c.village_code, 6) AS county, count(*)::INTEGER AS n FROM visits v JOIN children c ON c.child_key = v.child_key
  WHERE v.visited_on <= DATE '2026-10-31' AND (v.visited_on < c.enrolled_on OR v.visited_on >= c.exited_on) GROUP BY 1
), st AS (
  SELECT left(region_code, 6) AS county, count(*) FILTER (WHERE lng IS NULL OR lat IS NULL)::INTEGER AS n FROM stations GROUP BY 1
)
SELECT k.county, k.children, k.ungraded, k.stale, coalesce(o.n, 0)::INTEGER AS visits_off_roll, coalesce(s.n, 0)::INTEGER AS stations_no_coords
FROM kids k LEFT JOIN off o USING (county) LEFT JOIN st s USING (county) ORDER BY k.county`;

describe('数据质量 above the county, in Chromium', () => {
  it('shows the city’s counts from the aggregates as the raw files of its counties give them, and a figure’s row enters its county', async () => {
    const counties = await rows<Counts>(BY_COUNTY);
    expect(counties).toHaveLength(8);
    const city = counties.reduce((t, c) => ({ ...t, children: t.children + c.children, ungraded: t.ungraded + c.ungraded, stale: t.stale + c.stale, visits_off_roll: t.visits_off_roll + c.visits_off_roll, stations_no_coords: t.stations_no_coords + c.stations_no_coords }));
    // The demo must exercise the view.
    expect(city.ungraded).toBeGreaterThan(0);
    expect(city.stale).toBeGreaterThan(0);

    // The quality view has no theme figures to wait for (openMap's last wait): the map and the engine only.
    const { page, requests, errors } = await suite.open('?extract=demo-nantong/&quality=on');
    await waitForMap(page, 180_000);
    await waitForEngine(page, 300_000);
    await expect.poll(() => value(page, 'ungraded'), { timeout: 120_000 }).toBe(count(city.ungraded, '名'));
    expect(await page.getByTestId('county-name').textContent()).toBe('南通市');
    expect(await value(page, 'stale')).toBe(count(city.stale, '名'));
    expect(await value(page, 'visits_off_roll')).toBe(count(city.visits_off_roll, '条'));
    expect(await value(page, 'stations_no_coords')).toBe(count(city.stations_no_coords, '个'));
    // Points against boundaries need a county's raw rows: no number, a pointer to the county.
    expect(await value(page, 'points_outside')).toBe('—');
    expect(await page.getByTestId('quality-points_outside').textContent()).toContain('进入县（市、区）后可见');
    // Source rows: every county's manifest entry, summed (the generator merges and rejects none).
    const manifest = JSON.parse(readFileSync(`${CITY}/manifest.json`, 'utf8')) as { counties: { source_rows?: Record<string, { merged: number; rejected: number }> }[] };
    expect(manifest.counties.every((c) => c.source_rows)).toBe(true);
    const dropped = manifest.counties.flatMap((c) => Object.values(c.source_rows ?? {})).reduce((n, c) => n + c.merged + c.rejected, 0);
    expect(await value(page, 'source_rows')).toBe(count(dropped, '行'));

    // The counties' table: each county's counts as its raw files give them.
    const table = page.getByTestId('quality-sub-areas');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBe(8);
    const names = new Map((await rows<{ code: string; name: string }>("SELECT code, name FROM regions WHERE level = 'county'")).map((r) => [r.name, r.code]));
    for (const tr of await table.locator('tbody tr').all()) {
      const cells = (await tr.locator('td').allTextContents()).map((s) => s.trim());
      const c = counties.find((k) => k.county === names.get(cells[0] ?? ''));
      expect(c, cells[0]).toBeDefined();
      expect(cells.slice(1, 4)).toEqual([c?.children, c?.ungraded, c?.stale].map((n) => (n as number).toLocaleString('en-US')));
    }
    // No county's raw rows were fetched for any of it.
    expect(requests.filter((u) => /\/(children|colour_assessments|visits|stations)\.\d{6}\.parquet/.test(u))).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/quality-above.png` });

    // 未评估儿童's list: the counties with some, most first; a row enters that county, where the villages are listed.
    await page.getByTestId('quality-ungraded').click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('quality=ungraded');
    expect(await page.getByTestId('quality-enter-county').textContent()).toContain('点击一行进入该县');
    const list = page.getByTestId('quality-list-table');
    const withSome = counties.filter((c) => c.ungraded > 0).sort((a, b) => b.ungraded - a.ungraded || a.county.localeCompare(b.county));
    await expect.poll(() => list.locator('tbody tr').count(), { timeout: 30_000 }).toBe(withSome.length);
    const top = withSome[0] as Counts;
    const firstCells = (await list.locator('tbody tr').first().locator('td').allTextContents()).map((s) => s.trim());
    expect(firstCells[0]).toMatch(/ › 进入$/);
    expect(names.get((firstCells[0] ?? '').replace(/ › 进入$/, ''))).toBe(top.county);
    expect(firstCells[1]).toBe(top.ungraded.toLocaleString('en-US'));
    await page.screenshot({ path: `${SCREENSHOTS}/quality-above-list.png` });
    await list.locator('tbody tr').first().click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain(`area=${top.county}`);
    // In the county, from its raw rows (fetched on the drill): the same count, and the villages behind it.
    await expect.poll(() => value(page, 'ungraded'), { timeout: 180_000 }).toBe(count(top.ungraded, '名'));
    await expect.poll(() => page.getByTestId('quality-list-table').locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(requests.some((u) => u.includes(`children.${top.county}.parquet`))).toBe(true);

    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('puts the shaky-data line on the city’s theme panel from the aggregates, when a share reaches 5%', async () => {
    const [c] = await rows<{ children: number; ungraded: number; stale: number }>(
      `WITH roll AS (SELECT * FROM children WHERE coalesce(enrolled_on <= DATE '2026-10-31', TRUE) AND coalesce(exited_on > DATE '2026-10-31', TRUE)),
      graded AS (SELECT child_key, max(assessed_on) AS latest FROM colour_assessments WHERE assessed_on <= DATE '2026-10-31' GROUP BY 1)
      SELECT count(*)::INTEGER AS children, count(*) FILTER (WHERE g.child_key IS NULL)::INTEGER AS ungraded, count(*) FILTER (WHERE g.latest < DATE '2026-07-31')::INTEGER AS stale
      FROM roll r LEFT JOIN graded g ON g.child_key = r.child_key`,
    );
    if (!c) throw new Error('no children');
    const shares = [
      [c.ungraded / c.children, '的在册儿童未评估'],
      [c.stale / c.children, '的在册儿童四色评估超过一个季度未更新'],
    ] as const;
    const { page, errors } = await suite.openMap('?extract=demo-nantong/&theme=risk');
    const expected = shares.some(([s]) => s >= 0.05);
    await expect.poll(() => page.getByTestId('quality-line').count(), { timeout: 60_000 }).toBe(expected ? 1 : 0);
    if (expected) {
      const line = (await page.getByTestId('quality-line').textContent()) ?? '';
      for (const [s, words] of shares) expect(line.includes(`${(s * 100).toFixed(1)}% ${words}`)).toBe(s >= 0.05);
      await page.screenshot({ path: `${SCREENSHOTS}/quality-above-line.png`, clip: { x: 1100, y: 60, width: 500, height: 500 } });
      await page.getByTestId('quality-line-open').click();
      await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('quality=on');
      await expect.poll(() => value(page, 'ungraded'), { timeout: 60_000 }).toBe(count(c.ungraded, '名'));
    }
    expect(errors).toEqual([]);
  });
});

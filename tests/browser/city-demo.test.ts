/**
 * The 南通市 city demo (data/demo-nantong, copied to dist/demo-nantong/ by the build) opened from its link in 载入数据,
 * as a user would: the figures on screen are compared with native DuckDB reading the extract's files directly.
 */
import { resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combineText } from '../../src/i18n/zh-combine';
import { isLocal, SCREENSHOTS, waitForEngine, waitForFigures, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

const CITY = resolve(import.meta.dirname, '../../data/demo-nantong');
const AS_OF = "DATE '2026-10-31'";
const suite = browserSuite({ viewport: { width: 1600, height: 900 } });
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  for (const table of ['regions', 'children']) await db.run(`CREATE VIEW ${table} AS SELECT * FROM read_parquet('${CITY}/${table}${table === 'regions' ? '*' : '.*'}.parquet')`);
});
afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

const rows = async <T>(sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJson() as T[];
const num = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));

describe('the 南通市 city demo in Chromium', () => {
  it('opens from 载入数据 and shows every county-level unit and the children of the area on screen as the extract has them', async () => {
    const { page, requests, errors } = await suite.openMap();
    await page.getByTestId('load-open').click();
    const link = page.getByTestId('open-city-demo');
    expect(await link.textContent()).toBe('打开南通市示例（合成数据）');
    await link.click();
    await page.waitForURL(/\?extract=demo-nantong%2F|\?extract=demo-nantong\//, { timeout: 60_000 });
    await waitForMap(page, 180_000);
    await waitForEngine(page, 300_000);
    await waitForFigures(page, 120_000);

    expect(await page.getByTestId('county-name').textContent()).toBe('南通市');
    expect(await page.getByTestId('synthetic-badge').isVisible()).toBe(true);
    const counties = await rows<{ code: string; name: string }>("SELECT code, name FROM regions WHERE level = 'county' ORDER BY code");
    expect(counties).toHaveLength(8);
    const credits = await page.getByTestId('attribution').locator('span').allTextContents();
    expect(credits).toContain(combineText.combinedFrom(counties.length));

    // The area the panel shows (the city, or one county until the city level is drawn): its children on the roll
    // and its sub-areas, as the extract has them.
    const scopeName = (await page.getByTestId('scope-name').evaluate((el) => el.firstChild?.textContent ?? '')).trim();
    const [scope] = await rows<{ code: string; level: string }>(`SELECT code, level FROM regions WHERE name = '${scopeName}' AND level IN ('city', 'county')`);
    expect(scope, scopeName).toBeDefined();
    const inScope = scope?.level === 'city' ? 'TRUE' : `t.parent_code = '${scope?.code}'`;
    const [children] = await rows<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM children c JOIN regions v ON v.code = c.village_code JOIN regions t ON t.code = v.parent_code
       WHERE ${inScope} AND (c.enrolled_on IS NULL OR c.enrolled_on <= ${AS_OF}) AND (c.exited_on IS NULL OR c.exited_on > ${AS_OF})`,
    );
    expect(children?.n).toBeGreaterThan(100);
    expect(num(await page.getByTestId('kpi-children').textContent())).toBe(children?.n);
    const [subAreas] = await rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM regions WHERE parent_code = '${scope?.code}'`);
    expect(await page.getByTestId('sub-areas').locator('tbody tr').count()).toBe(subAreas?.n);

    await page.getByTestId('load-open').click();
    expect(await page.getByTestId('open-county-demo').getAttribute('href')).toBe('?extract=demo/');
    await page.screenshot({ path: `${SCREENSHOTS}/city-demo.png` });
    await page.getByTestId('load-dialog').getByRole('button').first().click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SCREENSHOTS}/city-demo-map.png` });

    expect(requests.some((u) => u.endsWith('/demo-nantong/manifest.json'))).toBe(true);
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

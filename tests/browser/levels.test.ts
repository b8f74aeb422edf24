/**
 * The app above the county: a city extract combined from the two-county fixture (tests/support/city-extract.ts)
 * opens at 南通市 with its counties on the map, ranks them, colours them as native DuckDB says they should be,
 * drills into a county and back, and shows the big screen with the as-of rule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attribution } from '../../src/i18n/zh';
import { classColour, COVERAGE_CLASSES } from '../../src/map/colour-scales';
import { literal } from '../../src/measures/sql';
import { CITY, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { SCREENSHOTS } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { writeCityExtract } from '../support/city-extract';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-levels-'));
const city = join(root, 'city');
const asOf = '2026-10-31';

const suite = browserSuite({
  setup: async () => {
    await writeCityExtract(root);
  },
  routes: { '/city/': city },
  teardown: () => rmSync(root, { recursive: true, force: true }),
});

/** Native DuckDB over the extract's Parquet files (every county's), with SQL written here, not the app's builders. */
async function oracle<T>(sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    for (const t of ['regions', 'children', 'colour_assessments', 'stations']) {
      await conn.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet(${literal(join(city, t === 'regions' ? 'regions*.parquet' : `${t}.*.parquet`))})`);
    }
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Per county: children on the roll at the as-of date, and those with a colour assessed by then. */
const gradedByCounty = `WITH roll AS (
  SELECT c.child_key, t.parent_code AS county FROM children c JOIN regions v ON v.code = c.village_code JOIN regions t ON t.code = v.parent_code
  WHERE (c.enrolled_on IS NULL OR c.enrolled_on <= DATE '${asOf}') AND (c.exited_on IS NULL OR c.exited_on > DATE '${asOf}')
)
SELECT county, count(*)::INTEGER AS children,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM colour_assessments a WHERE a.child_key = roll.child_key AND a.assessed_on <= DATE '${asOf}'))::INTEGER AS graded
FROM roll GROUP BY county ORDER BY county`;

/** Per county: villages, and villages with an active village station. */
const stationShareByCounty = `SELECT t.parent_code AS county, count(*)::INTEGER AS villages,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM stations s WHERE s.region_code = v.code AND s.kind = 'village_station' AND s.active))::INTEGER AS with_station
FROM regions v JOIN regions t ON t.code = v.parent_code WHERE v.level = 'village' GROUP BY 1 ORDER BY 1`;

/** The drawn labels: name → [x, y] on screen. */
async function labels(page: Page): Promise<Map<string, [number, number]>> {
  const raw = await page.getByTestId('map').getAttribute('data-labels');
  return new Map((JSON.parse(raw ?? '[]') as [string, number, number, number][]).map(([name, x, y]) => [name, [x, y]]));
}

/** The deck.gl canvas's colour at a point of the map (CSS px from the map's corner). */
async function colourAt(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(
    ([px, py]) => {
      const canvas = [...document.querySelectorAll('.map-area canvas')].find((el) => !el.classList.contains('maplibregl-canvas')) as HTMLCanvasElement;
      const ratio = canvas.width / canvas.clientWidth;
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const g = copy.getContext('2d') as CanvasRenderingContext2D;
      g.drawImage(canvas, 0, 0);
      return Array.from(g.getImageData(Math.round((px as number) * ratio), Math.round((py as number) * ratio), 1, 1).data);
    },
    [x, y],
  );
}

const rankingRows = (page: Page) => page.getByTestId('ranking-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));

describe('a city extract (南通市: 启东市 and 如皋市)', () => {
  it('opens at the city with its counties ranked as native DuckDB counts them', async () => {
    const { page, errors } = await suite.viewMap('?extract=city/');
    expect(await page.getByTestId('scope-name').textContent()).toContain('南通市');
    const drawn = await labels(page);
    expect([...drawn.keys()].sort()).toEqual(['启东市', '如皋市'].sort());

    const graded = await oracle<{ county: string; children: number; graded: number }>(gradedByCounty);
    const share = (code: string) => {
      const r = graded.find((g) => g.county === code);
      return r ? r.graded / r.children : NaN;
    };
    const expected = [QIDONG, RUGAO]
      .map((code) => ({ name: code === QIDONG ? '启东市' : '如皋市', value: share(code) }))
      .sort((a, b) => b.value - a.value)
      .map((r, i) => [String(i + 1), r.name, `${(r.value * 100).toFixed(1)}%`]);
    expect((await rankingRows(page)).map((cells) => cells.slice(0, 3))).toEqual(expected);
    expect(await page.getByTestId('ranking').locator('h3, h2').first().textContent()).toContain('县（市、区）赛马比拼');
    // The city's own tile: every child of both counties.
    const children = graded.reduce((a, g) => a + g.children, 0);
    expect(await page.getByTestId('kpi-children').textContent()).toBe(`${children}名`);
    // Raw-only things are said to be found in a county.
    expect(await page.getByTestId('above-raw-only').textContent()).toContain('进入县（市、区）后可见');
    expect(await page.getByTestId('alerts-above').textContent()).toContain('进入县（市、区）后可见');
    await page.screenshot({ path: `${SCREENSHOTS}/levels-city.png` });
    expect(errors).toEqual([]);
  });

  it('colours each county by its station coverage, as native DuckDB counts it', async () => {
    const { page, errors } = await suite.viewMap('?extract=city/&theme=stations');
    const coverage = await oracle<{ county: string; villages: number; with_station: number }>(stationShareByCounty);
    const drawn = await labels(page);
    for (const [code, name] of [[QIDONG, '启东市'], [RUGAO, '如皋市']] as const) {
      const r = coverage.find((c) => c.county === code);
      const want = classColour(COVERAGE_CLASSES, (r?.with_station ?? 0) / (r?.villages ?? 1));
      const [x, y] = drawn.get(name) ?? [0, 0];
      // Below the label, inside the county's square.
      const got = await colourAt(page, x, y + 40);
      // The fill is drawn translucent on deck.gl's own (transparent) canvas: its colour, read back, is the class's.
      expect(got.slice(0, 3).every((c, i) => Math.abs(c - (want[i] ?? 0)) <= 15), `${name}: ${got.join(',')} vs ${want.join(',')}`).toBe(true);
    }
    expect(await page.getByTestId('legend').textContent()).toContain('点位进入县（市、区）后可见');
    expect(errors).toEqual([]);
  });

  it('drills into a county from the map, and comes back with Back', async () => {
    const { page, errors } = await suite.viewMap('?extract=city/');
    const [x, y] = (await labels(page)).get('启东市') ?? [0, 0];
    const box = await page.getByTestId('map').boundingBox();
    await page.mouse.click((box?.x ?? 0) + x, (box?.y ?? 0) + y + 40);
    await page.waitForFunction((code) => new URLSearchParams(location.search).get('area') === code, QIDONG);
    await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="scope-name"]')?.textContent?.includes('启东市'));
    expect(await page.locator('.breadcrumbs').textContent()).toBe('南通市›启东市');
    // The county's map: its township, and its own alerts section (raw rows, for a county).
    expect([...(await labels(page)).keys()]).toEqual(['甲镇']);
    await page.getByTestId('alerts').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/levels-county.png` });

    await page.goBack();
    await page.waitForFunction(() => document.querySelector('[data-testid="scope-name"]')?.textContent?.includes('南通市'));
    expect(new URL(page.url()).searchParams.get('area')).toBeNull();
    await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]');
    expect([...(await labels(page)).keys()].sort()).toEqual(['启东市', '如皋市'].sort());
    await page.goForward();
    await page.waitForFunction(() => document.querySelector('[data-testid="scope-name"]')?.textContent?.includes('启东市'));
    // The breadcrumb back to the city.
    await page.locator('.breadcrumbs button', { hasText: '南通市' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="scope-name"]')?.textContent?.includes('南通市'));
    // ?area= takes a city code too: the same view.
    const direct = await suite.openMap(`?extract=city/&area=${CITY}`);
    expect(await direct.page.getByTestId('scope-name').textContent()).toContain('南通市');
    expect(errors).toEqual([]);
  });

  it('writes the city’s briefing, its station gaps counted by county as native DuckDB counts them', async () => {
    const { page, errors } = await suite.view('?extract=city/&screen=briefing', { width: 1100, height: 1400 });
    await page.waitForSelector('[data-testid="briefing"][data-ready="yes"]', { timeout: 120_000 });
    expect(await page.getByTestId('brief-title').textContent()).toBe('南通市儿童关爱服务工作简报（2026年10月）');
    const coverage = await oracle<{ county: string; villages: number; with_station: number }>(stationShareByCounty);
    const gaps = coverage.reduce((a, c) => a + c.villages - c.with_station, 0);
    const text = await page.getByTestId('brief-stations').textContent();
    expect(text).toContain(`尚未建成村级站点的村（社区）${gaps}个`);
    const worst = coverage.filter((c) => c.villages > c.with_station).map((c) => `${c.county === QIDONG ? '启东市' : '如皋市'}（${c.villages - c.with_station}个）`);
    expect(text).toContain(`主要在${worst.join('、')}`);
    expect(await page.getByTestId('brief-as-of-rule').count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}/levels-briefing.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('shows the city on the big screen at 1920×1080, with the as-of rule', async () => {
    const { page, errors } = await suite.view('?extract=city/&screen=big&tour=0', { width: 1920, height: 1080 });
    await page.waitForSelector('[data-testid="big-screen"][data-map-drawn="yes"]', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="big-value-risk"]')?.textContent !== '—');
    const graded = await oracle<{ children: number; graded: number }>(gradedByCounty);
    const share = graded.reduce((a, g) => a + g.graded, 0) / graded.reduce((a, g) => a + g.children, 0);
    expect(await page.getByTestId('big-value-risk').textContent()).toBe(`${(share * 100).toFixed(1)}%`);
    const rule = await page.getByTestId('big-as-of-rule').textContent();
    expect(rule).toContain(attribution.asOfRule);
    expect(rule).toContain('2026-10-20');
    const clipped = await page.getByTestId('big-as-of-rule').evaluate((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
    expect(clipped).toBe(false);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `${SCREENSHOTS}/levels-big-screen.png` });
    expect(errors).toEqual([]);
  });
});

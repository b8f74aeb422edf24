import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { NEAR_COLOUR, NEAR_ON_MAP } from '../../src/app/themes/water-near';
import { adjacentPairs } from '../../src/extract/adjacency';
import { decodeWkb } from '../../src/extract/wkb';
import { DEMO, SCREENSHOTS } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

// The water points near children on screen against native DuckDB reading the demo extract, with SQL written here.
// The neighbours come from the boundaries through src/extract/adjacency.ts (tested on its own in
// tests/unit/adjacency.test.ts): the Parquet files hold no adjacency, and DuckDB's spatial extension is not here.
const AS_OF = '2026-10-31';
const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children', 'water_points']), viewport: { width: 1600, height: 1000 } });

interface Ranked {
  point_id: string;
  village_code: string;
  own: number;
  around: number;
  nearby: number;
}

function rankedSql(township?: string): string {
  const d = `DATE '${AS_OF}'`;
  return `WITH roll AS (
  SELECT village_code, count(*)::INTEGER AS n FROM children
  WHERE coalesce(enrolled_on, DATE '1900-01-01') <= ${d} AND coalesce(exited_on, DATE '2999-12-31') > ${d}
  GROUP BY 1
), around AS (
  SELECT a.code, sum(coalesce(r.n, 0))::INTEGER AS n FROM adj a LEFT JOIN roll r ON r.village_code = a.neighbour_code GROUP BY 1
)
SELECT w.point_id, w.village_code, coalesce(o.n, 0)::INTEGER AS own, coalesce(a.n, 0)::INTEGER AS around,
  (coalesce(o.n, 0) + coalesce(a.n, 0))::INTEGER AS nearby
FROM water_points w JOIN regions v ON v.code = w.village_code
LEFT JOIN roll o ON o.village_code = w.village_code LEFT JOIN around a ON a.code = w.village_code
WHERE NOT (w.has_sign AND w.has_ring AND w.has_rope AND w.has_pole) ${township ? `AND v.parent_code = '${township}'` : ''}
ORDER BY nearby DESC, (w.has_sign::INT + w.has_ring::INT + w.has_rope::INT + w.has_pole::INT), w.point_id`;
}

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const read = await conn.runAndReadAll(`SELECT code, geometry FROM read_parquet('${join(DEMO, 'regions.parquet')}') WHERE level = 'village' AND geometry IS NOT NULL`);
  const shapes = read.getRows().map(([code, g]) => ({ code: String(code), polygons: decodeWkb(new Uint8Array((g as { bytes: Uint8Array }).bytes)) }));
  conn.closeSync();
  instance.closeSync();
  const pairs = adjacentPairs(shapes);
  expect(pairs.length).toBeGreaterThan(shapes.length);
  const values = pairs.flatMap(([a, b]) => [`('${a}', '${b}')`, `('${b}', '${a}')`]).join(', ');
  await suite.oracle.rows(`CREATE TABLE adj AS SELECT * FROM (VALUES ${values}) t(code, neighbour_code)`);
});

async function shown(page: Page): Promise<[string, string][]> {
  await page.getByTestId('water-near-list').locator('tbody tr').first().waitFor({ timeout: 30_000 });
  return page
    .getByTestId('water-near-list')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-code') ?? '', tr.querySelector('td:last-child')?.textContent ?? ''] as [string, string]));
}

const cell = (r: Ranked) => `${r.nearby.toLocaleString('en-US')}（${r.own.toLocaleString('en-US')}+${r.around.toLocaleString('en-US')}）`;

/** Pixels of the deck.gl canvas within 30 of `colour` in every channel. */
async function pixelsOf(page: Page, colour: readonly number[]): Promise<number> {
  return page.evaluate((c) => {
    const canvas = [...document.querySelectorAll('.map-area canvas')].find((el) => !el.classList.contains('maplibregl-canvas')) as HTMLCanvasElement;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const g = copy.getContext('2d') as CanvasRenderingContext2D;
    g.drawImage(canvas, 0, 0);
    const { data } = g.getImageData(0, 0, copy.width, copy.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs((data[i] ?? 0) - (c[0] ?? 0)) < 30 && Math.abs((data[i + 1] ?? 0) - (c[1] ?? 0)) < 30 && Math.abs((data[i + 2] ?? 0) - (c[2] ?? 0)) < 30) n++;
    }
    return n;
  }, colour);
}

describe('water points near children in Chromium', () => {
  it('ranks the county’s incomplete points by the children in their village and the neighbouring ones, as a direct query does', async () => {
    const { page, errors } = await suite.viewMap('?theme=water');
    const expected = await suite.oracle.rows<Ranked>(rankedSql());
    const rows = await shown(page);
    expect(rows.length).toBe(12);
    expect(rows).toEqual(expected.slice(0, 12).map((r) => [r.point_id, cell(r)]));
    // The neighbours change the order: the first point is not the first by its own village alone.
    const byOwn = [...expected].sort((a, b) => b.own - a.own || a.point_id.localeCompare(b.point_id));
    expect(expected.slice(0, 12).map((r) => r.point_id)).not.toEqual(byOwn.slice(0, 12).map((r) => r.point_id));
    expect(await page.getByTestId('water-near-placement').textContent()).toContain('从不按坐标定位');
    // The map rings the top points (on screen only).
    expect(await pixelsOf(page, NEAR_COLOUR)).toBeGreaterThan(NEAR_ON_MAP * 10);
    expect(await page.getByTestId('legend').textContent()).toContain('周边儿童最多的缺项点位');
    await page.getByTestId('water-near').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/water-near.png` });
    expect(errors).toEqual([]);
  });

  it('keeps a township’s points, counting neighbours across its border, and exports them in that order', async () => {
    const { page } = await suite.viewMap('?theme=water&area=320682111');
    const expected = await suite.oracle.rows<Ranked>(rankedSql('320682111'));
    const rows = await shown(page);
    expect(rows).toEqual(expected.slice(0, rows.length).map((r) => [r.point_id, cell(r)]));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('water-near-list-csv').click()]);
    const lines = readFileSync((await download.path()) as string, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const head = lines.findIndex((l) => l.startsWith('序号,'));
    const ids = lines.slice(head + 1, head + 1 + expected.length).map((l) => /（([^）]+)）/.exec(l.split(',')[3] ?? '')?.[1]);
    expect(ids).toEqual(expected.map((r) => r.point_id));
    // 涉及儿童数 is the point's own village, suppressed: nothing from 1 to 4 is written.
    for (const l of lines.slice(head + 1, head + 1 + expected.length)) {
      const v = l.split(',')[4] ?? '';
      if (/^\d+$/.test(v)) expect(Number(v) === 0 || Number(v) >= 5).toBe(true);
    }
    expect(lines.some((l) => l.includes('接壤村儿童数不列出'))).toBe(true);
  });
});

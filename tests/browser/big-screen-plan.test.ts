/**
 * The big screen's 数据质量 line and 规划预期效果, at 1920×1080 and 3840×2160, the numbers against native DuckDB counting
 * the demo's files (written here from the rules, not with the app's builders); the line above the county on the
 * 南通市 city demo, from its counties' raw files.
 */
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, isLocal, SCREENSHOTS, type Viewport } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

const AS_OF = '2026-10-31';
const CITY = resolve(import.meta.dirname, '../../data/demo-nantong');
const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children', 'colour_assessments', 'stations']) });
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const text = async (page: Page, id: string) => ((await page.getByTestId(id).first().textContent()) ?? '').trim();
const ON_ROLL = `(c.enrolled_on IS NULL OR c.enrolled_on <= DATE '${AS_OF}') AND (c.exited_on IS NULL OR c.exited_on > DATE '${AS_OF}')`;

/** Children on the roll, those never assessed, and those last assessed over a quarter before the as-of date. */
const QUALITY = `WITH roll AS (SELECT * FROM children c WHERE ${ON_ROLL}),
  graded AS (SELECT child_key, max(assessed_on) AS latest FROM colour_assessments WHERE assessed_on <= DATE '${AS_OF}' GROUP BY 1)
  SELECT count(*)::INTEGER AS children, count(*) FILTER (WHERE g.child_key IS NULL)::INTEGER AS ungraded, count(*) FILTER (WHERE g.latest < DATE '2026-07-31')::INTEGER AS stale
  FROM roll r LEFT JOIN graded g ON g.child_key = r.child_key`;

/** The risk theme's line as the rule gives it: each share of at least 5%, or no line. */
function expectQualityLine(line: string | null, q: { children: number; ungraded: number; stale: number }) {
  const shares = [
    [q.ungraded / q.children, '的在册儿童未评估'],
    [q.stale / q.children, '的在册儿童四色评估超过一个季度未更新'],
  ] as const;
  if (!shares.some(([s]) => s >= 0.05)) return expect(line).toBeNull();
  for (const [s, words] of shares) expect(line?.includes(`${pct(s)} ${words}`), words).toBe(s >= 0.05);
}

/** The big screen opened and drawn; `done` checks nothing was fetched from outside and no error was logged, and closes it. */
async function openBig(query: string, viewport: Viewport): Promise<{ page: Page; done: () => Promise<void> }> {
  const { page, requests, errors } = await suite.open(`?screen=big&tour=0&${query}`, viewport);
  await page.waitForSelector('[data-testid="big-screen"][data-map-drawn="yes"]', { timeout: 90_000 });
  return {
    page,
    done: async () => {
      expect(requests.filter((u) => !isLocal(u))).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
  };
}

/** The line's text once the app has read its counts, or null when the rule gives none. */
async function qualityLine(page: Page, expected: boolean): Promise<string | null> {
  await expect.poll(() => page.getByTestId('big-quality').count(), { timeout: 60_000 }).toBe(expected ? 1 : 0);
  return expected ? text(page, 'big-quality') : null;
}
const isShaky = (q: { children: number; ungraded: number; stale: number }) => [q.ungraded / q.children, q.stale / q.children].some((s) => s >= 0.05);

/** What overlaps or spills: the quality line against the legend and the alert banner, the plan block out of its panel, clipped text. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const box = (sel: string) => document.querySelector(sel)?.getBoundingClientRect() ?? null;
    const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const q = box('[data-testid="big-quality"]');
    for (const other of ['.big-map .legend', '[data-testid="big-alert-banner"]', '.big-map .maplibregl-ctrl-top-right', '[data-testid="big-as-of-rule"]']) {
      const o = box(other);
      if (q && o && overlap(q, o)) out.push(`the quality line overlaps ${other}`);
    }
    const map = box('.big-map');
    if (q && map && (q.bottom > map.bottom || q.right > map.right)) out.push('the quality line leaves the map');
    const plan = box('[data-testid="big-plan"] table');
    const side = box('.big-side');
    if (plan && side && (plan.bottom > side.bottom + 1 || plan.right > side.right + 1)) out.push(`the plan's table ends at ${Math.round(plan.right)}×${Math.round(plan.bottom)}, its panel at ${Math.round(side.right)}×${Math.round(side.bottom)}`);
    const last = document.querySelector('[data-testid="big-plan"] tbody tr:last-child')?.getBoundingClientRect();
    const frame = document.querySelector('[data-testid="big-plan"]')?.parentElement?.parentElement?.getBoundingClientRect();
    if (last && frame && last.bottom > frame.bottom + 1) out.push('the plan block is cut off at the bottom');
    for (const el of document.querySelectorAll('[data-testid="big-plan"] td, [data-testid="big-plan"] th, .big-plan-head *')) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(`clipped: ${el.textContent}`);
    }
    if (document.documentElement.scrollWidth > innerWidth || document.documentElement.scrollHeight > innerHeight) out.push('page scrolls');
    return out;
  });
}

describe('the big screen: 数据质量 and 规划预期效果', () => {
  it('shows the county’s shaky-data line and the plan’s before → after as the extract has them, at 1920×1080 and 3840×2160', async () => {
    const [q] = await suite.oracle.rows<{ children: number; ungraded: number; stale: number }>(QUALITY);
    if (!q) throw new Error('no children');
    const towns = await suite.oracle.rows<{ code: string; target: number; ok: number; children: number }>(`SELECT t.code, t.target_township_homes AS target,
        (SELECT count(*) FROM children c JOIN regions v ON v.code = c.village_code WHERE v.parent_code = t.code AND ${ON_ROLL})::INTEGER AS children,
        (SELECT count(*) FROM stations s JOIN regions r ON r.code = s.region_code
          WHERE (r.code = t.code OR r.parent_code = t.code) AND s.kind = 'township_home' AND s.active AND s.meets_standard
            AND (s.opened_on IS NULL OR s.opened_on <= DATE '${AS_OF}'))::INTEGER AS ok
      FROM regions t WHERE t.level = 'township' AND t.target_township_homes > 0 ORDER BY t.code`);
    const villages = await suite.oracle.rows<{ code: string; children: number; covered: boolean }>(`SELECT v.code,
        (SELECT count(*) FROM children c WHERE c.village_code = v.code AND ${ON_ROLL})::INTEGER AS children,
        EXISTS (SELECT 1 FROM stations s WHERE s.region_code = v.code AND s.kind = 'village_station' AND s.active
          AND (s.opened_on IS NULL OR s.opened_on <= DATE '${AS_OF}')) AS covered
      FROM regions v WHERE v.level = 'village' ORDER BY v.code`);
    const town = towns.filter((t) => t.ok < t.target).sort((a, b) => b.children - a.children || a.code.localeCompare(b.code))[0];
    const village = villages.filter((v) => !v.covered).sort((a, b) => b.children - a.children || a.code.localeCompare(b.code))[0];
    if (!town || !village) throw new Error('the demo has no township short of its 关爱之家 or no village without a station');
    const okBefore = towns.filter((t) => t.ok >= t.target).length;
    const total = villages.reduce((n, v) => n + v.children, 0);
    const coveredBefore = villages.filter((v) => v.covered).reduce((n, v) => n + v.children, 0);
    const withStation = villages.filter((v) => v.covered).length;
    // Enough children on each side for the rate to be shown, and enough newly covered to be a count.
    expect(Math.min(coveredBefore, total - coveredBefore - village.children)).toBeGreaterThanOrEqual(5);
    const expected = [
      ['child-coverage', pct(coveredBefore / total), pct((coveredBefore + village.children) / total)],
      ['newly-covered', '—', village.children >= 5 ? `${village.children}名` : '不足5名'],
      ['share-with-station', pct(withStation / villages.length), pct((withStation + 1) / villages.length)],
      ['townships-home', `${okBefore}/${towns.length}`, `${okBefore + 1}/${towns.length}`],
    ];
    const plan = [`${town.code}h`, `${village.code}s`].sort().join(',');

    for (const [viewport, scale] of [[{ width: 1920, height: 1080 }, 1], [{ width: 3840, height: 2160 }, 2]] as const) {
      const { page, done } = await openBig(`theme=risk&plan=${plan}`, viewport);
      await page.getByTestId('big-plan').waitFor({ timeout: 60_000 });
      await page.waitForSelector('[data-testid="big-plan"][aria-busy="false"]', { timeout: 60_000 });
      const rows = await page.$$eval('[data-testid="big-plan"] tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-testid')?.replace('big-plan-', ''), ...[...tr.querySelectorAll('td.num')].map((td) => td.textContent?.trim())]));
      expect(rows).toEqual(expected);
      expect(await text(page, 'big-plan')).toContain('计划：1个村（社区）、1个乡镇（街道）');
      // The trend chart makes room for the plan.
      expect(await page.getByTestId('big-trend').count()).toBe(0);
      expectQualityLine(await qualityLine(page, isShaky(q)), q);
      if (isShaky(q)) expect(await page.getByTestId('big-quality').evaluate((el) => getComputedStyle(el).fontSize)).toBe(`${20 * scale}px`);
      // The screen as a meeting room sees it: every tile read, the ranking drawn, the 强制报告 banner up.
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid^="big-value-"]')].every((el) => el.textContent?.endsWith('%')), undefined, { timeout: 120_000 });
      await page.getByTestId('big-alert-banner').waitFor({ timeout: 60_000 });
      await page.waitForTimeout(1000);
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}/big-plan-${viewport.width}x${viewport.height}.png` });
      await done();
    }

    // Without a plan, the trend is back and no plan block is shown.
    const plain = await openBig('theme=risk', { width: 1920, height: 1080 });
    await plain.page.getByTestId('big-trend').waitFor();
    expect(await plain.page.getByTestId('big-plan').count()).toBe(0);
    await plain.done();
  }, 400_000);

  it('shows the city’s shaky-data line from the aggregates, as the counties’ raw files give it, and no plan block above the county', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    let q: { children: number; ungraded: number; stale: number } | undefined;
    try {
      for (const t of ['children', 'colour_assessments']) await db.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${CITY}/${t}.*.parquet')`);
      q = (await db.runAndReadAll(QUALITY)).getRowObjectsJson()[0] as typeof q;
    } finally {
      db.closeSync();
      instance.closeSync();
    }
    if (!q) throw new Error('no children in the city demo');
    const { page, done } = await openBig('extract=demo-nantong/&theme=risk&plan=', { width: 1920, height: 1080 });
    expectQualityLine(await qualityLine(page, isShaky(q)), q);
    expect(await page.getByTestId('big-plan').count()).toBe(0);
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/big-quality-city-1920x1080.png` });
    await done();
  }, 300_000);
});

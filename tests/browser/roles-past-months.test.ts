import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, isLocal, SCREENSHOTS, waitForFigures } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

// Direct queries of the demo's Parquet by native DuckDB, written here from the definitions (000 §7 for 灌云2022,
// the water and training rules of the README), not with the app's measure builders.

const AS_OF = '2026-10-31';
const suite = browserSuite({
  oracle: () => openOracle(DEMO, ['regions', 'children', 'colour_assessments', 'visits', 'stations', 'staff', 'water_points']),
  viewport: { width: 1600, height: 1000 },
});

const kpi = async (page: Page, id: string) => (await page.getByTestId(`kpi-${id}`).textContent()) ?? '';
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const count = (n: number) => n.toLocaleString('en-US');

/** 灌云2022: scattered orphans and de-facto-unsupported children need a home visit; left-behind, other and severely ill children any mode. */
const NEED = `CASE WHEN list_has_any(c.categories, ['orphan_scattered', 'de_facto_unsupported']) THEN 'home'
  WHEN list_has_any(c.categories, ['left_behind', 'other_difficulty', 'severe_disability_illness']) THEN 'any' END`;
const MODE_OK = `(d.need = 'any' OR x.mode = 'home')`;
/** Who may visit: `roles` null = anyone; else the listed roles, and a visit with no role recorded (the default setting). */
const roleOk = (roles: string[] | null) => (roles ? `(x.visitor_role IS NULL OR x.visitor_role IN (${roles.map((r) => `'${r}'`).join(', ')}))` : 'TRUE');

/** County figures of 灌云2022 for a month (E = its last day, the as-of date for October). */
async function guanyun(month: string, end: string, roles: string[] | null) {
  const [row] = await suite.oracle.rows<{ due: number; compliant: number; excluded: number }>(`WITH d AS (
  SELECT c.child_key, ${NEED} AS need FROM children c
  WHERE coalesce(c.enrolled_on, DATE '1900-01-01') <= DATE '${month}-01' AND coalesce(c.exited_on, DATE '2999-12-31') > DATE '${end}'
), v AS (
  SELECT d.child_key,
    count(x.child_key) FILTER (WHERE ${MODE_OK} AND ${roleOk(roles)}) AS ok,
    count(x.child_key) FILTER (WHERE ${MODE_OK} AND NOT ${roleOk(roles)}) AS excluded
  FROM d LEFT JOIN visits x ON x.child_key = d.child_key AND x.visited_on BETWEEN DATE '${month}-01' AND DATE '${end}'
  WHERE d.need IS NOT NULL GROUP BY d.child_key
)
SELECT count(*)::INTEGER AS due, count(*) FILTER (WHERE ok > 0)::INTEGER AS compliant, sum(excluded)::INTEGER AS excluded FROM v`);
  return row!;
}

/** Overdue (31 days) and never visited at date `e`, of the children on the roll then, per village. */
async function overdueAt(e: string, roles: string[] | null) {
  return suite.oracle.rows<{ village: string; overdue: number; never: number }>(`WITH d AS (
  SELECT c.child_key, c.village_code, ${NEED} AS need FROM children c
  WHERE coalesce(c.enrolled_on, DATE '1900-01-01') <= DATE '${e}' AND coalesce(c.exited_on, DATE '2999-12-31') > DATE '${e}'
), l AS (
  SELECT d.child_key, d.village_code, max(x.visited_on) FILTER (WHERE ${MODE_OK} AND ${roleOk(roles)}) AS last_ok, count(x.child_key) AS visits
  FROM d LEFT JOIN visits x ON x.child_key = d.child_key AND x.visited_on <= DATE '${e}'
  WHERE d.need IS NOT NULL GROUP BY d.child_key, d.village_code
)
SELECT village_code AS village,
  count(*) FILTER (WHERE last_ok IS NULL OR date_diff('day', last_ok, DATE '${e}') > 31)::INTEGER AS overdue,
  count(*) FILTER (WHERE visits = 0)::INTEGER AS never
FROM l GROUP BY 1 ORDER BY overdue DESC, village`);
}

const ROLES = ['supervisor', 'child_director'];
const sum = (rows: { overdue: number; never: number }[], k: 'overdue' | 'never') => rows.reduce((a, r) => a + r[k], 0);

describe('visitor roles and past months', () => {
  it('counts only supervisors’ and directors’ visits under 灌云2022, and says how many were not counted', async () => {
    const { page, requests, errors } = await suite.viewMap('?theme=visits&month=2026-10');
    const strict = await guanyun('2026-10', AS_OF, ROLES);
    const anyone = await guanyun('2026-10', AS_OF, null);
    // The role rule moves the rate by as much as the direct queries say (90.7% → 73.7% in the demo).
    expect(strict.due).toBe(anyone.due);
    expect(anyone.compliant - strict.compliant).toBeGreaterThan(0);
    expect(await kpi(page, 'rate')).toBe(pct(strict.compliant / strict.due));
    expect(await kpi(page, 'rate')).not.toBe(pct(anyone.compliant / anyone.due));
    expect(await kpi(page, 'compliant')).toBe(`${count(strict.compliant)}名`);
    expect(await kpi(page, 'role-excluded')).toBe(`${count(strict.excluded)}次`);
    // The setting for visits with no role is on screen, with the number counted under it.
    const [unrecorded] = await suite.oracle.rows<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM visits x JOIN (
  SELECT c.child_key, ${NEED} AS need FROM children c
  WHERE coalesce(c.enrolled_on, DATE '1900-01-01') <= DATE '2026-10-01' AND coalesce(c.exited_on, DATE '2999-12-31') > DATE '${AS_OF}') d
  ON d.child_key = x.child_key
WHERE d.need IS NOT NULL AND ${MODE_OK} AND x.visitor_role IS NULL AND x.visited_on BETWEEN DATE '2026-10-01' AND DATE '${AS_OF}'`);
    expect(await page.getByTestId('visits-unrecorded-role').textContent()).toBe(`未记录走访人角色的走访计入合规（当月计入 ${unrecorded!.n} 次）（系统设置项）`);
    expect(await page.getByTestId('profile-rules').textContent()).toContain('仅认可儿童督导员、儿童主任的走访');
    await page.getByTestId('kpis').screenshot({ path: `${SCREENSHOTS}/visits-roles-kpis.png` });
    await page.screenshot({ path: `${SCREENSHOTS}/visits-roles.png` });
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows a past month’s overdue and never-visited children as of that month’s end', async () => {
    const { page } = await suite.viewMap('?theme=visits&month=2026-08');
    const atEnd = await overdueAt('2026-08-31', ROLES);
    const atAsOf = await overdueAt(AS_OF, ROLES);
    expect(sum(atEnd, 'overdue')).not.toBe(sum(atAsOf, 'overdue')); // the date matters in the demo
    expect(await kpi(page, 'overdue')).toBe(`${count(sum(atEnd, 'overdue'))}名`);
    expect(await kpi(page, 'never-visited')).toBe(`${count(sum(atEnd, 'never'))}名`);
    expect(await page.getByTestId('visits-period').textContent()).toContain('评估日 2026-08-31');
    // The gap list: the village with the most overdue children on 08-31 comes first.
    const first = page.getByTestId('gap-list').locator('tbody tr').first();
    expect(await first.getAttribute('data-code')).toBe(atEnd[0]?.village);
    expect(await first.locator('td').nth(2).textContent()).toBe(count(atEnd[0]!.overdue));
    await page.screenshot({ path: `${SCREENSHOTS}/visits-august.png` });
  });

  it('shows the rope tile, and for a past month counts only the patrols it can know, saying so', async () => {
    const { page } = await suite.viewMap('?theme=water&month=2026-08');
    const [w] = await suite.oracle.rows<{ rope: number; overdue: number; unknown: number }>(`SELECT
  count(*) FILTER (WHERE NOT has_rope)::INTEGER AS rope,
  count(*) FILTER (WHERE last_inspected_on IS NULL
    OR (last_inspected_on <= DATE '2026-08-31' AND date_diff('day', last_inspected_on, DATE '2026-08-31') > 15))::INTEGER AS overdue,
  count(*) FILTER (WHERE last_inspected_on > DATE '2026-08-31')::INTEGER AS unknown
FROM water_points`);
    expect(w!.rope).toBeGreaterThan(0);
    expect(w!.unknown).toBeGreaterThan(0);
    expect(await kpi(page, 'missing-rope')).toBe(`${count(w!.rope)}个`);
    expect(await kpi(page, 'inspection-overdue')).toBe(`≥${count(w!.overdue)}个`);
    expect(await kpi(page, 'inspection-unknown')).toBe(`${count(w!.unknown)}个`);
    expect(await page.getByTestId('kpi-note-inspection-overdue').textContent()).toContain('见脚注');
    expect(await page.locator('.footnotes').textContent()).toContain('往月无法按当时状态计算巡查超期：数据仅保留最近一次巡查日期');
    await page.getByTestId('kpis').screenshot({ path: `${SCREENSHOTS}/water-august-kpis.png` });
    expect(await page.locator('.footnotes').textContent()).toContain('“四个一”配备情况为数据截止日期的现状');
    await page.locator('.footnotes').screenshot({ path: `${SCREENSHOTS}/water-august-footnotes.png` });

    // The as-of month: every state is known, no unknown tile, and the rope tile still there.
    await page.getByTestId('month').selectOption('2026-10');
    await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]');
    await waitForFigures(page);
    const [o] = await suite.oracle.rows<{ overdue: number }>(`SELECT count(*) FILTER (WHERE last_inspected_on IS NULL
  OR date_diff('day', last_inspected_on, DATE '${AS_OF}') > 30)::INTEGER AS overdue FROM water_points`);
    await expect.poll(() => kpi(page, 'inspection-overdue')).toBe(`${count(o!.overdue)}个`);
    expect(await page.getByTestId('kpi-inspection-unknown').count()).toBe(0);
    expect(await kpi(page, 'missing-rope')).toBe(`${count(w!.rope)}个`);
    await page.getByTestId('kpis').screenshot({ path: `${SCREENSHOTS}/water-october-kpis.png` });
  });

  it('gives no training rate for a past month when later trainings hide the state then', async () => {
    const { page } = await suite.viewMap('?theme=stations&month=2026-08');
    const [t] = await suite.oracle.rows<{ directors: number; unknown: number; trained: number }>(`SELECT count(*)::INTEGER AS directors,
  count(*) FILTER (WHERE last_trained_on > DATE '2026-08-31')::INTEGER AS unknown,
  count(*) FILTER (WHERE last_trained_on BETWEEN DATE '2026-01-01' AND DATE '2026-08-31')::INTEGER AS trained
FROM staff WHERE role = 'child_director'`);
    expect(t!.unknown).toBeGreaterThan(0);
    expect(await kpi(page, 'training-rate')).toBe('—');
    expect(await page.getByTestId('kpi-note-training-rate').textContent()).toBe('往月无法判断，见脚注');
    expect(await page.locator('.footnotes').textContent()).toContain(
      `数据仅保留最近一次培训日期，${count(t!.directors)} 名儿童主任中有${count(t!.unknown)} 名在2026年8月31日之后参加培训，当时是否已培训无法判断；可以确认2026年8月31日前本年度已培训的有${count(t!.trained)} 名。`,
    );
    await page.getByTestId('kpis').screenshot({ path: `${SCREENSHOTS}/stations-august-kpis.png` });
    await page.locator('.footnotes').screenshot({ path: `${SCREENSHOTS}/stations-august-footnotes.png` });
  });
});

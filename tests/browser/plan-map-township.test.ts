/**
 * 站点规划 from the map: in plan mode a click on a township opens its card; from it (by keyboard) the township's
 * 关爱之家 goes into the plan and out again, the figures checked against native DuckDB counting the demo's files;
 * and the card's 进入该乡镇 still drills into the township.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, isLocal, SCREENSHOTS, waitForEngine, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { drawnLabels } from '../support/label-boxes';
import { openOracle } from '../support/oracle';

const AS_OF = '2026-10-31';
const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children', 'stations']), viewport: { width: 1600, height: 1000 } });
const text = async (page: Page, id: string) => ((await page.getByTestId(id).first().textContent()) ?? '').trim();
const ON_ROLL = `(c.enrolled_on IS NULL OR c.enrolled_on <= DATE '${AS_OF}') AND (c.exited_on IS NULL OR c.exited_on > DATE '${AS_OF}')`;
const planParam = (page: Page) => new URL(page.url()).searchParams.get('plan');

/**
 * Written here, not with the app's builders: each township with a 关爱之家 target in the demo (all from the
 * extract), its children on the roll, and its active 关爱之家 meeting the standard, registered to it or a village.
 */
async function townships(): Promise<{ code: string; name: string; children: number; target: number; ok: number }[]> {
  return suite.oracle.rows(`SELECT t.code, t.name, t.target_township_homes AS target,
      (SELECT count(*) FROM children c JOIN regions v ON v.code = c.village_code WHERE v.parent_code = t.code AND ${ON_ROLL})::INTEGER AS children,
      (SELECT count(*) FROM stations s JOIN regions r ON r.code = s.region_code
        WHERE (r.code = t.code OR r.parent_code = t.code) AND s.kind = 'township_home' AND s.active AND s.meets_standard
          AND (s.opened_on IS NULL OR s.opened_on <= DATE '${AS_OF}'))::INTEGER AS ok
    FROM regions t WHERE t.level = 'township' AND t.target_township_homes > 0 ORDER BY t.code`);
}

const afterIs = (page: Page, id: string, want: string) =>
  page.waitForFunction(([i, w]) => document.querySelector(`[data-testid="plan-after-${i}"]`)?.textContent?.trim() === w, [id, want] as const, { timeout: 60_000 });

describe('站点规划: a township’s 关爱之家 from the map', () => {
  it('a click on a township opens its card: plan its 关爱之家 by keyboard, unplan it, and enter the township', async () => {
    const towns = await townships();
    const short = towns.filter((t) => t.ok < t.target).sort((a, b) => b.children - a.children || a.code.localeCompare(b.code));
    const town = short[0];
    if (!town) throw new Error('the demo has no township short of its 关爱之家 target');
    const okBefore = towns.filter((t) => t.ok >= t.target).length;

    const { page, requests, errors } = await suite.open('?theme=stations&plan=');
    await waitForMap(page);
    await waitForEngine(page);
    await page.getByTestId('plan-panel').waitFor();
    await afterIs(page, 'townships-home', `${okBefore}/${towns.length}`);
    const at = (await drawnLabels(page)).find((l) => l.text === town.name);
    expect(at, `${town.name} is labelled on the map`).toBeDefined();
    // A spot near the label where the pointer is over the township itself (not a station's point): its tooltip.
    let spot: { x: number; y: number } | null = null;
    for (const [dx, dy] of [[0, 16], [0, -16], [24, 16], [-24, 16], [24, -16], [-24, -16], [0, 30], [0, -30]] as const) {
      await page.mouse.move((at?.x ?? 0) + dx, (at?.y ?? 0) + dy);
      const tip = await page.getByTestId('tooltip').textContent({ timeout: 2000 }).catch(() => '');
      if (tip?.startsWith(`${town.name}乡镇（街道）`)) {
        spot = { x: (at?.x ?? 0) + dx, y: (at?.y ?? 0) + dy };
        break;
      }
    }
    if (!spot) throw new Error(`no spot over ${town.name} near its label`);
    const click = async () => page.mouse.click(spot.x, spot.y);

    // The click opens the card and changes nothing else: no drill, no plan.
    await click();
    const card = page.getByTestId('plan-township-card');
    await card.waitFor();
    expect(await card.getAttribute('data-code')).toBe(town.code);
    // The pointer is still over the township: its tooltip would lie under the card, and is not shown.
    expect(await page.getByTestId('tooltip').count()).toBe(0);
    expect(await text(page, 'plan-card-state')).toBe('未列入计划');
    await expect.poll(() => text(page, 'plan-card-status'), { timeout: 30_000 }).toMatch(new RegExp(`^关爱之家现状：.*；目标${town.target}个$`));
    expect(await text(page, 'plan-card-status')).toContain(town.ok > 0 ? `达标${town.ok}个` : '');
    expect(new URL(page.url()).searchParams.get('area')).toBeNull();
    expect(planParam(page)).toBe('');

    // Keyboard: focus is on 规划乡镇关爱之家; Enter plans it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('plan-card-home');
    expect(await text(page, 'plan-card-home')).toBe('规划乡镇关爱之家');
    await page.keyboard.press('Enter');
    await page.waitForFunction((p) => new URL(location.href).searchParams.get('plan') === p, `${town.code}h`);
    expect(await text(page, 'plan-card-state')).toBe('已列入计划：建设达省标关爱之家');
    expect(await text(page, 'plan-card-home')).toBe('取消规划');
    expect(await page.getByTestId(`plan-home-${town.code}`).isChecked()).toBe(true);
    await afterIs(page, 'townships-home', `${okBefore + 1}/${towns.length}`);
    expect(await text(page, 'plan-before-townships-home')).toBe(`${okBefore}/${towns.length}`);
    await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === '未达标→达标', `plan-township-home-${town.code}`, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]');
    await page.screenshot({ path: join(SCREENSHOTS, 'plan-map-township-card.png') });

    // Unplan from the card (a click this time), then Escape closes it.
    await page.getByTestId('plan-card-home').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('plan') === '');
    expect(await text(page, 'plan-card-state')).toBe('未列入计划');
    await afterIs(page, 'townships-home', `${okBefore}/${towns.length}`);
    await page.getByTestId('plan-card-home').focus();
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });

    // The drill: the card's 进入该乡镇, by keyboard, enters the township; the plan mode stays.
    await click();
    await card.waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('plan-card-enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('area'), { timeout: 30_000 }).toBe(town.code);
    await page.waitForSelector('[data-testid="map"][data-villages="shown"]', { timeout: 60_000 });
    await card.waitFor({ state: 'detached' });
    expect(planParam(page)).toBe('');
    await page.getByTestId('plan-panel').waitFor();
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);
});

/**
 * A click that drills leaves no stale tooltip: on the single map and on 两期并排 (both panes drilled by one click),
 * hovering a township shows its name in the tooltip, clicking it drills into it, and with the pointer not moved the
 * tooltip of the township is gone as soon as the view has changed; moving the pointer onto a village of that township
 * (from the extract) shows that village's.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, SCREENSHOTS, waitForMap } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions']), viewport: { width: 1600, height: 900 } });

interface Region {
  code: string;
  name: string;
  parent_code: string;
}

/** Hovers the first township labelled on `map` (at its label point), waits for its tooltip, and clicks it. */
async function hoverAndClick(page: Page, map: Locator, townships: Map<string, Region>): Promise<Region> {
  const box = (await map.boundingBox())!;
  const labels = await map.evaluate((el) => JSON.parse(el.getAttribute('data-labels') ?? '[]') as [string, number, number][]);
  const [name, lx, ly] = labels.find(([n]) => townships.has(n))!;
  const township = townships.get(name)!;
  const [x, y] = [box.x + lx, box.y + ly];
  await page.mouse.move(x - 3, y - 3);
  await page.mouse.move(x, y);
  await expect.poll(() => page.getByTestId('tooltip').locator('.tooltip-title').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining(township.name)]);
  await page.mouse.down();
  await page.mouse.up();
  await expect.poll(() => new URL(page.url()).searchParams.get('area'), { timeout: 15_000 }).toBe(township.code);
  return township;
}

/** After the drill: no tooltip at all with the pointer not moved; moved to a village label of `map`, that village's. */
async function checkAfterDrill(page: Page, map: Locator, township: Region, villages: Region[], shot: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/${shot}.png` });
  expect(await page.getByTestId('tooltip').allTextContents()).toEqual([]);
  // Still none a moment later, with the pointer where it was.
  await page.waitForTimeout(500);
  expect(await page.getByTestId('tooltip').count()).toBe(0);
  const own = new Set(villages.filter((v) => v.parent_code === township.code).map((v) => v.name));
  const box = (await map.boundingBox())!;
  const labels = await map.evaluate((el) => JSON.parse(el.getAttribute('data-labels') ?? '[]') as [string, number, number][]);
  const [village, vx, vy] = labels.find(([n]) => own.has(n))!;
  await page.mouse.move(box.x + vx, box.y + vy);
  await expect.poll(() => page.getByTestId('tooltip').locator('.tooltip-title').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining(village)]);
}

describe('the tooltip after a drill', () => {
  it('goes on the single map when a click drills into the township under the pointer', async () => {
    const rows = await suite.oracle.rows<Region>("SELECT code, name, parent_code FROM regions WHERE level IN ('township', 'village') AND geometry IS NOT NULL");
    const townships = new Map(rows.filter((r) => r.code.length === 9).map((r) => [r.name, r]));
    const { page, errors } = await suite.openMap('');
    const map = page.getByTestId('map');
    const township = await hoverAndClick(page, map, townships);
    await page.waitForSelector('[data-testid="map"][data-villages="shown"]', { timeout: 30_000 });
    await waitForMap(page, 60_000);
    await checkAfterDrill(page, map, township, rows, 'tooltip-drill-single');
    expect(errors).toEqual([]);
  }, 240_000);

  it('goes on 两期并排 when a click drills both panes', async () => {
    const rows = await suite.oracle.rows<Region>("SELECT code, name, parent_code FROM regions WHERE level IN ('township', 'village') AND geometry IS NOT NULL");
    const townships = new Map(rows.filter((r) => r.code.length === 9).map((r) => [r.name, r]));
    const { page, errors } = await suite.openMap('?theme=visits&compare=2026-07..2026-10&split=1');
    await page.getByTestId('split-maps').waitFor();
    const map = page.getByTestId('split-a').getByTestId('map');
    const township = await hoverAndClick(page, map, townships);
    for (const side of ['a', 'b']) await expect.poll(() => page.getByTestId(`split-${side}`).getByTestId('map').getAttribute('data-villages'), { timeout: 30_000 }).toBe('shown');
    await waitForMap(page, 60_000);
    await checkAfterDrill(page, map, township, rows, 'tooltip-drill-split');
    expect(errors).toEqual([]);
  }, 240_000);
});

/**
 * Map labels never overprint: on the demo at county and township level, on the desktop (1920×1080) and the big
 * screen (3840×2160), no two drawn labels' boxes overlap (boxes measured with the browser's own font metrics), and
 * the labels drawn name regions the extract has at that level (by their names or shorter forms). Screenshots of each, for looking at.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO, SCREENSHOTS } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { labelTexts } from '../../src/map/label-text';
import { drawnLabels, overlappingLabels } from '../support/label-boxes';
import { openOracle } from '../support/oracle';

const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions']) });

async function namesOf(sql: string): Promise<Set<string>> {
  return new Set((await suite.oracle.rows<{ name: string }>(sql)).map((r) => r.name));
}

/**
 * Checks the labels drawn: none overprints another, each names a region of `names`, with its name or a shorter form
 * of it (a long name in a small area, see label-text.ts; `ancestors` are the names of the regions it lies in).
 */
async function checkLabels(page: Page, names: Set<string>, ancestors: string[], shot: string): Promise<number> {
  const labels = await drawnLabels(page);
  await page.screenshot({ path: `${SCREENSHOTS}/${shot}.png` });
  expect(overlappingLabels(labels)).toEqual([]);
  const drawn = await page.getByTestId('map').evaluate((el) => JSON.parse(el.getAttribute('data-labels') ?? '[]') as [string, number, number, number, string][]);
  expect(drawn.map(([text]) => text)).toEqual(labels.map((l) => l.text));
  for (const [text, , , , name] of drawn) {
    expect(names.has(name), name).toBe(true);
    expect(labelTexts(name, ancestors), name).toContain(text);
  }
  return labels.length;
}

describe('map labels', () => {
  it('do not overprint at county and township level on the desktop (1920×1080)', async () => {
    const townships = await namesOf("SELECT name FROM regions WHERE level = 'township'");
    const { page } = await suite.openMap('', { width: 1920, height: 1080 });
    expect(await checkLabels(page, townships, ['如皋市'], 'labels-county-1920')).toBeGreaterThanOrEqual(15);

    const villages = await namesOf("SELECT name FROM regions WHERE parent_code = '320682116'");
    const drilled = await suite.openMap('?area=320682116', { width: 1920, height: 1080 });
    await drilled.page.waitForSelector('[data-testid="map"][data-villages="shown"]');
    expect(await checkLabels(drilled.page, villages, ['搬经镇', '如皋市'], 'labels-township-1920')).toBeGreaterThanOrEqual(10);
  });

  it('do not overprint on the big screen (3840×2160)', async () => {
    const viewport = { width: 3840, height: 2160 };
    const big = async (query: string) => {
      const p = await suite.open(`?screen=big&tour=0${query}`, viewport);
      await p.page.waitForSelector('[data-testid="big-screen"][data-map-drawn="yes"]', { timeout: 90_000 });
      return p.page;
    };
    const townships = await namesOf("SELECT name FROM regions WHERE level = 'township'");
    expect(await checkLabels(await big(''), townships, ['如皋市'], 'labels-county-3840')).toBeGreaterThanOrEqual(15);
    const villages = await namesOf("SELECT name FROM regions WHERE parent_code = '320682001'");
    const page = await big('&area=320682001');
    await page.waitForSelector('[data-testid="map"][data-villages="shown"]');
    expect(await checkLabels(page, villages, ['如城街道', '如皋市'], 'labels-township-3840')).toBeGreaterThanOrEqual(10);
  });
});

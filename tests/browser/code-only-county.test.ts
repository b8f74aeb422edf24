/**
 * Done-when of the built-in geography, end to end: a county other than 如皋市 (420281 大冶市, 湖北省) with only its
 * code and a spreadsheet of children goes through `npm run extract`, loads in the app, and shows a readable map:
 * schematic township cells and the unseated townships' squares, marked 示意; a click on a township drills into its
 * village tiles, a click on a tile selects that village; no two labels overprint at either level. Screenshots of
 * each step, for looking at.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runExtract } from '../../src/cli/extract/run';
import { CODE_ONLY_CHILDREN, writeCodeOnlyCounty } from '../fixtures/raw/code-only-county';
import { isLocal, SCREENSHOTS } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { drawnLabels, overlappingLabels, type MeasuredLabel } from '../support/label-boxes';
import { openOracle } from '../support/oracle';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-code-only-browser-'));
const out = join(root, 'out');

const suite = browserSuite({
  setup: async () => {
    writeFileSync(join(root, 'salt.txt'), 'code-only-browser-salt-8c2e4f6a1b');
    const result = await runExtract({ mapping: writeCodeOnlyCounty(root), salt: join(root, 'salt.txt'), out });
    if (!result.ok) throw new Error(`extract failed: ${result.problems.join('; ')}`);
  },
  routes: { '/daye/': out },
  oracle: () => openOracle(out, ['regions', 'children']),
  viewport: { width: 1920, height: 1080 },
  teardown: () => rmSync(root, { recursive: true, force: true }),
});

const label = (labels: readonly MeasuredLabel[], text: string): MeasuredLabel => {
  const found = labels.find((l) => l.text === text);
  if (!found) throw new Error(`no label ${text} among ${labels.map((l) => l.text).join('、')}`);
  return found;
};

async function names(sql: string): Promise<string[]> {
  return (await suite.oracle.rows<{ name: string }>(sql)).map((r) => r.name);
}

async function waitDrawn(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]', { timeout: 60_000 });
}

describe('a county known by its code alone, in the app', () => {
  it('shows schematic township cells, drills into village tiles, and nothing overprints', async () => {
    const { page, requests, errors } = await suite.openMap('?extract=daye/');
    expect(await page.getByTestId('scope-name').textContent()).toContain('大冶市');
    expect(await page.getByTestId('legend').textContent()).toContain('区划边界为示意');
    const county = await drawnLabels(page);
    await page.screenshot({ path: `${SCREENSHOTS}/code-only-county.png` });
    expect(overlappingLabels(county)).toEqual([]);
    const townships = await names("SELECT name FROM regions WHERE level = 'township'");
    expect(county.map((l) => l.text).every((t) => townships.includes(t))).toBe(true);
    expect(county.length).toBeGreaterThanOrEqual(15);

    // 金牛镇 has no seat in GeoNames: a square in the row; a click on it drills into its 35 village tiles.
    const jinniu = label(county, '金牛镇');
    await page.mouse.click(jinniu.x, jinniu.y + 20);
    await page.waitForFunction(() => location.search.includes('area=420281100'));
    await page.waitForSelector('[data-testid="map"][data-villages="shown"]');
    await waitDrawn(page);
    expect(await page.getByTestId('scope-name').textContent()).toContain('金牛镇');
    const villages = await drawnLabels(page);
    await page.screenshot({ path: `${SCREENSHOTS}/code-only-township.png` });
    expect(overlappingLabels(villages)).toEqual([]);
    const own = await names("SELECT name FROM regions WHERE parent_code = '420281100'");
    expect(own).toHaveLength(35);
    expect(villages.map((l) => l.text).every((t) => own.includes(t))).toBe(true);
    expect(villages.length).toBeGreaterThanOrEqual(30);

    // A tile is a village area: a click selects it, and the panel shows its children.
    const nancheng = label(villages, '南城村');
    await page.mouse.click(nancheng.x, nancheng.y + 12);
    await page.waitForFunction(() => location.search.includes('area=420281100201'));
    await waitDrawn(page);
    expect(await page.getByTestId('scope-name').textContent()).toContain('南城村');
    const inVillage = CODE_ONLY_CHILDREN.find((c) => c.village === '420281100201')?.count;
    await page.waitForSelector('[data-testid="kpis"][aria-busy="false"]');
    expect(await page.getByTestId('kpi-children').textContent()).toBe(`${inVillage}名`);
    await page.screenshot({ path: `${SCREENSHOTS}/code-only-village.png` });

    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

/**
 * Real boundaries from a bureau's shapefile, in the app: the raw county (tests/fixtures/raw) extracted with a zip of
 * township and village shapefiles in CGCS2000 Gauss–Krüger zone 40 (tests/fixtures/boundaries-shapefile.ts) draws
 * its townships as filled areas out to their real edges, and nothing on screen says 示意: not the legend, not the
 * tag by the title, not the attribution. Without shapes the same view would show label points on the background;
 * with schematic ones, 示意.
 *
 * Where to look: 甲镇's label sits at the list's point (120.25°E, 32.5°N), 乙街道's at (120.75°E, 32.5°N), so D, the
 * distance between them on screen, is 0.5° of longitude (≈ 47 km). 0.3 D west and 0.45 D south of 甲镇's label is
 * about (120.10°E, 32.31°N), inside 甲镇's square [120, 120.5] × [32, 33]; 0.8 D west of it is 119.85°E, outside the
 * county.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runExtract } from '../../src/cli/extract/run';
import { PRJ_ZONE_40, rawCountyGkLayers, writeZippedShapefiles } from '../fixtures/boundaries-shapefile';
import { writeRawCounty } from '../fixtures/raw/raw-county';
import { isLocal, SCREENSHOTS } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { drawnLabels, type MeasuredLabel } from '../support/label-boxes';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-shapefile-browser-'));
const out = join(root, 'out');

const suite = browserSuite({
  setup: async () => {
    const raw = join(root, 'raw');
    mkdirSync(raw);
    const mapping = await writeRawCounty(raw);
    const withoutGeoJson = join(raw, 'mapping-shp.jsonc');
    writeFileSync(withoutGeoJson, readFileSync(mapping, 'utf8').replace(/^\s*"boundaries": .*$/m, ''));
    const { townships, villages } = rawCountyGkLayers();
    const zip = writeZippedShapefiles(join(raw, '边界.zip'), { 乡镇界: townships, 村界: villages }, PRJ_ZONE_40);
    writeFileSync(join(root, 'salt.txt'), 'shapefile-browser-salt-2b7d9f1c4e');
    const result = await runExtract({ mapping: withoutGeoJson, salt: join(root, 'salt.txt'), out, boundaries: [zip], acceptRejects: true });
    if (!result.ok) throw new Error(`extract failed: ${result.problems.join('; ')}`);
  },
  routes: { '/shp/': out },
  viewport: { width: 1600, height: 900 },
  teardown: () => rmSync(root, { recursive: true, force: true }),
});

const label = (labels: readonly MeasuredLabel[], text: string): MeasuredLabel => {
  const found = labels.find((l) => l.text === text);
  if (!found) throw new Error(`no label ${text} among ${labels.map((l) => l.text).join('、')}`);
  return found;
};

/** The deck.gl canvas's colour at each page point when the 9 × 9 pixels around it are one colour, else null. */
async function coloursAt(page: Page, at: { x: number; y: number }[]): Promise<(number[] | null)[]> {
  return page.evaluate((pts) => {
    const canvas = [...document.querySelectorAll('.map-area canvas')].find((el) => !el.classList.contains('maplibregl-canvas')) as HTMLCanvasElement;
    const box = canvas.getBoundingClientRect();
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const g = copy.getContext('2d') as CanvasRenderingContext2D;
    g.drawImage(canvas, 0, 0);
    const sx = canvas.width / box.width;
    const sy = canvas.height / box.height;
    return pts.map((p) => {
      const d = g.getImageData(Math.round((p.x - box.left) * sx) - 4, Math.round((p.y - box.top) * sy) - 4, 9, 9).data;
      for (let i = 4; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) return null;
      return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0, d[3] ?? 0];
    });
  }, at);
}

describe('boundaries from a Gauss–Krüger shapefile, in the app', () => {
  it('draws the townships as areas out to their real edges, and says nothing of 示意', async () => {
    const { page, requests, errors } = await suite.openMap('?extract=shp/');
    expect(await page.getByTestId('scope-name').textContent()).toContain('测试县');
    expect(await page.getByTestId('legend').textContent()).not.toContain('示意');
    expect(await page.locator('.schematic-tag').count()).toBe(0);
    expect(await page.getByTestId('attribution').textContent()).not.toContain('示意');
    const labels = await drawnLabels(page);
    await page.screenshot({ path: `${SCREENSHOTS}/shapefile-county.png` });
    const jia = label(labels, '甲镇');
    const yi = label(labels, '乙街道');
    const d = yi.x - jia.x;
    expect(d).toBeGreaterThan(100);
    expect(Math.abs(yi.y - jia.y)).toBeLessThan(2);
    const [inside, outside] = await coloursAt(page, [
      { x: jia.x - 0.3 * d, y: jia.y + 0.45 * d },
      { x: jia.x - 0.8 * d, y: jia.y },
    ]);
    expect(inside).not.toBeNull();
    expect(inside).not.toEqual(outside);
    expect(inside?.[3]).toBe(255);

    // The area is 甲镇's: a click there drills into it, and its villages are drawn.
    await page.mouse.click(jia.x - 0.3 * d, jia.y + 0.45 * d);
    await page.waitForFunction(() => location.search.includes('area=999999001'));
    await page.waitForSelector('[data-testid="map"][data-villages="shown"]');
    await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]', { timeout: 60_000 });
    expect(await page.getByTestId('scope-name').textContent()).toContain('甲镇');
    const villages = (await drawnLabels(page)).map((l) => l.text);
    expect(villages).toEqual(expect.arrayContaining(['甲一村', '新华村']));
    expect(await page.getByTestId('legend').textContent()).not.toContain('示意');
    await page.screenshot({ path: `${SCREENSHOTS}/shapefile-township.png` });

    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

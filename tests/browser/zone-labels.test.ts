/**
 * Labels fit their areas on the schematic demo maps, development zones included (如皋市's two zones; 如东县's zones,
 * drawn as small squares in the 南通市 demo): for every area label drawn, the pointer at either end of the label's
 * text (its box measured with the browser's font metrics) is over the area the label names, as its tooltip says.
 * Screenshots of each map, for looking at.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { drawnLabels, overlappingLabels } from '../support/label-boxes';

const suite = browserSuite({ viewport: { width: 1600, height: 900 } });

/** The size of the labels of areas with a boundary at the first level (region-layers.ts, scale 1). */
const AREA_LABEL_SIZE = 15;

/**
 * The area labels (the first level's) whose two ends (2 px inside the text) are not both over the area they name, as
 * the tooltip there says, each with what is under the wrong end ('' for nothing).
 */
async function labelsOutsideTheirAreas(page: Page): Promise<string[]> {
  const measured = await drawnLabels(page);
  const names = await page.getByTestId('map').evaluate((el) => (JSON.parse(el.getAttribute('data-labels') ?? '[]') as [string, number, number, number, string][]).map((l) => [l[3], l[4] ?? l[0]] as const));
  const outside: string[] = [];
  for (const [i, label] of measured.entries()) {
    const [size, name] = names[i] as readonly [number, string];
    if (size !== AREA_LABEL_SIZE) continue;
    for (const x of [label.x - label.width / 2 + 2, label.x + label.width / 2 - 2]) {
      await page.mouse.move(x, label.y - 1);
      await page.mouse.move(x, label.y);
      const title = page.getByTestId('tooltip').locator('.tooltip-title');
      const read = async () => ((await title.count()) === 1 ? ((await title.textContent()) ?? '') : '');
      let under = await read();
      for (const end = Date.now() + 3_000; !under.startsWith(name) && Date.now() < end; under = await read()) await page.waitForTimeout(100);
      if (!under.startsWith(name)) outside.push(`${label.text}（${name}）: ${x < label.x ? '左' : '右'}端在「${under}」`);
    }
  }
  return outside;
}

describe('area labels fit their areas', () => {
  it('on 如皋市 (the county demo), with its development zones', async () => {
    const { page, errors } = await suite.openMap('');
    const labels = await drawnLabels(page);
    await page.screenshot({ path: `${SCREENSHOTS}/zone-labels-rugao.png` });
    expect(overlappingLabels(labels)).toEqual([]);
    expect(labels.length).toBeGreaterThanOrEqual(15);
    expect(await labelsOutsideTheirAreas(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);

  it('on the 南通市 demo, and on 如东县 in it, whose zones are small squares', async () => {
    const { page, errors } = await suite.openMap('?extract=demo-nantong/');
    await page.screenshot({ path: `${SCREENSHOTS}/zone-labels-nantong.png` });
    expect(await labelsOutsideTheirAreas(page)).toEqual([]);

    const rudong = await suite.openMap('?extract=demo-nantong/&area=320623');
    const labels = await drawnLabels(rudong.page);
    await rudong.page.screenshot({ path: `${SCREENSHOTS}/zone-labels-rudong.png` });
    expect(overlappingLabels(labels)).toEqual([]);
    // 15 towns and streets have room for their names; the zones' squares for a short form at most.
    expect(labels.length).toBeGreaterThanOrEqual(15);
    expect(await labelsOutsideTheirAreas(rudong.page)).toEqual([]);
    expect([...errors, ...rudong.errors]).toEqual([]);
  }, 360_000);
});

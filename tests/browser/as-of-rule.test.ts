/**
 * A combined extract's as-of rule (manifest `as_of_rule`, written by `npm run combine` when the counties' as-of
 * dates differ) is shown under the map and in the briefing's source lines; the demo, which has none, shows neither.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { combineText } from '../../src/i18n/zh-combine';
import { SCREENSHOTS } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { editManifest } from '../support/break-extract';
import { DEMO_DIR } from '../support/hostile-extracts';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-as-of-rule-'));
const ruled = join(root, 'ruled');
const rule = combineText.asOfRule('2026-10-31', 1, '2026-10-20');

const suite = browserSuite({
  setup: () => {
    cpSync(DEMO_DIR, ruled, { recursive: true });
    editManifest(ruled, (m) => (m.as_of_rule = rule));
  },
  routes: { '/ruled/': ruled },
  viewport: { width: 1366, height: 768 },
  teardown: () => rmSync(root, { recursive: true, force: true }),
});

describe('the as-of rule of a combined extract', () => {
  it('is shown in full under the map, on one readable block, and not for the demo', async () => {
    const { page, errors } = await suite.openMap('?extract=ruled/');
    const notice = page.getByTestId('as-of-rule');
    expect(await notice.textContent()).toBe(`截止日期说明：${rule}`);
    // Not clipped: the block is as wide as the map column at most and shows all its text.
    const clipped = await notice.evaluate((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
    expect(clipped).toBe(false);
    await page.screenshot({ path: `${SCREENSHOTS}/as-of-rule.png` });
    expect(errors).toEqual([]);

    const demo = await suite.openMap('');
    expect(await demo.page.getByTestId('attribution').count()).toBe(1);
    expect(await demo.page.getByTestId('as-of-rule').count()).toBe(0);
  });

  it('is among the briefing source lines, and not in the demo briefing', async () => {
    const open = async (query: string) => {
      const p = await suite.open(`?screen=briefing${query}`, { width: 1100, height: 1400 });
      await p.page.waitForSelector('[data-testid="briefing"][data-ready="yes"]', { timeout: 120_000 });
      return p.page;
    };
    const page = await open('&extract=ruled/');
    expect(await page.getByTestId('brief-as-of-rule').textContent()).toBe(rule);
    expect(await page.locator('.brief-foot').textContent()).toContain(rule);
    await page.locator('.brief-foot').screenshot({ path: `${SCREENSHOTS}/as-of-rule-briefing.png` });
    const demo = await open('');
    expect(await demo.getByTestId('brief-as-of-rule').count()).toBe(0);
  });
});

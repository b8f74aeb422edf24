import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeExtract } from '../../src/cli/write-extract';
import { tinyManifest, tinyTables } from '../fixtures/tiny-county';
import { editManifest, rewriteTable, truncateFile } from '../support/break-extract';
import { isLocal, SCREENSHOTS, waitForFigures, waitForMap, type OpenedPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

let root: string;
let opened: OpenedPage;

const variant = async (name: string, breakIt?: (dir: string) => void | Promise<void>) => {
  const dir = join(root, name);
  cpSync(join(root, 'good'), dir, { recursive: true });
  await breakIt?.(dir);
  return dir;
};
const filesIn = (dir: string) => readdirSync(dir).map((f) => join(dir, f));

const suite = browserSuite({
  setup: async () => {
    root = mkdtempSync(join(tmpdir(), 'care-atlas-pick-'));
    await writeExtract(join(root, 'good'), tinyManifest, tinyTables());
    await variant('truncated', (d) => truncateFile(d, 'children.parquet'));
    await variant('wrong-type', (d) => rewriteTable(d, 'visits.parquet', "SELECT * REPLACE (strftime(visited_on, '%Y/%m/%d') AS visited_on) FROM t"));
    await variant('missing-column', (d) => rewriteTable(d, 'children.parquet', 'SELECT * EXCLUDE (age_band) FROM t'));
    await variant('unknown-enum', (d) => rewriteTable(d, 'visits.parquet', "SELECT * REPLACE ('短信' AS mode) FROM t"));
    await variant('future', (d) => editManifest(d, (m) => (m.format_version = 3)));
  },
  teardown: () => rmSync(root, { recursive: true, force: true }),
});

// One page for the whole file, opened after the suite's own beforeAll (hooks run in the order they are registered).
beforeAll(async () => {
  opened = await suite.openMap();
});

async function pick(page: Page, dir: string) {
  if (!(await page.getByTestId('load-dialog').isVisible())) await page.getByTestId('load-open').click();
  await page.getByTestId('load-files').setInputFiles(filesIn(dir));
}

describe('loading an extract in the page', () => {
  it('loads a valid extract picked as files, replacing the demo', async () => {
    const { page } = opened;
    await pick(page, join(root, 'good'));
    await expect.poll(() => page.getByTestId('county-name').textContent(), { timeout: 30_000 }).toBe('测试县');
    await waitForMap(page);
    await waitForFigures(page);
    expect(await page.getByTestId('as-of').textContent()).toBe('数据截至 2026年11月30日');
    expect(await page.getByTestId('load-dialog').count()).toBe(0);
    expect(await page.getByTestId('kpi-children').textContent()).toBe('10名');
    expect(opened.requests.filter((u) => !isLocal(u))).toEqual([]);
  });

  const cases: [string, RegExp][] = [
    ['truncated', /^children\.parquet：不是有效的 Parquet 文件或文件已损坏/],
    ['wrong-type', /^visits\.parquet：列 visited_on 的类型应为 DATE，实际为 VARCHAR$/],
    ['missing-column', /^children\.parquet：缺少必需的列 age_band/],
    ['unknown-enum', /^visits\.parquet：列 mode 有 2 行取值不在允许范围内（短信）/],
    ['future', /^manifest\.json：数据格式版本为 3，本系统只支持到第 2 版/],
  ];
  for (const [name, message] of cases) {
    it(`refuses a ${name} extract with a Chinese message, and the data on screen stays usable`, async () => {
      const { page } = opened;
      await pick(page, join(root, name));
      const errors = page.getByTestId('load-dialog-error');
      await errors.waitFor({ timeout: 30_000 });
      expect((await errors.locator('li').allTextContents())[0]).toMatch(message);
      expect(await page.getByTestId('county-name').textContent()).toBe('测试县');
      await page.getByTestId('theme-visits').click();
      await page.waitForSelector('[data-testid="dashboard"][data-theme="visits"][data-map-drawn="yes"]');
      await page.getByTestId('theme-risk').click();
      await page.waitForSelector('[data-testid="dashboard"][data-theme="risk"][data-map-drawn="yes"]');
      await waitForFigures(page);
      expect(await page.getByTestId('kpi-children').textContent()).toBe('10名');
      if (name === 'future') await page.screenshot({ path: `${SCREENSHOTS}/load-refused.png` });
    });
  }
});

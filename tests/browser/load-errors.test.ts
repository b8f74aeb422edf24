import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, isLocal, SCREENSHOTS, type OpenedPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { editManifest, rewriteTable } from '../support/break-extract';

let root: string;
const suite = browserSuite({
  setup: async () => {
    root = mkdtempSync(join(tmpdir(), 'care-atlas-broken-'));
    cpSync(DEMO, join(root, 'future'), { recursive: true });
    editManifest(join(root, 'future'), (m) => (m.format_version = 3));
    cpSync(DEMO, join(root, 'colours'), { recursive: true });
    await rewriteTable(join(root, 'colours'), 'colour_assessments.parquet', "SELECT * REPLACE (CASE WHEN colour = 'red' THEN '橙' ELSE colour END AS colour) FROM t");
  },
  routes: () => ({ '/extracts/': root }),
  teardown: () => rmSync(root, { recursive: true, force: true }),
});

async function errorLines(path: string): Promise<{ lines: string[]; page: OpenedPage }> {
  const page = await suite.open(path);
  await page.page.getByTestId('load-error').waitFor({ timeout: 60_000 });
  const lines = await page.page.getByTestId('load-error').locator('li').allTextContents();
  return { lines, page };
}

describe('a broken extract in Chromium', () => {
  it('says in Chinese that the manifest is of a future version', async () => {
    const { lines, page } = await errorLines('?extract=extracts/future/');
    expect(lines).toEqual(['manifest.json：数据格式版本为 3，本系统只支持到第 2 版。请升级关爱一张图后再载入']);
    expect(await page.page.locator('h1').textContent()).toBe('数据载入失败');
    await page.page.screenshot({ path: `${SCREENSHOTS}/load-error.png` });
  });

  it('names the file, column and bad values of an unknown colour', async () => {
    const { lines } = await errorLines('?extract=extracts/colours/');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^colour_assessments\.parquet：列 colour 有 \d+ 行取值不在允许范围内（橙），允许的取值为：red、yellow、blue、green$/);
  });

  it('says when the extract is missing, in Chinese, the server\'s answer folded under 详细信息', async () => {
    const { page } = await errorLines('?extract=extracts/nothing-here/');
    const error = page.page.getByTestId('load-error');
    expect(await error.locator('.problem-text').allTextContents()).toEqual(['manifest.json：服务器上找不到此文件（请检查数据地址是否正确、文件是否已复制到服务器）']);
    const detail = error.getByTestId('problem-detail');
    expect(await detail.locator('summary').textContent()).toBe('详细信息');
    await detail.locator('summary').click();
    expect(await detail.locator('pre').textContent()).toBe('HTTP 404 /extracts/nothing-here/manifest.json');
    await page.page.screenshot({ path: `${SCREENSHOTS}/load-error-detail.png` });
  });

  it('refuses an extract on another server without requesting it', async () => {
    const { lines, page } = await errorLines('?extract=https://example.com/extract/');
    expect(lines[0]).toContain('不在本服务器上，已拒绝');
    expect(page.requests.filter((u) => !isLocal(u))).toEqual([]);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

const suite = browserSuite({ viewport: { width: 1600, height: 1000 } });

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path()) as string) };
}

interface ImageStats {
  width: number;
  height: number;
  /** Distinct colours among sampled pixels. */
  colours: number;
  /** Share of sampled pixels that are not white. */
  inked: number;
}

/** Decodes a PNG in the page (Chromium's decoder) and summarises its pixels. */
async function pngStats(page: Page, bytes: Buffer): Promise<ImageStats> {
  return page.evaluate(async (b64) => {
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    g.drawImage(bitmap, 0, 0);
    const { data } = g.getImageData(0, 0, bitmap.width, bitmap.height);
    const colours = new Set<number>();
    let inked = 0;
    let sampled = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      const [r, gr, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
      colours.add((r << 16) | (gr << 8) | b);
      if (r < 245 || gr < 245 || b < 245) inked++;
      sampled++;
    }
    return { width: bitmap.width, height: bitmap.height, colours: colours.size, inked: inked / sampled };
  }, bytes.toString('base64'));
}

describe('chart and map exports in Chromium', () => {
  it('exports a chart as SVG with its title, unit, as-of date, source, profile and the synthetic mark', async () => {
    const { page, errors } = await suite.viewMap('?theme=visits');
    await page.getByTestId('chart-trend').waitFor();
    const profile = (await page.getByTestId('profile').locator('option:checked').textContent()) ?? '';
    const { name, bytes } = await download(page, 'chart-trend-export-svg');
    const svg = bytes.toString('utf8');
    writeFileSync(resolve(SCREENSHOTS, 'export-trend.svg'), svg);
    expect(name).toMatch(/^如皋市_走访合规率月度趋势_2026-10-31\.svg$/);
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('<svg');
    expect(svg).toContain('走访合规率月度趋势');
    expect(svg).toContain('单位：%');
    expect(svg).toContain('数据截至2026年10月31日');
    expect(svg).toContain('数据来源：');
    expect(svg).toContain(`走访口径：${profile}`);
    expect(svg).toContain('示例数据（虚构）');
    expect(errors).toEqual([]);
  });

  it('suppresses small counts in an exported chart, never on screen', async () => {
    // 搬经镇's villages: a dozen or so children each, so some colours count 1 to 4.
    const { page } = await suite.viewMap('?theme=risk&area=320682116');
    await page.getByTestId('chart-colour-mix').waitFor();
    const onScreen = (await page.getByTestId('chart-colour-mix').innerHTML()).replaceAll('&lt;', '<');
    expect(onScreen).not.toMatch(/[红黄蓝绿未]<5/);
    const { bytes } = await download(page, 'chart-colour-mix-export-svg');
    const svg = bytes.toString('utf8');
    writeFileSync(resolve(SCREENSHOTS, 'export-colour-mix-suppressed.svg'), svg);
    expect(svg).toContain('搬经镇');
    // Hidden counts are listed beside their bars (SVG escapes "<"), and the footnote explains the marks.
    expect(svg).toMatch(/[红黄蓝绿未]&lt;5/);
    expect(svg).toContain('小数抑制');
    const png = await download(page, 'chart-colour-mix-export-png2');
    writeFileSync(resolve(SCREENSHOTS, 'export-colour-mix-suppressed.png'), png.bytes);
  });

  it('exports a chart as PNG at 2× and 4×: the right size, and not blank', async () => {
    const { page } = await suite.viewMap('?theme=visits');
    const chart = page.getByTestId('chart-ranking');
    await chart.waitFor();
    const box = await chart.boundingBox();
    const width = Math.max(640, Math.round(box?.width ?? 0));
    const png2 = await download(page, 'chart-ranking-export-png2');
    expect(png2.name).toMatch(/\.png$/);
    const s2 = await pngStats(page, png2.bytes);
    expect(s2.width).toBe(2 * width);
    expect(s2.height).toBeGreaterThan(2 * Math.round(box?.height ?? 0));
    expect(s2.colours).toBeGreaterThan(20);
    expect(s2.inked).toBeGreaterThan(0.02);
    writeFileSync(resolve(SCREENSHOTS, 'export-ranking-2x.png'), png2.bytes);
    const png4 = await download(page, 'chart-ranking-export-png4');
    expect(png4.name).toMatch(/_4x\.png$/);
    const s4 = await pngStats(page, png4.bytes);
    expect(s4.width).toBe(4 * width);
    expect(s4.height).toBe(2 * s2.height);
  });

  it('exports the map view as a PNG with a title band and a footer, and leaves the screen map as it was', async () => {
    const { page, errors } = await suite.viewMap('?theme=risk');
    const map = page.getByTestId('map');
    const box = await map.boundingBox();
    const { name, bytes } = await download(page, 'map-export');
    writeFileSync(resolve(SCREENSHOTS, 'export-map-risk.png'), bytes);
    expect(name).toBe('如皋市_风险分色_地图_2026-10.png');
    const stats = await pngStats(page, bytes);
    expect(stats.width).toBe(2 * Math.round(box?.width ?? 0));
    // Title band (70 px) and footer (3 lines) around the map.
    expect(stats.height).toBeGreaterThan(2 * (Math.round(box?.height ?? 0) + 70 + 40));
    expect(stats.colours).toBeGreaterThan(30);
    expect(stats.inked).toBeGreaterThan(0.3);
    await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]');
    expect(await page.getByTestId('map-export').textContent()).toBe('导出地图');
    expect(errors).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { complianceTrendOption, rankingOption } from '../../src/charts/options';
import { chartSvg, footerHeight, footerLines, svgSize, withExportFooter, type ExportMeta } from '../../src/export/chart-export';
import { exportFileName } from '../../src/export/download';
import { metresPerPixel, scaleBar, wrapText } from '../../src/export/map-image';
import { SUPPRESSED, themeForExport } from '../../src/map/export-theme';
import type { MapTheme } from '../../src/map/map-theme';
import type { RegionFeature } from '../../src/map/region-features';

const META: ExportMeta = { asOf: '2026-10-31', sources: ['金民工程', '苏童成长'], profile: '灌云县2022年定期走访', exportedOn: '2026-11-22' };
const CTX = { asOf: '2026-10-31', synthetic: true, static: true };

describe('chart export footer', () => {
  it('states the source, the as-of date, the profile and the export date, in that order', () => {
    expect(footerLines(META, 800)).toEqual(['数据来源：金民工程、苏童成长', '数据截至2026年10月31日 · 走访口径：灌云县2022年定期走访 · 导出于2026年11月22日']);
    expect(footerLines({ ...META, profile: undefined, notes: ['不足5名的数字以“<5”表示'] }, 800)).toEqual([
      '数据来源：金民工程、苏童成长',
      '数据截至2026年10月31日 · 导出于2026年11月22日',
      '不足5名的数字以“<5”表示',
    ]);
  });

  it('wraps a line too long for the chart, losing no character', () => {
    const narrow = footerLines(META, 200);
    expect(narrow.length).toBeGreaterThan(2);
    expect(narrow.join('').replace(/\s/g, '')).toBe(footerLines(META, 2000).join('').replace(/\s/g, ''));
    // 11 px CJK characters in 200 − 24 px: at most 16 a line.
    for (const line of narrow) expect([...line].length).toBeLessThanOrEqual(16 + 4);
    expect(footerHeight(META, 200)).toBe(16 + 16 * narrow.length);
  });

  it('moves every grid and bottom-anchored graphic up by the footer, so the plot keeps its size', () => {
    const option = rankingOption(CTX, [{ name: '搬经镇', value: 0.82, previous: 0.831 }], '走访合规率', '%');
    const grid = option.grid as { bottom: number };
    const framed = withExportFooter(option, META, 800);
    const height = footerHeight(META, 800);
    expect((framed.grid as { bottom: number }).bottom).toBe(grid.bottom + height);
    expect(framed.animation).toBe(false);
    const texts = (framed.graphic as { style?: { text?: string } }[]).map((g) => g.style?.text);
    expect(texts).toContain('示例数据（虚构）');
    expect(texts).toContain('数据来源：金民工程、苏童成长');
  });
});

describe('chart SVG export', () => {
  it('is a standalone SVG of the requested size plus the footer, with the Chinese text as text', () => {
    const option = complianceTrendOption(CTX, [
      { month: '2026-09', rate: 0.952, due: 1200 },
      { month: '2026-10', rate: 0.964, due: 1210 },
    ], 1, '灌云县2022年定期走访');
    const svg = chartSvg(option, META, 720, 300);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svgSize(svg)).toEqual({ width: 720, height: 300 + footerHeight(META, 720) });
    for (const text of ['走访合规率月度趋势', '单位：%', '数据截至2026年10月31日', '示例数据（虚构）', '数据来源：金民工程、苏童成长', '走访口径：灌云县2022年定期走访']) {
      expect(svg).toContain(text);
    }
  });

  it('refuses an SVG without a pixel size', () => {
    expect(() => svgSize('<svg viewBox="0 0 10 10"></svg>')).toThrow();
  });
});

describe('export file names', () => {
  it('joins the parts and replaces characters Windows refuses', () => {
    expect(exportFileName(['如皋市', '走访合规率排名', '2026-10-31'], 'png')).toBe('如皋市_走访合规率排名_2026-10-31.png');
    expect(exportFileName(['如皋市', 'A/B: "x"?', null, undefined, '4x'], 'svg')).toBe('如皋市_A_B_x_4x.svg');
  });
});

describe('map image helpers', () => {
  it('gives the web-mercator ground resolution', () => {
    // Equator, zoom 0: the circumference over 512 px.
    expect(metresPerPixel(0, 0)).toBeCloseTo(78271.517, 2);
    // Each zoom level halves it; at 60° it is half again.
    expect(metresPerPixel(60, 1)).toBeCloseTo(78271.517 / 4, 2);
  });

  it('picks the longest round scale bar that fits', () => {
    // 10 m/px and 160 px: at most 1,600 m, so 1 km over 100 px.
    expect(scaleBar(10, 160)).toEqual({ metres: 1000, px: 100, label: '1 公里' });
    // 3 m/px and 160 px: at most 480 m, so 200 m over 66.7 px.
    const bar = scaleBar(3, 160);
    expect(bar.metres).toBe(200);
    expect(bar.px).toBeCloseTo(66.667, 2);
    expect(bar.label).toBe('200 米');
    expect(scaleBar(40, 160).label).toBe('5 公里');
    expect(() => scaleBar(0, 160)).toThrow();
  });

  it('wraps text to a width, breaking between CJK characters', () => {
    const measure = (s: string) => [...s].length * 10;
    expect(wrapText('红色和黄色儿童人数除以在册儿童人数', 60, measure)).toEqual(['红色和黄色儿', '童人数除以在', '册儿童人数']);
    expect(wrapText('', 60, measure)).toEqual([]);
  });
});

describe('map theme for export', () => {
  const feature = (code: string): RegionFeature => ({ code, name: code, level: 'village', parentCode: 'T', polygons: null, label: [0, 0] }) as unknown as RegionFeature;
  const children: Record<string, number | null> = { A: 3, B: 5, C: 0, D: null };
  const theme: MapTheme = {
    fill: () => [1, 2, 3, 255],
    fillKey: 'k',
    points: [],
    legend: { title: '红黄色儿童占比', items: [{ label: '< 4%', colour: [1, 2, 3, 255] }], definition: 'd' },
    describe: () => [],
    denominator: (f) => children[f.code] ?? null,
  };

  it('greys out areas whose rate is over fewer children than the threshold, and says so in the legend', () => {
    const exported = themeForExport(theme, 5);
    expect(exported.fill(feature('A'))).toEqual(SUPPRESSED);
    expect(exported.fill(feature('B'))).toEqual([1, 2, 3, 255]);
    // No children at all is not a small count: the theme's own "no data" colour stays.
    expect(exported.fill(feature('C'))).toEqual([1, 2, 3, 255]);
    expect(exported.fill(feature('D'))).toEqual([1, 2, 3, 255]);
    expect(exported.legend.items.at(-1)).toEqual({ label: '儿童不足5名，不予显示', colour: SUPPRESSED });
    expect(exported.fillKey).not.toEqual(theme.fillKey);
  });

  it('leaves a theme without a denominator as it is', () => {
    const { denominator: _, ...points } = theme;
    expect(themeForExport(points, 5)).toBe(points);
  });

  it('drops screen-only point sets and their legend entries, keeping the rest', () => {
    const { denominator: _, ...plain } = theme;
    const dot = { id: 'p', position: [0, 0] as [number, number], colour: [9, 9, 9, 255] as [number, number, number, number], radius: 4, title: 't', lines: [] };
    const marked: MapTheme = {
      ...plain,
      points: [
        { id: 'water', points: [dot] },
        { id: 'alert-villages', points: [dot], style: 'ring', screenOnly: true },
      ],
      legend: { ...plain.legend, items: [...plain.legend.items, { label: '强制报告村', colour: [9, 9, 9, 255], shape: 'ring', screenOnly: true }] },
    };
    const exported = themeForExport(marked, 5);
    expect(exported.points.map((s) => s.id)).toEqual(['water']);
    expect(exported.legend.items.map((i) => i.label)).toEqual(['< 4%']);
    // No denominator: the colours are the screen's; the key still changes, so the map is redrawn without the rings.
    expect(exported.fill(feature('A'))).toEqual([1, 2, 3, 255]);
    expect(exported.fillKey).not.toEqual(marked.fillKey);
    const both = themeForExport({ ...marked, denominator: theme.denominator }, 5);
    expect(both.points.map((s) => s.id)).toEqual(['water']);
    expect(both.fill(feature('A'))).toEqual(SUPPRESSED);
    expect(both.legend.items.map((i) => i.label)).toEqual(['< 4%', '儿童不足5名，不予显示']);
  });
});

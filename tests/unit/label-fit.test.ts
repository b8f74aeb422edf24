/**
 * Labels fit their areas: the box-in-polygon test on hand-drawn shapes, the shorter forms of long names worked out by
 * hand, and the placement of a development zone drawn as a small square (the demo's zones, e.g. 如皋经济技术开发区):
 * its label is the longest form that fits inside the square, or left out when none does; an area large enough keeps
 * its full name; a unit without a boundary keeps its name under its point.
 */
import { describe, expect, it } from 'vitest';
import type { RegionFeature } from '../../src/map/region-features';
import { placedLabels } from '../../src/map/region-layers';
import { boxInside, textBox, worldPixels } from '../../src/map/label-placement';
import { labelTexts } from '../../src/map/label-text';

type Pt = [number, number];
const rect = (x0: number, y0: number, x1: number, y1: number): Pt[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('boxInside', () => {
  const square = [rect(0, 0, 100, 100)];
  it('needs the whole box inside the polygon', () => {
    expect(boxInside({ x: 50, y: 50, width: 80, height: 20 }, [square])).toBe(true);
    // 120 wide: its sides stick out of the 100-wide square by 10 on each side.
    expect(boxInside({ x: 50, y: 50, width: 120, height: 20 }, [square])).toBe(false);
    // 80 wide but off centre: x 30–110.
    expect(boxInside({ x: 70, y: 50, width: 80, height: 20 }, [square])).toBe(false);
  });

  it('refuses a box over a hole or cut by a notch whose corners are all inside', () => {
    expect(boxInside({ x: 50, y: 50, width: 80, height: 20 }, [[...square, rect(45, 45, 55, 55)]])).toBe(false);
    // A U shape: the notch (x 40–60) comes in from y 0 to y 40. A box at x 10–90, y 30–50 has its top corners in the
    // arms and its bottom ones below the notch, all inside, yet the notch cuts its top side.
    const u: Pt[] = [
      [0, 0],
      [40, 0],
      [40, 40],
      [60, 40],
      [60, 0],
      [100, 0],
      [100, 100],
      [0, 100],
      [0, 0],
    ];
    expect(boxInside({ x: 50, y: 40, width: 80, height: 20 }, [[u]])).toBe(false);
    expect(boxInside({ x: 50, y: 70, width: 80, height: 20 }, [[u]])).toBe(true);
  });

  it('takes any one of several polygons', () => {
    expect(boxInside({ x: 250, y: 50, width: 80, height: 20 }, [square, [rect(200, 0, 300, 100)]])).toBe(true);
  });
});

describe('labelTexts', () => {
  it('shortens a zone’s ending and leaves out its county’s name', () => {
    expect(labelTexts('如皋高新技术产业开发区', ['如皋市'])).toEqual(['如皋高新技术产业开发区', '如皋高新区', '高新区']);
    expect(labelTexts('如东县经济开发区', ['如东县', '南通市'])).toEqual(['如东县经济开发区', '如东县经开区', '经济开发区', '经开区']);
  });

  it('leaves out every ancestor’s name, with an older administrative ending, and a bracketed alternative name', () => {
    expect(labelTexts('南通市海门区永隆沙农场', ['海门区', '南通市'])).toEqual(['南通市海门区永隆沙农场', '永隆沙农场']);
    expect(labelTexts('南通市海门市沿江渔场', ['海门区', '南通市'])).toEqual(['南通市海门市沿江渔场', '沿江渔场']);
    expect(labelTexts('三星镇（叠石桥家纺产业园区）', ['海门区'])).toEqual(['三星镇（叠石桥家纺产业园区）', '三星镇']);
  });

  it('keeps a name with nothing to shorten, and never cuts a name down to less than two characters', () => {
    expect(labelTexts('城中街道', ['如东县'])).toEqual(['城中街道']);
    expect(labelTexts('如皋市', ['如皋市'])).toEqual(['如皋市']);
    expect(labelTexts('如皋港', ['如皋市'])).toEqual(['如皋港']);
  });
});

describe('placedLabels and small areas', () => {
  const ZOOM = 8;
  // At zoom 8 near the equator one degree is 512 × 2⁸ / 360 = 364.1 px: a side of 0.165° is 60.1 px.
  const square = (lng: number, side: number): RegionFeature['polygons'] => [[rect(lng, 0, lng + side, side)]];
  const feature = (code: string, name: string, lng: number, side: number | null): RegionFeature => ({
    code,
    name,
    level: 'township',
    parentCode: '320682',
    label: side === null ? [lng, 0.08] : [lng + side / 2, side / 2],
    polygons: side === null ? null : square(lng, side),
    schematic: true,
  });
  const county: RegionFeature = { code: '320682', name: '如皋市', level: 'county', parentCode: null, label: [0, 0], polygons: null, schematic: true };
  const ancestors = (f: RegionFeature) => (f.parentCode === county.code ? [county.name] : []);
  const texts = (f: RegionFeature) => labelTexts(f.name, ancestors(f));
  const drawn = (features: RegionFeature[]) => Object.fromEntries(placedLabels(features, ZOOM, false, 1, null, texts).map((l) => [l.feature.code, l.text]));

  it('labels a 60-pixel zone with the longest form that fits inside it, and leaves out a 20-pixel one', () => {
    const sixty = worldPixels([0.165, 0], ZOOM)[0] - worldPixels([0, 0], ZOOM)[0];
    expect(sixty).toBeCloseTo(60.1, 1);
    // At 15 px a CJK character is 15 px wide: 如皋经开区 75 px > 60; 经开区 45 px ≤ 60, 18 px high.
    expect(textBox('经开区', 15, 0)).toEqual({ width: 45, height: 18 });
    const labels = drawn([
      feature('320682400', '如皋经济技术开发区', 0, 0.165),
      feature('320682401', '如皋高新技术产业开发区', 1, 0.055),
      feature('320682100', '搬经镇', 2, 0.5),
      feature('320682500', '如皋市蚕种场', 3, null),
    ]);
    expect(labels).toEqual({ '320682400': '经开区', '320682100': '搬经镇', '320682500': '如皋市蚕种场' });
  });

  it('moves a label that does not fit at its point, by the least, to where it fits inside its area', () => {
    // A 182 × 36 px strip (0.5° × 0.1°) whose label point is 10.9 px from its left end: 搬经镇 (45 × 18 px) sticks out
    // there. Steps are half its height, 9 px: one step right leaves its left side at 10.9 + 9 − 22.5 < 0, two steps
    // (18 px) at 5.4 px inside; moves up or down alone do not help.
    const strip: RegionFeature = { ...feature('320682100', '搬经镇', 0, 0.5), label: [0.03, 0.05], polygons: [[rect(0, 0, 0.5, 0.1)]] };
    const [label] = placedLabels([strip], ZOOM, false, 1, null, texts);
    expect(label).toMatchObject({ text: '搬经镇', dx: 18, dy: 0 });
  });

  it('labels a region of two parts apart (a city drawn as its counties) inside its widest part when its point falls between them', () => {
    // Two squares, 0.5° (182 px) and 0.3° (109 px) wide, 0.5° apart; the label point in the gap between them.
    const city: RegionFeature = { ...feature('3206', '南通市', 0, 0.5), level: 'city', parentCode: '32', label: [0.75, 0.25], polygons: [[rect(0, 0, 0.5, 0.5)], [rect(1, 0, 1.3, 0.3)]] };
    const [label] = placedLabels([city], ZOOM, false, 1, null, (f) => labelTexts(f.name, []));
    // The widest part's middle is 0.5° (182 px) left of the point.
    const [px] = worldPixels([0.75, 0], ZOOM);
    const [mx] = worldPixels([0.25, 0], ZOOM);
    expect(label?.text).toBe('南通市');
    expect(label?.dx).toBeCloseTo(mx - px, 6);
  });

  it('draws the full name when the area has room for it (9 characters, 135 px, in a 182-pixel square)', () => {
    expect(drawn([feature('320682400', '如皋经济技术开发区', 0, 0.5)])).toEqual({ '320682400': '如皋经济技术开发区' });
  });

  it('never draws a label wider than its square on a row of demo-like zone squares', () => {
    const names = ['南通崇川经济开发区', '港闸开发区', '市北高新区', '如东县经济开发区', '如东洋口港经济开发区', '南通外向型农业开发区'];
    const features = names.map((n, i) => feature(`32068240${i}`, n, i * 0.25, 0.22));
    const placed = placedLabels(features, ZOOM, false, 1, null, texts);
    expect(placed.length).toBeGreaterThan(0);
    for (const l of placed) {
      const [x0] = worldPixels([l.feature.polygons?.[0]?.[0]?.[0]?.[0] ?? 0, 0], ZOOM);
      const [x1] = worldPixels([(l.feature.polygons?.[0]?.[0]?.[1]?.[0] ?? 0) as number, 0], ZOOM);
      expect(textBox(l.text, l.size, 0).width, l.text).toBeLessThanOrEqual(x1 - x0);
    }
  });
});

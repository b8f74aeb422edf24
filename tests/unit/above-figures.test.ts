/** The pieces of the views above the county that need no engine: the figures each theme reads, levels and the map. */
import { describe, expect, it } from 'vitest';
import { aboveFigures, isAbove, townshipOf } from '../../src/app/themes/above';
import { childLevelOf } from '../../src/app/themes/context';
import { HEADLINES } from '../../src/app/themes/headline';
import { THEME_AGGREGATES } from '../../src/app/themes/levels';
import { THEME_IDS } from '../../src/app/url-state';
import { aggregateMeasureColumns } from '../../src/measures/aggregate-read';
import { drawnGeometry, mapRootOf, trailOf, type RegionFeature, type RegionGeometry } from '../../src/map/region-features';

const feature = (code: string, level: RegionFeature['level'], parentCode: string | null, x: number): RegionFeature => ({
  code,
  name: `n${code}`,
  level,
  parentCode,
  label: [x, 30],
  polygons: [[[[x - 0.1, 29.9], [x + 0.1, 29.9], [x + 0.1, 30.1], [x - 0.1, 30.1], [x - 0.1, 29.9]]]],
  schematic: true,
});

// A province of two cities; the first city has one county with one township and two villages.
const all = [
  feature('32', 'province', null, 120),
  feature('3206', 'city', '32', 121),
  feature('3201', 'city', '32', 118),
  feature('320681', 'county', '3206', 121.2),
  feature('320681001', 'township', '320681', 121.2),
  feature('320681001001', 'village', '320681001', 121.1),
  feature('320681001002', 'village', '320681001', 121.3),
];
const geometry: RegionGeometry = {
  byCode: new Map(all.map((f) => [f.code, f])),
  county: all[3] ?? null,
  townships: all.filter((f) => f.level === 'township'),
  villages: all.filter((f) => f.level === 'village'),
  bounds: [117, 29, 122, 31],
  boundaries: 'schematic',
};
const at = (code: string) => geometry.byCode.get(code) as RegionFeature;

describe('the figures shown above the county', () => {
  it('are columns of each theme’s aggregate table, with the headline among them', () => {
    for (const theme of THEME_IDS) {
      const columns = aggregateMeasureColumns(THEME_AGGREGATES[theme]);
      const figures = aboveFigures(theme, '2026-10-31');
      expect(figures.length).toBeGreaterThan(2);
      for (const f of figures) {
        expect(columns, `${theme}.${f.column}`).toContain(f.column);
        if (f.over) expect(columns, `${theme}.${f.over}`).toContain(f.over);
      }
      expect(figures.map((f) => f.column)).toContain(HEADLINES[theme].column);
      if (HEADLINES[theme].denominator) expect(columns).toContain(HEADLINES[theme].denominator);
    }
  });
});

describe('levels', () => {
  it('go province → city → county → township → village', () => {
    expect(['32', '3206', '320681', '320681001', '320681001001'].map((c) => childLevelOf(at(c)))).toEqual(['city', 'county', 'township', 'village', null]);
    expect(['32', '3206', '320681', '320681001'].map((c) => isAbove(at(c)))).toEqual([true, true, false, false]);
    expect([townshipOf(at('320681')), townshipOf(at('320681001')), townshipOf(at('320681001002')), townshipOf(null)]).toEqual([null, '320681001', '320681001', null]);
  });

  it('draw a province’s cities, a city’s counties, and a county’s townships and villages', () => {
    const province = drawnGeometry(geometry, at('32'));
    expect(province.townships.map((f) => f.code).sort()).toEqual(['3201', '3206']);
    expect(province.villages).toEqual([]);
    expect(province.county?.code).toBe('32');
    // The bounds of what is drawn: both cities' squares.
    expect(province.bounds).toEqual([117.9, 29.9, 121.1, 30.1]);
    expect(drawnGeometry(geometry, at('3206')).townships.map((f) => f.code)).toEqual(['320681']);
    const county = drawnGeometry(geometry, at('320681'));
    expect([county.townships.length, county.villages.length]).toEqual([1, 2]);
    expect(mapRootOf(geometry, at('320681001002')).code).toBe('320681');
    expect(mapRootOf(geometry, at('3206')).code).toBe('3206');
    expect(trailOf(geometry, at('32'), at('320681001002')).map((f) => f.code)).toEqual(['32', '3206', '320681', '320681001', '320681001002']);
  });
});

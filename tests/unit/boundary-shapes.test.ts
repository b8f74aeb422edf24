/**
 * Matching boundary features to region codes (src/cli/extract/boundary-match.ts) and making the shapes valid and
 * light (src/cli/geometry/boundary-shapes.ts), on hand-made features around the raw county's squares.
 */
import { describe, expect, it } from 'vitest';
import { applyBoundaries } from '../../src/cli/extract/boundaries';
import { matchBoundaries } from '../../src/cli/extract/boundary-match';
import { commandLineBoundaries } from '../../src/cli/extract/mapping';
import type { Region } from '../../src/cli/extract/regions';
import type { BoundaryLayer, RawFeature } from '../../src/cli/geometry/boundary-file';
import { douglasPeucker, prepareShapes, type ShapeInput } from '../../src/cli/geometry/boundary-shapes';
import { parseEpsg, type Crs, type LngLat } from '../../src/cli/geometry/crs';
import { boxRing } from '../fixtures/boundaries-shapefile';

const region = (code: string, name: string): Region => ({
  code,
  name,
  level: code.length === 6 ? 'county' : code.length === 9 ? 'township' : 'village',
  unitType: 'other',
  parentCode: code.length === 12 ? code.slice(0, 9) : code.length === 9 ? code.slice(0, 6) : null,
  label: null,
  labelSource: null,
  polygons: null,
  schematic: false,
  targetHomes: null,
  targetStations: null,
});

const REGIONS: Region[] = [
  region('999999', '测试县'),
  region('999999001', '甲镇'),
  region('999999002', '乙街道'),
  region('999999400', '丙农场'),
  region('999999001001', '甲一村'),
  region('999999001002', '新华村'),
  region('999999002001', '乙一社区'),
  region('999999002002', '新华村'),
];

const SQUARE: LngLat[][][] = [[[[120, 32], [120.1, 32], [120.1, 32.1], [120, 32.1], [120, 32]]]];

const layer = (label: string, props: Record<string, unknown>[], polygons: LngLat[][][] | null = SQUARE): BoundaryLayer => ({
  label,
  crs: parseEpsg('4490') as Crs,
  crsFrom: '测试',
  features: props.map((properties, i): RawFeature => ({ index: i + 1, properties, polygons, geometryType: polygons ? 'Polygon' : 'Point' })),
});

describe('matching features to regions', () => {
  it('matches townships by name, whitespace and 镇/街道办事处 variants aside, and lists what matched on neither side', () => {
    const m = matchBoundaries([layer('乡镇界.shp', [{ MC: '甲 镇' }, { MC: '乙街道办事处' }, { MC: '丁乡' }])], REGIONS, '999999');
    expect([...m.matched.keys()]).toEqual(['999999001', '999999002']);
    expect(m.layers[0]).toMatchObject({ nameField: 'MC', codeField: null, byName: 2, byCode: 0 });
    expect(m.unmatched).toEqual([{ layer: '乡镇界.shp', index: 3, text: '丁乡', reason: '名称「丁乡」不在区划表中' }]);
    expect(m.withoutShape.map((r) => r.code)).toEqual(['999999400']);
  });

  it('says a village name found in two townships is ambiguous, and tells them apart by a township field', () => {
    const alone = matchBoundaries([layer('村界.shp', [{ NAME: '新华村' }, { NAME: '甲一村' }])], REGIONS, '999999');
    expect(alone.unmatched.map((u) => u.reason)).toEqual(['名称「新华村」在区划表中有 2 个（999999001002、999999002002），请在映射中给出代码字段 codeField']);
    expect([...alone.matched.keys()]).toEqual(['999999001001']);
    const withTownship = matchBoundaries([layer('村界.shp', [{ NAME: '新华村', XZ: '乙街道' }, { NAME: '甲一村', XZ: '甲镇' }])], REGIONS, '999999');
    expect([...withTownship.matched.keys()]).toEqual(['999999002002', '999999001001']);
    expect(withTownship.unmatched).toEqual([]);
  });

  it('finds the code field by its values: zero-padded 15-digit and 三调 19-digit codes; a code whose name differs is noted', () => {
    const m = matchBoundaries([layer('村界.shp', [{ DM: '999999001001000', MC: '甲一村' }, { DM: '9999990020010000000', MC: '乙二社区' }, { DM: '320682001001', MC: '外县村' }, { DM: '999999002002', MC: '新华村' }])], REGIONS, '999999');
    expect(m.layers[0]?.codeField).toBe('DM');
    expect([...m.matched.keys()]).toEqual(['999999001001', '999999002001', '999999002002']);
    expect(m.layers[0]?.nameField).toBe('MC');
    expect(m.layers[0]?.nameDiffers).toEqual(['999999002001 乙一社区（边界文件中为「乙二社区」）']);
    expect(m.unmatched.map((u) => u.reason)).toEqual(['代码 320682001001 不属于本县（999999）；名称「外县村」不在区划表中']);
  });

  it('takes trailing digits in a named code field: 001 is township 001, 002001 its village; merges the parts of one region', () => {
    const m = matchBoundaries([layer('界.shp', [{ BM: '001' }, { BM: '002001' }, { BM: '001' }, { BM: '009' }])], REGIONS, '999999', { codeField: 'BM' });
    expect([...m.matched.keys()]).toEqual(['999999001', '999999002001']);
    expect(m.matched.get('999999001')?.parts).toBe(2);
    expect(m.matched.get('999999001')?.polygons).toHaveLength(2);
    expect(m.unmatched.map((u) => u.reason)).toEqual(['没有以 009 结尾的区划代码']);
  });

  it('refuses a matched feature that is not a polygon', () => {
    const m = matchBoundaries([layer('点.shp', [{ MC: '甲镇' }], null)], REGIONS, '999999');
    expect(m.matched.size).toBe(0);
    expect(m.unmatched[0]?.reason).toBe('几何不是面（Point），不能作为边界');
  });
});

const ringArea = (ring: readonly (readonly [number, number])[]): number => {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += (ring[i] as [number, number])[0] * (ring[i + 1] as [number, number])[1] - (ring[i + 1] as [number, number])[0] * (ring[i] as [number, number])[1];
  return a / 2;
};
const input = (id: string, rings: LngLat[][], group = 'village'): ShapeInput => ({ id, group, label: `测试 ${id}`, polygons: [rings] });

describe('validity and simplification', () => {
  it('runs Douglas–Peucker as worked by hand: a 0.5 bump stays at tolerance 0.4 and goes at 0.6', () => {
    expect(douglasPeucker([[0, 0], [1, 0.5], [2, 0]], 0.4)).toEqual([[0, 0], [1, 0.5], [2, 0]]);
    expect(douglasPeucker([[0, 0], [1, 0.5], [2, 0]], 0.6)).toEqual([[0, 0], [2, 0]]);
  });

  it('simplifies a shared border once for both sides: no gap, far fewer vertices, outer rings counter-clockwise and closed', () => {
    // Clockwise as shapefiles store them, a vertex every 0.001° (about 100 m).
    const west = boxRing(120, 32, 120.05, 32.05, 0.001);
    const east = boxRing(120.05, 32, 120.1, 32.05, 0.001);
    const r = prepareShapes([input('a', [west]), input('b', [east])], 10);
    expect(r.refused).toEqual([]);
    expect(r.stats.reoriented).toBe(2);
    expect(r.stats.sharedArcs).toBe(1);
    expect(r.stats.neighbourPairs).toBe(1);
    expect(r.stats.maxGapM).toBe(0);
    expect(r.stats.verticesBefore).toBe(402);
    expect(r.stats.verticesAfter).toBeLessThan(40);
    for (const id of ['a', 'b']) {
      const ring = r.shapes.get(id)?.[0]?.[0] as [number, number][];
      expect(ringArea(ring)).toBeGreaterThan(0);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
    }
    // The shared border's vertices are the same on both sides.
    const onBorder = (id: string) =>
      [...new Set((r.shapes.get(id)?.[0]?.[0] ?? []).filter((p) => Math.abs(p[0] - 120.05) < 1e-6).map((p) => p[1]))].sort();
    expect(onBorder('a')).toEqual(onBorder('b'));
    expect(onBorder('a').length).toBeGreaterThanOrEqual(2);
  });

  it('measures the gap where neighbours were digitized apart: a 30 m bulge drawn with different vertices on each side', () => {
    // The border between a and b bulges 30 m east at its middle; a has a vertex at the apex, b's are offset by
    // half a step, each lying on a's line. With a 10 m tolerance both keep a bulge, with different vertices.
    const bulge = (lat: number) => 120.05 + 0.00032 * (1 - Math.abs(lat - 32.025) / 0.025);
    const border = (step: number, offset: number): LngLat[] => {
      const out: LngLat[] = [];
      for (let lat = 32 + offset; lat < 32.05 - 1e-9; lat += step) out.push([bulge(lat), lat]);
      return out;
    };
    const aEdge = border(0.0025, 0.0025).filter((p) => p[1] > 32);
    const bEdge = border(0.0025, 0.00125);
    const a: LngLat[] = [[120, 32], [120.05, 32], ...aEdge, [120.05, 32.05], [120, 32.05], [120, 32]];
    const b: LngLat[] = [[120.05, 32], [120.1, 32], [120.1, 32.05], [120.05, 32.05], ...[...bEdge].reverse(), [120.05, 32]];
    const r = prepareShapes([input('a', [a]), input('b', [b])], 10);
    expect(r.refused).toEqual([]);
    expect(r.stats.neighbourPairs).toBe(1);
    expect(r.stats.maxGapM).toBeGreaterThan(0);
    expect(r.stats.maxGapM).toBeLessThanOrEqual(20);
  });

  it('repairs an unclosed ring and repeated vertices, and refuses a self-intersecting ring and a flat one, naming the feature', () => {
    const open: LngLat[] = [[120, 32], [120.01, 32], [120.01, 32], [120.01, 32.01], [120, 32.01]];
    const bowtie: LngLat[] = [[120, 32], [120.01, 32.01], [120.01, 32], [120, 32.01], [120, 32]];
    // Along the central meridian of the planar frame (120°E), which the projection keeps straight.
    const flat: LngLat[] = [[120, 32], [120, 32.01], [120, 32.02], [120, 32]];
    const r = prepareShapes([input('open', [open]), input('bowtie', [bowtie]), input('flat', [flat])], 1);
    expect(r.repaired).toEqual([{ id: 'open', label: '测试 open', reason: '闭合了一个未闭合的外环；去掉了 1 个重复顶点' }]);
    expect(r.shapes.get('open')?.[0]?.[0]).toHaveLength(5);
    expect(r.refused.map((p) => [p.id, p.label])).toEqual([
      ['bowtie', '测试 bowtie'],
      ['flat', '测试 flat'],
    ]);
    expect(r.refused[0]?.reason).toMatch(/^边界自相交（外环在约 120\.0\d+, 32\.0\d+ 处与自身相交或相接）/);
    expect(r.refused[1]?.reason).toBe('没有有效的面（没有面积不为零、至少三个顶点的外环）');
    expect([...r.shapes.keys()]).toEqual(['open']);
  });

  it('keeps holes clockwise, and simplifies less a ring that the tolerance would collapse', () => {
    const outer: LngLat[] = [[120, 32], [120.02, 32], [120.02, 32.02], [120, 32.02], [120, 32]];
    const hole: LngLat[] = [[120.005, 32.005], [120.015, 32.005], [120.015, 32.015], [120.005, 32.015], [120.005, 32.005]];
    const tiny: LngLat[] = [[121, 32], [121.0002, 32], [121.0002, 32.0002], [121, 32.0002], [121, 32]];
    const r = prepareShapes([input('holed', [outer, hole]), input('tiny', [tiny], 'township')], 100);
    const [o, h] = r.shapes.get('holed')?.[0] as [number, number][][];
    expect(ringArea(o as [number, number][])).toBeGreaterThan(0);
    expect(ringArea(h as [number, number][])).toBeLessThan(0);
    expect(r.stats.relaxedRings).toBe(1);
    expect(r.shapes.get('tiny')?.[0]?.[0]).toHaveLength(5);
  });
});

describe('the shapes in the right place', () => {
  // Three townships side by side, 0.2° wide; each seat in the middle of its own. Read with a central meridian 3°
  // off (EPSG:4548 for data in 4549, say), the shapes land about 280 km west of the seats.
  const towns: [string, string, number][] = [
    ['999999001', '甲镇', 120],
    ['999999002', '乙街道', 120.2],
    ['999999400', '丙农场', 120.4],
  ];
  const seats = new Map(towns.map(([code, , w]) => [code, { point: [w + 0.1, 32.1] as LngLat, from: 'file' }]));
  const run = (shift: number) => {
    const regions = REGIONS.map((r) => ({ ...r }));
    const features = towns.map(([, name, w]) => ({ MC: name, ring: boxRing(w + shift, 32, w + shift + 0.2, 32.2, 0.05) }));
    const fileLayer: BoundaryLayer = {
      label: '乡镇界.shp',
      crs: parseEpsg('4549') as Crs,
      crsFrom: '.prj 文件',
      features: features.map((f, i) => ({ index: i + 1, properties: { MC: f.MC }, polygons: [[f.ring]], geometryType: 'Polygon' })),
    };
    return { regions, applied: applyBoundaries([{ spec: commandLineBoundaries('乡镇界.shp', null), layers: [fileLayer] }], regions, '999999', seats) };
  };

  it('checks each seat against its township: in place, the shapes are attached', () => {
    const { regions, applied } = run(0);
    expect(applied.problems).toEqual([]);
    expect(applied.report).toContain('位置检查：3 个乡镇（街道）的驻地都在其边界内或边界附近');
    expect(regions.filter((r) => r.polygons).map((r) => r.code)).toEqual(['999999', '999999001', '999999002', '999999400']);
  });

  it('stops the run when the median seat is over 10 km from its shape, saying the coordinate system may be wrong', () => {
    const { applied } = run(-3);
    expect(applied.problems).toHaveLength(1);
    expect(applied.problems[0]).toMatch(/^边界文件：乡镇（街道）边界与其驻地相距很远（3 个有驻地的乡镇中位数 2\d\d\.\d 公里）.*坐标系可能不对.*--epsg/);
  });
});

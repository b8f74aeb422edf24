import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTownshipsGeoJson } from '../../src/cli/bench/floor';
import { DEMO } from '../support/browser';

const tmp = mkdtempSync(join(tmpdir(), 'bench-floor-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Collection {
  type: string;
  features: { properties: { code: string; name: string }; geometry: { type: string; coordinates: number[][][][] } }[];
}

describe("the benchmark floor's GeoJSON", () => {
  it('holds the demo township boundaries the app draws: the 14 with a boundary, not the 7 units without one', async () => {
    const file = join(tmp, 'county.geojson');
    expect(await writeTownshipsGeoJson(DEMO, file)).toBe(14);
    const fc = JSON.parse(readFileSync(file, 'utf8')) as Collection;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(14);
    const codes = fc.features.map((f) => f.properties.code);
    expect(codes).toEqual([...codes].sort());
    expect(codes.every((c) => /^320682\d{3}$/.test(c))).toBe(true);
    // 搬经镇 (README: `?area=320682116`) is one of them, by name.
    expect(fc.features.find((f) => f.properties.code === '320682116')?.properties.name).toBe('搬经镇');
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('MultiPolygon');
      for (const polygon of f.geometry.coordinates) {
        const ring = polygon[0] as number[][];
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring.at(-1));
        // 如皋市 lies near 120.5°E, 32.4°N.
        for (const [x, y] of ring as [number, number][]) {
          expect(x).toBeGreaterThan(120);
          expect(x).toBeLessThan(121.2);
          expect(y).toBeGreaterThan(32);
          expect(y).toBeLessThan(32.8);
        }
      }
    }
  });

  it('holds the demo village boundaries when asked for the village level (the renderer comparison draws them)', async () => {
    const file = join(tmp, 'villages.geojson');
    const n = await writeTownshipsGeoJson(DEMO, file, 'village');
    const fc = JSON.parse(readFileSync(file, 'utf8')) as Collection;
    expect(fc.features).toHaveLength(n);
    expect(n).toBeGreaterThan(14);
    expect(fc.features.every((f) => /^320682\d{6}$/.test(f.properties.code) && f.geometry.type === 'MultiPolygon')).toBe(true);
  });
});

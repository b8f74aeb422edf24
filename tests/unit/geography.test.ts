import { describe, it, expect } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRugaoReference, TOWNS_FILE, VILLAGES_FILE } from '../../src/cli/demo/reference';
import { buildSchematicGeography, randomPointInPolygon, type DemoRegion } from '../../src/cli/demo/geography';
import { pointInPolygon, polygonArea } from '../../src/cli/geometry/schematic-cells';
import { createRng } from '../../src/cli/demo/random';
import { decodeWkb, encodeWkbPolygon, type PolygonCoords, type Position } from '../../src/extract/wkb';

const REFERENCE = fileURLToPath(new URL('../../data/reference', import.meta.url));
const ref = loadRugaoReference(REFERENCE);
const SEED = 20240601;
const regions = buildSchematicGeography(ref, SEED);
const byCode = new Map(regions.map((r) => [r.code, r]));
const county = regions[0]!;
const townships = regions.filter((r) => r.level === 'township');
const villages = regions.filter((r) => r.level === 'village');
const withPolygon = (rs: DemoRegion[]): (DemoRegion & { polygon: PolygonCoords })[] =>
  rs.filter((r): r is DemoRegion & { polygon: PolygonCoords } => r.polygon !== null);

// --- independent geometry checks --------------------------------------------------------------------------------

const KM_X = 111.32 * Math.cos((32.3 * Math.PI) / 180);
const KM_Y = 110.57;
const km = (a: Position, b: Position): number => Math.hypot((a[0] - b[0]) * KM_X, (a[1] - b[1]) * KM_Y);

const orient = (a: Position, b: Position, c: Position): number => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
const onSegment = (a: Position, b: Position, p: Position): boolean =>
  Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);

/** Whether closed segments ab and cd share any point (touching counts). */
function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/** A description of the first defect of a closed ring, or null when it is a valid simple ring. */
function ringDefect(ring: Position[]): string | null {
  const n = ring.length - 1;
  if (n < 3) return `only ${n} vertices`;
  const first = ring[0]!;
  const last = ring[n]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return 'not closed';
  if (new Set(ring.slice(0, n).map((p) => `${p[0]},${p[1]}`)).size !== n) return 'repeated vertex';
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsMeet(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return `edges ${i} and ${j} meet`;
    }
  }
  return null;
}

function distanceToBoundary(ring: Position[], p: Position): number {
  let best = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy));
  }
  return best;
}

/** Every vertex of `inner` is inside `outer` or within rounding distance (2e-5 degrees, about 2 m: both polygons are rounded to 1e-5) of its boundary. */
function within(inner: PolygonCoords, outer: PolygonCoords): boolean {
  return inner[0]!.every((p) => pointInPolygon(p, outer) || distanceToBoundary(outer[0]!, p) < 2e-5);
}

/** Grid points strictly inside `outer`, each checked to be covered by exactly one of `parts`. */
function coverageCounts(outer: PolygonCoords, parts: PolygonCoords[], steps: number): { points: number; bad: number } {
  const xs = outer[0]!.map((p) => p[0]);
  const ys = outer[0]!.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let points = 0;
  let bad = 0;
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      const p: Position = [x0 + ((x1 - x0) * (i + 0.5)) / steps, y0 + ((y1 - y0) * (j + 0.5)) / steps];
      if (!pointInPolygon(p, outer) || distanceToBoundary(outer[0]!, p) < 1e-4) continue;
      const hits = parts.filter((q) => pointInPolygon(p, q)).length;
      points++;
      if (hits !== 1 && parts.every((q) => distanceToBoundary(q[0]!, p) > 1e-4)) bad++;
    }
  }
  return { points, bad };
}

// --- tests ------------------------------------------------------------------------------------------------------

describe('reference data', () => {
  it('names the file when a reference CSV is malformed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'care-atlas-reference-'));
    try {
      cpSync(REFERENCE, dir, { recursive: true });
      appendFileSync(join(dir, VILLAGES_FILE), '320682001999,某村\r\n');
      expect(() => loadRugaoReference(dir)).toThrow(`${VILLAGES_FILE}: CSV line 357 has 2 fields, the header has 7`);
      writeFileSync(join(dir, TOWNS_FILE), 'town_code,town_name_nbs\r\n320682001,"如城街道\r\n');
      expect(() => loadRugaoReference(dir)).toThrow(`${TOWNS_FILE}: CSV line 2, field 2: the quoted field is not closed before the end of the text`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads 21 townships, 355 villages and 21 seat points', () => {
    expect(ref.towns).toHaveLength(21);
    expect(ref.villages).toHaveLength(355);
    expect(ref.seats).toHaveLength(21);
    expect(ref.towns.filter((t) => t.seat !== null)).toHaveLength(12);
    expect(ref.towns.find((t) => t.code === '320682400')).toEqual({
      code: '320682400',
      nameNbs: '如皋市经济开发区',
      nameSeed: '城北街道',
      villageUnits: 39,
      seedCareStations: 39,
      seat: null,
    });
    expect(ref.seats.find((s) => s.townCode === '320682001')).toMatchObject({ name: '如城', status: 'current_town_seat', point: [120.55528, 32.38833] });
  });
});

describe('polygon utilities', () => {
  const holed: PolygonCoords = [
    [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ],
    [
      [1, 1],
      [1, 3],
      [3, 3],
      [3, 1],
      [1, 1],
    ],
  ];

  it('pointInPolygon respects holes', () => {
    expect(pointInPolygon([0.5, 0.5], holed)).toBe(true);
    expect(pointInPolygon([2, 2], holed)).toBe(false);
    expect(pointInPolygon([5, 2], holed)).toBe(false);
  });

  it('polygonArea subtracts holes', () => {
    expect(polygonArea(holed)).toBe(12);
  });

  it('randomPointInPolygon stays inside and is seeded', () => {
    const rng = createRng(7);
    const pts = Array.from({ length: 200 }, () => randomPointInPolygon(holed, rng));
    expect(pts.every((p) => pointInPolygon(p, holed))).toBe(true);
    expect(pts.filter((p) => p[0] > 3).length).toBeGreaterThan(20); // spread over the ring, not stuck in one corner
    const again = createRng(7);
    expect(randomPointInPolygon(holed, again)).toEqual(pts[0]);
  });
});

describe('schematic geography of 如皋市', () => {
  it('has one county, 21 townships and 355 villages, each CSV code once with the right parent', () => {
    expect(regions).toHaveLength(1 + 21 + 355);
    expect(county).toMatchObject({ code: '320682', name: '如皋市', level: 'county', unitType: 'county', parentCode: null });
    expect(new Set(regions.map((r) => r.code)).size).toBe(regions.length);
    expect(townships.map((t) => t.code).sort()).toEqual(ref.towns.map((t) => t.code).sort());
    expect(villages.map((v) => v.code).sort()).toEqual(ref.villages.map((v) => v.code).sort());
    for (const t of ref.towns) expect(byCode.get(t.code)).toMatchObject({ name: t.nameNbs, parentCode: '320682' });
    for (const v of ref.villages) expect(byCode.get(v.code)).toMatchObject({ name: v.name, parentCode: v.townCode });
  });

  it('assigns unit types', () => {
    const type = (code: string): string | undefined => byCode.get(`320682${code}`)?.unitType;
    expect(type('001')).toBe('street');
    expect(['103', '104', '105', '107', '108', '110', '111', '112', '113', '116', '117'].map(type)).toEqual(Array(11).fill('town'));
    expect([type('400'), type('401')]).toEqual(['zone', 'zone']);
    expect(['402', '403', '404', '406', '407', '408', '409'].map(type)).toEqual(Array(7).fill('other'));
    expect(villages.filter((v) => v.unitType === 'residents_committee')).toHaveLength(182);
    expect(villages.filter((v) => v.unitType === 'village_committee')).toHaveLength(166);
    expect(villages.filter((v) => v.unitType === 'other')).toHaveLength(7);
  });

  it('draws a simple county outline around all 21 GeoNames points', () => {
    const outline = county.polygon!;
    expect(ringDefect(outline[0]!)).toBeNull();
    expect(outline[0]!.length).toBeGreaterThan(100); // smoothed, not a handful of straight lines
    for (const s of ref.seats) {
      expect(pointInPolygon(s.point, outline)).toBe(true);
      expect(distanceToBoundary(outline[0]!, s.point) * KM_Y).toBeGreaterThan(2);
    }
    const areaKm2 = polygonArea(outline) * KM_X * KM_Y;
    expect(areaKm2).toBeGreaterThan(1200);
    expect(areaKm2).toBeLessThan(2200);
    expect(pointInPolygon(county.label, outline)).toBe(true);
  });

  it('tiles the outline with 14 simple township cells that do not overlap', () => {
    const cells = withPolygon(townships);
    expect(cells.map((c) => c.code.slice(6)).sort()).toEqual(['001', '103', '104', '105', '107', '108', '110', '111', '112', '113', '116', '117', '400', '401']);
    for (const c of cells) {
      expect(ringDefect(c.polygon[0]!), c.code).toBeNull();
      expect(within(c.polygon, county.polygon!), c.code).toBe(true);
      expect(pointInPolygon(c.label, c.polygon), c.code).toBe(true);
    }
    const sum = cells.reduce((s, c) => s + polygonArea(c.polygon), 0);
    expect(Math.abs(sum / polygonArea(county.polygon!) - 1)).toBeLessThan(0.001);
    const { points, bad } = coverageCounts(county.polygon!, cells.map((c) => c.polygon), 60);
    expect(points).toBeGreaterThan(2000);
    expect(bad).toBe(0);
  });

  it('labels townships with a seat at that seat, and the zones a few km from 如城', () => {
    for (const t of ref.towns) if (t.seat) expect(byCode.get(t.code)!.label).toEqual(t.seat);
    const city = byCode.get('320682001')!.label;
    for (const code of ['320682400', '320682401']) {
      const d = km(byCode.get(code)!.label, city);
      expect(d).toBeGreaterThan(2);
      expect(d).toBeLessThan(6);
    }
    expect(byCode.get('320682400')!.label[1]).toBeGreaterThan(city[1]);
    expect(byCode.get('320682401')!.label[1]).toBeLessThan(city[1]);
  });

  it('gives the seven virtual units null polygons and spread-out labels inside the outline', () => {
    const virtual = regions.filter((r) => r.unitType === 'other');
    expect(virtual).toHaveLength(14);
    for (const r of virtual) {
      expect(r.polygon).toBeNull();
      expect(pointInPolygon(r.label, county.polygon!)).toBe(true);
    }
    const labels = townships.map((t) => t.label);
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(km(labels[i]!, labels[j]!)).toBeGreaterThan(3);
    for (const v of virtual.filter((r) => r.level === 'village')) {
      const d = km(v.label, byCode.get(v.parentCode!)!.label);
      expect(d).toBeGreaterThan(0.1);
      expect(d).toBeLessThan(1.5);
    }
  });

  it('tiles each township with simple village cells that hold their own label', () => {
    for (const t of withPolygon(townships)) {
      const cells = withPolygon(villages.filter((v) => v.parentCode === t.code));
      expect(cells).toHaveLength(ref.towns.find((x) => x.code === t.code)!.villageUnits);
      for (const c of cells) {
        expect(ringDefect(c.polygon[0]!), c.code).toBeNull();
        expect(pointInPolygon(c.label, c.polygon), c.code).toBe(true);
        expect(within(c.polygon, t.polygon), c.code).toBe(true);
      }
      const sum = cells.reduce((s, c) => s + polygonArea(c.polygon), 0);
      expect(Math.abs(sum / polygonArea(t.polygon) - 1), t.code).toBeLessThan(0.001);
      const { points, bad } = coverageCounts(t.polygon, cells.map((c) => c.polygon), 30);
      expect(points, t.code).toBeGreaterThan(100);
      expect(bad, t.code).toBe(0);
    }
  });

  it('puts residents committees nearer the seat than village committees', () => {
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const seatDistance = (type: string): number =>
      mean(villages.filter((v) => v.unitType === type && v.polygon).map((v) => km(v.label, byCode.get(v.parentCode!)!.label)));
    expect(seatDistance('residents_committee')).toBeLessThan(0.75 * seatDistance('village_committee'));
  });

  it('rounds coordinates to 5 decimals and survives a WKB round trip', () => {
    const rounded = (x: number): boolean => Number(x.toFixed(5)) === x;
    for (const r of regions) {
      expect(r.label.every(rounded)).toBe(true);
      if (r.polygon) {
        expect(r.polygon[0]!.every((p) => p.every(rounded))).toBe(true);
        expect(decodeWkb(encodeWkbPolygon(r.polygon))).toEqual([r.polygon]);
      }
    }
  });

  it('is deterministic for a seed and changes village points with another seed', () => {
    expect(buildSchematicGeography(ref, SEED)).toEqual(regions);
    const other = buildSchematicGeography(ref, SEED + 1);
    const moved = villages.filter((v) => v.polygon && JSON.stringify(other.find((o) => o.code === v.code)!.label) !== JSON.stringify(v.label));
    expect(moved.length).toBe(348);
    expect(other[0]!.polygon).not.toEqual(county.polygon);
  });

  it('stays valid for other seeds', () => {
    for (const seed of [1, 2, 3]) {
      const g = buildSchematicGeography(ref, seed);
      const defects = g.filter((r) => r.polygon && ringDefect(r.polygon[0]!) !== null).map((r) => r.code);
      expect(defects, `seed ${seed}`).toEqual([]);
      const outside = g.filter((r) => r.polygon && !pointInPolygon(r.label, r.polygon)).map((r) => r.code);
      expect(outside, `seed ${seed}`).toEqual([]);
    }
  });
});

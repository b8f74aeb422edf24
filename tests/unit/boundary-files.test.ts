/**
 * A bureau's boundary files read by the extract tool (src/cli/geometry/crs.ts, boundary-file.ts): shapefiles in
 * CGCS2000 Gauss–Krüger zone 40 (EPSG:4528) with the .prj ArcGIS writes, zipped, GeoJSON, and the Chinese refusals
 * for a .prj no one can read and for coordinates in the wrong system.
 *
 * The known point: 甲一村's south-west corner is (120°E, 32°N), on zone 40's central meridian, where the
 * Gauss–Krüger easting is the false easting, 40 500 000 m, and the northing is the meridian arc from the equator,
 * computed here by integrating the GRS80 meridian's radius of curvature (Simpson's rule), independently of proj4.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { distanceMetres } from '../../src/cli/extract/coords';
import { BoundaryFileError, readBoundaryFile } from '../../src/cli/geometry/boundary-file';
import { crsOfPrj, CrsError, parseEpsg } from '../../src/cli/geometry/crs';
import { dbfBytes, PRJ_UNKNOWN, PRJ_ZONE_40, projectToGk, rawCountyGkLayers, writeShapefile, writeZippedShapefiles } from '../fixtures/boundaries-shapefile';
import { encodeGbk } from '../fixtures/raw/raw-county';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-boundary-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** GRS80 meridian arc length from the equator to latitude `deg`, metres (Simpson's rule, 2000 intervals). */
function meridianArc(deg: number): number {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const e2 = f * (2 - f);
  const rho = (phi: number) => (a * (1 - e2)) / (1 - e2 * Math.sin(phi) ** 2) ** 1.5;
  const end = (deg * Math.PI) / 180;
  const n = 2000;
  const h = end / n;
  let s = rho(0) + rho(end);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * rho(i * h);
  return (s * h) / 3;
}

const refusal = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BoundaryFileError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('coordinate systems', () => {
  it('defines the CGCS2000 Gauss–Krüger codes from their zone: 4528 is 3-degree zone 40 at 120°E with the zone in the easting, 4549 the same without', () => {
    expect(parseEpsg('EPSG:4528')).toMatchObject({ epsg: 4528, centralMeridian: 120, zone: 40, zonePrefixed: true });
    expect(parseEpsg('4549')).toMatchObject({ epsg: 4549, centralMeridian: 120, zonePrefixed: false });
    expect(parseEpsg('4513')).toMatchObject({ centralMeridian: 75, zone: 25 });
    expect(parseEpsg('4554')).toMatchObject({ centralMeridian: 135, zonePrefixed: false });
    expect(parseEpsg('4491')).toMatchObject({ centralMeridian: 75, zone: 13 });
    expect(parseEpsg('4512')).toMatchObject({ centralMeridian: 135, zonePrefixed: false });
    expect(parseEpsg('4490')).toMatchObject({ geographic: true });
    expect(parseEpsg('4555')).toBeNull();
    expect(parseEpsg('2437')).toBeNull();
  });

  it('recognizes the .prj ArcGIS writes for zone 40 by its parameters, and the same with an EPSG authority', () => {
    expect(crsOfPrj(PRJ_ZONE_40, 'x.prj').epsg).toBe(4528);
    expect(crsOfPrj(PRJ_ZONE_40.replace('40500000.0', '500000.0'), 'x.prj').epsg).toBe(4549);
    expect(crsOfPrj('GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4490"]]', 'x.prj').epsg).toBe(4490);
  });

  it('refuses a .prj it cannot place, and Xian 1980, in Chinese, naming the file and saying to give --epsg', () => {
    expect(() => crsOfPrj(PRJ_UNKNOWN, '乡镇界.prj')).toThrow(CrsError);
    expect(() => crsOfPrj(PRJ_UNKNOWN, '乡镇界.prj')).toThrow(/^乡镇界\.prj：.*--epsg/);
    const xian = PRJ_ZONE_40.replace('GCS_China_Geodetic_Coordinate_System_2000', 'GCS_Xian_1980').replace('SPHEROID["CGCS2000",6378137.0,298.257222101]', 'SPHEROID["Xian_1980",6378140.0,298.257]');
    expect(() => crsOfPrj(xian, '村界.prj')).toThrow(/^村界\.prj：坐标系为北京54或西安80/);
  });
});

describe('a Gauss–Krüger shapefile', () => {
  const { townships, villages } = rawCountyGkLayers();

  it('checks the fixture against the independent meridian arc: (120°E, 32°N) projects to (40 500 000, arc(32°)) within 1 cm', () => {
    const [x, y] = projectToGk([120, 32]);
    expect(Math.abs(x - 40_500_000)).toBeLessThan(0.01);
    expect(Math.abs(y - meridianArc(32))).toBeLessThan(0.01);
  });

  it('is read with its .prj and lands in the right place: the known corner within 10 m, a 1 km east-west edge 1 km long', async () => {
    const arc = meridianArc(32.4);
    const square: [number, number][] = [
      [40_500_000, arc],
      [40_500_000, arc + 1000],
      [40_501_000, arc + 1000],
      [40_501_000, arc],
      [40_500_000, arc],
    ];
    const path = writeShapefile(join(root, 'gk'), '村界', [...villages, { properties: { XZQDM: '999999001003', XZQMC: '方块村' }, polygons: [[square]] }], PRJ_ZONE_40);
    const [layer] = await readBoundaryFile(path, '村界.shp');
    expect(layer?.crs.epsg).toBe(4528);
    expect(layer?.crsFrom).toBe('.prj 文件');
    expect(layer?.encoding).toBe('utf-8');
    expect(layer?.features.map((f) => f.properties.XZQMC)).toEqual(['甲一村', '新华村', '乙一社区', '新华村', '方块村']);
    const corner = layer?.features[0]?.polygons?.[0]?.[0]?.[0] as [number, number];
    expect(distanceMetres(corner, [120, 32])).toBeLessThan(10);
    const ne = layer?.features[3]?.polygons?.[0]?.[0]?.find((p) => p[0] > 120.999 && p[1] > 32.999) as [number, number];
    expect(distanceMetres(ne, [121, 33])).toBeLessThan(10);
    const [sw, nw, nne] = layer?.features[4]?.polygons?.[0]?.[0] as [number, number][];
    expect(distanceMetres(sw as [number, number], [120, 32.4])).toBeLessThan(10);
    expect(Math.abs(distanceMetres(nw as [number, number], nne as [number, number]) - 1000)).toBeLessThan(10);
  });

  it('is read from a .zip holding a township and a village shapefile, each a layer', async () => {
    const zip = writeZippedShapefiles(join(root, '边界.zip'), { 乡镇界: townships, 村界: villages }, PRJ_ZONE_40);
    const layers = await readBoundaryFile(zip, '边界.zip');
    expect(layers.map((l) => [l.label, l.crs.epsg, l.features.length])).toEqual([
      ['边界.zip/乡镇界.shp', 4528, 2],
      ['边界.zip/村界.shp', 4528, 4],
    ]);
    const jia = layers[0]?.features[0]?.polygons?.[0]?.[0] as [number, number][];
    expect(distanceMetres(jia[0] as [number, number], [120, 32])).toBeLessThan(10);
  });

  it('refuses an unknown .prj in Chinese, naming the file and saying to give --epsg; with --epsg 4528 it reads', async () => {
    const path = writeShapefile(join(root, 'unknown'), '乡镇界', townships, PRJ_UNKNOWN);
    expect(await refusal(readBoundaryFile(path, 'unknown/乡镇界.shp'))).toMatch(/^unknown\/乡镇界\.prj：无法识别.*请用 --epsg 指定/);
    const [layer] = await readBoundaryFile(path, 'unknown/乡镇界.shp', parseEpsg('4528'));
    expect(layer?.crsFrom).toBe('命令行或映射中给出的 EPSG 代码');
    expect(distanceMetres(layer?.features[0]?.polygons?.[0]?.[0]?.[0] as [number, number], [120, 32])).toBeLessThan(10);
  });

  it('reads a GBK attribute table with no .cpg, as older ArcGIS writes it', async () => {
    const path = writeShapefile(join(root, 'gbk'), '乡镇界', townships, PRJ_ZONE_40);
    rmSync(join(root, 'gbk', '乡镇界.cpg'));
    writeFileSync(join(root, 'gbk', '乡镇界.dbf'), dbfBytes(['XZQMC'], [{ XZQMC: '甲镇' }, { XZQMC: '乙街道' }], encodeGbk));
    const [layer] = await readBoundaryFile(path, '乡镇界.shp');
    expect(layer?.encoding).toBe('gbk');
    expect(layer?.features.map((f) => f.properties.XZQMC)).toEqual(['甲镇', '乙街道']);
  });

  it('refuses a shapefile without a .prj, saying to give --epsg', async () => {
    const path = writeShapefile(join(root, 'noprj'), '乡镇界', townships, null);
    expect(await refusal(readBoundaryFile(path, '乡镇界.shp'))).toMatch(/^乡镇界\.shp：缺少 \.prj 文件.*--epsg/);
  });

  it('says what is wrong when the coordinates are not in the system given: zone-40 eastings read as degrees, or as zone 40 without the zone number', async () => {
    const path = writeShapefile(join(root, 'wrong'), '乡镇界', townships, PRJ_ZONE_40);
    expect(await refusal(readBoundaryFile(path, '乡镇界.shp', parseEpsg('4490')))).toMatch(/不在中国境内.*投影坐标，不是经纬度.*EPSG:4528/);
    const stripped = townships.map((t) => ({ ...t, polygons: t.polygons.map((p) => p.map((r) => r.map(([x, y]) => [x - 40_000_000, y] as [number, number]))) }));
    const bare = writeShapefile(join(root, 'bare'), '乡镇界', stripped, PRJ_ZONE_40);
    expect(await refusal(readBoundaryFile(bare, '乡镇界.shp'))).toMatch(/东坐标没有带号.*--epsg 4549/);
    const [ok] = await readBoundaryFile(bare, '乡镇界.shp', parseEpsg('4549'));
    expect(distanceMetres(ok?.features[0]?.polygons?.[0]?.[0]?.[0] as [number, number], [120, 32])).toBeLessThan(10);
  });
});

describe('GeoJSON', () => {
  it('is WGS84 by default, and a projected GeoJSON with an EPSG crs member is converted', async () => {
    const plain = join(root, 'towns.geojson');
    writeFileSync(plain, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '甲镇' }, geometry: { type: 'Polygon', coordinates: [[[120, 32], [120.5, 32], [120.5, 33], [120, 33], [120, 32]]] } }] }));
    const [layer] = await readBoundaryFile(plain, 'towns.geojson');
    expect(layer?.crs.epsg).toBe(4326);
    expect(layer?.features[0]?.polygons?.[0]?.[0]?.[1]).toEqual([120.5, 32]);

    const projected = join(root, 'towns-gk.json');
    const ring = [[120, 32], [120.5, 32], [120.5, 33], [120, 33], [120, 32]].map((p) => projectToGk(p as [number, number]));
    writeFileSync(projected, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4528' } }, features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[ring]] } }] }));
    const [gk] = await readBoundaryFile(projected, 'towns-gk.json');
    expect(gk?.crs.epsg).toBe(4528);
    expect(distanceMetres(gk?.features[0]?.polygons?.[0]?.[0]?.[2] as [number, number], [120.5, 33])).toBeLessThan(10);

    const unmarked = join(root, 'towns-gk-unmarked.json');
    writeFileSync(unmarked, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
    expect(await refusal(readBoundaryFile(unmarked, 'towns-gk-unmarked.json'))).toMatch(/^towns-gk-unmarked\.json：.*投影坐标.*--epsg 4528/);
  });
});

/**
 * `npm run extract` with a bureau's boundary file: the raw county (tests/fixtures/raw) with its GeoJSON replaced by
 * a zip of two shapefiles in CGCS2000 Gauss–Krüger zone 40 (tests/fixtures/boundaries-shapefile.ts): 乡镇界 with
 * names only (甲镇, 乙街道, and 丁镇, which the county does not have), 村界 with 12-digit codes. By hand: both
 * townships match by name, the four villages by code, 丁镇 is unmatched, 丙农场 and its virtual community have no
 * shape; the county has none in the file and gets the union of its townships (which share their border's
 * vertices): the square [120, 121] × [32, 33]. 甲镇's label stays the list's coordinates.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceMetres } from '../../src/cli/extract/coords';
import { parseMapping } from '../../src/cli/extract/mapping';
import { runExtract, type ExtractResult } from '../../src/cli/extract/run';
import { summaryLines } from '../../src/cli/extract/summary';
import { rowsOf } from '../../src/db/connector';
import { loadExtract } from '../../src/db/load-extract';
import { decodeWkb, type MultiPolygonCoords } from '../../src/extract/wkb';
import { boxRing, PRJ_ZONE_40, projectToGk, rawCountyGkLayers, writeZippedShapefiles } from '../fixtures/boundaries-shapefile';
import { writeRawCounty } from '../fixtures/raw/raw-county';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-extract-boundaries-'));
const raw = join(root, 'raw');
let result: ExtractResult;
let conn: Awaited<ReturnType<typeof createNodeConnector>>;

beforeAll(async () => {
  mkdirSync(raw);
  const mapping = await writeRawCounty(raw);
  const noGeoJson = join(raw, 'mapping-shp.jsonc');
  writeFileSync(noGeoJson, readFileSync(mapping, 'utf8').replace(/^\s*"boundaries": .*$/m, ''));
  const { townships, villages } = rawCountyGkLayers();
  const ding = { properties: { XZQMC: '丁镇' }, polygons: [[boxRing(121, 32, 121.2, 32.2).map(projectToGk)]] };
  const zip = writeZippedShapefiles(join(raw, '测试县边界.zip'), { 乡镇界: [...townships, ding], 村界: villages }, PRJ_ZONE_40);
  writeFileSync(join(root, 'salt.txt'), 'boundaries-test-salt-5d1e9a7c3b');
  result = await runExtract({ mapping: noGeoJson, salt: join(root, 'salt.txt'), out: join(root, 'out'), boundaries: [zip], acceptRejects: true, now: new Date('2026-11-01T08:00:00Z') });
  conn = await createNodeConnector();
  await loadExtract(conn, folderSource(join(root, 'out')), decodeParquetNode);
}, 240_000);

afterAll(() => {
  conn?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('an extract made with a Gauss–Krüger shapefile', () => {
  it('gives the matched regions real (not schematic) shapes in the right place, and the county the union of its townships', async () => {
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    const rows = await rowsOf<{ code: string; geometry: Uint8Array | null; schematic: boolean | null; label_lng: number; label_lat: number }>(
      await conn.query('SELECT code, geometry, boundary_schematic AS schematic, label_lng, label_lat FROM regions ORDER BY code'),
    );
    expect(rows.map((r) => [r.code, r.geometry !== null, r.schematic])).toEqual([
      ['999999', true, false],
      ['999999001', true, false],
      ['999999001001', true, false],
      ['999999001002', true, false],
      ['999999002', true, false],
      ['999999002001', true, false],
      ['999999002002', true, false],
      ['999999400', false, null],
      ['999999400001', false, null],
    ]);
    const shape = (code: string) => decodeWkb(rows.find((r) => r.code === code)?.geometry as Uint8Array) as MultiPolygonCoords;
    const near = (m: MultiPolygonCoords, p: [number, number]) => Math.min(...m.flatMap((poly) => poly.flatMap((ring) => ring.map((q) => distanceMetres(q as [number, number], p)))));
    // The known point: 甲一村's south-west corner, (120°E, 32°N), on zone 40's central meridian.
    expect(near(shape('999999001001'), [120, 32])).toBeLessThan(10);
    for (const corner of [[120, 32], [121, 32], [121, 33], [120, 33]] as [number, number][]) expect(near(shape('999999'), corner)).toBeLessThan(10);
    const jia = rows.find((r) => r.code === '999999001');
    expect([jia?.label_lng, jia?.label_lat]).toEqual([120.25, 32.5]);
  });

  it('reports the files, the matching on both sides and the simplification, in its own section and on the console', () => {
    const section = result.report.slice(result.report.indexOf('## 边界文件')).replaceAll(join(raw, '测试县边界.zip'), '测试县边界.zip');
    for (const line of [
      '- 测试县边界.zip/乡镇界.shp：3 个要素，坐标系 CGCS2000 3 度带高斯-克吕格投影第 40 带（东坐标带带号）（EPSG:4528）（取自.prj 文件），属性表编码 UTF-8；代码字段 无，名称字段 XZQMC；按代码匹配 0 个，按名称匹配 2 个',
      '- 测试县边界.zip/村界.shp：4 个要素，坐标系 CGCS2000 3 度带高斯-克吕格投影第 40 带（东坐标带带号）（EPSG:4528）（取自.prj 文件），属性表编码 UTF-8；代码字段 XZQDM，名称字段 XZQMC；按代码匹配 4 个，按名称匹配 0 个',
      '  - 测试县边界.zip/乡镇界.shp 第 3 个要素「丁镇」：名称「丁镇」不在区划表中',
      '  - 乡镇（街道） 1 个：丙农场（999999400）',
      '  - 村（社区） 1 个：丙农场虚拟社区（999999400001）',
      '合并得出的边界：测试县（999999，由 2 个下级区划合并，另有 1 个下级单位没有边界）',
      '简化：道格拉斯-普克算法，容差 10 米',
    ])
      expect(section).toContain(line);
    expect(summaryLines(result).find((l) => l.startsWith('边界：'))).toMatch(/^边界：县、2 个乡镇（街道）、4 个村（社区）有边界（容差 10 米简化，顶点 \d+ → \d+）；未匹配的要素 1 个，没有边界的区划 2 个，拒绝的边界 0 个/);
    expect(result.manifest?.attribution.join('\n')).not.toContain('示意');
  });
});

describe('boundaries in the mapping', () => {
  it('reads a list of files with their fields, level, EPSG code and tolerance, and refuses an unknown EPSG code', () => {
    const text = (b: string) => `{ "county": { "code": "999999" }, "asOf": "2026-10-31", "regions": { "boundaries": ${b} }, "sources": [{ "file": "c.csv", "table": "children", "columns": { "village_code": "村", "categories": "类别" }, "identity": { "idNumber": "身份证" } }] }`;
    const { mapping } = parseMapping(text('[{ "file": "乡镇界.shp", "nameField": "XZQMC", "level": "乡镇", "epsg": 4528, "simplifyMetres": 5 }, { "file": "村界.zip", "codeField": "XZQDM" }]'), '/x/m.jsonc');
    expect(mapping.geography.boundaries.map((b) => [b.fileLabel, b.nameField, b.codeField, b.level, b.epsg?.epsg ?? null, b.toleranceM])).toEqual([
      ['乡镇界.shp', 'XZQMC', undefined, 'township', 4528, 5],
      ['村界.zip', undefined, 'XZQDM', undefined, null, 10],
    ]);
    expect(() => parseMapping(text('{ "file": "界.shp", "epsg": 2385 }'), '/x/m.jsonc')).toThrow(/epsg「2385」不是本工具支持的坐标系/);
  });
});

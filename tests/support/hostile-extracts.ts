/**
 * Hostile and broken extracts, each the committed demo (data/demo) with one thing broken, written at test time
 * (nothing here is committed as a binary). The unit suite (tests/unit/hostile-extracts.test.ts) loads each with the
 * Node engine, the browser suite (tests/browser/hostile-extracts.test.ts) through `?extract=` and the 载入数据
 * dialog; both expect a Chinese refusal naming `file` and `column` and matching `message`.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeWkbPolygon, type Position } from '../../src/extract/wkb';
import { literal } from '../../src/measures/sql';
import { editManifest, rewriteTable } from './break-extract';

export const DEMO_DIR = resolve(import.meta.dirname, '../../data/demo');

/** A township of the demo with a boundary (搬经镇), and its county. */
const TOWNSHIP = '320682116';
const COUNTY = '320682';

export interface HostileCase {
  /** Folder name, and the test's name. */
  name: string;
  /** What is wrong, in a few words. */
  what: string;
  /** The file and column the refusal must name. */
  file: string;
  column: string;
  /** Exactly one of the refusal's lines must match it; every line must name `file` and `column`. */
  message: RegExp;
  /** Breaks a copy of the demo in `dir`; `scratch` is a folder for temporary files. */
  breakIt: (dir: string, scratch: string) => Promise<void> | void;
}

/** A closed ring of `n` + 1 positions around the township's seat, about 3 km across. */
function circle(n: number): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) ring.push([120.55 + 0.03 * Math.cos((2 * Math.PI * i) / n), 32.3 + 0.03 * Math.sin((2 * Math.PI * i) / n)]);
  ring.push([...(ring[0] as Position)]);
  return ring;
}

/** Replaces the township's boundary by `wkb`, via a file that native DuckDB reads with read_blob. */
async function setTownshipGeometry(dir: string, scratch: string, wkb: Uint8Array, name: string): Promise<void> {
  const path = join(scratch, `${name}.wkb`);
  writeFileSync(path, wkb);
  await rewriteTable(
    dir,
    'regions.parquet',
    `SELECT * REPLACE (CASE WHEN code = ${literal(TOWNSHIP)} THEN (SELECT content FROM read_blob(${literal(path)})) ELSE geometry END AS geometry) FROM t`,
  );
}

const replaceWhere = (column: string, value: string, where: string) => `SELECT * REPLACE (CASE WHEN ${where} THEN ${value} ELSE ${column} END AS ${column}) FROM t`;
const firstOf = (column: string) => `${column} = (SELECT min(${column}) FROM t)`;

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    name: 'nan-label',
    what: 'a township label point with a NaN longitude',
    file: 'regions.parquet',
    column: 'label_lng',
    message: /^regions\.parquet：列 label_lng 有 1 行坐标不是有效数字（NaN 或无穷大）（例如 code 320682116）$/,
    breakIt: (dir) => rewriteTable(dir, 'regions.parquet', replaceWhere('label_lng', "'NaN'::DOUBLE", `code = ${literal(TOWNSHIP)}`)),
  },
  {
    name: 'infinite-station',
    what: 'a station at longitude +Infinity',
    file: 'stations.parquet',
    column: 'lng',
    message: /^stations\.parquet：列 lng 有 1 行坐标不是有效数字（NaN 或无穷大）（例如 station_id \S+）$/,
    breakIt: (dir) => rewriteTable(dir, 'stations.parquet', replaceWhere('lng', "'Infinity'::DOUBLE", firstOf('station_id'))),
  },
  {
    name: 'negative-infinite-water',
    what: 'a water point at latitude -Infinity',
    file: 'water_points.parquet',
    column: 'lat',
    message: /^water_points\.parquet：列 lat 有 1 行坐标不是有效数字（NaN 或无穷大）（例如 point_id \S+）$/,
    breakIt: (dir) => rewriteTable(dir, 'water_points.parquet', replaceWhere('lat', "'-Infinity'::DOUBLE", firstOf('point_id'))),
  },
  {
    name: 'point-elsewhere',
    what: 'a water point 4° east of a county whose boundary is surveyed',
    file: 'water_points.parquet',
    column: 'lng',
    message: /^water_points\.parquet：列 lng 有 1 行坐标超出县域范围（经度 120\.\d+–120\.\d+，纬度 \S+：县级边界的外包范围外扩 10 公里）（例如 point_id \S+：124\.\d+）$/,
    breakIt: async (dir) => {
      await rewriteTable(dir, 'regions.parquet', replaceWhere('boundary_schematic', 'false', `code = ${literal(COUNTY)}`));
      await rewriteTable(dir, 'water_points.parquet', replaceWhere('lng', 'lng + 4', firstOf('point_id')));
    },
  },
  {
    name: 'garbage-wkb',
    what: 'a boundary of garbage bytes (byte-order flag 222)',
    file: 'regions.parquet',
    column: 'geometry',
    message: /^regions\.parquet：列 geometry 有 1 个边界不是有效的 WKB 数据（字节序标志无效）（例如 code 320682116）$/,
    breakIt: (dir) => rewriteTable(dir, 'regions.parquet', replaceWhere('geometry', "from_hex('de0badc0ffee00112233445566778899')", `code = ${literal(TOWNSHIP)}`)),
  },
  {
    name: 'vertex-budget',
    what: 'a boundary of 120,000 vertices (over the budget of 100,000 a boundary), decoded to count them',
    file: 'regions.parquet',
    column: 'geometry',
    message: /^regions\.parquet：列 geometry 有 1 个边界的顶点超过每个边界 100,000 个的上限（例如 code 320682116：120,001 个顶点）。请先简化边界再抽取$/,
    breakIt: (dir, scratch) => setTownshipGeometry(dir, scratch, encodeWkbPolygon([circle(120_000)]), 'vertex-budget'),
  },
  {
    name: 'huge-polygon',
    what: 'a boundary of 2,000,000 vertices (32 MB), refused by its size before it is decoded',
    file: 'regions.parquet',
    column: 'geometry',
    message: /^regions\.parquet：列 geometry 有 1 个边界的数据量过大（例如 code 320682116：30\.5 MB），超出每个边界 100,000 个顶点的上限。请先简化边界再抽取$/,
    breakIt: (dir, scratch) => setTownshipGeometry(dir, scratch, encodeWkbPolygon([circle(2_000_000)]), 'huge-polygon'),
  },
  {
    name: 'long-name',
    what: 'a region name of 10 MB (3,500,000 characters)',
    file: 'regions.parquet',
    column: 'name',
    message: /^regions\.parquet：列 name 有 1 行超过 100 个字符（例如 code 320682116，长 3,500,000 个字符）$/,
    breakIt: (dir) => rewriteTable(dir, 'regions.parquet', replaceWhere('name', "repeat('长', 3500000)", `code = ${literal(TOWNSHIP)}`)),
  },
  {
    name: 'visit-1900',
    what: "one child's visits dated 1900-01-01",
    file: 'visits.parquet',
    column: 'visited_on',
    message: /^visits\.parquet：列 visited_on 有 \d+ 行日期不在 2000-01-01 至 2026-10-31（数据截止日期）之间（例如 child_key [0-9a-f]+：1900-01-01）$/,
    breakIt: (dir) => rewriteTable(dir, 'visits.parquet', replaceWhere('visited_on', "DATE '1900-01-01'", firstOf('child_key'))),
  },
  {
    name: 'visit-2100',
    what: "one child's visits dated 2100-01-01",
    file: 'visits.parquet',
    column: 'visited_on',
    message: /^visits\.parquet：列 visited_on 有 \d+ 行日期不在 2000-01-01 至 2026-10-31（数据截止日期）之间（例如 child_key [0-9a-f]+：2100-01-01）$/,
    breakIt: (dir) => rewriteTable(dir, 'visits.parquet', replaceWhere('visited_on', "DATE '2100-01-01'", firstOf('child_key'))),
  },
  {
    name: 'enrolment-2100',
    what: 'a child enrolled on 2100-06-01',
    file: 'children.parquet',
    column: 'enrolled_on',
    message: /^children\.parquet：列 enrolled_on 有 1 行日期不在 2000-01-01 至 2026-10-31（数据截止日期）之间（例如 child_key [0-9a-f]+：2100-06-01）$/,
    breakIt: (dir) => rewriteTable(dir, 'children.parquet', replaceWhere('enrolled_on', "DATE '2100-06-01'", firstOf('child_key'))),
  },
  {
    name: 'manifest-parent',
    what: 'a manifest whose visits table is ../visits.parquet',
    file: 'manifest.json',
    column: 'tables',
    message: /^manifest\.json：tables 中数据表 visits 的文件名 \.\.\/visits\.parquet 无效（应为同一目录下的 \.parquet 文件）$/,
    breakIt: (dir) => editManifest(dir, (m) => ((m.tables as Record<string, string>).visits = '../visits.parquet')),
  },
  {
    name: 'manifest-url',
    what: 'a manifest whose stations table is on another server',
    file: 'manifest.json',
    column: 'tables',
    message: /^manifest\.json：tables 中数据表 stations 的文件名 https:\/\/example\.com\/stations\.parquet 无效（应为同一目录下的 \.parquet 文件）$/,
    breakIt: (dir) => editManifest(dir, (m) => ((m.tables as Record<string, string>).stations = 'https://example.com/stations.parquet')),
  },
  {
    name: 'manifest-long-name',
    what: 'a manifest whose area name is 1,000,000 characters long',
    file: 'manifest.json',
    column: 'area_name',
    message: /^manifest\.json：字段 area_name（最高层级区划名称）超过 100 个字符（长 1,000,000 个字符）$/,
    breakIt: (dir) => editManifest(dir, (m) => (m.area_name = '县'.repeat(1_000_000))),
  },
  // harden-memory: a 3M-row table over the memory budget belongs here (file, column and message of its refusal).
];

/** Writes every case (or those named) as a folder under `root`, each a broken copy of the demo; returns root. */
export async function writeHostileExtracts(root: string, names?: readonly string[]): Promise<string> {
  const scratch = join(root, '.scratch');
  mkdirSync(scratch, { recursive: true });
  for (const c of HOSTILE_CASES) {
    if (names && !names.includes(c.name)) continue;
    const dir = join(root, c.name);
    cpSync(DEMO_DIR, dir, { recursive: true });
    await c.breakIt(dir, scratch);
  }
  return root;
}

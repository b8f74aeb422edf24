import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CombineError, runCombine } from '../../src/cli/combine/run';
import { writeAggregates } from '../../src/cli/write-aggregates';
import { writeExtract } from '../../src/cli/write-extract';
import { rowsOf } from '../../src/db/connector';
import { loadExtract } from '../../src/db/load-extract';
import { createNativeConnector, parquetPassThrough } from '../../src/db/native-engine';
import { AGGREGATE_TABLE_NAMES } from '../../src/extract/schema';
import { aggregateParts } from '../../src/measures/aggregates';
import { riskMixSql } from '../../src/measures/risk-mix';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { CITY, countyManifest, countyTables, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { editManifest, rewriteTable, truncateFile } from '../support/break-extract';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-combine-'));
const qd = join(root, 'qidong');
const rg = join(root, 'rugao');
const out = join(root, 'nantong');
const profiles = [BUILTIN_PROFILES[0]!];
const lines: string[] = [];

/** A copy of an input, changed by `change`. */
async function copyOf(dir: string, name: string, change: (d: string) => void | Promise<void>): Promise<string> {
  const copy = join(root, name);
  cpSync(dir, copy, { recursive: true });
  await change(copy);
  return copy;
}

async function refusal(inputs: string[], target = join(root, 'refused')): Promise<string[]> {
  try {
    await runCombine(inputs, target, { profiles });
  } catch (e) {
    if (e instanceof CombineError) return e.problems;
    throw e;
  }
  return [];
}

beforeAll(async () => {
  await writeExtract(qd, countyManifest(QIDONG), countyTables(QIDONG));
  // 如皋市's bureau made its extract earlier: as of 2026-10-20.
  await writeExtract(rg, { ...countyManifest(RUGAO), as_of: '2026-10-20' }, countyTables(RUGAO));
  // As `npm run extract` would: each county's own aggregates, to compare the city's with.
  for (const dir of [qd, rg]) await writeAggregates(dir, { profiles });
  mkdirSync(out);
  writeFileSync(join(out, 'previous.txt'), 'the previous output');
  await runCombine([qd, rg], out, { profiles, onProgress: (line) => lines.push(line) });
}, 600_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run combine', () => {
  it('merges two county extracts into a city extract, one file per county, stating its as-of rule', () => {
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(m).toMatchObject({ format_version: 2, area_level: 'city', area_code: CITY, area_name: '南通市', as_of: '2026-10-31' });
    expect(m.counties).toMatchObject([
      { code: QIDONG, name: '启东市', as_of: '2026-10-31', rows: { children: 5, visits: 1 } },
      { code: RUGAO, name: '如皋市', as_of: '2026-10-20', rows: { children: 4, visits: 1 } },
    ]);
    expect(m.as_of_rule).toBe(
      '各县数据截止日期不同：合并数据的截止日期取最晚的 2026-10-31；有 1 个县截止日期较早（最早 2026-10-20），这些县在各自截止日期之后的月份没有记录，其走访合规等指标在这些月份偏低，不宜与其他县直接比较',
    );
    expect(readdirSync(out)).not.toContain('previous.txt');
    expect(readdirSync(out)).toContain(`children.${RUGAO}.parquet`);
    expect(lines[0]).toMatch(/^合并进度 \[1\/8\] 读取并校验 /);
    // Every input checked before any aggregate is computed; then one county at a time, then the city and province.
    expect(lines.slice(4, 6)).toEqual([expect.stringMatching(/^合并进度 \[5\/8\] 计算 启东市（320681）及其乡镇、村的汇总表/), expect.stringMatching(/^合并进度 \[6\/8\] 计算 如皋市（320682）/)]);
    expect(lines.at(-1)).toMatch(/^合并进度 \[8\/8\] 用本机 DuckDB 由各县汇总表合计出市、省两级/);
  });

  it('gives the city the sum of its counties, in its aggregates and from its raw rows in the app', { timeout: 120_000 }, async () => {
    const conn = await createNodeConnector();
    try {
      const loaded = await loadExtract(conn, folderSource(out), decodeParquetNode);
      expect(loaded.rowCounts).toMatchObject({ regions: 9, children: 9, visits: 2, stations: 4, staff: 3, water_points: 2 });
      const city = rowsOf<Record<string, number | string>>(await conn.query(`SELECT code, name, children, red, yellow, blue, green, ungraded FROM (${riskMixSql({ level: 'city', asOf: '2026-10-31' })})`));
      expect(city).toEqual([{ code: CITY, name: '南通市', children: 8, red: 3, yellow: 1, blue: 1, green: 2, ungraded: 1 }]);
      const agg = async (dir: string, level: string) => {
        const instance = await DuckDBInstance.create(':memory:');
        const native = await instance.connect();
        try {
          const sql = `SELECT region_code, children, red, green, ungraded FROM read_parquet('${join(dir, 'agg_risk.parquet')}') WHERE level = '${level}' AND month = '2026-10' ORDER BY region_code`;
          return (await native.runAndReadAll(sql)).getRowObjectsJson();
        } finally {
          native.closeSync();
          instance.closeSync();
        }
      };
      // Each county's own aggregates (启东市 at 10-31, 如皋市 at its 10-20) add up to the city's.
      expect(await agg(qd, 'county')).toEqual([{ region_code: QIDONG, children: 5, red: 1, green: 1, ungraded: 1 }]);
      expect(await agg(rg, 'county')).toEqual([{ region_code: RUGAO, children: 3, red: 2, green: 1, ungraded: 0 }]);
      expect(await agg(out, 'city')).toEqual([{ region_code: CITY, children: 8, red: 3, green: 2, ungraded: 1 }]);
      expect(await agg(out, 'province')).toEqual([{ region_code: '32', children: 8, red: 3, green: 2, ungraded: 1 }]);
    } finally {
      conn.close();
    }
  });

  it('writes city and province rows equal to the builders run over the whole merged extract, every table', async () => {
    const conn = await createNativeConnector();
    try {
      const loaded = await loadExtract(conn, folderSource(out), parquetPassThrough);
      for (const t of AGGREGATE_TABLE_NAMES) {
        const [first, ...rest] = aggregateParts(t, { asOf: loaded.manifest.as_of, profiles, levels: ['province', 'city'] });
        await conn.run(`CREATE OR REPLACE TEMP TABLE oracle AS ${first as string}`);
        for (const p of rest) await conn.run(`INSERT INTO oracle ${p}`);
        const file = join(out, `${t}.parquet`);
        const differing = await conn.rows(`SELECT count(*) AS n FROM ((SELECT * FROM oracle EXCEPT ALL SELECT * FROM read_parquet('${file}') WHERE level IN ('city', 'province'))
          UNION ALL (SELECT * FROM read_parquet('${file}') WHERE level IN ('city', 'province') EXCEPT ALL SELECT * FROM oracle))`);
        expect([t, Number(differing[0]?.n)]).toEqual([t, 0]);
      }
      // Not a comparison of nulls: 南通市's township targets give it a target progress (2 + 1 stations targeted).
      expect(await conn.rows(`SELECT target_village_stations, target_progress FROM read_parquet('${join(out, 'agg_stations.parquet')}') WHERE level = 'city' AND month = '2026-10'`)).toEqual([
        { target_village_stations: 3, target_progress: 2 / 3 },
      ]);
    } finally {
      conn.close();
    }
  }, 300_000);

  it('refuses extracts of different format versions, naming both manifests', async () => {
    const v1 = join(root, 'qidong-v1');
    await writeExtract(v1, countyManifest(QIDONG, 1), countyTables(QIDONG));
    expect(await refusal([v1, rg])).toEqual([
      `${join(rg, 'manifest.json')}：数据格式为第 2 版，而 ${join(v1, 'manifest.json')} 为第 1 版。请先用同一版本的关爱一张图重新制作各县的数据抽取，再合并`,
    ]);
  });

  it('merges version-1 county extracts made by an older tool', async () => {
    const a = join(root, 'v1-qd');
    const b = join(root, 'v1-rg');
    await writeExtract(a, countyManifest(QIDONG, 1), countyTables(QIDONG));
    await writeExtract(b, countyManifest(RUGAO, 1), countyTables(RUGAO));
    const { manifest } = await runCombine([a, b], join(root, 'v1-out'), { profiles });
    expect(manifest).toMatchObject({ format_version: 2, area_code: CITY, counties: [{ code: QIDONG }, { code: RUGAO }] });
  }, 600_000);

  it('refuses the same county twice', async () => {
    const again = await copyOf(qd, 'qidong-again', () => undefined);
    expect(await refusal([qd, rg, again])).toEqual([`县 ${QIDONG}（启东市）出现了两次：${join(qd, 'manifest.json')} 和 ${join(again, 'manifest.json')}`]);
  });

  it('refuses regions that do not nest, naming the file', async () => {
    const moved = await copyOf(qd, 'qidong-moved', async (d) => {
      await rewriteTable(d, 'regions.parquet', `SELECT * REPLACE (CASE WHEN code = '320681001' THEN '320699001' ELSE code END AS code, CASE WHEN parent_code = '320681001' THEN '320699001' ELSE parent_code END AS parent_code) FROM t`);
      for (const file of ['stations.parquet', 'staff.parquet']) await rewriteTable(d, file, `SELECT * REPLACE (CASE WHEN region_code = '320681001' THEN '320699001' ELSE region_code END AS region_code) FROM t`);
    });
    expect(await refusal([moved, rg])).toEqual([`${moved}/regions.parquet：列 parent_code 有 3 行的上级区划代码不是其代码的开头或不是上一级（例如 code 320681001001，parent_code 320699001）`]);
  });

  it('refuses stations and staff registered at the city, naming the file and column; keeps those at the county', async () => {
    // A county extract may hold its city's row and register a station or supervisor there; a combined extract cannot.
    const above = await copyOf(qd, 'qidong-city-station', async (d) => {
      await rewriteTable(d, 'regions.parquet', `SELECT * FROM t UNION ALL SELECT * REPLACE ('${CITY}' AS code, '南通市' AS name, 'city' AS level, 'city' AS unit_type, NULL AS parent_code, NULL AS geometry, NULL AS boundary_schematic) FROM t WHERE level = 'county'`);
      await rewriteTable(d, 'stations.parquet', `SELECT * FROM t UNION ALL SELECT * REPLACE ('QD-CITY' AS station_id, '${CITY}' AS region_code, 'county_centre' AS kind) FROM t WHERE station_id = 'QD-H1'`);
      await rewriteTable(d, 'staff.parquet', `SELECT * FROM t UNION ALL SELECT * REPLACE ('QD-CS' AS staff_key, '${CITY}' AS region_code) FROM t WHERE staff_key = 'QD-S1'`);
    });
    const advice = '。合并后的数据按县存放每一行，无法保留这些行；请在该县的数据抽取中把它们登记到所在的县（市、区）、乡镇（街道）或村（社区），或删去后再合并';
    expect(await refusal([above, rg])).toEqual([
      `${above}/stations.parquet：列 region_code 有 1 行登记在县级以上的区划（例如 ${CITY} 南通市）${advice}`,
      `${above}/staff.parquet：列 region_code 有 1 行登记在县级以上的区划（例如 ${CITY} 南通市）${advice}`,
    ]);
    // 如皋市's county centre (region_code = the county) is carried, in 如皋市's file.
    const conn = await createNodeConnector();
    try {
      await loadExtract(conn, folderSource(out), decodeParquetNode);
      expect(rowsOf(await conn.query(`SELECT station_id, region_code FROM stations WHERE kind = 'county_centre'`))).toEqual([{ station_id: 'RG-C', region_code: RUGAO }]);
    } finally {
      conn.close();
    }
  });

  it('refuses a key found in two counties, checked across the written county files', async () => {
    // 如皋市's child a6 given 启东市's child a1's key, in every table that names it.
    const clash = await copyOf(rg, 'rugao-clash', async (d) => {
      for (const file of ['children.parquet', 'colour_assessments.parquet', 'visits.parquet']) {
        await rewriteTable(d, file, `SELECT * REPLACE (CASE WHEN child_key = '00000000000000a6' THEN '00000000000000a1' ELSE child_key END AS child_key) FROM t`);
      }
    });
    const target = join(root, 'clash-out');
    expect(await refusal([qd, clash], target)).toEqual([
      `${target}/children.{county}.parquet：主键 child_key 有 1 组重复`,
      `${target}/colour_assessments.{county}.parquet：主键 child_key + assessed_on 有 1 组重复`,
    ]);
  }, 120_000);

  it('refuses a corrupt file, naming it', async () => {
    const broken = await copyOf(qd, 'qidong-broken', (d) => truncateFile(d, 'visits.parquet'));
    const problems = await refusal([broken, rg]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${broken}/visits\\.parquet：不是有效的 Parquet 文件或文件已损坏`));
  });

  it('refuses a manifest that is not JSON, and an unknown future version', async () => {
    const garbled = await copyOf(qd, 'qidong-garbled', (d) => writeFileSync(join(d, 'manifest.json'), '{"format": "care-atlas-extract",'));
    const future = await copyOf(rg, 'rugao-future', (d) => editManifest(d, (m) => (m.format_version = 3)));
    expect(await refusal([garbled, future])).toEqual([
      `${join(garbled, 'manifest.json')}：不是有效的 JSON 文件，可能已损坏`,
      `${future}/manifest.json：数据格式版本为 3，本系统只支持到第 2 版。请升级关爱一张图后再载入`,
    ]);
  });

  it('leaves the previous output untouched when it fails, and no temporary folder behind', async () => {
    const target = join(root, 'kept');
    mkdirSync(target);
    writeFileSync(join(target, 'manifest.json'), '{"kept": true}');
    const broken = await copyOf(qd, 'qidong-broken-2', (d) => truncateFile(d, 'children.parquet'));
    expect((await refusal([rg, broken], target)).length).toBe(1);
    expect(readFileSync(join(target, 'manifest.json'), 'utf8')).toBe('{"kept": true}');
    expect(readdirSync(root).filter((f) => f.includes('combining'))).toEqual([]);
  }, 120_000);
});

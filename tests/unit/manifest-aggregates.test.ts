import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/extract/manifest';

const demo = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../data/demo/manifest.json'), 'utf8')) as Record<string, unknown>;
const withAggregates = (aggregates: unknown) => ({ ...demo, aggregates });
const errors = (json: unknown) => {
  const r = parseManifest(json);
  return r.ok ? [] : r.errors;
};

describe("the manifest's aggregates entry", () => {
  it('is optional: a manifest without it (format v1 as before) is accepted, and so is the demo’s', () => {
    const { aggregates, ...v1 } = demo;
    expect(aggregates).toBeDefined();
    expect(errors(v1)).toEqual([]);
    expect(errors(demo)).toEqual([]);
  });

  it('names known aggregate tables in files beside the manifest, months and profile ids, or is refused in Chinese', () => {
    expect(errors(withAggregates({ tables: { agg_risk: '../agg_risk.parquet', agg_other: 'x.parquet' }, months: ['2026-10'], profiles: ['guanyun-2022'] }))).toEqual([
      'manifest.json：aggregates.tables 中数据表 agg_risk 的文件名 ../agg_risk.parquet 无效（应为同一目录下的 .parquet 文件）',
      'manifest.json：aggregates.tables 中有未知的数据表 agg_other',
    ]);
    expect(errors(withAggregates({ tables: {}, months: ['2026-13'], profiles: 'guanyun-2022' }))).toEqual([
      'manifest.json：字段 aggregates.months（汇总月份（YYYY-MM））的类型或取值不正确',
      'manifest.json：字段 aggregates.profiles（汇总所用走访规则）的类型或取值不正确',
    ]);
    expect(errors(withAggregates([]))).toEqual(['manifest.json：字段 aggregates（预先汇总表：表名 → 文件名、月份、走访规则）的类型或取值不正确']);
  });
});

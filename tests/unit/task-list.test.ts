import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildExportTable, exportToCsv, exportToXlsx, type ExportMeta } from '../../src/export/table-export';
import { safeFileName } from '../../src/export/download';
import { guardianshipTasks, responsibleUnit, riskTasks, stationTasks, taskListTable, visitTasks, waterTasks, type TaskItem } from '../../src/export/task-list';
import type { RiskMixRow } from '../../src/measures/risk-mix';
import type { VillageGapRow } from '../../src/measures/station-coverage';
import type { WaterPointRow } from '../../src/measures/water-safety';
import { auditTable } from '../support/disclosure-audit';

const meta: ExportMeta = { title: '如皋市关爱阵地短板督办清单', asOf: '2026-10-31', source: '示例生成器', synthetic: true, threshold: 5 };

const gap = (name: string, township: string, children: number, has_station = false, has_director = true): VillageGapRow => ({
  code: name,
  name,
  township_code: township,
  township_name: township,
  has_station,
  has_director,
  children,
});

const csvLines = (csv: string) => csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

describe('responsibleUnit', () => {
  it('names the township-level body', () => {
    expect(responsibleUnit('丁堰镇')).toBe('丁堰镇人民政府');
    expect(responsibleUnit('某某乡')).toBe('某某乡人民政府');
    expect(responsibleUnit('如城街道')).toBe('如城街道办事处');
    expect(responsibleUnit('如皋经济技术开发区')).toBe('如皋经济技术开发区管理委员会');
    expect(responsibleUnit('某某农场')).toBe('某某农场');
  });
});

describe('督办清单', () => {
  const rows = [gap('甲村', '丁堰镇', 12), gap('乙村', '丁堰镇', 3, false, false), gap('丙社区', '如城街道', 7, true, false), gap('丁村', '白蒲镇', 0)];

  it('has the columns, 序号, problems, responsible units, empty columns for the bureau and a suppressed 合计', () => {
    const t = taskListTable(stationTasks(rows), meta);
    expect(t.header).toEqual(['序号', '乡镇（街道）', '村（社区）', '问题', '涉及儿童数', '责任单位', '整改时限', '整改情况']);
    expect(t.rows[0]).toEqual([1, '丁堰镇', '甲村', '未建成正常运行的儿童关爱服务站点', 12, '丁堰镇人民政府', null, null]);
    expect(t.rows[1]?.slice(3, 6)).toEqual(['未建成正常运行的儿童关爱服务站点，且未配备儿童主任', '<5', '丁堰镇人民政府']);
    expect(t.rows[2]?.slice(3, 6)).toEqual(['未配备儿童主任', 7, '如城街道办事处']);
    // The one "<5" has a shown zero as partner: it becomes "<5" too, and the total stays.
    expect(t.rows[3]?.[4]).toBe('<5');
    expect(t.rows[4]).toEqual(['合计', null, null, null, 22, null, null, null]);
  });

  it('writes CSV with title, metadata (as-of date, source, synthetic mark, suppression note) and notes', () => {
    const lines = csvLines(exportToCsv(taskListTable(stationTasks(rows), meta)));
    expect(lines[0]).toBe('如皋市关爱阵地短板督办清单');
    expect(lines[1]).toBe('截至日期：2026-10-31');
    expect(lines[2]).toBe('数据来源：示例生成器');
    expect(lines[3]).toContain('示例数据');
    expect(lines[4]).toContain('“<5”');
    expect(lines[5]).toBe('序号,乡镇（街道）,村（社区）,问题,涉及儿童数,责任单位,整改时限,整改情况');
    expect(lines[7]).toBe('2,丁堰镇,乙村,未建成正常运行的儿童关爱服务站点，且未配备儿童主任,<5,丁堰镇人民政府,,');
    expect(lines[10]).toBe('合计,,,,22,,,');
    expect(lines[11]).toContain('责任单位');
    expect(csvLines(exportToCsv(taskListTable(stationTasks(rows), { ...meta, synthetic: false }))).join('\n')).not.toContain('示例数据');
  });

  it('writes the same table as XLSX, numbers as numbers and suppressed cells as text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(exportToXlsx(taskListTable(stationTasks(rows), meta), '督办清单')) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe(meta.title);
    expect(ws.getCell('A2').value).toBe('截至日期：2026-10-31');
    expect(ws.getRow(6).getCell(5).value).toBe('涉及儿童数');
    expect(ws.getCell('E7').value).toBe(12);
    expect(ws.getCell('E8').value).toBe('<5');
    expect(ws.getCell('F8').value).toBe('丁堰镇人民政府');
    expect(ws.getCell('G8').value).toBeNull();
    expect(ws.getCell('A11').value).toBe('合计');
    expect(ws.getCell('E11').value).toBe(22);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
  });

  it('never lets the 合计 give a hidden count away (checked by the auditor)', () => {
    for (const counts of [[12, 3, 9], [3, 12, 40, 7], [1, 1, 30], [4, 4, 10], [2, 0, 0, 50]]) {
      const items: TaskItem[] = counts.map((n, i) => ({ township: '丁堰镇', village: `村${i}`, problem: 'x', children: n }));
      const t = taskListTable(items, meta);
      const col = t.rows.map((r) => String(r[4]));
      const total = col.pop() as string;
      expect(auditTable({ threshold: 5, cells: col.map((c) => [c]), rowTotals: null, columnTotals: [total], grandTotal: null }).determined, JSON.stringify(counts)).toEqual([]);
    }
  });

  it('visits and risk: children affected are the overdue / ungraded children; risk rows name the right level', () => {
    expect(visitTasks([{ code: 'v', name: '甲村', township_code: 't', township_name: '丁堰镇', due_now: 30, overdue: 6 }])).toEqual([
      { township: '丁堰镇', village: '甲村', problem: '儿童主任走访逾期', children: 6 },
    ]);
    const r = { code: 'x', name: '丁堰镇', children: 40, ungraded: 2 } as RiskMixRow;
    expect(riskTasks([r], { level: 'county', name: '如皋市' })[0]).toMatchObject({ township: '丁堰镇', village: null, children: 2 });
    expect(riskTasks([{ ...r, name: '甲村' }], { level: 'township', name: '丁堰镇' })[0]).toMatchObject({ township: '丁堰镇', village: '甲村' });
  });

  it('water: one item per point, the village count suppressed once per village', () => {
    const point = (id: string, village: string, children: number, extra: Partial<WaterPointRow> = {}): WaterPointRow => ({
      point_id: id,
      village_code: village,
      village_name: village,
      township_code: 't',
      township_name: '丁堰镇',
      lng: 0,
      lat: 0,
      water_type: 'pond',
      has_sign: false,
      has_ring: true,
      has_rope: false,
      has_pole: true,
      items_present: 2,
      last_inspected_on: null,
      days_since_inspection: null,
      inspection_overdue: false,
      children_in_village: children,
      ...extra,
    });
    const items = waterTasks([point('P1', '甲村', 3), point('P2', '甲村', 3, { inspection_overdue: true }), point('P3', '乙村', 20), point('P4', '丙村', 9)]);
    expect(items[0]?.problem).toBe('池塘点位（P1）缺警示牌、救生绳');
    expect(items[1]?.problem).toBe('池塘点位（P2）缺警示牌、救生绳，且巡查逾期');
    const t = taskListTable(items, meta);
    expect(t.rows.map((r) => r[4])).toEqual(['<5', '<5', 20, '*', 32]);
  });
});

describe('plain list exports', () => {
  type Row = { name: string; children: number; red: number };
  const columns = [
    { header: '区域', value: (r: Row) => r.name },
    { header: '在册儿童', count: (r: Row) => r.children },
    { header: '红色', count: (r: Row) => r.red },
    { header: '红色占比', rate: { numerator: (r: Row) => r.red, denominator: (r: Row) => r.children } },
  ];

  it('suppresses each count column against its total, and hides rates that would give a count away', () => {
    const t = buildExportTable(columns, [
      { name: 'A', children: 40, red: 10 },
      { name: 'B', children: 30, red: 2 },
      { name: 'C', children: 4, red: 0 },
      { name: 'D', children: 50, red: 20 },
    ], meta);
    expect(t.rows).toEqual([
      ['A', 40, 10, { percent: 0.25 }],
      ['B', '*', '<5', '—'],
      ['C', '<5', '<5', '—'],
      ['D', 50, 20, { percent: 0.4 }],
      ['合计', 124, 32, null],
    ]);
    expect(csvLines(exportToCsv(t))[9]).toBe('D,50,20,40.0%');
  });

  it('writes no 合计 row without count columns, and makes file names safe', () => {
    const t = buildExportTable([{ header: '区域', value: (r: { n: string }) => r.n }], [{ n: 'A' }], meta);
    expect(t.rows).toEqual([['A']]);
    expect(safeFileName('如皋市_督办清单/阵地:2026-10-31.xlsx')).toBe('如皋市_督办清单_阵地_2026-10-31.xlsx');
  });
});

describe('guardianshipTasks', () => {
  const village = (name: string, out_of_school: number, agreement_unsigned: number) =>
    ({ code: name, name, township_name: '丁堰镇', out_of_school, agreement_unsigned }) as Parameters<typeof guardianshipTasks>[0][number];
  it('gives one item per problem of a village, none for a problem it does not have', () => {
    const items = guardianshipTasks([village('甲村', 2, 7), village('乙村', 0, 3), village('丙村', 1, 0)]);
    expect(items.map((it) => [it.village, it.problem, it.children])).toEqual([
      ['甲村', '有失学辍学儿童，需劝返复学', 2],
      ['甲村', '有留守儿童未签订委托照护协议', 7],
      ['乙村', '有留守儿童未签订委托照护协议', 3],
      ['丙村', '有失学辍学儿童，需劝返复学', 1],
    ]);
    const csv = csvLines(exportToCsv(taskListTable(items, meta)));
    // The counts below 5 are suppressed like every 督办清单's.
    expect(csv.filter((l) => /^\d/.test(l)).map((l) => l.split(',')[4])).toEqual(['<5', '7', '<5', '<5']);
  });
});

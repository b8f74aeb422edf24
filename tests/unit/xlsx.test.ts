import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnName, textWidth, writeXlsx, type XlsxSheet } from '../../src/export/xlsx';

async function read(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as never);
  return wb;
}

const sheet: XlsxSheet = {
  name: '督办清单',
  title: '如皋市 关爱阵地短板 督办清单',
  meta: ['截至日期：2026-10-31', '数据来源：示例', '示例数据（虚构）', '小数抑制：…'],
  header: ['序号', '村（社区）', '涉及儿童数', '比例', '备注'],
  rows: [
    [1, 'A & <B> "村"', 12, { percent: 0.8 }, null],
    [2, '=HYPERLINK("http://x")', '<5', null, '+1'],
    [3, '丁堰镇', '*', { percent: 1 }, '-x'],
    ['合计', '', 20, null, '@sum'],
  ],
  notes: ['注：“<5”表示0至4名。'],
};

describe('XLSX writer', () => {
  it('writes a workbook exceljs reads back: title, metadata, header, typed cells, notes', async () => {
    const wb = await read(writeXlsx(sheet));
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('督办清单');
    expect(ws.getCell('A1').value).toBe(sheet.title);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect([2, 3, 4, 5].map((r) => ws.getCell(`A${r}`).value)).toEqual(sheet.meta);
    const header = ws.getRow(6);
    expect([1, 2, 3, 4, 5].map((c) => header.getCell(c).value)).toEqual(sheet.header);
    expect(header.getCell(1).font?.bold).toBe(true);
    // Numbers are numbers, suppressed cells text, strings escaped and intact.
    expect(ws.getCell('A7').value).toBe(1);
    expect(ws.getCell('B7').value).toBe('A & <B> "村"');
    expect(ws.getCell('C7').value).toBe(12);
    expect(ws.getCell('D7').value).toBe(0.8);
    expect(ws.getCell('D7').numFmt).toBe('0.0%');
    expect(ws.getCell('E7').value).toBeNull();
    expect(ws.getCell('C8').value).toBe('<5');
    expect(ws.getCell('C9').value).toBe('*');
    expect(ws.getCell('C10').value).toBe(20);
    expect(ws.getCell('A11').value).toBe(sheet.notes![0]);
  });

  it('keeps formula-looking strings as text with a quote prefix, never as formulas', async () => {
    const bytes = writeXlsx(sheet);
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']!);
    expect(xml).not.toContain('<f>');
    const ws = (await read(bytes)).worksheets[0]!;
    for (const ref of ['B8', 'E8', 'E9', 'E10']) {
      const cell = ws.getCell(ref);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    expect(ws.getCell('B8').value).toBe('=HYPERLINK("http://x")');
    const styles = strFromU8(unzipSync(bytes)['xl/styles.xml']!);
    expect(styles).toContain('quotePrefix="1"');
    expect(xml).toMatch(/<c r="B8" s="4" t="s">/);
  });

  it('freezes the rows down to the header, and sets column widths', async () => {
    const ws = (await read(writeXlsx(sheet))).worksheets[0]!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(textWidth('=HYPERLINK("http://x")'));
    const fixed = (await read(writeXlsx({ ...sheet, columnWidths: [6, 30, 12, 8, 8] }))).worksheets[0]!;
    expect(fixed.getColumn(2).width).toBe(30);
  });

  it('drops characters XML cannot hold and cleans the sheet name', async () => {
    const ws = (await read(writeXlsx({ ...sheet, name: 'a/b[c]:d*e?f\\g 这是一个非常非常非常非常非常长的工作表名称', rows: [['x\u0001y', 1]] }))).worksheets[0]!;
    expect(ws.getCell('A7').value).toBe('xy');
    expect(ws.name.length).toBeLessThanOrEqual(31);
    expect(ws.name).not.toMatch(/[[\]:*?/\\]/);
  });

  it('is a zip with the parts Excel needs, and reproducible', () => {
    const a = writeXlsx(sheet);
    expect(Object.keys(unzipSync(a)).sort()).toEqual(
      ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'].sort(),
    );
    expect(writeXlsx(sheet)).toEqual(a);
  });

  it('names columns and measures CJK text as double width', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(textWidth('ab')).toBe(2);
    expect(textWidth('丁堰镇')).toBe(6);
  });
});

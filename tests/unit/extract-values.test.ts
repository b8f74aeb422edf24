import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { distanceMetres, fromWgs84, toWgs84, type LngLat } from '../../src/cli/extract/coords';
import { identifierKind } from '../../src/cli/extract/forbidden';
import { ageBand, ageInYears, idCheckChar, parseIdNumber, saltedKey } from '../../src/cli/extract/identity';
import { parseMapping, stripJsonComments } from '../../src/cli/extract/mapping';
import { decodeText, findHeader, readGrid, SourceError } from '../../src/cli/extract/read-source';
import { normalizeCode, RegionIndex, type Region } from '../../src/cli/extract/regions';
import { BUILTIN_VOCABULARIES, lookup, parseCoordinate, parseDate, quoteValue } from '../../src/cli/extract/values';
import { encodeGbk, excelSerial, fakeIdNumber, withBadCheckDigit } from '../fixtures/raw/raw-county';

const scratch = mkdtempSync(join(tmpdir(), 'care-atlas-extract-values-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('dates as county spreadsheets hold them', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024 年 3 月 5 日', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024-03-05 14:30:00', '2024-03-05'],
    ['２０２４－０３－０５', '2024-03-05'],
    [String(excelSerial('2024-03-05')), '2024-03-05'],
  ])('%s → %s', (text, iso) => expect(parseDate(text)).toBe(iso));

  it('reads Excel serial numbers (1900 system, with or without a time) and Date cells in UTC', () => {
    expect(excelSerial('2024-03-05')).toBe(45356);
    expect(parseDate(45356)).toBe('2024-03-05');
    expect(parseDate(45356.75)).toBe('2024-03-05');
    expect(parseDate(45356 - 1462, true)).toBe('2024-03-05');
    expect(parseDate(new Date(Date.UTC(2024, 2, 5)))).toBe('2024-03-05');
    expect(parseDate(20240305)).toBe('2024-03-05');
  });

  it('refuses what is not a date', () => {
    for (const bad of ['2024-02-30', '2024/13/1', '2024', '3/5/2024', '明天', '', 'abc']) expect(parseDate(bad)).toBeNull();
    expect(parseDate(2024)).toBeNull();
    expect(parseDate(true)).toBeNull();
  });
});

describe('ID numbers', () => {
  it('computes the GB 11643 check character (including X)', () => {
    const id = fakeIdNumber('2016-05-01', 1, 'M', true);
    expect(id).toMatch(/^99999920160501\d{3}X$/);
    expect(idCheckChar(id.slice(0, 17))).toBe('X');
    expect(Number(id[16]) % 2).toBe(1);
  });

  it('normalizes a lower-case x, spaces, an apostrophe and full-width digits to one number', () => {
    const id = fakeIdNumber('2019-12-12', 12, 'F', true);
    const parsed = parseIdNumber(id);
    expect(parsed).toEqual({ ok: true, normalized: id, birthDate: '2019-12-12', sex: 'F' });
    for (const variant of [id.toLowerCase(), ` ${id} `, `'${id}`, `\t${id}`, `="${id}"`, id.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))]) {
      expect(parseIdNumber(variant)).toEqual(parsed);
    }
  });

  it('rejects a bad check digit, Excel numbers, 15-digit numbers and impossible birth dates, without echoing the number', () => {
    const id = fakeIdNumber('2012-11-20', 2, 'F');
    expect(parseIdNumber(withBadCheckDigit(id))).toEqual({ ok: false, problem: 'bad_check' });
    expect(parseIdNumber(Number(id.slice(0, 17)) * 10)).toEqual({ ok: false, problem: 'excel_number' });
    expect(parseIdNumber('9.99999E+17')).toEqual({ ok: false, problem: 'excel_number' });
    expect(parseIdNumber('999999120520021')).toEqual({ ok: false, problem: 'fifteen_digits' });
    const feb30 = '99999920120230001';
    expect(parseIdNumber(feb30 + idCheckChar(feb30))).toEqual({ ok: false, problem: 'bad_birth_date' });
    expect(parseIdNumber('')).toEqual({ ok: false, problem: 'empty' });
  });

  it('ages and bands at the as-of date', () => {
    expect(ageInYears('2016-05-01', '2026-10-31')).toBe(10);
    expect(ageInYears('2008-11-01', '2026-10-31')).toBe(17);
    expect(ageInYears('2008-10-31', '2026-10-31')).toBe(18);
    expect([0, 2, 3, 5, 6, 11, 12, 14, 15, 17].map(ageBand)).toEqual(['0-2', '0-2', '3-5', '3-5', '6-11', '6-11', '12-14', '12-14', '15-17', '15-17']);
    expect(ageBand(18)).toBeNull();
    expect(ageBand(-1)).toBeNull();
  });

  it('keys are HMAC-SHA256 hex truncated to 32, stable per salt and different across salts', () => {
    const a = new TextEncoder().encode('salt-one-0123456789');
    const b = new TextEncoder().encode('salt-two-0123456789');
    const id = fakeIdNumber('2016-05-01', 1, 'M', true);
    expect(saltedKey(a, id)).toMatch(/^[0-9a-f]{32}$/);
    expect(saltedKey(a, id)).toBe(saltedKey(a, id));
    expect(saltedKey(a, id)).not.toBe(saltedKey(b, id));
  });
});

describe('coordinates', () => {
  // Reference values from gcoord 1.0.7 (npm), whose forward formulas are the published ones.
  const REFERENCE: { wgs: LngLat; gcj: LngLat; bd: LngLat }[] = [
    { wgs: [120.5, 32.4], gcj: [120.50451108336475, 32.39795560526105], bd: [120.51098146933539, 32.404057524682166] },
    { wgs: [116.397428, 39.90923], gcj: [116.40367162595768, 39.91063350638631], bd: [116.41004410170474, 39.916972856075134] },
  ];

  it('converts WGS84 to GCJ-02 and BD-09 exactly as the published formulas', () => {
    for (const { wgs, gcj, bd } of REFERENCE) {
      const g = fromWgs84(wgs, 'GCJ-02');
      const b = fromWgs84(wgs, 'BD-09');
      expect(g[0]).toBeCloseTo(gcj[0], 10);
      expect(g[1]).toBeCloseTo(gcj[1], 10);
      expect(b[0]).toBeCloseTo(bd[0], 10);
      expect(b[1]).toBeCloseTo(bd[1], 10);
    }
  });

  it('converts GCJ-02 and BD-09 back to WGS84 within a millimetre', () => {
    for (const { wgs, gcj, bd } of REFERENCE) {
      expect(distanceMetres(toWgs84(gcj, 'GCJ-02'), wgs)).toBeLessThan(0.001);
      expect(distanceMetres(toWgs84(bd, 'BD-09'), wgs)).toBeLessThan(0.001);
      expect(distanceMetres(gcj, wgs)).toBeGreaterThan(100);
    }
    expect(toWgs84([120.5, 32.5], 'CGCS2000')).toEqual([120.5, 32.5]);
    expect(toWgs84([-70, 40], 'GCJ-02')).toEqual([-70, 40]);
  });

  it('reads decimal and degree–minute–second text', () => {
    expect(parseCoordinate('120.5')).toBe(120.5);
    expect(parseCoordinate('东经120.5')).toBe(120.5);
    expect(parseCoordinate('32.25N')).toBe(32.25);
    expect(parseCoordinate('120°30\'0"')).toBeCloseTo(120.5, 10);
    expect(parseCoordinate('120度30分36秒')).toBeCloseTo(120.51, 10);
    expect(parseCoordinate('abc')).toBeNull();
  });
});

describe('reading sources', () => {
  it('decodes UTF-8 with and without BOM, and falls back to GB18030 for GBK bytes', () => {
    const text = '儿童姓名,所属村（社区）\n测试,甲一村\n';
    expect(decodeText(new TextEncoder().encode(text)).encoding).toBe('UTF-8');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toEqual({ text, encoding: 'UTF-8（带BOM）' });
    const gbk = decodeText(encodeGbk(text));
    expect(gbk).toEqual({ text, encoding: 'GB18030（GBK）' });
    expect(decodeText(encodeGbk(text), 'gbk').text).toBe(text);
  });

  it('reads a CSV into cells, keeping blank records so row numbers match Excel', async () => {
    const path = join(scratch, 'quoted.csv');
    writeFileSync(path, 'a;b\r\n"x; y";"say ""hi"""\r\n\r\nc; \n"multi\nline";d\n');
    expect(await readGrid(path)).toEqual({
      rows: [['a', 'b'], ['x; y', 'say "hi"'], [null], ['c', null], ['multi\nline', 'd']],
      sheet: null,
      encoding: 'UTF-8',
      date1904: false,
    });
  });

  it('refuses a CSV with an unclosed quote, naming the line and column where it opens', async () => {
    const path = join(scratch, 'unclosed.csv');
    writeFileSync(path, '姓名,村\r\n测试,"甲一村\r\n测试二,甲二村\r\n');
    const read = readGrid(path);
    await expect(read).rejects.toBeInstanceOf(SourceError);
    await expect(read).rejects.toThrow(
      'CSV 第 2 行第 2 列：这一格以英文引号 " 开头，但到文件末尾都没有对应的结束引号，无法判断这一格在哪里结束。请检查这一格：格内的引号应写成两个 ""，或去掉开头的引号',
    );
  });

  it('finds a two-row merged header below a title row in an XLSX, by leaf or full name', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['2026年困境儿童名单']);
    ws.mergeCells('A1:D1');
    ws.addRow(['序号', '基本信息', null, '联系']);
    ws.addRow([null, '性别', '出生日期', '出生日期']);
    ws.mergeCells('A2:A3');
    ws.mergeCells('B2:C2');
    ws.addRow([1, '男', new Date(Date.UTC(2015, 2, 5)), 45000]);
    const path = join(scratch, 'header.xlsx');
    await wb.xlsx.writeFile(path);
    const grid = await readGrid(path);
    expect(grid.sheet).toBe('名单');
    const header = findHeader(grid, ['性别', '基本信息/出生日期'], {});
    expect(header).toMatchObject({ row: 2, rows: 2 });
    expect(header.names).toEqual(['序号', '基本信息/性别', '基本信息/出生日期', '联系/出生日期']);
    expect(() => findHeader(grid, ['出生日期'], {})).toThrow(/对应多列/);
    expect(() => findHeader(grid, ['性别', '民族'], {})).toThrow(/找不到映射中的列：「民族」/);
    expect(findHeader(grid, ['性别'], { row: 2, rows: 2 }).rows).toBe(2);
  });
});

describe('identifying headers', () => {
  it.each([
    ['儿童姓名', 'name'],
    ['监护人', 'name'],
    ['公民身份号码', 'id_number'],
    ['身份证号', 'id_number'],
    ['联系电话', 'phone'],
    ['手机号码', 'phone'],
    ['家庭住址', 'address'],
    ['就读学校', 'school'],
    ['银行卡号', 'account'],
    ['残疾证号', 'certificate'],
    ['备注', 'free_text'],
    ['走访内容', 'free_text'],
    ['微信号', 'contact'],
  ])('%s is %s', (header, kind) => expect(identifierKind(header)).toBe(kind));

  it.each(['儿童类别', '所属村（社区）', '走访日期', '走访方式', '走访人身份', '风险等级', '是否残疾', '出生日期', '儿童编号', '站点编号', '名称'])('%s is not identifying', (header) =>
    expect(identifierKind(header)).toBeNull(),
  );
});

describe('vocabularies and quoting', () => {
  it('maps the usual Chinese words to codes', () => {
    const v = BUILTIN_VOCABULARIES;
    expect(['红', '红色', '高风险'].map((w) => lookup(v.colour as Map<string, string>, w))).toEqual(['red', 'red', 'red']);
    expect(['入户走访', '上门', '电话', '电话询访', '视频'].map((w) => lookup(v.mode as Map<string, string>, w))).toEqual(['home', 'home', 'phone', 'phone', 'video']);
    expect(lookup(v.mode as Map<string, string>, '询访')).toBeUndefined();
    expect(lookup(v.colour as Map<string, string>, '橙色')).toBeUndefined();
  });

  it('never quotes something that looks like an ID or phone number', () => {
    expect(quoteValue(fakeIdNumber('2016-05-01', 1, 'M'))).toBe('（疑似号码，已隐去）');
    expect(quoteValue('13900000001')).toBe('（疑似号码，已隐去）');
    expect(quoteValue('询访')).toBe('询访');
  });
});

describe('division codes and names', () => {
  const region = (code: string, name: string, level: Region['level'], parentCode: string | null): Region => ({
    code,
    name,
    level,
    unitType: 'other',
    parentCode,
    label: null,
    labelSource: null,
    polygons: null,
    schematic: false,
    targetHomes: null,
    targetStations: null,
  });
  const index = new RegionIndex([
    region('999999', '测试县', 'county', null),
    region('999999001', '甲镇', 'township', '999999'),
    region('999999002', '乙街道', 'township', '999999'),
    region('999999001002', '新华村', 'village', '999999001'),
    region('999999002002', '新华村委会', 'village', '999999002'),
  ]);

  it('normalizes zero-padded 12-digit codes', () => {
    expect(normalizeCode('999999000000')).toBe('999999');
    expect(normalizeCode('999999001000')).toBe('999999001');
    expect(normalizeCode('999999001002')).toBe('999999001002');
    expect(normalizeCode('99999')).toBeNull();
  });

  it('finds a village by code, by unique name, and by name within a township; says when a name is ambiguous', () => {
    expect(index.resolve('999999001002', 'village', '村')).toEqual({ ok: true, code: '999999001002' });
    expect(index.resolve('999999001', 'village', '村')).toMatchObject({ ok: false });
    // An exact name wins; without one, names match with their committee suffix taken off (新华 ~ 新华村委会).
    expect(index.resolve('新华村', 'village', '村')).toEqual({ ok: true, code: '999999001002' });
    expect(index.resolve('新华村民委员会', 'village', '村')).toMatchObject({ ok: false, reason: expect.stringContaining('有 2 个') });
    expect(index.resolve('新华', 'village', '村', '乙街道')).toEqual({ ok: true, code: '999999002002' });
    expect(index.resolve('新华', 'village', '村', '999999001')).toEqual({ ok: true, code: '999999001002' });
    expect(index.resolve('甲镇', 'any', '区划')).toEqual({ ok: true, code: '999999001' });
    expect(index.resolve('999999009009', 'village', '村')).toMatchObject({ ok: false, reason: expect.stringContaining('不在区划表中') });
  });
});

describe('the mapping file', () => {
  it('reads JSON with comments and trailing commas, keeping // inside strings', () => {
    expect(JSON.parse(stripJsonComments('{ // c\n "a": "http://x", /* b */ "b": [1, 2,], }'))).toEqual({ a: 'http://x', b: [1, 2] });
    expect(JSON.parse(stripJsonComments('{ "a": "x,]", "b": "say \\"hi,}\\"", }'))).toEqual({ a: 'x,]', b: 'say "hi,}"' });
  });

  it('lists every problem at once, in Chinese', () => {
    const mapping = { county: { code: '9999' }, asOf: '2026/10/31', regions: { file: 'r.csv', columns: { code: '代码' } }, sources: [{ file: 'c.csv', table: 'kids', columns: {} }] };
    let problems: string[] = [];
    try {
      parseMapping(JSON.stringify(mapping), join(scratch, 'm.jsonc'));
    } catch (e) {
      problems = (e as { problems: string[] }).problems;
    }
    expect(problems).toEqual(
      // county.name and divisionCodeEdition may be left out: they come from the built-in reference by the code.
      expect.arrayContaining([
        'county.code 应为6位数字，实际为 9999',
        'asOf 应为 YYYY-MM-DD 格式的日期，实际为 2026/10/31',
        'regions（r.csv）：columns 须给出 name',
        expect.stringContaining('sources[0]：table 应为 children、'),
      ]),
    );
  });

  it('refuses targets outside the schema and a direct child_key, and says why', () => {
    const mapping = {
      county: { code: '999999', name: '测试县' },
      asOf: '2026-10-31',
      divisionCodeEdition: '2023',
      regions: { file: 'r.csv', columns: { code: '代码', name: '名称', geometry: '边界' } },
      sources: [{ file: 'c.csv', table: 'children', identity: { idNumber: '身份证' }, columns: { village_code: '村', categories: '类别', name: '姓名', phone: '电话', child_key: '编号' } }],
    };
    const { refused, mapping: parsed } = parseMapping(JSON.stringify(mapping), join(scratch, 'm.jsonc'));
    expect(refused.map((r) => r.target)).toEqual(['geometry', 'name', 'phone', 'child_key']);
    expect(refused[3]?.reason).toContain('加盐计算');
    expect(Object.keys(parsed.sources[0]?.columns ?? {})).toEqual(['village_code', 'categories']);
  });
});

/**
 * Reads a source spreadsheet into a grid of cells, with the row numbers a person sees when opening it in Excel:
 * CSV (UTF-8 with or without BOM, GBK/GB18030, UTF-16 from Excel's “Unicode text”; comma, tab or semicolon) and
 * XLSX (any sheet; merged cells read as their top-left value). Then finds the header: one or more rows whose
 * cells name the mapped columns, below any title rows.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { CsvError, detectDelimiter, parseCsvRows, type CsvRow } from '../csv/parse-csv';
import { normalizeHeader } from './forbidden';
import { cellText, type RawCell } from './values';

export const ENCODINGS = ['auto', 'utf-8', 'gbk', 'gb18030', 'utf-16le'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface Grid {
  /** Row i of the sheet is rows[i - 1]. */
  rows: RawCell[][];
  /** The sheet's name (XLSX) or null (CSV). */
  sheet: string | null;
  /** The encoding a CSV was decoded with (after detection). */
  encoding: string | null;
  /** XLSX workbooks in the 1904 date system shift serial numbers. */
  date1904: boolean;
}

/** A problem reading a source, with a Chinese message for the person running the tool. */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

/** Decodes CSV bytes: a BOM decides; else valid UTF-8 is UTF-8; else GB18030 (a superset of GBK and GB2312). */
export function decodeText(bytes: Uint8Array, encoding: Encoding = 'auto'): { text: string; encoding: string } {
  const has = (...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
  if (encoding === 'auto') {
    if (has(0xef, 0xbb, 0xbf)) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8（带BOM）' };
    if (has(0xff, 0xfe)) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
    if (has(0xfe, 0xff)) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
    } catch {
      return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030（GBK）' };
    }
  }
  const label = encoding === 'gbk' ? 'gb18030' : encoding;
  const text = new TextDecoder(label, { ignoreBOM: false }).decode(bytes);
  return { text, encoding: encoding.toUpperCase() };
}

/** Reads a CSV file into a grid (parsed by ../csv/parse-csv); malformed CSV is a SourceError naming the line. */
function readCsv(path: string, encoding: Encoding, delimiter: string | undefined): Grid {
  const { text, encoding: used } = decodeText(new Uint8Array(readFileSync(path)), encoding);
  let records: CsvRow[];
  try {
    records = parseCsvRows(text, delimiter ?? detectDelimiter(text));
  } catch (e) {
    if (e instanceof CsvError) throw new SourceError(csvErrorMessage(e));
    throw e;
  }
  const rows = records.map((r) => r.fields.map((f): RawCell => (f.trim() === '' ? null : f)));
  return { rows, sheet: null, encoding: used, date1904: false };
}

/** A CsvError in words for the person running the tool. */
function csvErrorMessage(e: CsvError): string {
  if (e.kind === 'unclosed-quote') {
    return `CSV 第 ${e.line} 行第 ${e.field ?? '?'} 列：这一格以英文引号 " 开头，但到文件末尾都没有对应的结束引号，无法判断这一格在哪里结束。请检查这一格：格内的引号应写成两个 ""，或去掉开头的引号`;
  }
  return `CSV 第 ${e.line} 行格式有误（${e.message}）`;
}

// ---------------------------------------------------------------------------------------------------------------
// XLSX

/** An exceljs cell value as a plain cell: rich text joined, formulas as their cached result, hyperlinks as text. */
export function plainCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return plainCell((v.richText as { text?: string }[]).map((t) => t.text ?? '').join(''));
    if ('result' in v) return plainCell(v.result);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if ('text' in v) return plainCell(v.text);
    if ('error' in v) return null;
  }
  return null;
}

/**
 * Why a file named .xlsx could not be read, from its first bytes: an .xlsx is a zip archive ("PK"), so one that
 * starts like a zip but does not open is damaged or incomplete; an OLE2 container is an old .xls (or a
 * password-protected workbook); anything else is not a workbook at all.
 */
export function xlsxFailure(bytes: Uint8Array): string {
  const starts = (...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
  if (bytes.length === 0) return '文件是空的（0 字节）：请重新从系统导出或重新复制该文件';
  if (starts(0x50, 0x4b)) return 'Excel 文件已损坏或不完整（.xlsx 是一个压缩包，这个文件无法解开，常见原因是复制或下载没有完成）：请重新从系统导出或重新复制该文件，并确认能在 Excel 或 WPS 中打开';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return '这个文件不是 .xlsx 格式，而是旧版 .xls 格式（或设置了打开密码的工作簿）：请在 Excel 或 WPS 中打开，不设密码另存为 .xlsx';
  return '这个文件不是 Excel 工作簿（扩展名是 .xlsx，内容却不是，可能是改了扩展名的 CSV 或网页）：请确认文件，CSV 请改回 .csv 扩展名';
}

async function readXlsx(path: string, sheet: string | number | undefined): Promise<Grid> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch {
    throw new SourceError(xlsxFailure(readFileSync(path)));
  }
  const names = wb.worksheets.map((w) => w.name);
  let ws: ExcelJS.Worksheet | undefined;
  if (sheet === undefined) ws = wb.worksheets[0];
  else if (typeof sheet === 'number') ws = wb.worksheets[sheet - 1];
  else ws = wb.worksheets.find((w) => w.name.trim() === sheet.trim());
  if (!ws) throw new SourceError(`找不到工作表 ${JSON.stringify(sheet)}；文件中的工作表为：${names.join('、') || '（无）'}`);
  const rows: RawCell[][] = [];
  const width = ws.columnCount;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: RawCell[] = [];
    for (let c = 1; c <= width; c++) cells.push(plainCell(row.getCell(c).value));
    rows.push(cells);
  }
  const props = wb.properties as { date1904?: boolean } | undefined;
  return { rows, sheet: ws.name, encoding: null, date1904: props?.date1904 === true };
}

export interface ReadOptions {
  sheet?: string | number;
  encoding?: Encoding;
  delimiter?: string;
}

/** Reads a .csv/.txt/.tsv or .xlsx file into a grid. */
export async function readGrid(path: string, options: ReadOptions = {}): Promise<Grid> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return readXlsx(path, options.sheet);
  if (ext === '.xls') throw new SourceError('不支持旧版 .xls 文件，请先在 Excel 或 WPS 中另存为 .xlsx 或 CSV');
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return readCsv(path, options.encoding ?? 'auto', options.delimiter ?? (ext === '.tsv' ? '\t' : undefined));
  throw new SourceError(`不支持的文件类型 ${ext || '（无扩展名）'}：请使用 .xlsx 或 .csv`);
}

// ---------------------------------------------------------------------------------------------------------------
// Headers

export interface Header {
  /** 1-based row of the first header row. */
  row: number;
  /** Number of header rows (2 for a merged two-row header). */
  rows: number;
  /** One display name per column: the header rows' texts joined with “/”, repeats (merged cells) dropped. */
  names: string[];
}

/** Column names of a header spanning rows [row, row + count). */
export function headerNames(grid: Grid, row: number, count: number): string[] {
  const slice = grid.rows.slice(row - 1, row - 1 + count);
  const width = Math.max(0, ...slice.map((r) => r.length));
  const names: string[] = [];
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (const r of slice) {
      const t = cellText(r[c] ?? null).replace(/\s+/g, ' ').trim();
      if (t !== '' && parts[parts.length - 1] !== t) parts.push(t);
    }
    names.push(parts.join('/'));
  }
  return names;
}

/**
 * Where `wanted` (a mapped column name) is among `names`: an exact match of the whole name, else of its last
 * part (the lower header row), else of its parts run together. Returns the column indexes that match best.
 */
export function findColumn(names: readonly string[], wanted: string): number[] {
  const w = normalizeHeader(wanted);
  const whole: number[] = [];
  const leaf: number[] = [];
  const joined: number[] = [];
  names.forEach((name, i) => {
    if (name === '') return;
    const parts = name.split('/').map(normalizeHeader);
    if (parts.join('/') === w) whole.push(i);
    else if (parts[parts.length - 1] === w) leaf.push(i);
    else if (parts.join('') === w.replace(/\//g, '')) joined.push(i);
  });
  return whole.length > 0 ? whole : leaf.length > 0 ? leaf : joined;
}

const MAX_HEADER_SCAN = 30;

/**
 * The header: fixed by `row`/`rows` when given, else the first row (and the fewest rows from it, up to 3) where
 * every wanted column is found exactly once. Throws a SourceError naming the missing columns otherwise.
 */
export function findHeader(grid: Grid, wanted: readonly string[], fixed: { row?: number; rows?: number }): Header {
  const unique = [...new Set(wanted)];
  const missing = (names: readonly string[]) => unique.filter((w) => findColumn(names, w).length !== 1);
  if (fixed.row !== undefined) {
    const rows = fixed.rows ?? 1;
    const names = headerNames(grid, fixed.row, rows);
    const bad = missing(names);
    if (bad.length > 0) throw new SourceError(missingMessage(bad, names, fixed.row, rows));
    return { row: fixed.row, rows, names };
  }
  let best: { score: number; names: string[]; row: number; rows: number } | null = null;
  const last = Math.min(grid.rows.length, MAX_HEADER_SCAN);
  for (let row = 1; row <= last; row++) {
    // A title row (one text, often merged across the sheet) is never the start of a header of several columns.
    const distinct = new Set((grid.rows[row - 1] ?? []).map((c) => cellText(c)).filter((t) => t !== ''));
    if (distinct.size <= 1 && unique.length > 1) continue;
    const counts = fixed.rows !== undefined ? [fixed.rows] : [1, 2, 3];
    for (const rows of counts) {
      if (row + rows - 1 > grid.rows.length) continue;
      const names = headerNames(grid, row, rows);
      const bad = missing(names);
      if (bad.length === 0) return { row, rows, names };
      // Columns found more than once still show where the header is, for the message.
      const score = unique.length - bad.length + 0.5 * bad.filter((w) => findColumn(names, w).length > 1).length;
      if (!best || score > best.score) best = { score, names, row, rows };
    }
  }
  const names = best?.names ?? [];
  throw new SourceError(missingMessage(missing(names), names, best?.row ?? 1, best?.rows ?? 1, true));
}

function missingMessage(bad: readonly string[], names: readonly string[], row: number, rows: number, detected = false): string {
  const ambiguous = bad.filter((w) => findColumn(names, w).length > 1);
  const absent = bad.filter((w) => !ambiguous.includes(w));
  const parts: string[] = [];
  if (absent.length > 0) parts.push(`找不到映射中的列：${absent.map((w) => `「${w}」`).join('、')}`);
  if (ambiguous.length > 0) parts.push(`以下列名对应多列，请写出完整的两行表头（如「基本信息/出生日期」）：${ambiguous.map((w) => `「${w}」`).join('、')}`);
  const where = rows > 1 ? `第 ${row}–${row + rows - 1} 行` : `第 ${row} 行`;
  const shown = names.filter((n) => n !== '');
  parts.push(`${detected ? '最接近的表头在' : '表头'}${where}：${shown.map((n) => `「${n}」`).join('、') || '（空）'}`);
  if (detected) parts.push('可在映射中用 headerRow（表头所在行）和 headerRows（表头行数）指定');
  return parts.join('；');
}

/**
 * A minimal XLSX (Office Open XML spreadsheet) writer: one workbook, one sheet — a bold title row, metadata rows
 * (截至日期, 数据来源, 示例数据, 小数抑制), a bold header row frozen under them, data rows and optional footnote
 * rows. Numbers are written as numbers (rates as numbers with a percent format), everything else as shared
 * strings, so a suppressed "<5" or "*" stays text. Strings are XML-escaped, stripped of characters XML cannot
 * hold, and those that look like formulas (= + - @) get Excel's quote prefix, so they stay text even when edited.
 * Zipped with fflate; no other dependency, no DOM.
 */
import { strToU8, zipSync } from 'fflate';

/** A number shown as a percentage (0.8 → 80.0%). */
export interface PercentValue {
  percent: number;
}

export type XlsxValue = string | number | PercentValue | null;

export interface XlsxSheet {
  /** Sheet tab name (cut to 31 characters; []:*?/\ replaced). */
  name: string;
  title: string;
  /** Lines under the title, one per row, e.g. "截至日期：2026-10-31". */
  meta: string[];
  header: string[];
  rows: XlsxValue[][];
  /** Lines after the data (footnotes). */
  notes?: string[];
  /** Column widths in characters; computed from the header and data when absent. */
  columnWidths?: number[];
}

const STYLE = { normal: 0, bold: 1, title: 2, percent: 3, quoted: 4 } as const;

/** Whether XML 1.0 can hold this character (tab, line feed and carriage return are the only controls allowed). */
function xmlChar(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) && c !== 0xfffe && c !== 0xffff;
}

export function xmlEscape(s: string): string {
  return [...s]
    .filter(xmlChar)
    .join('')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

export function looksLikeFormula(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s);
}

/** "A", "B", … "Z", "AA", … for a 0-based column index. */
export function columnName(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Display width of a text in Excel character units: CJK and full-width characters count twice. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) || ch.codePointAt(0)! > 0xffff ? 2 : 1;
  return w;
}

function sheetName(name: string): string {
  const clean = name.replace(/[[\]:*?/\\]/g, '_').trim();
  return (clean || 'Sheet1').slice(0, 31);
}

export function writeXlsx(sheet: XlsxSheet): Uint8Array {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const sst = (s: string) => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };

  const rowsXml: string[] = [];
  let rowNo = 0;
  const addRow = (cells: XlsxValue[], style: number = STYLE.normal) => {
    rowNo++;
    const out: string[] = [];
    cells.forEach((value, c) => {
      const ref = `${columnName(c)}${rowNo}`;
      if (value === null || value === '') return;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) return;
        out.push(`<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${value}</v></c>`);
      } else if (typeof value === 'object') {
        if (!Number.isFinite(value.percent)) return;
        out.push(`<c r="${ref}" s="${STYLE.percent}"><v>${value.percent}</v></c>`);
      } else {
        const s = looksLikeFormula(value) && style === STYLE.normal ? STYLE.quoted : style;
        out.push(`<c r="${ref}"${s ? ` s="${s}"` : ''} t="s"><v>${sst(value)}</v></c>`);
      }
    });
    rowsXml.push(`<row r="${rowNo}">${out.join('')}</row>`);
  };

  addRow([sheet.title], STYLE.title);
  for (const line of sheet.meta) addRow([line]);
  addRow(sheet.header, STYLE.bold);
  const headerRow = rowNo;
  for (const row of sheet.rows) addRow(row);
  for (const line of sheet.notes ?? []) addRow([line]);

  const ncol = Math.max(1, sheet.header.length);
  const widths =
    sheet.columnWidths ??
    Array.from({ length: ncol }, (_, c) => {
      const texts = [sheet.header[c] ?? '', ...sheet.rows.map((r) => {
        const v = r[c];
        return v === null || v === undefined ? '' : typeof v === 'object' ? '100.0%' : String(v);
      })];
      return Math.min(60, Math.max(6, ...texts.map(textWidth)) + 2);
    });
  const cols = widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`).join('');
  const lastRef = `${columnName(ncol - 1)}${Math.max(rowNo, 1)}`;

  const worksheet =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<dimension ref="A1:${lastRef}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${headerRow + 1}" sqref="A${headerRow + 1}"/></sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols}</cols>` +
    `<sheetData>${rowsXml.join('')}</sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '</worksheet>';

  const sharedStrings =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">` +
    strings.map((s) => `<si><t xml:space="preserve">${xmlEscape(s)}</t></si>`).join('') +
    '</sst>';

  const styles =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>' +
    '<fonts count="3">' +
    '<font><sz val="11"/><name val="等线"/><family val="2"/></font>' +
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font>' +
    '<font><b/><sz val="14"/><name val="等线"/><family val="2"/></font>' +
    '</fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="5">' +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/>' +
    '</cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>';

  const workbook =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<sheets><sheet name="${xmlEscape(sheetName(sheet.name))}" sheetId="1" r:id="rId1"/></sheets>` +
    '</workbook>';

  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '</Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
    'xl/workbook.xml': workbook,
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
      '</Relationships>',
    'xl/worksheets/sheet1.xml': worksheet,
    'xl/styles.xml': styles,
    'xl/sharedStrings.xml': sharedStrings,
  };
  // A fixed timestamp keeps the bytes reproducible.
  const mtime = new Date(2000, 0, 1);
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [strToU8(v), { mtime }]])), { level: 6 });
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

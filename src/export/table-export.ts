/**
 * A list on screen → an export (CSV or XLSX) with small-cell suppression. Pure: no DOM.
 *
 * - Every count column is suppressed as a list with a total (`suppressList`, or `suppressKeyedColumn` when rows
 *   repeat one unit's count), and the export ends with a 合计 row holding those totals: the total is what makes
 *   complementary suppression necessary, so it is printed rather than assumed.
 * - Count columns are suppressed independently: they are different measures of the same areas, not parts of a
 *   whole (see the disclosure model in suppression.ts).
 * - A rate column is hidden by `suppressRate` over its own numerator and denominator, and also whenever any count
 *   in the same row is hidden — a rate next to its denominator gives the numerator back, so this is the simple
 *   safe rule.
 * - The file starts with a title and metadata lines (截至日期, 数据来源, 示例数据 when synthetic, the suppression
 *   footnote).
 */
import { fileText } from '../i18n/zh-export';
import { gridToCsv } from './csv';
import { formatCell, HIDDEN_RATE_MARK, suppressionNote, suppressKeyedColumn, suppressList, suppressRate, type SuppressedCell } from './suppression';
import { writeXlsx, type XlsxValue } from './xlsx';

export interface ExportColumn<T> {
  header: string;
  /** A text or number that is not a count of children (names, yes/no, ranks…). */
  value?: (row: T) => string | number | null;
  /** A count of children: suppressed, and totalled. */
  count?: (row: T) => number;
  /** For a count column whose rows repeat one unit's count (water points of a village): the unit. */
  unitKey?: (row: T) => string;
  /** A rate (shown as a percentage). */
  rate?: { numerator: (row: T) => number; denominator: (row: T) => number };
  /** Width in characters for Excel; computed when absent. */
  width?: number;
}

export interface ExportMeta {
  title: string;
  /** The date the figures are as of (YYYY-MM-DD). */
  asOf: string;
  /** Where the data comes from (the extract's source systems). */
  source: string;
  synthetic: boolean;
  threshold: number;
  /** Extra footnotes after the data. */
  notes?: string[];
}

export interface ExportTable {
  meta: ExportMeta;
  header: string[];
  rows: XlsxValue[][];
  widths?: number[];
}

export function metaLines(meta: ExportMeta): string[] {
  return [fileText.asOf(meta.asOf), fileText.source(meta.source), ...(meta.synthetic ? [fileText.synthetic] : []), suppressionNote(meta.threshold)];
}

function cellValue(cell: SuppressedCell, threshold: number): XlsxValue {
  return cell.shown ? cell.value : formatCell(cell, threshold);
}

/** The export of `rows` in `columns`, suppressed, with a 合计 row when there are count columns. */
export function buildExportTable<T>(columns: readonly ExportColumn<T>[], rows: readonly T[], meta: ExportMeta): ExportTable {
  const T = meta.threshold;
  const counted = columns.map((c) => {
    if (!c.count) return null;
    const count = c.count;
    return c.unitKey ? suppressKeyedColumn(rows, c.unitKey, count, T) : suppressList(rows.map(count), T);
  });
  const out: XlsxValue[][] = rows.map((row, r) => {
    const anyHidden = counted.some((s) => s && !s.cells[r]?.shown);
    return columns.map((c, k): XlsxValue => {
      const s = counted[k];
      if (s) return cellValue(s.cells[r] as SuppressedCell, T);
      if (c.rate) {
        const cell = suppressRate(c.rate.numerator(row), c.rate.denominator(row), T, { numerator: anyHidden });
        return cell.shown ? { percent: cell.value } : HIDDEN_RATE_MARK;
      }
      return c.value ? c.value(row) : null;
    });
  });
  if (counted.some(Boolean) && rows.length > 0) {
    out.push(columns.map((_, k): XlsxValue => {
      const s = counted[k];
      if (s?.total) return cellValue(s.total, T);
      return k === 0 ? fileText.total : null;
    }));
  }
  const widths = columns.some((c) => c.width) ? columns.map((c) => c.width ?? 12) : undefined;
  return { meta, header: columns.map((c) => c.header), rows: out, widths };
}

function percentText(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

export function exportToCsv(t: ExportTable): string {
  const grid: (string | number | null)[][] = [
    [t.meta.title],
    ...metaLines(t.meta).map((l) => [l]),
    t.header,
    ...t.rows.map((r) => r.map((v) => (v !== null && typeof v === 'object' ? percentText(v.percent) : v))),
    ...(t.meta.notes ?? []).map((l) => [l]),
  ];
  return gridToCsv(grid);
}

export function exportToXlsx(t: ExportTable, sheetName: string): Uint8Array {
  return writeXlsx({ name: sheetName, title: t.meta.title, meta: metaLines(t.meta), header: t.header, rows: t.rows, notes: t.meta.notes, columnWidths: t.widths });
}


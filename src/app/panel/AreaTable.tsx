import { useState } from 'react';
import { downloadFile, safeFileName } from '../../export/download';
import { buildExportTable, exportToCsv, exportToXlsx, type ExportColumn, type ExportMeta } from '../../export/table-export';
import { taskListTable, type TaskItem } from '../../export/task-list';
import { XLSX_MIME } from '../../export/xlsx';
import { ui } from '../../i18n/zh';
import { fileText } from '../../i18n/zh-export';

export interface AreaColumn<T> {
  header: string;
  /** What the screen shows (the full value: staff are entitled to see it). */
  show: (row: T) => string;
  /** What an export writes, when not `show`; for a `count` column, the count. */
  csv?: (row: T) => string | number | null;
  /** A count of children: suppressed in exports (with complementary suppression against a 合计 row). */
  count?: boolean;
  /** A rate: exports write it as a percentage, hidden by the suppression rules for rates. */
  rate?: ExportColumn<T>['rate'];
  numeric?: boolean;
}

export interface AreaTableProps<T> {
  /** null while the query behind the table runs (shown as such, never as an empty list). */
  rows: T[] | null;
  columns: AreaColumn<T>[];
  rowKey: (row: T) => string;
  /** Clicking a row selects this area (the map flies there). */
  onSelect?: (row: T) => void;
  testId: string;
  /** File name (without extension) of exports; no export buttons when absent. */
  exportName?: string;
  /** Title and metadata lines of exports (required with `exportName`). */
  exportMeta?: ExportMeta;
  /** The rows exports write, when not the rows shown (e.g. every area, where the screen lists those with a gap). */
  exportRows?: T[];
  /** A gap list: exports are a 督办清单 built from these items instead of the table's columns. */
  taskList?: (rows: T[]) => TaskItem[];
  threshold: number;
  /** Rows shown before “show all”. */
  limit?: number;
  empty?: string;
}

/** How an on-screen column is exported. */
export function exportColumnOf<T>(c: AreaColumn<T>): ExportColumn<T> {
  if (c.count) {
    const value = c.csv ?? c.show;
    return { header: c.header, count: (row) => Number(value(row)) };
  }
  if (c.rate) return { header: c.header, rate: c.rate };
  return { header: c.header, value: c.csv ?? c.show };
}

/** A table of areas (a ranking, a gap list) with row selection and suppressed CSV / Excel exports. */
export function AreaTable<T>({ rows: given, columns, rowKey, onSelect, testId, exportName, exportMeta, exportRows, taskList, threshold, limit = 12, empty }: AreaTableProps<T>) {
  const [all, setAll] = useState(false);
  const rows = given ?? [];
  const shown = all ? rows : rows.slice(0, limit);
  const table = () => {
    const meta = exportMeta ?? { title: exportName ?? '', asOf: '', source: '', synthetic: false, threshold };
    const written = exportRows ?? rows;
    return taskList ? taskListTable(taskList(written), meta) : buildExportTable(columns.map(exportColumnOf), written, meta);
  };
  const exportCsv = () => downloadFile(safeFileName(`${exportName}.csv`), exportToCsv(table()), 'text/csv;charset=utf-8');
  const exportXlsx = () => downloadFile(safeFileName(`${exportName}.xlsx`), exportToXlsx(table(), taskList ? fileText.taskListWord : ui.gapList) as Uint8Array<ArrayBuffer>, XLSX_MIME);
  if (given === null)
    return (
      <p className="empty" data-testid={testId} aria-busy="true">
        {ui.loading}
      </p>
    );
  if (rows.length === 0) return <p className="empty" data-testid={testId}>{empty ?? ui.noRows}</p>;
  return (
    <div className="area-table">
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={rowKey(row)} data-code={rowKey(row)} onClick={onSelect ? () => onSelect(row) : undefined} className={onSelect ? 'clickable' : undefined}>
              {columns.map((c) => (
                <td key={c.header} className={c.numeric ? 'num' : undefined}>
                  {c.show(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="table-actions">
        {rows.length > limit && (
          <button type="button" onClick={() => setAll(!all)}>
            {all ? ui.showFewer : ui.showAll(rows.length)}
          </button>
        )}
        {exportName && (
          <>
            <button type="button" onClick={exportCsv} data-testid={`${testId}-csv`}>
              {taskList ? fileText.taskListCsv : fileText.exportCsv}
            </button>
            <button type="button" onClick={exportXlsx} data-testid={`${testId}-xlsx`}>
              {taskList ? fileText.taskListXlsx : fileText.exportXlsx}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

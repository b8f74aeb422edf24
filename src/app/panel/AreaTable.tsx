import { useState } from 'react';
import { downloadText, toCsv, type CsvColumn } from '../../export/csv';
import { ui } from '../../i18n/zh';

export interface AreaColumn<T> {
  header: string;
  /** What the screen shows (the full value: staff are entitled to see it). */
  show: (row: T) => string;
  /** What a CSV export writes; `count` columns are suppressed below the small-cell threshold. */
  csv?: CsvColumn<T>['value'];
  count?: boolean;
  numeric?: boolean;
}

export interface AreaTableProps<T> {
  rows: T[];
  columns: AreaColumn<T>[];
  rowKey: (row: T) => string;
  /** Clicking a row selects this area (the map flies there). */
  onSelect?: (row: T) => void;
  testId: string;
  /** File name (without extension) for the CSV export; no export button when absent. */
  exportName?: string;
  threshold: number;
  /** Rows shown before “show all”. */
  limit?: number;
  empty?: string;
}

/** A table of areas (a ranking, a gap list) with row selection and CSV export. */
export function AreaTable<T>({ rows, columns, rowKey, onSelect, testId, exportName, threshold, limit = 12, empty }: AreaTableProps<T>) {
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, limit);
  const exportCsv = () => {
    const csvColumns: CsvColumn<T>[] = columns.map((c) => ({ header: c.header, value: c.csv ?? c.show, count: c.count }));
    downloadText(`${exportName}.csv`, toCsv(csvColumns, rows, threshold));
  };
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
          <button type="button" onClick={exportCsv} data-testid={`${testId}-csv`}>
            {ui.exportCsv}
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * CSV for spreadsheets (UTF-8 with a BOM so Excel shows Chinese correctly). Counts below the extract's small-cell
 * threshold are written as "<N>" in columns marked `count`, so an exported list cannot single out a child.
 */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | null;
  /** A count of children: suppressed below the threshold. */
  count?: boolean;
}

export function suppressCount(n: number, threshold: number): string {
  return n > 0 && n < threshold ? `<${threshold}` : String(n);
}

function escape(cell: string): string {
  // Neutralise spreadsheet formulas, and quote what needs quoting.
  const safe = /^[=+\-@]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[], threshold: number): string {
  const lines = [columns.map((c) => escape(c.header)).join(',')];
  for (const row of rows) {
    lines.push(
      columns
        .map((c) => {
          const v = c.value(row);
          if (v === null) return '';
          if (c.count && typeof v === 'number') return escape(suppressCount(v, threshold));
          return escape(String(v));
        })
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Starts a download of `text` as `fileName` in the browser. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * CSV for spreadsheets (UTF-8 with a BOM so Excel shows Chinese correctly; CRLF lines; formula-looking cells
 * neutralised). `gridToCsv` writes a prepared grid — the app's exports go through src/export/table-export.ts, which
 * applies small-cell suppression with complementary suppression (src/export/suppression.ts) first. `toCsv` with
 * `count` columns is primary suppression only ("<N"), kept for callers that need nothing more.
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

/**
 * One cell, quoted where needed. A cell a spreadsheet could read as a formula (starting with = + - @, or with a tab
 * or carriage return, which some spreadsheets skip before looking for one) gets a leading apostrophe.
 */
export function escapeCsvCell(cell: string): string {
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[], threshold: number): string {
  const lines = [columns.map((c) => escapeCsvCell(c.header)).join(',')];
  for (const row of rows) {
    lines.push(
      columns
        .map((c) => {
          const v = c.value(row);
          if (v === null) return '';
          if (c.count && typeof v === 'number') return escapeCsvCell(suppressCount(v, threshold));
          return escapeCsvCell(String(v));
        })
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A grid of cells as CSV: null is an empty cell. */
export function gridToCsv(grid: readonly (readonly (string | number | null)[])[]): string {
  return `\uFEFF${grid.map((row) => row.map((v) => (v === null ? '' : escapeCsvCell(String(v)))).join(',')).join('\r\n')}\r\n`;
}

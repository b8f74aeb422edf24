/**
 * A source file loaded for extraction: its grid, its header, which mapped column is where, its data rows with
 * their sheet row numbers, and what the run must say about its identifying columns.
 */
import { findColumn, findHeader, readGrid, SourceError, type Grid, type Header } from './read-source';
import { identifierKind, IDENTIFIER_KIND_ZH, type IdentifierKind } from './forbidden';
import type { FileSpec, RefusedMapping, SourceSpec } from './mapping';
import { cellText, isBlank, type RawCell } from './values';

export interface IdentifyingColumn {
  header: string;
  kind: IdentifierKind;
  /** identity: read and turned into a salted key; refused: the mapping asked to write it; unread: not mapped. */
  use: 'identity' | 'refused' | 'unread';
}

export interface DataRow {
  row: number;
  cells: RawCell[];
}

export interface LoadedSource {
  spec: FileSpec | SourceSpec;
  /** File (and sheet) as the report names it. */
  label: string;
  grid: Grid;
  header: Header;
  /** Mapped source column name → column index. */
  columnIndex: Map<string, number>;
  rows: DataRow[];
  blankRows: number;
  identifying: IdentifyingColumn[];
}

/** Every source column name a spec reads: mapped columns and identity columns. */
export function wantedColumns(spec: FileSpec | SourceSpec): string[] {
  const wanted = Object.values(spec.columns).flat();
  if ('identity' in spec) {
    const { idNumber, number, combined } = spec.identity;
    if (idNumber) wanted.push(idNumber);
    if (number) wanted.push(number);
    if (combined) wanted.push(...combined);
  }
  return [...new Set(wanted)];
}

/**
 * Reads a source and finds its header. Mapped columns whose header looks like a direct identifier are removed
 * from `spec.columns` (so nothing downstream can write them) and added to `refused`; `table` is the extract table
 * (for the schema's exceptions: a region's name is not a person's).
 */
export async function loadSource(spec: FileSpec | SourceSpec, table: string, refused: RefusedMapping[]): Promise<LoadedSource> {
  const grid = await readGrid(spec.file, {
    ...(spec.sheet !== undefined ? { sheet: spec.sheet } : {}),
    ...(spec.encoding !== undefined ? { encoding: spec.encoding } : {}),
    ...(spec.delimiter !== undefined ? { delimiter: spec.delimiter } : {}),
  });
  const header = findHeader(grid, wantedColumns(spec), {
    ...(spec.headerRow !== undefined ? { row: spec.headerRow } : {}),
    ...(spec.headerRows !== undefined ? { rows: spec.headerRows } : {}),
  });
  const columnIndex = new Map<string, number>();
  for (const name of wantedColumns(spec)) columnIndex.set(name, findColumn(header.names, name)[0] as number);

  const identityColumns = new Set<number>();
  if ('identity' in spec) {
    const { idNumber, number, combined } = spec.identity;
    if (number && identifierKind(header.names[columnIndex.get(number) as number] ?? number) === 'name') {
      throw new SourceError(`identity.number 指向的「${number}」像是姓名列：姓名会重名，不能用来区分儿童或工作人员，请改用身份证号码或系统编号`);
    }
    for (const name of [idNumber, number, ...(combined ?? [])]) if (name) identityColumns.add(columnIndex.get(name) as number);
  }
  const refusedColumns = new Set<number>();
  for (const [target, sources] of Object.entries(spec.columns)) {
    if (table === 'regions' && target === 'name') continue;
    const bad = sources.filter((s) => identifierKind(header.names[columnIndex.get(s) as number] ?? s, table) !== null);
    if (bad.length === 0) continue;
    for (const s of bad) {
      const index = columnIndex.get(s) as number;
      refusedColumns.add(index);
      const kind = identifierKind(header.names[index] ?? s, table) as IdentifierKind;
      refused.push({ fileLabel: spec.fileLabel, target, source: s, reason: `源列「${header.names[index] ?? s}」疑似${IDENTIFIER_KIND_ZH[kind]}，不写入` });
    }
    const kept = sources.filter((s) => !bad.includes(s));
    if (kept.length > 0) spec.columns[target] = kept;
    else delete spec.columns[target];
  }
  // A region's official name is not a person's (the schema's one exception), so the regions list's name column
  // is not an identifier.
  const nameColumns = new Set(table === 'regions' ? (spec.columns.name ?? []).map((s) => columnIndex.get(s)) : []);
  const identifying: IdentifyingColumn[] = [];
  header.names.forEach((name, i) => {
    if (name === '' || nameColumns.has(i)) return;
    const kind = identifierKind(name);
    if (!kind) return;
    identifying.push({ header: name, kind, use: identityColumns.has(i) ? 'identity' : refusedColumns.has(i) ? 'refused' : 'unread' });
  });

  const rows: DataRow[] = [];
  let blankRows = 0;
  const first = header.row + header.rows;
  for (let r = first; r <= grid.rows.length; r++) {
    const cells = grid.rows[r - 1] ?? [];
    if (cells.every(isBlank)) blankRows++;
    else rows.push({ row: r, cells });
  }
  const label = grid.sheet ? `${spec.fileLabel}［${grid.sheet}］` : spec.fileLabel;
  return { spec, label, grid, header, columnIndex, rows, blankRows, identifying };
}

/** Values of a source's identifying columns (names, phones, ID numbers…), for the leak scan and the report. */
export function identifyingValues(source: LoadedSource, into: Set<string>): void {
  const columns = new Set<number>();
  source.header.names.forEach((name, i) => {
    if (source.identifying.some((c) => c.header === name)) columns.add(i);
  });
  for (const { cells } of source.rows)
    for (const i of columns) {
      const t = cellText(cells[i] ?? null).normalize('NFKC').replace(/\s+/g, '');
      if (t.length >= 2) into.add(t);
    }
}

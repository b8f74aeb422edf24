import type { AggregateTableName, Manifest, TableName } from '../../extract/schema';
import { tableFiles } from '../../extract/manifest';

/**
 * The file holding a raw table, as the manifest names it (relative to the manifest); null when the extract has
 * none. The one place the first view reads file names, so that a change of the format's layout is made here.
 */
export function tableFile(manifest: Manifest, table: TableName): string | null {
  const files = tableFiles(manifest, table);
  return files.length === 1 && files[0]!.county === null ? files[0]!.file : null;
}

/** The file holding an aggregate table, as the manifest's `aggregates` names it; null when the extract has none. */
export function aggregateFile(manifest: Manifest, table: AggregateTableName): string | null {
  return manifest.aggregates?.tables[table] ?? null;
}

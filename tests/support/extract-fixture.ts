import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestHeader } from '../../src/extract/schema';
import { writeExtract, type TableRows } from '../../src/cli/write-extract';

/** Writes an extract into a fresh temporary folder; `cleanup` removes it. */
export async function writeTempExtract(manifest: ManifestHeader, tables: TableRows): Promise<{ dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'care-atlas-'));
  await writeExtract(dir, manifest, tables);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

import type { Manifest, SourceRowCounts, TableName } from '../../extract/schema';

/**
 * The source rows the extract tools rejected and merged for the counties inside `areaCode`, per table, summed over
 * those counties from the manifest's `counties[].source_rows`; the whole extract's `quality.source_rows` when the
 * area is the extract's own and its counties record none. Null when not recorded for every county inside: a part
 * sum would read as the area's. Pure.
 */
export function sourceRowsIn(manifest: Manifest, areaCode: string): Partial<Record<TableName, SourceRowCounts>> | null {
  const inside = manifest.counties.filter((c) => c.code.startsWith(areaCode) || areaCode.startsWith(c.code));
  if (inside.length > 0 && inside.every((c) => c.source_rows)) {
    const sum: Partial<Record<TableName, SourceRowCounts>> = {};
    for (const county of inside) {
      for (const [table, c] of Object.entries(county.source_rows ?? {}) as [TableName, SourceRowCounts][]) {
        const t = sum[table] ?? { read: 0, written: 0, merged: 0, rejected: 0 };
        sum[table] = { read: t.read + c.read, written: t.written + c.written, merged: t.merged + c.merged, rejected: t.rejected + c.rejected };
      }
    }
    return sum;
  }
  return areaCode === manifest.area_code ? (manifest.quality?.source_rows ?? null) : null;
}

import type { ExportMeta } from '../../export/table-export';
import type { ThemeContext } from '../themes/context';

/** The area as export titles and file names name it: the county, or the county and the township / village. */
export function exportAreaLabel(ctx: ThemeContext): string {
  const county = ctx.extract.manifest.county_name;
  return ctx.scope.level === 'county' || ctx.scope.name === county ? county : `${county}${ctx.scope.name}`;
}

/** Metadata lines of an export from the current view: as-of date, sources, synthetic mark, threshold. */
export function exportMetaOf(ctx: ThemeContext, title: string, asOf: string): ExportMeta {
  const m = ctx.extract.manifest;
  return { title, asOf, source: m.source_systems.join('；'), synthetic: m.synthetic, threshold: m.small_cell_threshold };
}

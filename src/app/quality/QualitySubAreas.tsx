import type { RegionLevel } from '../../extract/schema';
import { formatCount, levelNames } from '../../i18n/zh';
import { qualityText as q } from '../../i18n/zh-quality';
import type { QualityRow } from '../../measures/quality';
import { AreaTable } from '../panel/AreaTable';
import { exportAreaLabel, exportMetaOf } from '../panel/export-meta';
import { Section } from '../panel/Section';
import type { ThemeContext } from '../themes/context';

interface QualitySubAreasProps {
  ctx: ThemeContext;
  /** The level of the areas one down (townships, villages, counties or cities). */
  level: RegionLevel;
  /** Their quality rows, or null while they load. */
  rows: QualityRow[] | null;
}

/** 数据质量's table of the areas one level down, worst first (ungraded and stale children), within a county or above it. */
export function QualitySubAreas({ ctx, level, rows }: QualitySubAreasProps) {
  const { date } = ctx;
  return (
    <Section title={`${levelNames[level]} · ${q.subTitle}`}>
      <AreaTable<QualityRow>
        rows={rows ? [...rows].sort((a, b) => b.ungraded + b.stale - (a.ungraded + a.stale) || a.code.localeCompare(b.code)) : null}
        rowKey={(r) => r.code}
        onSelect={(r) => ctx.select(r.code)}
        testId="quality-sub-areas"
        exportName={`${exportAreaLabel(ctx)}_${q.exportSub}_${date}`}
        exportMeta={exportMetaOf(ctx, `${exportAreaLabel(ctx)}${levelNames[level]}${q.exportSub}`, date)}
        threshold={ctx.extract.manifest.small_cell_threshold}
        limit={40}
        columns={[
          { header: q.table.area, show: (r) => r.name },
          { header: q.table.children, show: (r) => formatCount(r.children), numeric: true, count: true, csv: (r) => r.children },
          { header: q.table.ungraded, show: (r) => formatCount(r.ungraded), numeric: true, count: true, csv: (r) => r.ungraded },
          { header: q.table.stale, show: (r) => formatCount(r.stale), numeric: true, count: true, csv: (r) => r.stale },
          { header: q.table.offRoll, show: (r) => formatCount(r.visits_off_roll + r.assessments_off_roll), numeric: true, count: true, csv: (r) => r.visits_off_roll + r.assessments_off_roll },
        ]}
      />
    </Section>
  );
}

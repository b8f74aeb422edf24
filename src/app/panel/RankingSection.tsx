import { Chart } from '../../charts/Chart';
import { exportSuppressionNote, rankingForExport, rateShownInExport } from '../../export/chart-suppression';
import { formatPointChange, rankingOption } from '../../charts/options';
import { formatCount, formatShare, ui } from '../../i18n/zh';
import { formatMonthZh } from '../../measures/months';
import type { RankingRow } from '../../measures/ranking';
import type { ThemeContext } from '../themes/context';
import { AreaTable } from './AreaTable';
import { exportMetaOf } from './export-meta';
import { Section } from './Section';

/** The township ranking (赛马比拼) on a theme's headline measure, with the change since the previous quarter. */
export function RankingSection(props: { ctx: ThemeContext; rows: RankingRow[] | null; measureName: string; unit: '%' | '名'; previousMonth: string; profileName?: string; title?: string }) {
  const { ctx, rows, measureName, unit, previousMonth, profileName, title = ui.ranking } = props;
  const { extract, date } = ctx;
  const threshold = extract.manifest.small_cell_threshold;
  if (!rows) return <Section title={title}>{ui.loading}</Section>;
  const show = (v: number | null) => (unit === '%' ? formatShare(v) : v === null ? '—' : formatCount(v));
  const exportedRate = (rate: number | null, denominator: number | null) => rateShownInExport(rate, denominator, threshold);
  const change = (r: RankingRow) => (r.change === null ? '—' : unit === '%' ? formatPointChange(r.change) : `${r.change > 0 ? '↑' : r.change < 0 ? '↓' : ''}${formatCount(Math.abs(r.change))}`);
  return (
    <Section title={`${title} · ${measureName}`} testId="ranking">
      <Chart
        option={rankingOption({ asOf: date, synthetic: extract.manifest.synthetic }, rows.filter((r) => r.value !== null).map((r) => ({ name: r.name, value: r.value, previous: r.previous })), measureName, unit)}
        height={Math.max(240, 26 * rows.length + 90)}
        testId="chart-ranking"
        exportAs={{
          profile: profileName,
          option: () => rankingOption({ asOf: date, synthetic: extract.manifest.synthetic, static: true }, rankingForExport(rows, threshold), measureName, unit),
          notes: [exportSuppressionNote(threshold)],
        }}
      />
      <AreaTable<RankingRow>
        rows={rows}
        rowKey={(r) => r.code}
        onSelect={(r) => ctx.select(r.code)}
        testId="ranking-table"
        exportName={`${ctx.scope.name}_${title}_${measureName}_${date}`}
        exportMeta={exportMetaOf(ctx, `${ctx.scope.name}${title}（${measureName}）`, date)}
        threshold={threshold}
        limit={25}
        columns={[
          { header: ui.rank, show: (r) => (r.rank === null ? '—' : String(r.rank)), numeric: true },
          { header: ui.area, show: (r) => r.name },
          {
            header: measureName,
            show: (r) => show(r.value),
            numeric: true,
            // A share of children: exports hide it by the rules for rates (its denominator comes with the ranking).
            ...(rows.some((r) => r.denominator !== null)
              ? { rate: { numerator: (r: RankingRow) => Math.round((r.value ?? 0) * (r.denominator ?? 0)), denominator: (r: RankingRow) => r.denominator ?? 0 } }
              : {}),
          },
          { header: ui.change, show: change, numeric: true, csv: (r) => (exportedRate(r.value, r.denominator) && exportedRate(r.previous, r.previous_denominator) ? change(r) : '—') },
        ]}
      />
      <p className="note">{ui.rankingNote(formatMonthZh(previousMonth))}</p>
    </Section>
  );
}

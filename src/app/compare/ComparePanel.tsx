import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { suppressRateChange } from '../../export/change-suppression';
import { HIDDEN_RATE_MARK } from '../../export/suppression';
import { formatShare, levelNames, ui } from '../../i18n/zh';
import { compareText, formatPeriodZh, pointChangeVerb, printedChange } from '../../i18n/zh-compare';
import { FIGURES, isQuarter, type ChangeFigureId, type ChangeRow } from '../../measures/change';
import { AreaTable, type AreaColumn } from '../panel/AreaTable';
import { exportAreaLabel, exportMetaOf } from '../panel/export-meta';
import { Kpis, type Kpi } from '../panel/Kpis';
import { Section } from '../panel/Section';
import { levelsText } from '../../i18n/zh-levels';
import { childLevelOf, subLevelOf, type ThemeContext } from '../themes/context';
import type { ComparePeriods } from '../url-state';
import { comparedPeriods, figureName } from './figures';
import { changeAvailable, changeQuery } from './use-change-map';

/** The change as printed: from the two shares as shown (see printedChange). */
export const shownChange = (row: ChangeRow) => printedChange(row.value_a, row.value_b);

/** Whether the area got worse by at least the 0.1 point the screen and the sentences show. */
export function worsened(row: ChangeRow, higherIsBetter: boolean): boolean {
  const c = shownChange(row);
  return c !== null && (higherIsBetter ? c < 0 : c > 0);
}

const changeText = (change: number | null) => (change === null ? '—' : pointChangeVerb(change));

/** 0.021 → +2.1, -0.0172 → −1.7 (percentage points, rounded as the sentences round them). */
export function signedPoints(change: number | null): string {
  if (change === null) return '—';
  const tenths = Math.round(Number((Math.abs(change) * 1000).toPrecision(12)));
  return tenths === 0 ? '0.0' : `${change > 0 ? '+' : '−'}${(tenths / 10).toFixed(1)}`;
}

/**
 * The side panel in comparison mode: the area's figure in A and B, and its areas ranked by change, worst first (a
 * county's townships, a township's villages; above the county, from the aggregates, a city's counties or a
 * province's cities).
 */
export function ComparePanel({ ctx, figure, compare }: { ctx: ThemeContext; figure: ChangeFigureId; compare: ComparePeriods }) {
  const { scope, extract } = ctx;
  const threshold = extract.manifest.small_cell_threshold;
  const asOf = extract.manifest.as_of;
  const { a, b } = comparedPeriods(figure, compare, asOf);
  const f = FIGURES[figure];
  const name = figureName(figure);
  const subLevel = ctx.above ? childLevelOf(scope) : subLevelOf(scope);
  const available = changeAvailable(ctx, figure);
  const scopeQuery = useQuery({ ...changeQuery(ctx, figure, compare, scope.level, scope.parentCode), enabled: available });
  const subQuery = useQuery({ ...changeQuery(ctx, figure, compare, subLevel ?? 'village', scope.code), enabled: available && subLevel !== null });
  if (!available) {
    return (
      <Section title={compareText.sectionTitle(name)} testId="compare">
        <p className="notice" role="status" data-testid="profile-not-aggregated">
          {levelsText.profileNotAggregated(ctx.profile.name)}
        </p>
      </Section>
    );
  }
  const row = scopeQuery.data ? (rowsOf<ChangeRow>(scopeQuery.data).find((r) => r.code === scope.code) ?? null) : null;
  const subRows = subQuery.data ? rowsOf<ChangeRow>(subQuery.data).filter((r) => r.ranked) : null;
  const worse = (subRows ?? []).filter((r) => worsened(r, f.higherIsBetter));

  const kpis: Kpi[] = [
    { id: 'compare-a', label: compareText.kpiA(a), value: formatShare(row?.value_a ?? null), definition: name },
    { id: 'compare-b', label: compareText.kpiB(b), value: formatShare(row?.value_b ?? null), definition: name },
    { id: 'compare-change', label: compareText.change, value: signedPoints(row ? shownChange(row) : null), unit: row?.change == null ? undefined : compareText.pointsUnit, definition: compareText.legendDefinition(name, a, b, f.higherIsBetter), warn: row ? worsened(row, f.higherIsBetter) : false },
  ];
  const side = (which: 'a' | 'b'): AreaColumn<ChangeRow> => ({
    header: formatPeriodZh(which === 'a' ? a : b),
    show: (r) => formatShare(which === 'a' ? r.value_a : r.value_b),
    numeric: true,
    ...(f.ofChildren
      ? { rate: { numerator: (r: ChangeRow) => (which === 'a' ? r.numerator_a : r.numerator_b) ?? 0, denominator: (r: ChangeRow) => (which === 'a' ? r.denominator_a : r.denominator_b) ?? 0 } }
      : {}),
  });
  const notes = [
    ...(isQuarter(a) || isQuarter(b) ? [f.quarter === 'pooled' ? compareText.quarterPooled : compareText.quarterEnd] : []),
    ...(f.quarter === null && (isQuarter(compare.a) || isQuarter(compare.b)) ? [compareText.monthOnly] : []),
    ...(figure === 'water' ? [compareText.waterCurrent] : []),
  ];
  return (
    <>
      <Section title={compareText.sectionTitle(name)} testId="compare">
        <Kpis items={kpis} theme={figure} loading={!scopeQuery.data} />
        {notes.map((n) => (
          <p className="note" key={n}>
            {n}
          </p>
        ))}
      </Section>
      {subLevel && (
        <Section title={compareText.worseTitle} testId="compare-worse">
          <p className="sentence" data-testid="compare-worse-sentence">
            {subRows === null ? ui.loading : compareText.worseSentence(levelNames[subLevel], a, worse.map((r) => compareText.worseName(r.name, changeText(shownChange(r)))))}
          </p>
        </Section>
      )}
      {subLevel && (
        <Section title={compareText.rankingTitle(levelNames[subLevel])} testId="compare-ranking">
          <AreaTable<ChangeRow>
            rows={subRows}
            rowKey={(r) => r.code}
            onSelect={(r) => ctx.select(r.code)}
            testId="compare-table"
            exportName={`${exportAreaLabel(ctx)}_${compareText.exportFile}_${name}_${a}_${b}`}
            exportMeta={{ ...exportMetaOf(ctx, compareText.exportTitle(exportAreaLabel(ctx), levelNames[subLevel], name, a, b), asOf), notes: [compareText.exportNote(threshold)] }}
            threshold={threshold}
            limit={25}
            columns={[
              { header: ui.area, show: (r) => r.name },
              side('a'),
              side('b'),
              {
                header: compareText.changeColumn(a),
                show: (r) => changeText(shownChange(r)),
                numeric: true,
                csv: (r) => {
                  const cells = suppressRateChange(r, threshold, f.ofChildren);
                  return cells.change?.shown && cells.a?.shown && cells.b?.shown ? changeText(printedChange(cells.a.value, cells.b.value)) : HIDDEN_RATE_MARK;
                },
              },
            ]}
          />
          {ctx.above ? <p className="note">{levelsText.fromAggregates}</p> : <p className="note">{compareText.notRanked}</p>}
          <p className="note">{compareText.exportNote(threshold)}</p>
        </Section>
      )}
    </>
  );
}

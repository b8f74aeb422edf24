import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { colourTransitionsOption, colourMixByAreaOption, type Grade, type TransitionRow as ChartTransitionRow } from '../../charts/options';
import { Chart } from '../../charts/Chart';
import { colourMixForExport, exportSuppressionNote, transitionsForExport } from '../../export/chart-suppression';
import { categoryNames, colourNames, formatCount, formatShare, levelNames, persons, risk, ui, units } from '../../i18n/zh';
import { AreaValues } from '../../map/area-values';
import { classColour, NO_DATA, RISK_COLOURS, RISK_SHARE_CLASSES } from '../../map/colour-scales';
import type { MapTheme } from '../../map/map-theme';
import { addMonths, formatQuarterZh, monthEnd, previousQuarterEnd, quarterStart } from '../../measures/months';
import type { RankingRow } from '../../measures/ranking';
import { categoryBreakdownSql, riskTransitionsSql, type CategoryRow, type TransitionRow } from '../../measures/risk-history';
import { riskMixSql, type RiskMixRow } from '../../measures/risk-mix';
import { measureQuery } from '../queries';
import type { QueryPriority } from '../../db/query-queue';
import { AreaTable } from '../panel/AreaTable';
import { exportAreaLabel, exportMetaOf } from '../panel/export-meta';
import { riskTasks } from '../../export/task-list';
import { fileText, taskThemeNames } from '../../i18n/zh-export';
import { Footnotes, Kpis, type Kpi } from '../panel/Kpis';
import { RankingSection } from '../panel/RankingSection';
import { Section } from '../panel/Section';
import { headlineRankingSql } from './headline';
import { aboveMapQuery } from './levels';
import { areaOf, subLevelOf, type ThemeContext, type ThemeMapResult } from './context';

const COLOUR_KEYS = ['red', 'yellow', 'blue', 'green', 'ungraded'] as const;

/** The map's queries: risk mix of every township and every village at the month's evaluation date. */
export function riskMapQueries(ctx: ThemeContext, priority: QueryPriority = 'map') {
  const { conn, extract, date } = ctx;
  if (ctx.above) {
    const children = aboveMapQuery(ctx, 'risk', priority);
    return [children, children] as const;
  }
  return [
    measureQuery(conn, extract, 'risk-mix', riskMixSql, { level: 'township', asOf: date }, priority),
    measureQuery(conn, extract, 'risk-mix', riskMixSql, { level: 'village', asOf: date }, priority),
  ] as const;
}

export function useRiskMap(ctx: ThemeContext, active: boolean): ThemeMapResult {
  const [townsQuery, villagesQuery] = riskMapQueries(ctx);
  const towns = useQuery({ ...townsQuery, enabled: active });
  const villages = useQuery({ ...villagesQuery, enabled: active });
  const map = useMemo<MapTheme>(() => {
    const tv = towns.data ? new AreaValues(towns.data) : null;
    const vv = villages.data ? new AreaValues(villages.data) : null;
    const values = (level: string) => (level === 'township' ? tv : vv);
    return {
      fill: (f) => (values(f.level) ? classColour(RISK_SHARE_CLASSES, values(f.level)?.get(f.code, 'share_red_yellow') ?? null) : NO_DATA),
      fillKey: [towns.data, villages.data],
      points: [],
      denominator: (f) => values(f.level)?.get(f.code, 'children') ?? null,
      legend: {
        title: risk.legendTitle,
        items: [...RISK_SHARE_CLASSES.map((c) => ({ label: c.label, colour: c.colour })), { label: risk.noChildren, colour: NO_DATA }],
        definition: risk.shareRedYellowDef,
      },
      describe: (f) => {
        const v = values(f.level);
        const children = v?.get(f.code, 'children') ?? 0;
        if (!children) return [[risk.children, risk.noChildren]];
        return [
          [risk.children, persons(children)],
          ...COLOUR_KEYS.map((k): [string, string] => [colourNames[k], persons(v?.get(f.code, k) ?? 0)]),
          [risk.shareRedYellow, formatShare(v?.get(f.code, 'share_red_yellow') ?? null)],
        ];
      },
    };
  }, [towns.data, villages.data]);
  return { map, ready: Boolean(towns.data && villages.data), error: towns.error ?? villages.error };
}

export function RiskPanel({ ctx }: { ctx: ThemeContext }) {
  const { conn, extract, date, month, scope } = ctx;
  const { as_of: asOf, synthetic, small_cell_threshold: threshold } = extract.manifest;
  const subLevel = subLevelOf(scope);
  const scopeQuery = useQuery(measureQuery(conn, extract, 'risk-mix', riskMixSql, { level: scope.level, parentCode: scope.parentCode, asOf: date }));
  const subQuery = useQuery({
    ...measureQuery(conn, extract, 'risk-mix', riskMixSql, { level: subLevel ?? 'village', parentCode: scope.code, asOf: date }),
    enabled: subLevel !== null,
  });
  const quarterBefore = monthEnd(addMonths(quarterStart(month).slice(0, 7), -1));
  const transitions = useQuery(measureQuery(conn, extract, 'risk-transitions', riskTransitionsSql, { area: areaOf(scope), from: quarterBefore, to: date }));
  const categories = useQuery(measureQuery(conn, extract, 'risk-categories', categoryBreakdownSql, { area: areaOf(scope), asOf: date }));
  const ranking = useQuery({
    ...measureQuery(conn, extract, 'headline-ranking', headlineRankingSql, { theme: 'risk', inputs: { month, asOf, profile: ctx.profile }, parentCode: scope.code }),
    enabled: scope.level === 'county',
  });

  const row = scopeQuery.data ? (rowsOf<RiskMixRow>(scopeQuery.data).find((r) => r.code === scope.code) ?? null) : null;
  const subRows = subQuery.data ? rowsOf<RiskMixRow>(subQuery.data) : [];
  const chartCtx = { asOf: date, synthetic };
  const kpis: Kpi[] = [
    { id: 'children', label: risk.children, value: formatCount(row?.children ?? 0), unit: units.person, definition: risk.childrenDef },
    { id: 'share-red-yellow', label: risk.shareRedYellow, value: formatShare(row?.share_red_yellow ?? null), definition: risk.shareRedYellowDef },
    { id: 'share-graded', label: risk.gradedShare, value: formatShare(row?.share_graded ?? null), definition: risk.gradedShareDef, warn: (row?.share_graded ?? 1) < 1 },
  ];
  const transitionRows = transitions.data ? rowsOf<TransitionRow>(transitions.data) : [];
  const worsened = transitionRows.filter((t) => t.from_colour === 'yellow' && t.to_colour === 'red').reduce((a, t) => a + t.children, 0);

  const mixRows = subRows.filter((r) => r.children > 0);
  const transitionCells: ChartTransitionRow[] = transitionRows.map((t) => ({ from: t.from_colour as Grade, to: t.to_colour as Grade, children: t.children }));
  return (
    <>
      <Kpis items={kpis} theme="risk" loading={!scopeQuery.data} />
      <section className="colour-counts" aria-label={ui.colourMix}>
        {COLOUR_KEYS.map((k) => (
          <div key={k} className="colour-count" data-testid={`count-${k}`} data-value={row?.[k] ?? 0}>
            <i style={{ background: RISK_COLOURS[k] }} />
            <span className="name">{colourNames[k]}</span>
            <span className="value">{formatCount(row?.[k] ?? 0)}</span>
          </div>
        ))}
      </section>
      {subLevel && (
        <Section title={`${levelNames[subLevel]} · ${risk.shareRedYellow}`}>
          <AreaTable<RiskMixRow>
            rows={subQuery.data ? [...subRows].sort((a, b) => (b.share_red_yellow ?? -1) - (a.share_red_yellow ?? -1) || b.children - a.children) : null}
            rowKey={(r) => r.code}
            onSelect={(r) => ctx.select(r.code)}
            testId="sub-areas"
            exportName={`${exportAreaLabel(ctx)}_${risk.exportMix}_${date}`}
            exportMeta={exportMetaOf(ctx, `${exportAreaLabel(ctx)}${levelNames[subLevel]}${risk.exportMix}`, date)}
            threshold={threshold}
            limit={40}
            columns={[
              { header: ui.area, show: (r) => r.name },
              { header: risk.children, show: (r) => formatCount(r.children), numeric: true, count: true, csv: (r) => r.children },
              { header: risk.table.red, show: (r) => formatCount(r.red), numeric: true, count: true, csv: (r) => r.red },
              { header: risk.table.yellow, show: (r) => formatCount(r.yellow), numeric: true, count: true, csv: (r) => r.yellow },
              { header: risk.shareRedYellow, show: (r) => formatShare(r.share_red_yellow), numeric: true, rate: { numerator: (r) => r.red + r.yellow, denominator: (r) => r.children } },
            ]}
          />
        </Section>
      )}
      {subLevel && subRows.length > 0 && (
        <Section title={risk.mixByArea}>
          <Chart
            option={colourMixByAreaOption(chartCtx, mixRows, `${scope.name}${risk.mixByArea}`)}
            height={Math.max(220, 24 * subRows.length + 90)}
            testId="chart-colour-mix"
            exportAs={{ option: () => colourMixByAreaOption({ ...chartCtx, static: true }, colourMixForExport(mixRows, threshold), `${scope.name}${risk.mixByArea}`), notes: [exportSuppressionNote(threshold)] }}
          />
        </Section>
      )}
      <Section title={`${risk.transitions}（${formatQuarterZh(month)}）`} testId="transitions">
        <p className="sentence" data-testid="transition-sentence">
          {risk.transitionSentence(formatQuarterZh(month), worsened)}
        </p>
        {transitionRows.length > 0 && (
          <Chart
            option={colourTransitionsOption(chartCtx, transitionCells, formatQuarterZh(month))}
            height={260}
            testId="chart-transitions"
            exportAs={{ option: () => colourTransitionsOption({ ...chartCtx, static: true }, transitionsForExport(transitionCells, threshold), formatQuarterZh(month)), notes: [exportSuppressionNote(threshold)] }}
          />
        )}
      </Section>
      <Section title={risk.byCategory}>
        <AreaTable<CategoryRow>
          rows={categories.data ? rowsOf<CategoryRow>(categories.data) : null}
          rowKey={(r) => r.category}
          testId="categories"
          threshold={threshold}
          columns={[
            { header: risk.table.category, show: (r) => categoryNames[r.category as keyof typeof categoryNames] ?? r.category },
            { header: risk.table.count, show: (r) => formatCount(r.children), numeric: true, count: true, csv: (r) => r.children },
            { header: risk.table.red, show: (r) => formatCount(r.red), numeric: true },
            { header: risk.table.yellow, show: (r) => formatCount(r.yellow), numeric: true },
          ]}
        />
        <p className="note">{risk.countedOnce}</p>
      </Section>
      {scope.level === 'county' && (
        <RankingSection
          ctx={ctx}
          rows={ranking.data ? rowsOf<RankingRow>(ranking.data) : null}
          measureName={risk.gradedShare}
          unit="%"
          previousMonth={previousQuarterEnd(month)}
        />
      )}
      {subLevel && (
        <Section title={`${ui.gapList} · ${risk.gapTitle}`}>
          <AreaTable<RiskMixRow>
            rows={subQuery.data ? subRows.filter((r) => r.ungraded > 0).sort((a, b) => b.ungraded - a.ungraded || b.red - a.red) : null}
            rowKey={(r) => r.code}
            onSelect={(r) => ctx.select(r.code)}
            testId="gap-list"
            exportName={`${exportAreaLabel(ctx)}_${fileText.taskListWord}_${taskThemeNames.risk}_${date}`}
            exportMeta={exportMetaOf(ctx, `${exportAreaLabel(ctx)}${taskThemeNames.risk}${fileText.taskListWord}`, date)}
            taskList={(rows) => riskTasks(rows, scope)}
            threshold={threshold}
            empty={risk.noGaps}
            columns={[
              { header: ui.area, show: (r) => r.name },
              { header: risk.table.ungraded, show: (r) => formatCount(r.ungraded), numeric: true, count: true, csv: (r) => r.ungraded },
              { header: risk.table.onRoll, show: (r) => formatCount(r.children), numeric: true, count: true, csv: (r) => r.children },
              { header: risk.gradedShare, show: (r) => formatShare(r.share_graded), numeric: true, rate: { numerator: (r) => r.children - r.ungraded, denominator: (r) => r.children } },
            ]}
          />
          <p className="note">{ui.csvNote(threshold)}</p>
        </Section>
      )}
      <Footnotes items={kpis} extra={[risk.countedOnce]} />
    </>
  );
}

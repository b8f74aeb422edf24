import { useEffect, useMemo, type ReactNode } from 'react';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import type { Table } from 'apache-arrow';
import { BRIEFING_QUERY_IDS, briefingQueries, isAboveCounty, subLevelOf, type BriefingQueryId, type BriefingResults, type BriefingScope } from '../briefing/queries';
import { BRIEFING_THEMES, writeBriefing, type BriefingTheme, type TextTable } from '../briefing/sentences';
import { colourMixByAreaOption, complianceTrendOption, missingItemsOption, rankingOption, redYellowBandsOption, targetProgressOption } from '../charts/options';
import { PrintChart } from '../charts/PrintChart';
import { rowsOf, type Connector } from '../db/connector';
import type { LoadedExtract } from '../db/load-extract';
import { app as t, formatDateZh, formatShare, levelNames, ui } from '../i18n/zh';
import { briefingText as bt } from '../i18n/zh-briefing';
import { visitFigures } from '../i18n/zh-visits';
import type { VisitProfile } from '../policy/profile';
import { suppressionNote } from '../export/suppression';
import { measureQuery } from './queries';
import { MonthSelect } from './MonthSelect';
import type { ComparePeriods } from './url-state';
import { aggregateChangeSql, CHANGE_FIGURES, changeSql, FIGURES, type ChangeRow } from '../measures/change';
import { changeSentences } from '../briefing/change-sentences';
import { comparedPeriods, figureName } from './compare/figures';
import { compareText } from '../i18n/zh-compare';
import { planCoverageSql, planTownshipsSql, planVillagesSql, type PlanCoverageRow, type PlanTownshipRow, type PlanVillageRow } from '../measures/plan';
import type { PlanState } from './plan/plan-state';
import { planSentences, type PlanBriefing } from '../briefing/plan-sentences';
import { planBriefing } from '../i18n/zh-plan';
import { say } from '../i18n/zh-briefing';
import { DEFAULT_SETTINGS } from '../policy/settings';

/** Chart width in px: the 180 mm between A4's 15 mm margins, at CSS's 96 px to the inch. */
const CHART_WIDTH = 680;
const TREND_HEIGHT = 300;
/** The banded colour chart: its header (title, two lines, legend) and two bars. */
const BANDS_HEIGHT = 240;
/** Tallest chart: it must fit on one page (267 mm of text height ≈ 1,009 px) with its caption. */
const MAX_CHART_HEIGHT = 940;

/**
 * Height of a horizontal bar chart of these area names: 32 px a row when a name wraps onto two lines (the themes'
 * 26 px overlap e.g. 如皋高新技术产业开发区 with its neighbours), 24 px otherwise, squeezed (to 18 px at least) so a
 * township's 40 villages still fit on a page.
 */
function barHeight(names: readonly string[]): number {
  const wraps = names.some((n) => n.length > 7);
  const perRow = Math.max(18, Math.min(wraps ? 32 : 24, Math.floor((MAX_CHART_HEIGHT - 130) / Math.max(1, names.length))));
  return Math.max(240, 130 + perRow * names.length);
}

export interface BriefingProps {
  conn: Connector;
  extract: LoadedExtract;
  scope: BriefingScope;
  month: string;
  months: string[];
  profile: VisitProfile;
  onMonth: (month: string) => void;
  onLeave: () => void;
  /** 两期对比 on screen: each theme's section then opens with its figure's change from A to B. */
  compare?: ComparePeriods | null;
  /** 站点规划 in the address bar: a last section gives its projected effect and its table (county and township). */
  plan?: PlanState | null;
}

const IDS: readonly BriefingQueryId[] = BRIEFING_QUERY_IDS;

/** All results as plain rows once every query is in; the first error otherwise. Stable while nothing changes. */
function combine(results: UseQueryResult<Table>[]): { rows: BriefingResults | null; error: unknown } {
  const error = results.find((r) => r.error)?.error ?? null;
  if (error || results.some((r) => !r.data)) return { rows: null, error };
  return { rows: Object.fromEntries(IDS.map((id, i) => [id, rowsOf(results[i]!.data!)])) as unknown as BriefingResults, error: null };
}

/** 简报: the month's briefing as an A4 document, for print or "save as PDF". */
export function Briefing({ conn, extract, scope, month, months, profile, onMonth, onLeave, compare = null, plan = null }: BriefingProps) {
  const { manifest } = extract;
  const { as_of: asOf, county_name: countyName, small_cell_threshold: threshold, synthetic } = manifest;
  const queries = briefingQueries({ scope, month, asOf, profile });
  const { rows, error } = useQueries({
    queries: IDS.map((id) => measureQuery(conn, extract, queries[id].name, queries[id].build as (p: unknown) => string, queries[id].params)),
    combine,
  });
  // Per figure, the scope's row and the rows below it, as the comparison's panel queries them (shared cache): from
  // the raw rows, or above the county from the aggregates.
  const above = isAboveCounty(scope);
  const changeParams = compare
    ? CHANGE_FIGURES.flatMap((figure) => {
        const { a, b } = comparedPeriods(figure, compare, asOf);
        return [
          { figure, level: scope.level, parentCode: scope.parentCode, a, b, asOf },
          { figure, level: subLevelOf(scope), parentCode: scope.code, a, b, asOf },
        ];
      })
    : [];
  const changeRows = useQueries({
    queries: changeParams.map((p) =>
      above
        ? measureQuery(conn, extract, 'aggregate-change', aggregateChangeSql, { ...p, profileId: p.figure === 'visits' ? profile.id : undefined })
        : measureQuery(conn, extract, 'change', changeSql, { ...p, profile }),
    ),
    combine: (results) => (results.every((r) => r.data) ? results.map((r) => rowsOf<ChangeRow>(r.data as Table)) : null),
  });
  // The plan's queries, with the keys of the plan panel's (shared cache); projected at the extract's date.
  const planParams = plan && !isAboveCounty(scope) ? { ...plan, asOf } : null;
  const planQueries: ReturnType<typeof measureQuery<unknown>>[] = planParams
    ? ([
          measureQuery(conn, extract, 'plan-coverage', planCoverageSql, { level: scope.level, parentCode: scope.parentCode, asOf, plan: planParams.plan, homes: planParams.homes }),
          measureQuery(conn, extract, 'plan-coverage', planCoverageSql, { level: 'township', asOf, plan: planParams.plan, homes: planParams.homes }),
          measureQuery(conn, extract, 'plan-villages', planVillagesSql, { parentCode: scope.code, asOf, plan: planParams.plan }),
          measureQuery(conn, extract, 'plan-townships', planTownshipsSql, { parentCode: scope.code, asOf, homes: planParams.homes }),
        ] as ReturnType<typeof measureQuery<unknown>>[])
    : [];
  const planResults = useQueries({
    queries: planQueries,
    combine: (results) => (results.length > 0 && results.every((r) => r.data) ? results.map((r) => rowsOf(r.data as Table)) : null),
  });
  const planText: PlanBriefing | null = useMemo(() => {
    if (!planResults) return null;
    const [own, towns, villages, homes] = planResults as unknown as [PlanCoverageRow[], PlanCoverageRow[], PlanVillageRow[], PlanTownshipRow[]];
    const row = own.find((r) => r.code === scope.code);
    if (!row) return null;
    return planSentences({
      areaName: scope.name,
      areaWord: scope.level === 'county' ? say.wholeCounty(countyName) : scope.name,
      stationTarget: DEFAULT_SETTINGS.coverageTargets.villageStationShare,
      villages: villages.filter((v) => v.planned_station || v.planned_director || v.planned_training),
      homes: homes.filter((t) => t.planned),
      townships: towns,
      area: row,
      asOf,
      source: manifest.source_systems.join('、'),
      synthetic,
      threshold,
    });
  }, [planResults, scope.code, scope.name, scope.level, countyName, asOf, manifest.source_systems, synthetic, threshold]);
  const { code, level, name, parentCode } = scope;
  const briefing = useMemo(
    () => (rows ? writeBriefing({ params: { scope: { code, level, name, parentCode }, month, asOf, profile }, results: rows, countyName, threshold }) : null),
    [rows, code, level, name, parentCode, month, asOf, profile, countyName, threshold],
  );
  const title = briefing?.title ?? bt.title(countyName, scope.level === 'county' || scope.name === countyName ? null : scope.name, month);

  // The document title names the PDF a browser saves.
  useEffect(() => {
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);

  const subWord = levelNames[subLevelOf(scope)];
  const charts = useMemo(() => {
    if (!briefing) return null;
    const ctx = { asOf: briefing.date, synthetic, static: true };
    const c = briefing.charts;
    const who = name;
    return {
      colourMix: c.colourMix.length > 0 ? { option: colourMixByAreaOption(ctx, c.colourMix, bt.charts.colourMix(who, subWord)), height: barHeight(c.colourMix.map((r) => r.name)) } : null,
      bands:
        c.bands && c.bands.rows.length > 0
          ? {
              option: redYellowBandsOption(ctx, c.bands.rows, bt.charts.bands(who, subWord), {
                band: (band, areas) => bt.charts.band(band, who, subWord, areas),
                key: bt.charts.bandsKey(who, c.bands.share === null ? null : formatShare(c.bands.share), subWord, c.bands.noneAreas),
              }),
              height: BANDS_HEIGHT,
            }
          : null,
      trend: c.trend.length > 0 ? { option: complianceTrendOption(ctx, c.trend, briefing.target.rate, profile.name), height: TREND_HEIGHT } : null,
      ranking: c.ranking.length > 0 ? { option: rankingOption(ctx, c.ranking, visitFigures.rate.name, '%'), height: barHeight(c.ranking.map((r) => r.name)) } : null,
      targets: c.targets.length > 0 ? { option: targetProgressOption(ctx, c.targets, bt.charts.targets(subWord)), height: barHeight(c.targets.map((r) => r.name)) } : null,
      missing: c.missing.length > 0 ? { option: missingItemsOption(ctx, c.missing, bt.charts.missing(subWord)), height: barHeight(c.missing.map((r) => r.name)) } : null,
    };
  }, [briefing, synthetic, name, subWord, profile.name]);

  if (error) throw error;

  const changeText = (id: BriefingTheme, all: ChangeRow[][]) => {
    const i = CHANGE_FIGURES.indexOf(id);
    const { a, b } = comparedPeriods(id, compare as ComparePeriods, asOf);
    return changeSentences({
      area: scope.name,
      figure: figureName(id),
      ofChildren: FIGURES[id].ofChildren,
      higherIsBetter: FIGURES[id].higherIsBetter,
      a,
      b,
      scope: all[2 * i]?.find((r) => r.code === scope.code) ?? null,
      below: all[2 * i + 1] ?? null,
      belowWord: subWord,
      threshold,
    }).join('');
  };

  const chart = (id: string, spec: { option: Parameters<typeof PrintChart>[0]['option']; height: number } | null, note?: string) =>
    spec && (
      <figure className="brief-figure">
        <PrintChart option={spec.option} width={CHART_WIDTH} height={spec.height} testId={`brief-chart-${id}`} />
        {note && <figcaption className="brief-note">{note}</figcaption>}
      </figure>
    );

  const extras: Record<BriefingTheme, ReactNode> = charts && briefing
    ? {
        risk: (
          <>
            {chart('colour-mix', charts.colourMix, briefing.suppressed ? bt.charts.colourMixNote(threshold) : undefined)}
            {chart('bands', charts.bands, bt.charts.bandsNote(threshold, subWord, !!briefing.charts.bands?.rows.some((r) => r.marks)))}
            {briefing.charts.bands && !charts.bands && <p className="brief-note">{bt.charts.bandsNone(threshold, subWord)}</p>}
            <BriefTable table={briefing.riskTable} testId="brief-table-risk" />
          </>
        ),
        visits: (
          <>
            {chart('trend', charts.trend)}
            {chart('ranking', charts.ranking, bt.charts.rankingNote(threshold))}
          </>
        ),
        stations: (
          <>
            {chart('targets', charts.targets, manifest.targets_source ? ui.targetsSource(manifest.targets_source) : undefined)}
            {briefing.gapTable.rows.length > 0 && <BriefTable table={briefing.gapTable} testId="brief-table-gaps" />}
          </>
        ),
        water: chart('missing', charts.missing, bt.charts.missingNote),
        guardianship: null,
      }
    : { risk: null, visits: null, stations: null, water: null, guardianship: null };

  return (
    <div className="briefing-page" data-testid="briefing" data-ready={briefing && charts ? 'yes' : 'no'}>
      <nav className="briefing-bar no-print">
        <button type="button" onClick={onLeave} data-testid="briefing-leave">
          {bt.back}
        </button>
        <MonthSelect label={bt.month} month={month} months={months} onMonth={onMonth} testId="briefing-month" />
        <span className="briefing-hint">{bt.printHint}</span>
        <button type="button" className="briefing-print" onClick={() => window.print()} data-testid="briefing-print">
          {bt.print}
        </button>
      </nav>
      <article className="sheet">
        <header className="brief-head">
          <div className="brief-top">
            <span>{bt.issuer(countyName)}</span>
            {synthetic && (
              <span className="brief-synthetic" data-testid="brief-synthetic">
                {t.synthetic}
              </span>
            )}
          </div>
          <h1 data-testid="brief-title">{title}</h1>
          <dl className="brief-meta">
            <div>
              <dt>{bt.asOf}</dt>
              <dd data-testid="brief-date">{briefing ? formatDateZh(briefing.date) : '—'}</dd>
            </div>
            <div>
              <dt>{bt.extractAsOf}</dt>
              <dd>{formatDateZh(asOf)}</dd>
            </div>
            <div>
              <dt>{bt.source}</dt>
              <dd>{manifest.source_systems.join('、')}</dd>
            </div>
            <div>
              <dt>{bt.profile}</dt>
              <dd data-testid="brief-profile">{profile.name}</dd>
            </div>
            {compare && (
              <div>
                <dt>{compareText.toggle}</dt>
                <dd data-testid="brief-compare">{compareText.briefingTitle(compare.a, compare.b)}</dd>
              </div>
            )}
            {briefing && (
              <div>
                <dt>{bt.target}</dt>
                <dd>
                  {formatShare(briefing.target.rate, 0)}
                  <span className="brief-small">（{briefing.target.note}）</span>
                </dd>
              </div>
            )}
          </dl>
        </header>
        {!briefing && <p className="brief-loading">{bt.loading}</p>}
        {briefing &&
          BRIEFING_THEMES.map((id) => (
            <section key={id} className={`brief-section brief-${id}`} data-testid={`brief-${id}`}>
              <h2>{bt.sections[id]}</h2>
              {compare && (
                <p className="brief-p" data-testid={`brief-change-${id}`}>
                  {changeRows ? changeText(id, changeRows) : bt.loading}
                </p>
              )}
              {briefing.paragraphs[id].map((p) => (
                <p key={p} className="brief-p">
                  {p}
                </p>
              ))}
              {extras[id]}
            </section>
          ))}
        {briefing && planParams && (
          <section className="brief-section brief-plan" data-testid="brief-plan">
            <h2>{planBriefing.section}</h2>
            <p className="brief-p brief-small">{planBriefing.baseline(formatDateZh(asOf))}</p>
            {planText ? (
              <>
                {planText.paragraphs.map((p) => (
                  <p key={p} className="brief-p" data-testid="brief-plan-text">
                    {p}
                  </p>
                ))}
                {planText.table.rows.length > 0 && <BriefTable table={planText.table} testId="brief-table-plan" />}
              </>
            ) : (
              <p className="brief-p">{bt.loading}</p>
            )}
          </section>
        )}
        {briefing && (
          <footer className="brief-foot">
            <p>{suppressionNote(threshold)}</p>
            <p>{manifest.attribution.join('；')}</p>
            {manifest.as_of_rule && <p data-testid="brief-as-of-rule">{manifest.as_of_rule}</p>}
            {synthetic && <p>{t.syntheticNote}</p>}
          </footer>
        )}
      </article>
    </div>
  );
}

function BriefTable({ table, testId }: { table: TextTable; testId: string }) {
  return (
    <>
      <h3 className="brief-table-title">{table.title}</h3>
      <table className="brief-table" data-testid={testId}>
        <thead>
          <tr>
            {table.header.map((h, i) => (
              <th key={h} className={table.numeric[i] ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((c, i) => (
                <td key={i} className={table.numeric[i] ? 'num' : undefined}>
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

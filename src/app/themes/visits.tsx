import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { Chart } from '../../charts/Chart';
import { exportSuppressionNote, trendForExport } from '../../export/chart-suppression';
import { complianceTrendOption } from '../../charts/options';
import { colourNames, formatCount, formatShare, levelNames, persons, ui, units, withUnit } from '../../i18n/zh';
import { categoryNames, conditionNames, visitFigures, visitModeNames, visitorRoleNames, visitRoles, visitRuleNotes, visitTheme } from '../../i18n/zh-visits';
import { AreaValues } from '../../map/area-values';
import { classColour, COVERAGE_CLASSES, NO_DATA } from '../../map/colour-scales';
import type { MapTheme } from '../../map/map-theme';
import { previousQuarterEnd } from '../../measures/months';
import type { RankingRow } from '../../measures/ranking';
import { overdueByVillageSql, visitComplianceSql, visitTrendSql, type OverdueVillageRow, type VisitComplianceRow, type VisitTrendRow } from '../../measures/visit-compliance';
import { namesRoles, unrecordedRoleOf, type VisitProfile, type VisitRule } from '../../policy/profile';
import { DEFAULT_SETTINGS } from '../../policy/settings';
import { useCustomRun } from '../custom-runs';
import { measureQuery } from '../queries';
import type { QueryPriority } from '../../db/query-queue';
import { AreaTable } from '../panel/AreaTable';
import { exportAreaLabel, exportMetaOf } from '../panel/export-meta';
import { visitTasks } from '../../export/task-list';
import { fileText, taskThemeNames } from '../../i18n/zh-export';
import { Footnotes, Kpis, type Kpi } from '../panel/Kpis';
import { RankingSection } from '../panel/RankingSection';
import { Section } from '../panel/Section';
import { headlineRankingSql } from './headline';
import { aboveMapQuery, profilePreAggregated } from './levels';
import { customAboveText } from '../../i18n/zh-custom-above';
import { subLevelOf, type ThemeContext, type ThemeMapResult } from './context';

const TREND_MONTHS = 12;

/** The map's queries: visit compliance of every township and every village in the month. */
export function visitsMapQueries(ctx: ThemeContext, priority: QueryPriority = 'map') {
  const { conn, extract, month, profile } = ctx;
  const asOf = extract.manifest.as_of;
  if (ctx.above) {
    const children = aboveMapQuery(ctx, 'visits', priority);
    return [children, children] as const;
  }
  return [
    measureQuery(conn, extract, 'visit-compliance', visitComplianceSql, { level: 'township', month, asOf, profile }, priority),
    measureQuery(conn, extract, 'visit-compliance', visitComplianceSql, { level: 'village', month, asOf, profile }, priority),
  ] as const;
}

export function useVisitsMap(ctx: ThemeContext, active: boolean): ThemeMapResult {
  const { month, profile } = ctx;
  const [townsQuery, villagesQuery] = visitsMapQueries(ctx);
  // Above the county, a profile the extract did not pre-aggregate is computed in the browser (./custom-above.tsx).
  const computed = useCustomRun(ctx.extract.id, profile.id)?.state === 'done';
  const inBrowser = ctx.above && !profilePreAggregated(ctx) && computed;
  const towns = useQuery({ ...townsQuery, enabled: active });
  const villages = useQuery({ ...villagesQuery, enabled: active });
  const map = useMemo<MapTheme>(() => {
    const tv = towns.data ? new AreaValues(towns.data) : null;
    const vv = villages.data ? new AreaValues(villages.data) : null;
    const values = (level: string) => (level === 'township' ? tv : vv);
    return {
      fill: (f) => classColour(COVERAGE_CLASSES, values(f.level)?.get(f.code, 'rate') ?? null),
      fillKey: [towns.data, villages.data],
      points: [],
      denominator: (f) => values(f.level)?.get(f.code, 'due') ?? null,
      legend: {
        title: `${visitFigures.rate.name}（${visitTheme.month(month)}）`,
        items: [...COVERAGE_CLASSES.map((c) => ({ label: c.label, colour: c.colour })), { label: visitTheme.noDue, colour: NO_DATA }],
        definition: visitFigures.rate.definition,
        notes: [`${visitTheme.profileLabel}：${profile.name}`, ...(inBrowser ? [customAboveText.marker] : [])],
      },
      describe: (f) => {
        const v = values(f.level);
        const due = v?.get(f.code, 'due') ?? 0;
        if (!due) return [[visitFigures.due.name, visitTheme.noDue]];
        return [
          [visitFigures.rate.name, formatShare(v?.get(f.code, 'rate') ?? null)],
          [visitFigures.due.name, persons(due)],
          [visitFigures.compliant.name, persons(v?.get(f.code, 'compliant') ?? 0)],
          [visitFigures.overdue.name, persons(v?.get(f.code, 'overdue') ?? 0)],
        ];
      },
    };
  }, [towns.data, villages.data, month, profile, inBrowser]);
  return { map, ready: Boolean(towns.data && villages.data), error: towns.error ?? villages.error };
}

function ruleText(rule: VisitRule): string {
  const who = rule.categories === 'any' ? visitTheme.anyCategory : rule.categories.map((c) => categoryNames[c]).join('、');
  const colours = rule.colours === 'any' ? '' : `（${rule.colours.map((c) => colourNames[c]).join('、')}）`;
  const when = rule.when ? Object.keys(rule.when).map((k) => conditionNames[k as keyof typeof conditionNames]).join(visitTheme.and) : '';
  const modes = rule.modes.map((m) => visitModeNames[m]).join(visitTheme.or);
  const roles = rule.roles ? `；${visitRoles.only(rule.roles.map((r) => visitorRoleNames[r]).join('、'))}` : '';
  return `${who}${colours}${when ? `，${when}` : ''}：${visitTheme.perMonth(rule.visitsPerMonth)}${rule.visitsPerMonth > 0 ? `（${modes}${roles}）` : ''}`;
}

function ProfileRules({ profile }: { profile: VisitProfile }) {
  return (
    <Section title={`${visitTheme.profileLabel}：${profile.name}`} testId="profile-rules">
      <p className="note">
        {visitTheme.sourceLabel}：{profile.source}
      </p>
      <ol className="rules">
        {profile.rules.map((r) => (
          <li key={r.id}>
            {ruleText(r)}
            <span className="clause">
              {visitTheme.clauseLabel}：{r.clause}
            </span>
            {r.note && (
              <span className="clause">
                {visitTheme.noteLabel}：{r.note}
              </span>
            )}
          </li>
        ))}
      </ol>
      <p className="note">{visitRuleNotes.strictest}</p>
    </Section>
  );
}

export function VisitsPanel({ ctx }: { ctx: ThemeContext }) {
  const { conn, extract, month, scope, profile, date } = ctx;
  const { small_cell_threshold: threshold, synthetic, as_of: asOf } = extract.manifest;
  const subLevel = subLevelOf(scope);
  const scopeQuery = useQuery(measureQuery(conn, extract, 'visit-compliance', visitComplianceSql, { level: scope.level, parentCode: scope.parentCode, month, asOf, profile }));
  const trend = useQuery(measureQuery(conn, extract, 'visit-trend', visitTrendSql, { area: { level: scope.level, code: scope.code }, endMonth: month, months: TREND_MONTHS, asOf, profile }));
  const overdue = useQuery({ ...measureQuery(conn, extract, 'visit-overdue', overdueByVillageSql, { parentCode: scope.code, month, asOf, profile }), enabled: scope.level !== 'village' });
  const previousMonth = previousQuarterEnd(month);
  const ranking = useQuery({
    ...measureQuery(conn, extract, 'headline-ranking', headlineRankingSql, { theme: 'visits', inputs: { month, asOf, profile: ctx.profile }, parentCode: scope.code }),
    enabled: scope.level === 'county',
  });
  const row = scopeQuery.data ? (rowsOf<VisitComplianceRow>(scopeQuery.data).find((r) => r.code === scope.code) ?? null) : null;
  const kpis: Kpi[] = [
    { id: 'rate', label: visitFigures.rate.name, value: formatShare(row?.rate ?? null), definition: visitFigures.rate.definition, warn: (row?.rate ?? 1) < 1 },
    { id: 'due', label: visitFigures.due.name, value: formatCount(row?.due ?? 0), unit: units.person, definition: visitFigures.due.definition },
    { id: 'compliant', label: visitFigures.compliant.name, value: formatCount(row?.compliant ?? 0), unit: units.person, definition: visitFigures.compliant.definition },
    { id: 'overdue', label: visitFigures.overdue.name, value: formatCount(row?.overdue ?? 0), unit: units.person, definition: visitFigures.overdue.definition, warn: (row?.overdue ?? 0) > 0 },
    { id: 'never-visited', label: visitFigures.never_visited.name, value: formatCount(row?.never_visited ?? 0), unit: units.person, definition: visitFigures.never_visited.definition, warn: (row?.never_visited ?? 0) > 0 },
  ];
  const byRole = namesRoles(profile);
  const countUnrecorded = unrecordedRoleOf(profile) === 'count';
  if (byRole) {
    kpis.push({ id: 'role-excluded', label: visitFigures.role_excluded_visits.name, value: formatCount(row?.role_excluded_visits ?? 0), unit: visitFigures.role_excluded_visits.unit, definition: visitFigures.role_excluded_visits.definition });
  }
  // Months before the extract's visit records begin show every child as non-compliant; leave them out.
  const allTrendRows = trend.data ? rowsOf<VisitTrendRow>(trend.data) : [];
  const firstRecorded = allTrendRows.findIndex((r) => r.compliant > 0);
  const trendRows = firstRecorded < 0 ? [] : allTrendRows.slice(firstRecorded);
  return (
    <>
      <Kpis items={kpis} theme="visits" loading={!scopeQuery.data} />
      <p className="note" data-testid="visits-period">
        {visitTheme.period(month, date)} · {visitTheme.profileLabel}：{profile.name}
      </p>
      {byRole && row && (
        <p className="note" data-testid="visits-unrecorded-role">
          {visitRoles.unrecorded(countUnrecorded, row.role_unrecorded_visits)}（{profile.unrecordedRole ? visitRoles.profileBasis : visitRoles.settingBasis}）
        </p>
      )}
      {trendRows.length > 0 && (
        <Section title={`${scope.name}${visitTheme.trendTitle}`}>
          <Chart option={complianceTrendOption({ asOf: date, synthetic }, trendRows, 1, profile.name)} height={280} testId="chart-trend"
            exportAs={{ profile: profile.name, option: () => complianceTrendOption({ asOf: date, synthetic, static: true }, trendForExport(trendRows, threshold), 1, profile.name), notes: [exportSuppressionNote(threshold)] }}
          />
          {firstRecorded > 0 && <p className="note">{visitTheme.trendStarts(trendRows[0]?.month ?? '')}</p>}
        </Section>
      )}
      {scope.level === 'county' && (
        <RankingSection ctx={ctx} rows={ranking.data ? rowsOf<RankingRow>(ranking.data) : null} measureName={visitFigures.rate.name} unit="%" previousMonth={previousMonth} profileName={profile.name} />
      )}
      {subLevel && (
        <Section title={`${ui.gapList} · ${visitTheme.overdueListTitle}`}>
          <AreaTable<OverdueVillageRow>
            rows={overdue.data ? rowsOf<OverdueVillageRow>(overdue.data) : null}
            rowKey={(r) => r.code}
            onSelect={(r) => ctx.select(r.code)}
            testId="gap-list"
            exportName={`${exportAreaLabel(ctx)}_${fileText.taskListWord}_${taskThemeNames.visits}_${date}`}
            exportMeta={exportMetaOf(ctx, `${exportAreaLabel(ctx)}${taskThemeNames.visits}${fileText.taskListWord}`, date)}
            taskList={visitTasks}
            threshold={threshold}
            columns={[
              { header: ui.area, show: (r) => r.name },
              { header: levelNames.township, show: (r) => r.township_name },
              { header: withUnit(visitFigures.overdue.name, units.person), show: (r) => formatCount(r.overdue), numeric: true, count: true, csv: (r) => r.overdue },
              { header: withUnit(visitFigures.due_now.name, units.person), show: (r) => formatCount(r.due_now), numeric: true, count: true, csv: (r) => r.due_now },
            ]}
          />
          <p className="note">{ui.csvNote(threshold)}</p>
        </Section>
      )}
      <ProfileRules profile={profile} />
      <Footnotes items={kpis} extra={[visitRuleNotes.colour, visitRuleNotes.noRule, ...(byRole ? [visitFigures.role_unrecorded_visits.name + '：' + visitFigures.role_unrecorded_visits.definition, DEFAULT_SETTINGS.unrecordedVisitorRole.note] : [])]} />
    </>
  );
}

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import type { QueryPriority } from '../../db/query-queue';
import { guardianshipTasks } from '../../export/task-list';
import { formatCount, formatShare, levelNames, persons, ui, units } from '../../i18n/zh';
import { fileText } from '../../i18n/zh-export';
import { guardianshipFigures, guardianshipText } from '../../i18n/zh-guardianship';
import { AreaValues } from '../../map/area-values';
import { classColour, COVERAGE_CLASSES, NO_DATA } from '../../map/colour-scales';
import type { MapTheme } from '../../map/map-theme';
import { guardianshipSql, guardianshipTrendSql, type GuardianshipRow, type GuardianshipTrendRow } from '../../measures/guardianship';
import { Chart } from '../../charts/Chart';
import { guardianshipRecordsTrendOption, guardianshipRatesTrendOption } from '../../charts/options';
import { exportSuppressionNote, guardianshipTrendForExport, guardianshipTrendForScreen } from '../../export/chart-suppression';
import { previousQuarterEnd } from '../../measures/months';
import type { RankingRow } from '../../measures/ranking';
import { DEFAULT_SETTINGS } from '../../policy/settings';
import { AreaTable } from '../panel/AreaTable';
import { exportAreaLabel, exportMetaOf } from '../panel/export-meta';
import { Footnotes, Kpis, type Kpi } from '../panel/Kpis';
import { RankingSection } from '../panel/RankingSection';
import { Section } from '../panel/Section';
import { measureQuery } from '../queries';
import { subLevelOf, type ThemeContext, type ThemeMapResult } from './context';
import { aboveMapQuery } from './levels';
import { headlineRankingSql } from './headline';

/** Months in the trend, ending with the month on screen (as the visits theme). */
const TREND_MONTHS = 12;

const staleMonths = () => DEFAULT_SETTINGS.recordUpdate.intervalMonths;

/** The map's queries: guardianship figures of every township and every village at the month's evaluation date. */
export function guardianshipMapQueries(ctx: ThemeContext, priority: QueryPriority = 'map') {
  const { conn, extract, date } = ctx;
  if (ctx.above) {
    const children = aboveMapQuery(ctx, 'guardianship', priority);
    return [children, children] as const;
  }
  return [
    measureQuery(conn, extract, 'guardianship', guardianshipSql, { level: 'township', asOf: date, staleMonths: staleMonths() }, priority),
    measureQuery(conn, extract, 'guardianship', guardianshipSql, { level: 'village', asOf: date, staleMonths: staleMonths() }, priority),
  ] as const;
}

/** The map is coloured by the care-agreement rate: the one figure with a stated 100% target over every left-behind child. */
export function useGuardianshipMap(ctx: ThemeContext, active: boolean): ThemeMapResult {
  const [townsQuery, villagesQuery] = guardianshipMapQueries(ctx);
  const towns = useQuery({ ...townsQuery, enabled: active });
  const villages = useQuery({ ...villagesQuery, enabled: active });
  const map = useMemo<MapTheme>(() => {
    const tv = towns.data ? new AreaValues(towns.data) : null;
    const vv = villages.data ? new AreaValues(villages.data) : null;
    const values = (level: string) => (level === 'township' ? tv : vv);
    const figs = guardianshipFigures(staleMonths());
    return {
      fill: (f) => classColour(COVERAGE_CLASSES, values(f.level)?.get(f.code, 'agreement_rate') ?? null),
      fillKey: [towns.data, villages.data],
      points: [],
      denominator: (f) => {
        const v = values(f.level);
        return v ? (v.get(f.code, 'agreement_signed') ?? 0) + (v.get(f.code, 'agreement_unsigned') ?? 0) : null;
      },
      legend: {
        title: guardianshipText.legendTitle,
        items: [...COVERAGE_CLASSES.map((c) => ({ label: c.label, colour: c.colour })), { label: guardianshipText.noLeftBehind, colour: NO_DATA }],
        definition: figs.agreement_rate.def,
        notes: [guardianshipText.headlineWhy],
      },
      describe: (f) => {
        const v = values(f.level);
        const get = (k: keyof GuardianshipRow) => v?.get(f.code, k) ?? 0;
        return [
          [figs.left_behind.label, persons(get('left_behind'))],
          [figs.agreement_rate.label, formatShare(v?.get(f.code, 'agreement_rate') ?? null)],
          [figs.agreement_unsigned.label, persons(get('agreement_unsigned'))],
          [figs.pairing_rate.label, formatShare(v?.get(f.code, 'pairing_rate') ?? null)],
          [figs.out_of_school.label, persons(get('out_of_school'))],
        ];
      },
    };
  }, [towns.data, villages.data]);
  return { map, ready: Boolean(towns.data && villages.data), error: towns.error ?? villages.error };
}

export function GuardianshipPanel({ ctx }: { ctx: ThemeContext }) {
  const { conn, extract, date, month, scope, geometry } = ctx;
  const { small_cell_threshold: threshold, as_of: asOf, synthetic } = extract.manifest;
  const months = staleMonths();
  const figs = guardianshipFigures(months);
  const subLevel = subLevelOf(scope);
  const scopeQuery = useQuery(measureQuery(conn, extract, 'guardianship', guardianshipSql, { level: scope.level, parentCode: scope.parentCode, asOf: date, staleMonths: months }));
  const subQuery = useQuery({
    ...measureQuery(conn, extract, 'guardianship', guardianshipSql, { level: subLevel ?? 'village', parentCode: scope.code, asOf: date, staleMonths: months }),
    enabled: subLevel !== null,
  });
  // The gap list: villages of the county, of the township, or the village itself.
  const villageParent = scope.level === 'county' ? null : scope.level === 'township' ? scope.code : scope.parentCode;
  const villagesQuery = useQuery(measureQuery(conn, extract, 'guardianship', guardianshipSql, { level: 'village', parentCode: villageParent, asOf: date, staleMonths: months }));
  const trend = useQuery(measureQuery(conn, extract, 'guardianship-trend', guardianshipTrendSql, { area: { level: scope.level, code: scope.code }, endMonth: month, months: TREND_MONTHS, asOf, staleMonths: months }));
  const trendRows = trend.data ? rowsOf<GuardianshipTrendRow>(trend.data) : [];
  const ranking = useQuery({
    ...measureQuery(conn, extract, 'headline-ranking', headlineRankingSql, { theme: 'guardianship', inputs: { month, asOf, profile: ctx.profile }, parentCode: scope.code }),
    enabled: scope.level === 'county',
  });
  const row = scopeQuery.data ? (rowsOf<GuardianshipRow>(scopeQuery.data).find((r) => r.code === scope.code) ?? null) : null;
  const subRows = subQuery.data ? rowsOf<GuardianshipRow>(subQuery.data) : [];
  const gaps = villagesQuery.data
    ? rowsOf<GuardianshipRow>(villagesQuery.data)
        .filter((r) => (r.out_of_school > 0 || r.agreement_unsigned > 0) && (scope.level !== 'village' || r.code === scope.code))
        .sort((a, b) => b.out_of_school - a.out_of_school || b.agreement_unsigned - a.agreement_unsigned || a.code.localeCompare(b.code))
    : null;
  const townshipName = (r: GuardianshipRow) => geometry.byCode.get(geometry.byCode.get(r.code)?.parentCode ?? '')?.name ?? '';
  const n = (k: keyof GuardianshipRow) => Number(row?.[k] ?? 0);
  const withUnknown = (unknownKey: keyof GuardianshipRow) => (n(unknownKey) > 0 ? guardianshipText.unknownNote(formatCount(n(unknownKey))) : undefined);
  const kpis: Kpi[] = [
    { id: 'agreement-rate', label: figs.agreement_rate.label, value: formatShare(row?.agreement_rate ?? null), definition: figs.agreement_rate.def, warn: (row?.agreement_rate ?? 1) < 1, note: withUnknown('agreement_unknown') },
    { id: 'pairing-rate', label: figs.pairing_rate.label, value: formatShare(row?.pairing_rate ?? null), definition: figs.pairing_rate.def, warn: (row?.pairing_rate ?? 1) < 1, note: withUnknown('pairing_unknown') },
    { id: 'out-of-school', label: figs.out_of_school.label, value: formatCount(n('out_of_school')), unit: units.person, definition: figs.out_of_school.def, warn: n('out_of_school') > 0, note: withUnknown('out_of_school_unknown') },
    { id: 'disabled-out-of-school', label: figs.disabled_out_of_school.label, value: formatCount(n('disabled_out_of_school')), unit: units.person, definition: figs.disabled_out_of_school.def, warn: n('disabled_out_of_school') > 0 },
    { id: 'colour-stale', label: figs.colour_stale.label, value: formatCount(n('colour_stale')), unit: units.person, definition: figs.colour_stale.def, warn: n('colour_stale') > 0 },
    { id: 'colour-never', label: figs.colour_never.label, value: formatCount(n('colour_never')), unit: units.person, definition: figs.colour_never.def, warn: n('colour_never') > 0 },
    { id: 'left-behind', label: figs.left_behind.label, value: formatCount(n('left_behind')), unit: units.person, definition: figs.left_behind.def },
  ];
  const unknowns: Kpi[] = [
    { id: 'agreement-unknown', label: figs.agreement_unknown.label, value: formatCount(n('agreement_unknown')), unit: units.person, definition: figs.agreement_unknown.def },
    { id: 'pairing-unknown', label: figs.pairing_unknown.label, value: formatCount(n('pairing_unknown')), unit: units.person, definition: figs.pairing_unknown.def },
    { id: 'out-of-school-unknown', label: figs.out_of_school_unknown.label, value: formatCount(n('out_of_school_unknown')), unit: units.person, definition: figs.out_of_school_unknown.def },
  ];
  const rate = (num: (r: GuardianshipRow) => number, den: (r: GuardianshipRow) => number) => ({ numerator: num, denominator: den });
  const rowsSorted = subQuery.data ? [...subRows].filter((r) => r.children > 0).sort((a, b) => (a.agreement_rate ?? 2) - (b.agreement_rate ?? 2) || b.left_behind - a.left_behind) : null;
  return (
    <>
      <Kpis items={kpis} theme="guardianship" loading={!scopeQuery.data} />
      {subLevel && (
        <Section title={`${levelNames[subLevel]} · ${guardianshipText.subTitle}`}>
          <AreaTable<GuardianshipRow>
            rows={rowsSorted}
            rowKey={(r) => r.code}
            onSelect={(r) => ctx.select(r.code)}
            testId="sub-areas"
            exportName={`${exportAreaLabel(ctx)}_${guardianshipText.exportSub}_${date}`}
            exportMeta={exportMetaOf(ctx, `${exportAreaLabel(ctx)}${levelNames[subLevel]}${guardianshipText.exportSub}`, date)}
            threshold={threshold}
            limit={40}
            columns={[
              { header: ui.area, show: (r) => r.name },
              { header: guardianshipText.table.leftBehind, show: (r) => formatCount(r.left_behind), numeric: true, count: true, csv: (r) => r.left_behind },
              { header: guardianshipText.table.agreementRate, show: (r) => formatShare(r.agreement_rate), numeric: true, rate: rate((r) => r.agreement_signed, (r) => r.agreement_reported) },
              { header: guardianshipText.table.pairingRate, show: (r) => formatShare(r.pairing_rate), numeric: true, rate: rate((r) => r.pairing_done, (r) => r.pairing_done + r.pairing_missing) },
              { header: guardianshipText.table.outOfSchool, show: (r) => formatCount(r.out_of_school), numeric: true, count: true, csv: (r) => r.out_of_school },
            ]}
          />
        </Section>
      )}
      {trendRows.length > 0 && (
        <Section title={`${scope.name}${guardianshipText.trendTitle}`}>
          <Chart option={guardianshipRatesTrendOption({ asOf: date, synthetic }, guardianshipTrendForScreen(trendRows))} height={280} testId="chart-guardianship-rates"
            exportAs={{ option: () => guardianshipRatesTrendOption({ asOf: date, synthetic, static: true }, guardianshipTrendForExport(trendRows, threshold)), notes: [guardianshipText.trendNote, exportSuppressionNote(threshold)] }}
          />
          <Chart option={guardianshipRecordsTrendOption({ asOf: date, synthetic }, guardianshipTrendForScreen(trendRows))} height={260} testId="chart-guardianship-records"
            exportAs={{ option: () => guardianshipRecordsTrendOption({ asOf: date, synthetic, static: true }, guardianshipTrendForExport(trendRows, threshold)), notes: [DEFAULT_SETTINGS.recordUpdate.note, exportSuppressionNote(threshold)] }}
          />
          <p className="note" data-testid="guardianship-trend-note">{guardianshipText.trendNote}</p>
        </Section>
      )}
      {scope.level === 'county' && <RankingSection ctx={ctx} rows={ranking.data ? rowsOf<RankingRow>(ranking.data) : null} measureName={figs.agreement_rate.label} unit="%" previousMonth={previousQuarterEnd(month)} />}
      <Section title={`${ui.gapList} · ${guardianshipText.gapTitle}`}>
        <AreaTable<GuardianshipRow>
          rows={gaps}
          rowKey={(r) => r.code}
          onSelect={(r) => ctx.select(r.code)}
          testId="gap-list"
          exportName={`${exportAreaLabel(ctx)}_${fileText.taskListWord}_${guardianshipText.taskThemeName}_${date}`}
          exportMeta={exportMetaOf(ctx, `${exportAreaLabel(ctx)}${guardianshipText.taskThemeName}${fileText.taskListWord}`, date)}
          taskList={(rows) => guardianshipTasks(rows.map((r) => ({ ...r, township_name: townshipName(r) })))}
          threshold={threshold}
          empty={guardianshipText.noGaps}
          columns={[
            { header: ui.area, show: (r) => r.name },
            { header: levelNames.township, show: townshipName },
            { header: guardianshipText.table.outOfSchool, show: (r) => formatCount(r.out_of_school), numeric: true, count: true, csv: (r) => r.out_of_school },
            { header: guardianshipText.table.disabled, show: (r) => formatCount(r.disabled_out_of_school), numeric: true, count: true, csv: (r) => r.disabled_out_of_school },
            { header: guardianshipText.table.unsigned, show: (r) => formatCount(r.agreement_unsigned), numeric: true, count: true, csv: (r) => r.agreement_unsigned },
            { header: guardianshipText.table.unknown, show: (r) => formatCount(r.agreement_unknown), numeric: true, count: true, csv: (r) => r.agreement_unknown },
          ]}
        />
        <p className="note">{ui.csvNote(threshold)}</p>
      </Section>
      <Section title={guardianshipText.unknownTitle}>
        <Kpis items={unknowns} theme="guardianship" loading={!scopeQuery.data} />
      </Section>
      <Footnotes items={[...kpis, ...unknowns]} extra={[guardianshipText.flagsNote, DEFAULT_SETTINGS.recordUpdate.note]} />
    </>
  );
}

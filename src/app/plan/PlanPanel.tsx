import { useRef, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { downloadFile, exportFileName } from '../../export/download';
import { planWorkbook } from '../../export/plan-xlsx';
import { writeXlsx, XLSX_MIME } from '../../export/xlsx';
import { formatCount, formatDateZh, formatShare, persons, ui } from '../../i18n/zh';
import { planActionNames, planActionShort, planExport, planText } from '../../i18n/zh-plan';
import { stationFigures as fig } from '../../i18n/zh-stations';
import { PLAN_ACTIONS, planCoverageSql, planTownshipsSql, planVillagesSql, type PlanCoverageRow, type PlanTownshipRow, type PlanVillageRow } from '../../measures/plan';
import { DEFAULT_SETTINGS } from '../../policy/settings';
import { ProblemList } from '../ProblemList';
import { Section } from '../panel/Section';
import { measureQuery } from '../queries';
import type { ThemeContext } from '../themes/context';
import { parsePlanFile, planByVillage, planFileText } from './plan-state';
import type { Planning } from './use-plan';

const targets = DEFAULT_SETTINGS.coverageTargets;

interface Figure {
  id: string;
  label: string;
  definition: string;
  before: string;
  after: string;
  /** Below its target after the plan. */
  short?: boolean;
}

/**
 * 站点规划: the plan's effect on the county (or the township drilled into) before and after, each township's target
 * completion, and the villages to choose from in the suggested order, with the plan's file and 建设计划 export.
 */
export function PlanPanel({ ctx, planning }: { ctx: ThemeContext; planning: Planning }) {
  // A plan is made within one county: above it (a city or province extract), the user first enters a county.
  if (ctx.scope.level !== 'county' && ctx.scope.level !== 'township' && ctx.scope.level !== 'village') {
    return (
      <div className="plan-panel" data-testid="plan-panel">
        <Section title={planText.title}>
          <p className="note">{planText.withinCounty}</p>
          <div className="plan-actions">
            <button type="button" onClick={planning.leave} data-testid="plan-leave">
              {planText.leave}
            </button>
          </div>
        </Section>
      </div>
    );
  }
  return <CountyPlan ctx={ctx} planning={planning} />;
}

function CountyPlan({ ctx, planning }: { ctx: ThemeContext; planning: Planning }) {
  const { conn, extract, geometry } = ctx;
  const { manifest } = extract;
  const asOf = manifest.as_of;
  const county = geometry.county;
  // Planned within one county: a village's township, or the township or county itself.
  const area = ctx.scope.level === 'village' ? (geometry.byCode.get(ctx.scope.parentCode ?? '') ?? ctx.scope) : ctx.scope;
  const { plan, homes } = planning;
  // While a changed plan is computed, the last figures and list stay on screen (the boxes follow the plan at once).
  const areaQuery = useQuery({ ...measureQuery(conn, extract, 'plan-coverage', planCoverageSql, { level: area.level, parentCode: area.parentCode, asOf, plan, homes }), placeholderData: keepPreviousData });
  const townsQuery = useQuery({ ...measureQuery(conn, extract, 'plan-coverage', planCoverageSql, { level: 'township', asOf, plan, homes }), placeholderData: keepPreviousData });
  const villagesQuery = useQuery({ ...measureQuery(conn, extract, 'plan-villages', planVillagesSql, { parentCode: area.code, asOf, plan }), placeholderData: keepPreviousData });
  const homesQuery = useQuery({ ...measureQuery(conn, extract, 'plan-townships', planTownshipsSql, { parentCode: area.code, asOf, homes }), placeholderData: keepPreviousData });
  const computing = areaQuery.isPlaceholderData || townsQuery.isPlaceholderData || villagesQuery.isPlaceholderData || homesQuery.isPlaceholderData;
  const [message, setMessage] = useState<{ text: string; problems?: string[] } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const row = areaQuery.data ? (rowsOf<PlanCoverageRow>(areaQuery.data).find((r) => r.code === area.code) ?? null) : null;
  const towns = townsQuery.data ? rowsOf<PlanCoverageRow>(townsQuery.data) : [];
  const touched = (t: PlanCoverageRow) =>
    t.a_active_village_stations !== t.b_active_village_stations || t.a_directors !== t.b_directors || t.a_training_rate !== t.b_training_rate || homes.includes(t.code);
  const shownTowns = area.level === 'township' ? towns.filter((t) => t.code === area.code) : towns.filter((t) => t.target_village_stations !== null || touched(t));
  const villages = villagesQuery.data ? rowsOf<PlanVillageRow>(villagesQuery.data) : null;
  const homeRows = homesQuery.data ? rowsOf<PlanTownshipRow>(homesQuery.data) : null;
  const homesUnknown = (homeRows ?? []).filter((t) => t.homes_unknown > 0).length;
  const byVillage = planByVillage(plan);
  const items = plan.length + homes.length;

  const figures: Figure[] = row
    ? [
        { id: 'child-coverage', label: planText.childCoverage, definition: planText.childCoverageDef, before: formatShare(row.b_child_coverage), after: formatShare(row.a_child_coverage) },
        { id: 'newly-covered', label: planText.newlyCovered, definition: planText.newlyCoveredDef, before: '—', after: persons(row.children_newly_covered) },
        { id: 'share-with-station', label: fig.share_with_station.label, definition: fig.share_with_station.def, before: formatShare(row.b_share_with_station), after: formatShare(row.a_share_with_station), short: (row.a_share_with_station ?? 1) < targets.villageStationShare },
        { id: 'target-progress', label: fig.target_progress.label, definition: fig.target_progress.def, before: formatShare(row.b_target_progress), after: formatShare(row.a_target_progress), short: (row.a_target_progress ?? 1) < 1 },
        { id: 'share-with-director', label: fig.share_with_director.label, definition: fig.share_with_director.def, before: formatShare(row.b_share_with_director), after: formatShare(row.a_share_with_director), short: (row.a_share_with_director ?? 1) < targets.villageDirectorShare },
        { id: 'training-rate', label: fig.training_rate.label, definition: fig.training_rate.def, before: formatShare(row.b_training_rate), after: formatShare(row.a_training_rate), short: (row.a_training_rate ?? 1) < targets.directorTrainingShare },
        ...(row.townships > 0
          ? [{ id: 'townships-home', label: planText.townshipsHome, definition: planText.townshipsHomeDef, before: planText.ofTownships(row.b_townships_home_ok, row.townships), after: planText.ofTownships(row.a_townships_home_ok, row.townships), short: row.a_townships_home_ok < row.townships }]
          : []),
      ]
    : [];

  const countyRef = { code: county?.code ?? manifest.county_code, name: county?.name ?? manifest.county_name };
  const nameOf = (code: string) => geometry.byCode.get(code)?.name ?? code;
  const save = () => downloadFile(exportFileName([countyRef.name, planText.title, asOf], 'json'), planFileText(plan, countyRef, asOf, nameOf, homes), 'application/json');
  const load = async (file: File) => {
    const result = parsePlanFile(file.name, await file.text(), countyRef, (code) => geometry.byCode.get(code)?.level === 'village', (code) => geometry.byCode.get(code)?.level === 'township');
    if ('problems' in result) setMessage({ text: planText.fileRefused(file.name), problems: result.problems });
    else {
      planning.setPlan(result.plan, result.homes);
      setMessage({ text: planText.loaded(file.name, planByVillage(result.plan).length) });
    }
  };
  const exportXlsx = () => {
    if (!row || !villages || !homeRows || computing) return;
    const sheet = planWorkbook({
      areaName: area.level === 'county' ? area.name : `${countyRef.name}${area.name}`,
      villages: villages.filter((v) => v.planned_station || v.planned_director || v.planned_training),
      homes: homeRows.filter((t) => t.planned),
      townships: towns,
      area: row,
      asOf,
      source: manifest.source_systems.join('、'),
      synthetic: manifest.synthetic,
      threshold: manifest.small_cell_threshold,
    });
    downloadFile(exportFileName([countyRef.name, area.level === 'county' ? null : area.name, planExport.fileWord, asOf], 'xlsx'), writeXlsx(sheet) as Uint8Array<ArrayBuffer>, XLSX_MIME);
  };

  return (
    <div className="plan-panel" data-testid="plan-panel">
      <Section title={planText.title}>
        <p className="note">{planText.baseline(formatDateZh(asOf))}</p>
        <p className="note">{planText.mapHint}</p>
        {planning.notice && (
          <p className="plan-notice" role="status" data-testid="plan-notice">
            {planning.notice}
          </p>
        )}
        {message && (
          <div className="plan-notice" role={message.problems ? 'alert' : 'status'} data-testid="plan-file-message">
            {message.text}
            {message.problems && <ProblemList problems={message.problems} />}
          </div>
        )}
        <p className="plan-size" data-testid="plan-size">
          {items > 0 ? planText.planSize(byVillage.length, homes.length, items) : planText.planEmpty}
        </p>
        {computing && <p className="note">{ui.loading}</p>}
        <div className="plan-actions">
          <button type="button" onClick={save} data-testid="plan-save">
            {planText.save}
          </button>
          <button type="button" onClick={() => fileInput.current?.click()} data-testid="plan-load">
            {planText.load}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="plan-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void load(file);
            }}
          />
          <button type="button" onClick={exportXlsx} disabled={items === 0 || !row || !villages || !homeRows || computing} data-testid="plan-export">
            {planText.exportXlsx}
          </button>
          <button type="button" onClick={() => planning.setPlan([], [])} disabled={items === 0} data-testid="plan-clear">
            {planText.clear}
          </button>
          <button type="button" onClick={planning.leave} data-testid="plan-leave">
            {planText.leave}
          </button>
        </div>
      </Section>

      <Section title={`${planText.beforeAfter} · ${area.name}`} testId="plan-figures">
        <table className="plan-table" aria-busy={!row || computing} data-testid="plan-figure-table">
          <thead>
            <tr>
              <th />
              <th className="num">{planText.before}</th>
              <th className="num">{planText.after}</th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.id} title={f.definition} data-testid={`plan-figure-${f.id}`}>
                <td>{f.label}</td>
                <td className="num" data-testid={`plan-before-${f.id}`}>
                  {f.before}
                </td>
                <td className={`num${f.short ? ' short' : ''}`} data-testid={`plan-after-${f.id}`}>
                  {f.after}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!row && <p className="empty">{ui.loading}</p>}
        <p className="note">{targets.note}</p>
      </Section>

      {shownTowns.length > 0 && (
        <Section title={planText.townshipTargets} testId="plan-townships">
          <div className="area-table">
            <table className="plan-table">
              <thead>
                <tr>
                  <th>{planText.township}</th>
                  <th className="num">{planText.stations}</th>
                  <th className="num">{planText.progress}</th>
                  <th className="num">{planText.directorShare}</th>
                </tr>
              </thead>
              <tbody>
                {shownTowns.map((t) => (
                  <tr key={t.code} data-testid={`plan-township-${t.code}`}>
                    <td>
                      {t.name}
                      {t.townships > 0 && t.b_townships_home_ok < t.townships && (
                        <small className={`plan-township-name${t.a_townships_home_ok >= t.townships ? ' reached' : ''}`}>
                          {planText.homeColumn}：<span data-testid={`plan-township-home-${t.code}`}>{`${homeWord(t.b_townships_home_ok)}→${homeWord(t.a_townships_home_ok)}`}</span>
                        </small>
                      )}
                    </td>
                    <td className="num">
                      {t.b_active_village_stations}→{t.a_active_village_stations}（{t.target_village_stations ?? '—'}）
                    </td>
                    <td className={`num${t.a_target_progress !== null && t.a_target_progress >= 1 ? ' reached' : ''}`}>
                      {formatShare(t.b_target_progress)}→{formatShare(t.a_target_progress)}
                    </td>
                    <td className="num">
                      {formatShare(t.b_share_with_director)}→{formatShare(t.a_share_with_director)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="note">{planText.townshipTableNote}</p>
          {manifest.targets_source && <p className="note">{ui.targetsSource(manifest.targets_source)}</p>}
        </Section>
      )}

      <Section title={planText.homeCandidates} testId="plan-homes">
        <p className="note">{planText.homeOrderRule}</p>
        {homesUnknown > 0 && (
          <p className="plan-notice" role="status" data-testid="plan-homes-unknown">
            {planText.homeUnknown(homesUnknown)}
          </p>
        )}
        {homeRows === null ? (
          <p className="empty" aria-busy="true">
            {ui.loading}
          </p>
        ) : homeRows.length === 0 ? (
          <p className="empty">{planText.homeEmpty}</p>
        ) : (
          <div className="area-table plan-candidates">
            <table data-testid="plan-home-list">
              <thead>
                <tr>
                  <th className="num">{planText.rank}</th>
                  <th>{planText.township}</th>
                  <th className="num">{planText.children}</th>
                  <th title={planText.homeStatusTitle}>{planText.homeColumn}</th>
                  <th className="plan-check" title={planText.homeAction}>
                    {planText.homeShort}
                  </th>
                </tr>
              </thead>
              <tbody>
                {homeRows.map((t) => (
                  <tr key={t.code} data-code={t.code} className={t.planned ? 'planned' : undefined}>
                    <td className="num">{t.suggested_rank}</td>
                    <td>{t.name}</td>
                    <td className="num">{formatCount(t.children)}</td>
                    <td className="plan-lacks">
                      {planText.homeStatus(t.homes_ok, t.homes_below, t.homes_unknown, t.homes_closed)}
                      <small className="plan-township-name">{planText.homeTarget(t.target_homes, t.target_from_extract)}</small>
                    </td>
                    <td className="plan-check">
                      <input type="checkbox" aria-label={`${t.name}${planText.homeAction}`} data-testid={`plan-home-${t.code}`} checked={homes.includes(t.code)} onChange={() => planning.toggleHome(t.code)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="note">{targets.townshipHomes.note}</p>
      </Section>

      <Section title={planText.candidates} testId="plan-candidates">
        <p className="note">{planText.orderRule}</p>
        {villages === null ? (
          <p className="empty" aria-busy="true">
            {ui.loading}
          </p>
        ) : villages.length === 0 ? (
          <p className="empty">{planText.emptyCandidates}</p>
        ) : (
          <div className="area-table plan-candidates">
            <table data-testid="plan-candidate-list">
              <thead>
                <tr>
                  <th className="num">{planText.rank}</th>
                  <th>{planText.village}</th>
                  <th className="num">{planText.children}</th>
                  <th title={planText.lacksTitle}>{planText.lacks}</th>
                  {PLAN_ACTIONS.map((a) => (
                    <th key={a} className="plan-check" title={planActionNames[a]}>
                      {planActionShort[a]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {villages.map((v) => (
                  <tr key={v.code} data-code={v.code} className={planning.has(v.code) ? 'planned' : undefined}>
                    <td className="num">{v.suggested_rank}</td>
                    <td>
                      {v.name}
                      {area.level === 'county' && <small className="plan-township-name">{v.township_name}</small>}
                    </td>
                    <td className="num">{formatCount(v.children)}</td>
                    <td className="plan-lacks">{lacks(v)}</td>
                    {PLAN_ACTIONS.map((a) => (
                      <td key={a} className="plan-check">
                        <input
                          type="checkbox"
                          aria-label={`${v.name}${planActionNames[a]}`}
                          data-testid={`plan-${a}-${v.code}`}
                          checked={planning.has(v.code, a)}
                          onChange={() => planning.toggle(v.code, a)}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </div>
  );
}

const homeWord = (ok: number) => (ok > 0 ? planText.homeReached : planText.homeShortOf);

function lacks(v: PlanVillageRow): string {
  const parts = [...(v.has_station ? [] : [planText.lackStation]), ...(v.has_director ? [] : [planText.lackDirector]), ...(v.directors_untrained > 0 ? [planText.lackTraining(v.directors_untrained)] : [])];
  return parts.length > 0 ? parts.join('、') : planText.nothingLacking;
}

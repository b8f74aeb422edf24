/**
 * The 建设计划 (construction plan) workbook of a 站点规划: one row per action in a village — its township and
 * village, what is to be done, the children it affects and its effect on the township's target — with small-cell
 * suppression. Pure: no DOM.
 *
 * - 受益儿童 is the village's children on the roll, once per village (rows of one village repeat its count:
 *   suppressed as one list of villages, `suppressKeyedColumn`), with a 合计 row of the plan's villages.
 * - The summary lines under the table give the scope's rates before and after: the coverage of children is hidden
 *   (`suppressRate`) when its numerator, its complement or its denominator is small; 新覆盖儿童 is "<T" when small.
 *   Village counts and staff rates are not counts of children and are shown as they are.
 * - A township's 关爱之家 comes first, one row per township: its children on the roll (suppressed as its own list,
 *   `suppressList` without a total: they overlap the villages' and are not added to the 合计), and its 关爱之家
 *   meeting the standard before → after (one more) against its target.
 */
import type { PlanAction } from '../measures/plan';
import type { PlanCoverageRow, PlanTownshipRow, PlanVillageRow } from '../measures/plan';
import { planActionNames, planExport, planText } from '../i18n/zh-plan';
import { formatShare } from '../i18n/zh';
import { fileText } from '../i18n/zh-export';
import { stationFigures } from '../i18n/zh-stations';
import { formatCell, HIDDEN_RATE_MARK, isSmall, suppressionNote, suppressKeyedColumn, suppressList, suppressRate, type SuppressedCell } from './suppression';
import type { XlsxSheet, XlsxValue } from './xlsx';
import { PLAN_ACTIONS } from '../measures/plan';

export interface PlanWorkbookInput {
  /** The area planned for (the county, or a township). */
  areaName: string;
  /** The plan's villages (as listed by planVillagesSql), in the order the rows are written. */
  villages: readonly PlanVillageRow[];
  /** The townships planned to get a 关爱之家 (as listed by planTownshipsSql). */
  homes?: readonly PlanTownshipRow[];
  /** planCoverageSql at township level: each village's township before and after. */
  townships: readonly PlanCoverageRow[];
  /** planCoverageSql for the area itself. */
  area: PlanCoverageRow;
  asOf: string;
  source: string;
  synthetic: boolean;
  threshold: number;
}

const cellValue = (cell: SuppressedCell, threshold: number): XlsxValue => (cell.shown ? cell.value : formatCell(cell, threshold));

function effect(action: PlanAction, v: PlanVillageRow, t: PlanCoverageRow | undefined): string {
  if (!t) return '';
  switch (action) {
    case 'station':
      return planExport.stationEffect(t.name, t.b_active_village_stations, t.a_active_village_stations, t.target_village_stations);
    case 'director':
      return planExport.directorEffect(t.name, formatShare(t.b_share_with_director), formatShare(t.a_share_with_director));
    case 'training':
      return v.directors === 0 && !v.planned_director ? planText.trainingNoDirector : planExport.trainingEffect(t.name, formatShare(t.b_training_rate), formatShare(t.a_training_rate));
  }
}

/** The plan's table, suppressed, and the lines under it: the 建设计划 sheet's body, and the briefing's plan table. */
export function planTable(input: PlanWorkbookInput): { header: readonly string[]; rows: XlsxValue[][]; notes: string[] } {
  const T = input.threshold;
  const towns = new Map(input.townships.map((t) => [t.code, t]));
  const homes = input.homes ?? [];
  const homeChildren = suppressList(homes.map((t) => t.children), T, { showTotal: false });
  const rows: XlsxValue[][] = homes.map((t, k) => [
    k + 1,
    t.name,
    planExport.wholeTownship,
    t.code,
    planText.homeAction,
    cellValue(homeChildren.cells[k] as SuppressedCell, T),
    planExport.homeEffect(t.name, t.homes_ok, t.homes_ok + 1, t.target_homes),
  ]);
  const items = input.villages.flatMap((v) =>
    PLAN_ACTIONS.filter((a) => (a === 'station' ? v.planned_station : a === 'director' ? v.planned_director : v.planned_training)).map((action) => ({ v, action })),
  );
  const children = suppressKeyedColumn(items, (i) => i.v.code, (i) => i.v.children, T);
  rows.push(
    ...items.map(({ v, action }, k): XlsxValue[] => [
      homes.length + k + 1,
      v.township_name,
      v.name,
      v.code,
      planActionNames[action],
      cellValue(children.cells[k] as SuppressedCell, T),
      effect(action, v, towns.get(v.township_code)),
    ]),
  );
  if (items.length > 0) rows.push([fileText.total, null, null, null, null, cellValue(children.total, T), null]);
  const a = input.area;
  const coverage = (covered: number) => {
    const cell = suppressRate(covered, a.children, T);
    return cell.shown ? formatShare(cell.value) : HIDDEN_RATE_MARK;
  };
  const newly = isSmall(a.children_newly_covered, T) ? `<${T}` : String(a.children_newly_covered);
  return {
    header: planExport.header,
    rows,
    notes: [
      planExport.summary(planText.childCoverage, coverage(a.b_children_covered), coverage(a.a_children_covered)),
      `${planText.newlyCovered}：${newly}`,
      planExport.summary(stationFigures.share_with_station.label, formatShare(a.b_share_with_station), formatShare(a.a_share_with_station)),
      planExport.summary(stationFigures.target_progress.label, formatShare(a.b_target_progress), formatShare(a.a_target_progress)),
      planExport.summary(stationFigures.share_with_director.label, formatShare(a.b_share_with_director), formatShare(a.a_share_with_director)),
      planExport.summary(stationFigures.training_rate.label, formatShare(a.b_training_rate), formatShare(a.a_training_rate)),
      ...(a.townships > 0 ? [planExport.summary(planText.townshipsHome, planText.ofTownships(a.b_townships_home_ok, a.townships), planText.ofTownships(a.a_townships_home_ok, a.townships))] : []),
      planExport.childrenNote,
      ...(homes.length > 0 ? [planExport.townshipChildrenNote] : []),
      planText.orderRule,
      ...(homes.length > 0 ? [planText.homeOrderRule] : []),
    ],
  };
}

/** The sheet of the 建设计划; `writeXlsx` turns it into a file. */
export function planWorkbook(input: PlanWorkbookInput): XlsxSheet {
  const table = planTable(input);
  return {
    name: planExport.sheet,
    title: planExport.title(input.areaName),
    meta: [planExport.baseline(input.asOf), fileText.source(input.source), ...(input.synthetic ? [fileText.synthetic] : []), suppressionNote(input.threshold)],
    header: [...table.header],
    rows: table.rows,
    notes: table.notes,
    columnWidths: [6, 16, 18, 15, 18, 14, 48],
  };
}

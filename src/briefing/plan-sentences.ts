/**
 * The briefing's 站点规划 section (pure): a plan's projected effect in sentences, and its table. The figures are
 * planCoverageSql's for the scope; the table is the 建设计划's (`planTable`), so it is suppressed exactly as the
 * export is. A rate of children is given only when `suppressRate` allows it on both sides; children newly covered
 * below the threshold are "不足5名".
 */
import { planTable, type PlanWorkbookInput } from '../export/plan-xlsx';
import { isSmall, suppressRate } from '../export/suppression';
import { formatCount, formatShare } from '../i18n/zh';
import { planBriefing as pb } from '../i18n/zh-plan';
import type { TextTable } from './sentences';

export interface PlanSentenceInput extends PlanWorkbookInput {
  /** The scope as the briefing names it (全市, 搬经镇). */
  areaWord: string;
  /** Share of villages with a station the plan is read against (`coverageTargets.villageStationShare`). */
  stationTarget: number;
}

/** The 建设计划's column of division codes. */
const CODE_COLUMN = 3;

export interface PlanBriefing {
  paragraphs: string[];
  table: TextTable;
}

/** The plan's actions in the scope, counted from its rows: stations, directors, trainings, 关爱之家. */
function actionCounts(input: PlanWorkbookInput) {
  const v = input.villages;
  return {
    stations: v.filter((r) => r.planned_station).length,
    directors: v.filter((r) => r.planned_director).length,
    trainings: v.filter((r) => r.planned_training).length,
    homes: (input.homes ?? []).filter((t) => t.planned).length,
  };
}

export function planSentences(input: PlanSentenceInput): PlanBriefing {
  const T = input.threshold;
  const a = input.area;
  const n = actionCounts(input);
  const what = [
    ...(n.stations > 0 ? [pb.stations(n.stations)] : []),
    ...(n.directors > 0 ? [pb.directors(n.directors)] : []),
    ...(n.trainings > 0 ? [pb.trainings(n.trainings)] : []),
    ...(n.homes > 0 ? [pb.homes(n.homes)] : []),
  ];
  const paragraphs: string[] = [];
  if (what.length === 0) {
    paragraphs.push(pb.empty(input.areaWord));
  } else {
    const before = suppressRate(a.b_children_covered, a.children, T);
    const after = suppressRate(a.a_children_covered, a.children, T);
    const parts: string[] = [];
    if (before.shown && after.shown) parts.push(pb.childCoverage(formatShare(before.value), formatShare(after.value)));
    else parts.push(pb.childCoverageHidden);
    if (n.stations > 0) parts.push(pb.newlyCovered(isSmall(a.children_newly_covered, T) ? pb.fewer(T) : pb.persons(formatCount(a.children_newly_covered))));
    const clauses = [parts.join('，')];
    if (n.stations > 0) {
      const short = Math.max(0, Math.ceil(a.villages * input.stationTarget - a.a_villages_with_station));
      clauses.push(pb.stationShare(formatShare(a.b_share_with_station), formatShare(a.a_share_with_station), short));
      if (a.target_village_stations !== null) {
        clauses.push(pb.targetProgress(formatShare(a.b_target_progress), formatShare(a.a_target_progress), a.a_active_village_stations, a.target_village_stations));
      }
    }
    if (n.directors > 0) clauses.push(pb.directorShare(formatShare(a.b_share_with_director), formatShare(a.a_share_with_director)));
    if (n.trainings > 0) clauses.push(pb.trainingRate(formatShare(a.b_training_rate), formatShare(a.a_training_rate)));
    paragraphs.push(pb.effect(what, input.areaWord, clauses));
    if (n.homes > 0 && a.townships > 0) paragraphs.push(pb.homesEffect(a.b_townships_home_ok, a.a_townships_home_ok, a.townships));
  }
  const t = planTable(input);
  // The page leaves out the division codes of the export (column 3): a leader reads the names.
  const keep = (_: unknown, i: number) => i !== CODE_COLUMN;
  return {
    paragraphs,
    table: {
      title: pb.tableTitle,
      header: t.header.filter(keep),
      numeric: t.header.map((_, i) => i === 0 || i === 5).filter(keep),
      rows: t.rows.map((r, i) => ({ key: `${i}:${String(r[CODE_COLUMN] ?? r[0])}`, cells: r.filter(keep).map((c) => (c === null || c === undefined ? '' : String(c))) })),
    },
  };
}

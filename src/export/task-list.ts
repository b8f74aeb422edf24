/**
 * 督办清单: a theme's gap list as a supervision list the bureau sends out — 序号, 乡镇（街道）, 村（社区）, 问题,
 * 涉及儿童数 (suppressed, with a 合计 row), 责任单位, and two empty columns for the bureau: 整改时限, 整改情况.
 *
 * 责任单位: the township-level body, also for a village's problem. A county bureau supervises townships and
 * street offices; village (residents') committees are self-governing bodies that the township directs, so the
 * township is answerable for the fix. 镇 / 乡 → "XX镇人民政府", 街道 → "XX街道办事处", a development or high-tech
 * zone (…区) → "XX管理委员会", anything else (farms…) → its own name.
 */
import type { AlertsRow } from '../measures/alerts';
import type { GuardianshipRow } from '../measures/guardianship';
import type { RiskMixRow } from '../measures/risk-mix';
import type { VillageGapRow } from '../measures/station-coverage';
import type { OverdueVillageRow } from '../measures/visit-compliance';
import type { WaterPointRow } from '../measures/water-safety';
import { taskColumns, taskProblems, fileText } from '../i18n/zh-export';
import { waterItemNames, waterTypeNames } from '../i18n/zh-water';
import { alertText } from '../i18n/zh-alerts';
import { guardianshipText } from '../i18n/zh-guardianship';
import { buildExportTable, type ExportColumn, type ExportMeta, type ExportTable } from './table-export';

export interface TaskItem {
  township: string;
  /** The village (community), or null for a township-level row. */
  village: string | null;
  /** The gap, in Chinese. */
  problem: string;
  /** Children affected. */
  children: number;
  /** When several items share one count (water points of one village): the unit it belongs to. */
  unitKey?: string;
}

export function responsibleUnit(township: string): string {
  const name = township.trim();
  if (name.endsWith('街道')) return `${name}办事处`;
  if (name.endsWith('镇') || name.endsWith('乡')) return `${name}人民政府`;
  if (name.endsWith('区')) return `${name}管理委员会`;
  return name;
}

export function taskListTable(items: readonly TaskItem[], meta: ExportMeta): ExportTable {
  const index = new Map(items.map((it, i) => [it, i + 1]));
  const keyed = items.some((it) => it.unitKey !== undefined);
  const columns: ExportColumn<TaskItem>[] = [
    { header: taskColumns.index, value: (it) => index.get(it) ?? null, width: 6 },
    { header: taskColumns.township, value: (it) => it.township, width: 16 },
    { header: taskColumns.village, value: (it) => it.village ?? '', width: 16 },
    { header: taskColumns.problem, value: (it) => it.problem, width: 44 },
    { header: taskColumns.children, count: (it) => it.children, unitKey: keyed ? (it) => it.unitKey ?? `${it.township}/${it.village ?? ''}` : undefined, width: 12 },
    { header: taskColumns.unit, value: (it) => responsibleUnit(it.township), width: 24 },
    { header: taskColumns.deadline, value: () => null, width: 14 },
    { header: taskColumns.progress, value: () => null, width: 24 },
  ];
  const notes = [fileText.responsibleNote, ...(meta.notes ?? [])];
  return buildExportTable(columns, items, { ...meta, notes });
}

// ---------------------------------------------------------------------------------------------------------------
// Each theme's gap list → items.

export function stationTasks(rows: readonly VillageGapRow[]): TaskItem[] {
  return rows.map((r) => ({
    township: r.township_name,
    village: r.name,
    problem: !r.has_station && !r.has_director ? taskProblems.noStationNoDirector : !r.has_station ? taskProblems.noStation : taskProblems.noDirector,
    children: r.children,
  }));
}

export function visitTasks(rows: readonly OverdueVillageRow[]): TaskItem[] {
  return rows.map((r) => ({ township: r.township_name, village: r.name, problem: taskProblems.visitsOverdue, children: r.overdue }));
}

/** Risk: rows are townships of the county, or villages of the township `scopeName`. */
export function riskTasks(rows: readonly RiskMixRow[], scope: { level: string; name: string }): TaskItem[] {
  return rows.map((r) =>
    scope.level === 'county'
      ? { township: r.name, village: null, problem: taskProblems.ungraded, children: r.ungraded }
      : { township: scope.name, village: r.name, problem: taskProblems.ungraded, children: r.ungraded },
  );
}

/** Water: one item per point; 涉及儿童数 is the children of the point's village, counted once per village. */
export function waterTasks(rows: readonly WaterPointRow[]): TaskItem[] {
  return rows.map((p) => {
    const missing = ([['sign', p.has_sign], ['ring', p.has_ring], ['rope', p.has_rope], ['pole', p.has_pole]] as const).filter(([, has]) => !has).map(([k]) => waterItemNames[k]);
    const place = `${p.water_type ? waterTypeNames[p.water_type] : waterTypeNames.other}点位（${p.point_id}）`;
    const items = missing.join('、');
    const problem = missing.length > 0 && p.inspection_overdue ? taskProblems.waterBoth(place, items) : missing.length > 0 ? taskProblems.waterMissing(place, items) : taskProblems.waterOverdue(place);
    return { township: p.township_name, village: p.village_name, problem, children: p.children_in_village, unitKey: p.village_code };
  });
}

/**
 * 强制报告: one item per area of the scope — every area, also those with none, so that being listed says nothing
 * and each "<T" stays 0..T−1. The problem names no kind (a kind in a small village could identify a child).
 */
export function alertTasks(rows: readonly AlertsRow[], scope: { level: string; name: string }): TaskItem[] {
  return rows.map((r) =>
    scope.level === 'county'
      ? { township: r.name, village: null, problem: alertText.taskProblem, children: r.children_with_alert }
      : { township: scope.name, village: r.name, problem: alertText.taskProblem, children: r.children_with_alert },
  );
}

/** Guardianship: villages with `township_name`; one item for out-of-school children, one for unsigned agreements. */
export function guardianshipTasks(rows: readonly (GuardianshipRow & { township_name: string })[]): TaskItem[] {
  return rows.flatMap((r) => [
    ...(r.out_of_school > 0 ? [{ township: r.township_name, village: r.name, problem: guardianshipText.taskOutOfSchool, children: r.out_of_school }] : []),
    ...(r.agreement_unsigned > 0 ? [{ township: r.township_name, village: r.name, problem: guardianshipText.taskUnsigned, children: r.agreement_unsigned }] : []),
  ]);
}

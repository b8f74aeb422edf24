/**
 * 规划预期效果 as the big screen shows it (pure): the plan's figures for one area before and after, suppressed as the
 * briefing's plan section is (src/briefing/plan-sentences.ts), since a meeting room is an audience: the rate of
 * children only when `suppressRate` allows it on both sides, children newly covered below the threshold as
 * "不足5名". Rates of villages, directors and townships are not counts of children and are shown as they are.
 */
import { isSmall, suppressRate } from '../../export/suppression';
import { formatCount, formatShare } from '../../i18n/zh';
import { planBig, planBriefing, planText } from '../../i18n/zh-plan';
import { stationFigures as fig } from '../../i18n/zh-stations';
import type { PlanCoverageRow } from '../../measures/plan';

export interface PlanEffectFigure {
  id: 'child-coverage' | 'newly-covered' | 'share-with-station' | 'share-with-director' | 'training-rate' | 'townships-home';
  label: string;
  before: string;
  after: string;
}

/** What the plan holds: the figure of an action the plan has none of is left out (it cannot change). */
export interface PlanEffectActions {
  stations: number;
  directors: number;
  trainings: number;
  homes: number;
}

export function planEffectFigures(row: PlanCoverageRow, actions: PlanEffectActions, threshold: number): PlanEffectFigure[] {
  const before = suppressRate(row.b_children_covered, row.children, threshold);
  const after = suppressRate(row.a_children_covered, row.children, threshold);
  const shown = before.shown && after.shown;
  const out: PlanEffectFigure[] = [
    { id: 'child-coverage', label: planText.childCoverage, before: shown ? formatShare(before.value) : planBig.hidden, after: shown ? formatShare(after.value) : planBig.hidden },
  ];
  if (actions.stations > 0) {
    const n = row.children_newly_covered;
    out.push({ id: 'newly-covered', label: planText.newlyCovered, before: '—', after: isSmall(n, threshold) ? planBriefing.fewer(threshold) : planBriefing.persons(formatCount(n)) });
    out.push({ id: 'share-with-station', label: fig.share_with_station.label, before: formatShare(row.b_share_with_station), after: formatShare(row.a_share_with_station) });
  }
  if (actions.directors > 0) out.push({ id: 'share-with-director', label: fig.share_with_director.label, before: formatShare(row.b_share_with_director), after: formatShare(row.a_share_with_director) });
  if (actions.trainings > 0) out.push({ id: 'training-rate', label: fig.training_rate.label, before: formatShare(row.b_training_rate), after: formatShare(row.a_training_rate) });
  if (actions.homes > 0 && row.townships > 0) {
    out.push({ id: 'townships-home', label: planText.townshipsHome, before: planText.ofTownships(row.b_townships_home_ok, row.townships), after: planText.ofTownships(row.a_townships_home_ok, row.townships) });
  }
  return out;
}

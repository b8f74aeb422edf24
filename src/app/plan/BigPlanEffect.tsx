import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { planBig } from '../../i18n/zh-plan';
import { planCoverageSql, type PlanCoverageRow, type PlanItem } from '../../measures/plan';
import type { RegionFeature } from '../../map/region-features';
import { measureQuery } from '../queries';
import type { ThemeContext } from '../themes/context';
import { planByVillage } from './plan-state';
import { planEffectFigures } from './plan-effect';

/**
 * The big screen's 规划预期效果: the county's figures before → after the plan in the URL (see ./plan-effect.ts for
 * which figures and how they are suppressed); nothing for an empty plan.
 */
export function BigPlanEffect({ ctx, county, plan, homes }: { ctx: ThemeContext; county: RegionFeature; plan: readonly PlanItem[]; homes: readonly string[] }) {
  const { conn, extract } = ctx;
  const { manifest } = extract;
  const query = useQuery({
    ...measureQuery(conn, extract, 'plan-coverage', planCoverageSql, { level: county.level, parentCode: county.parentCode, asOf: manifest.as_of, plan, homes }),
    placeholderData: keepPreviousData,
    enabled: plan.length + homes.length > 0,
  });
  if (plan.length + homes.length === 0) return null;
  const row = query.data && !query.isPlaceholderData ? (rowsOf<PlanCoverageRow>(query.data).find((r) => r.code === county.code) ?? null) : null;
  const count = (action: PlanItem['action']) => plan.filter((p) => p.action === action).length;
  const figures = row ? planEffectFigures(row, { stations: count('station'), directors: count('director'), trainings: count('training'), homes: homes.length }, manifest.small_cell_threshold) : [];
  const hidden = figures.some((f) => f.before === planBig.hidden || f.after === planBig.hidden);
  return (
    <section className="big-plan" data-testid="big-plan" aria-busy={!row}>
      <div className="big-plan-head">
        <b>{planBig.title}</b>
        <span>{planBig.subtitle(planByVillage(plan).length, homes.length)}</span>
      </div>
      <table>
        <thead>
          <tr>
            <th />
            <th>{planBig.before}</th>
            <th />
            <th>{planBig.after}</th>
          </tr>
        </thead>
        <tbody>
          {figures.map((f) => (
            <tr key={f.id} data-testid={`big-plan-${f.id}`}>
              <td>{f.label}</td>
              <td className="num" data-testid={`big-plan-before-${f.id}`}>
                {f.before}
              </td>
              <td className="arrow">→</td>
              <td className="num after" data-testid={`big-plan-after-${f.id}`}>
                {f.after}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hidden && <p className="big-plan-note">{planBig.hiddenNote(manifest.small_cell_threshold)}</p>}
    </section>
  );
}

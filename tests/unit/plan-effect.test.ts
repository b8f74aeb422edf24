import { describe, expect, it } from 'vitest';
import { planEffectFigures } from '../../src/app/plan/plan-effect';
import type { PlanCoverageRow } from '../../src/measures/plan';

// A made-up county of 200 villages and 2,000 children, 12 townships with a 关爱之家 target; figures by hand.
const row: PlanCoverageRow = {
  code: '320999',
  name: '示例县',
  villages: 200,
  children: 2000,
  b_villages_with_station: 160,
  a_villages_with_station: 172,
  b_share_with_station: 0.8,
  a_share_with_station: 0.86,
  b_children_covered: 1624,
  a_children_covered: 1810,
  b_child_coverage: 0.812,
  a_child_coverage: 0.905,
  children_newly_covered: 186,
  b_villages_with_director: 190,
  a_villages_with_director: 193,
  b_share_with_director: 0.95,
  a_share_with_director: 0.965,
  target_village_stations: 180,
  b_active_village_stations: 160,
  a_active_village_stations: 172,
  b_target_progress: 160 / 180,
  a_target_progress: 172 / 180,
  b_directors: 190,
  a_directors: 193,
  b_training_rate: 0.5,
  a_training_rate: 0.6,
  townships: 12,
  b_townships_home_ok: 7,
  a_townships_home_ok: 9,
};
const pairs = (fs: ReturnType<typeof planEffectFigures>) => fs.map((f) => [f.id, f.before, f.after]);

describe('规划预期效果 on the big screen', () => {
  it('gives before → after of each figure the plan can change', () => {
    expect(pairs(planEffectFigures(row, { stations: 12, directors: 3, trainings: 1, homes: 2 }, 5))).toEqual([
      ['child-coverage', '81.2%', '90.5%'],
      ['newly-covered', '—', '186名'],
      ['share-with-station', '80.0%', '86.0%'],
      ['share-with-director', '95.0%', '96.5%'],
      ['training-rate', '50.0%', '60.0%'],
      ['townships-home', '7/12', '9/12'],
    ]);
  });

  it('leaves out the figures of actions the plan has none of', () => {
    expect(pairs(planEffectFigures(row, { stations: 0, directors: 0, trainings: 0, homes: 2 }, 5))).toEqual([
      ['child-coverage', '81.2%', '90.5%'],
      ['townships-home', '7/12', '9/12'],
    ]);
  });

  it('suppresses as the briefing does: newly covered below the threshold, and a rate of children with few on a side', () => {
    // 3 children newly covered: "不足5名". 1,997 of 2,000 covered after: 3 not covered, so neither rate is shown.
    const few = { ...row, a_children_covered: 1997, b_children_covered: 1994, children_newly_covered: 3 };
    expect(pairs(planEffectFigures(few, { stations: 1, directors: 0, trainings: 0, homes: 0 }, 5))).toEqual([
      ['child-coverage', '不显示', '不显示'],
      ['newly-covered', '—', '不足5名'],
      ['share-with-station', '80.0%', '86.0%'],
    ]);
    // With a threshold of 3, 3 is shown.
    expect(pairs(planEffectFigures(few, { stations: 1, directors: 0, trainings: 0, homes: 0 }, 3)).slice(0, 2)).toEqual([
      ['child-coverage', '99.7%', '99.9%'],
      ['newly-covered', '—', '3名'],
    ]);
  });
});

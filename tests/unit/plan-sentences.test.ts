import { describe, expect, it } from 'vitest';
import { planSentences, type PlanSentenceInput } from '../../src/briefing/plan-sentences';
import type { PlanCoverageRow, PlanTownshipRow, PlanVillageRow } from '../../src/measures/plan';

// A made-up county of 200 villages and 2,000 children, the figures written by hand.
const area: PlanCoverageRow = {
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
  b_training_rate: 0.9,
  a_training_rate: 0.9,
  townships: 14,
  b_townships_home_ok: 10,
  a_townships_home_ok: 12,
};

const village = (code: string, children: number, station: boolean, director = false): PlanVillageRow => ({
  code,
  name: `村${code.slice(-3)}`,
  township_code: code.slice(0, 9),
  township_name: '甲镇',
  children,
  has_station: false,
  has_director: !director,
  directors: director ? 0 : 1,
  directors_untrained: 0,
  township_target: 20,
  township_progress: 0.5,
  suggested_rank: 1,
  planned_station: station,
  planned_director: director,
  planned_training: false,
});

const township = (code: string, name: string, children: number): PlanTownshipRow => ({
  code,
  name,
  children,
  target_homes: 1,
  target_from_extract: true,
  meets_target: false,
  homes_ok: 0,
  homes_below: 1,
  homes_unknown: 0,
  homes_closed: 0,
  suggested_rank: 1,
  planned: true,
});

// 12 stations (one village also gets a director: 3 directors in all), two townships' 关爱之家.
const villages = [
  ...Array.from({ length: 12 }, (_, i) => village(`320999101${String(i + 1).padStart(3, '0')}`, 10 + i, true, i === 0)),
  village('320999102001', 3, false, true),
  village('320999102002', 12, false, true),
];
const input: PlanSentenceInput = {
  areaName: '示例县',
  areaWord: '全县',
  stationTarget: 1,
  villages,
  homes: [township('320999101', '甲镇', 300), township('320999102', '乙镇', 4)],
  townships: [],
  area,
  asOf: '2026-10-31',
  source: '测试',
  synthetic: true,
  threshold: 5,
};

describe('the plan in the briefing', () => {
  it('says what the plan builds and what it does to the coverage and the targets', () => {
    const { paragraphs } = planSentences(input);
    // Coverage 1,624/2,000 = 81.2% → 1,810/2,000 = 90.5%; 200 − 172 = 28 villages short of every village; target
    // completion 160/180 = 88.9% → 172/180 = 95.6%; directors 95.0% → 96.5%; training unchanged (no training planned).
    expect(paragraphs).toEqual([
      '按本计划新建12个村级关爱站点、为3个村（社区）配备儿童主任、在2个乡镇（街道）建设达省标关爱之家后，全县儿童所在村有站点的比例由81.2%提高到90.5%，新覆盖儿童186名；' +
        '村（社区）关爱站点覆盖率由80.0%提高到86.0%，距全覆盖目标尚差28个村（社区）；村级站点建设目标完成率由88.9%提高到95.6%（172个，目标180个）；儿童主任配备率由95.0%提高到96.5%。',
      '建成后，关爱之家达到目标的乡镇（街道）由10个增至12个（共14个），尚差2个。',
    ]);
  });

  it('hides a rate and a count of children the threshold protects', () => {
    // 3 children newly covered of 40; 35 covered after: its complement 5 − … is small → not given.
    const small: PlanCoverageRow = { ...area, children: 40, b_children_covered: 32, a_children_covered: 37, children_newly_covered: 3, townships: 0 };
    const { paragraphs } = planSentences({ ...input, area: small, homes: [] });
    expect(paragraphs[0]).toContain('儿童所在村有站点的比例因涉及儿童人数较少不予显示，新覆盖儿童不足5名；');
    expect(paragraphs[0]).not.toMatch(/80\.0%提高到92\.5%|3名/);
    expect(paragraphs).toHaveLength(1);
  });

  it('gives the 建设计划 table as the export suppresses it', () => {
    const { table } = planSentences(input);
    // As the export, without its division codes.
    expect(table.header).toEqual(['序号', '乡镇（街道）', '村（社区）', '建设内容', '受益儿童（人）', '目标效果']);
    // The townships first: 甲镇 300 shown, 乙镇 4 → "<5" (no total of townships is printed, so nothing more).
    expect(table.rows.slice(0, 2).map((r) => r.cells.slice(0, 5))).toEqual([
      ['1', '甲镇', '（全乡镇）', '建设达省标关爱之家', '300'],
      ['2', '乙镇', '（全乡镇）', '建设达省标关爱之家', '<5'],
    ]);
    // The village with 3 children is "<5", and one more village is hidden ("*") so that the 合计 does not give it back.
    const villageCells = table.rows.slice(2, -1).map((r) => r.cells[4]);
    expect(villageCells.filter((c) => c === '<5')).toHaveLength(1);
    expect(villageCells.filter((c) => c === '*').length).toBeGreaterThanOrEqual(1);
    expect(table.rows.at(-1)?.cells[0]).toBe('合计');
  });

  it('says when the plan is empty', () => {
    expect(planSentences({ ...input, villages: [], homes: [] }).paragraphs).toEqual(['全县的站点规划目前为空。']);
  });
});

import { describe, expect, it } from 'vitest';
import { decodePlan, encodePlan, parsePlanFile, planFileText, withPlanParam } from '../../src/app/plan/plan-state';
import { planFillKey, suggestedAction } from '../../src/app/plan/use-plan';
import type { PlanItem, PlanVillageRow } from '../../src/measures/plan';

const A = '320682116001';
const B = '320682116203';
const C = '320682001002';
const county = { code: '320682', name: '如皋市' };
const known = new Set([A, B, C]);
const hasVillage = (code: string) => known.has(code);

describe('the plan in the address bar', () => {
  it('writes villages in code order with one letter per action, and reads them back', () => {
    const plan: PlanItem[] = [
      { village: B, action: 'training' },
      { village: A, action: 'director' },
      { village: A, action: 'station' },
    ];
    expect(encodePlan(plan)).toBe(`${A}sd,${B}t`);
    expect(decodePlan(`${A}sd,${B}t`)).toEqual([
      { village: A, action: 'station' },
      { village: A, action: 'director' },
      { village: B, action: 'training' },
    ]);
    expect(decodePlan('')).toEqual([]);
    expect(decodePlan(null)).toBeNull();
  });

  it('drops a malformed value as a whole', () => {
    for (const bad of [`${A}`, `${A}x`, `${A}ds`, `${A}s,${A}t`, `${A}s,`, '32068211600s', `${A}s;${B}t`, `${A}ss`]) expect(decodePlan(bad), bad).toBeNull();
  });

  it('keeps the other parameters and the commas readable', () => {
    expect(withPlanParam('?theme=stations&extract=x%2F', [{ village: A, action: 'station' }, { village: B, action: 'director' }])).toBe(`?theme=stations&extract=x%2F&plan=${A}s,${B}d`);
    expect(withPlanParam(`?plan=${A}s&area=320682116`, null)).toBe('?area=320682116');
    expect(withPlanParam('', [])).toBe('?plan=');
  });
});

describe('the plan file', () => {
  const plan: PlanItem[] = [
    { village: A, action: 'station' },
    { village: B, action: 'training' },
  ];

  it('round-trips', () => {
    const text = planFileText(plan, county, '2026-10-31', (c) => `村${c.slice(-3)}`);
    expect(JSON.parse(text)).toMatchObject({ format: 'care-atlas-plan', version: 1, county_code: '320682', items: [{ village: A, name: '村001', actions: ['station'] }, { village: B, actions: ['training'] }] });
    expect(parsePlanFile('规划.json', text, county, hasVillage)).toEqual({ plan });
  });

  it('refuses in Chinese, naming the file and the field', () => {
    const file = (o: unknown) => parsePlanFile('规划.json', JSON.stringify(o), county, hasVillage);
    const base = { format: 'care-atlas-plan', version: 1, county_code: '320682' };
    expect(parsePlanFile('规划.json', '{not json', county, hasVillage)).toEqual({ problems: ['规划.json：不是有效的 JSON 文件'] });
    expect(file({ ...base, format: 'x' })).toEqual({ problems: ['规划.json：format：不是本系统的规划文件（format 应为 "care-atlas-plan"）'] });
    expect(file({ ...base, version: 2, items: [] })).toEqual({ problems: ['规划.json：version：版本 2 不受支持（本系统读取版本 1）'] });
    expect(file({ ...base, county_code: '320681', items: [] })).toEqual({ problems: ['规划.json：county_code：规划属于另一个县（320681），当前数据为如皋市'] });
    expect(file({ ...base, items: {} })).toEqual({ problems: ['规划.json：items：应为列表'] });
    const r = file({
      ...base,
      items: [
        { village: A, actions: ['station'] },
        { village: '320682999999', actions: ['station'] },
        { village: '12345', actions: ['director'] },
        { village: A, actions: ['training'] },
        { village: B, actions: [] },
        { village: C, actions: ['station', 'station'] },
        { village: C, actions: ['demolish'] },
        'x',
      ],
    });
    expect(r).toEqual({
      problems: [
        '规划.json：items[1].village：村（社区）320682999999 不在当前数据中',
        '规划.json：items[2].village：应为12位村级区划代码',
        `规划.json：items[3].village：村（社区）${A} 出现了不止一次`,
        '规划.json：items[4].actions：应为非空列表，取值为 station（新建站点）、director（配备儿童主任）、training（培训）',
        '规划.json：items[5].actions：station 重复',
        '规划.json：items[6].actions：应为非空列表，取值为 station（新建站点）、director（配备儿童主任）、training（培训）',
        '规划.json：items[7]：应为一个 JSON 对象',
      ],
    });
    expect(parsePlanFile('大.json', ' '.repeat(1_000_001), county, hasVillage)).toEqual({ problems: ['大.json：文件过大（超过1 MB），不是规划文件'] });
  });
});

describe('the plan on the map', () => {
  it('keeps one fill key per theme key and plan, so the dashboard knows when the map has drawn it', () => {
    const themeKey = [{}, {}];
    const plan: PlanItem[] = [{ village: A, action: 'station' }];
    expect(planFillKey(themeKey, false, plan)).toBe(themeKey);
    const k = planFillKey(themeKey, true, plan);
    expect(k).not.toBe(themeKey);
    expect(planFillKey(themeKey, true, [{ village: A, action: 'station' }])).toBe(k);
    expect(planFillKey(themeKey, true, [])).not.toBe(k);
    expect(planFillKey([{}, {}], true, plan)).not.toBe(k);
    expect(planFillKey('risk', true, plan)).toBe(planFillKey('risk', true, plan));
  });

  it('a click adds what the village lacks: a station, else a director, else a training', () => {
    const row = (has_station: boolean, has_director: boolean, directors_untrained: number) => ({ has_station, has_director, directors_untrained }) as PlanVillageRow;
    expect(suggestedAction(undefined)).toBe('station');
    expect(suggestedAction(row(false, true, 1))).toBe('station');
    expect(suggestedAction(row(true, false, 0))).toBe('director');
    expect(suggestedAction(row(true, true, 2))).toBe('training');
    expect(suggestedAction(row(true, true, 0))).toBe('station');
  });
});

import { describe, expect, it } from 'vitest';
import { decodePlan, encodePlan, parsePlanFile, planFileText, withPlanParam } from '../../src/app/plan/plan-state';
import { planFillKey, suggestedAction } from '../../src/app/plan/use-plan';
import type { PlanItem, PlanVillageRow } from '../../src/measures/plan';

const A = '320682116001';
const B = '320682116203';
const C = '320682001002';
const T1 = '320682113';
const T2 = '320682116';
const county = { code: '320682', name: '如皋市' };
const known = new Set([A, B, C]);
const hasVillage = (code: string) => known.has(code);
const hasTownship = (code: string) => code === T1 || code === T2;

describe('the plan in the address bar', () => {
  it('writes villages in code order with one letter per action, and reads them back', () => {
    const plan: PlanItem[] = [
      { village: B, action: 'training' },
      { village: A, action: 'director' },
      { village: A, action: 'station' },
    ];
    expect(encodePlan(plan)).toBe(`${A}sd,${B}t`);
    expect(decodePlan(`${A}sd,${B}t`)).toEqual({
      plan: [
        { village: A, action: 'station' },
        { village: A, action: 'director' },
        { village: B, action: 'training' },
      ],
      homes: [],
    });
    expect(decodePlan('')).toEqual({ plan: [], homes: [] });
    expect(decodePlan(null)).toBeNull();
  });

  it("writes a township's 关爱之家 as its 9-digit code and h, in code order with the villages", () => {
    const plan: PlanItem[] = [{ village: A, action: 'station' }];
    expect(encodePlan(plan, [T2, T1])).toBe(`${T1}h,${T2}h,${A}s`);
    expect(decodePlan(`${T2}h,${A}s,${T1}h`)).toEqual({ plan, homes: [T1, T2] });
    expect(withPlanParam('?theme=stations', [], [T2])).toBe(`?theme=stations&plan=${T2}h`);
  });

  it('drops a malformed value as a whole', () => {
    for (const bad of [`${A}`, `${A}x`, `${A}ds`, `${A}s,${A}t`, `${A}s,`, '32068211600s', `${A}s;${B}t`, `${A}ss`, `${T1}`, `${T1}s`, `${T1}h,${T1}h`, `${A}h`, `${T1}hh`])
      expect(decodePlan(bad), bad).toBeNull();
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

  it("round-trips, with the townships' 关爱之家 (version 2)", () => {
    const text = planFileText(plan, county, '2026-10-31', (c) => (c.length === 9 ? `镇${c.slice(-3)}` : `村${c.slice(-3)}`), [T2]);
    expect(JSON.parse(text)).toMatchObject({
      format: 'care-atlas-plan',
      version: 2,
      county_code: '320682',
      items: [{ village: A, name: '村001', actions: ['station'] }, { village: B, actions: ['training'] }],
      townships: [{ township: T2, name: '镇116', actions: ['home'] }],
    });
    expect(parsePlanFile('规划.json', text, county, hasVillage, hasTownship)).toEqual({ plan, homes: [T2] });
    // A version-1 file (villages only) is still read.
    const v1 = JSON.stringify({ format: 'care-atlas-plan', version: 1, county_code: '320682', items: [{ village: A, actions: ['station'] }] });
    expect(parsePlanFile('旧规划.json', v1, county, hasVillage, hasTownship)).toEqual({ plan: [{ village: A, action: 'station' }], homes: [] });
  });

  it('refuses a wrong township entry, naming the field', () => {
    const base = { format: 'care-atlas-plan', version: 2, county_code: '320682', items: [] };
    const file = (townships: unknown) => parsePlanFile('规划.json', JSON.stringify({ ...base, townships }), county, hasVillage, hasTownship);
    expect(file(undefined)).toEqual({ problems: ['规划.json：townships：应为列表'] });
    expect(file([{ township: T1, actions: ['home'] }, { township: '320682999', actions: ['home'] }, { township: A, actions: ['home'] }, { township: T1, actions: ['home'] }, { township: T2, actions: ['station'] }])).toEqual({
      problems: [
        '规划.json：townships[1].township：乡镇（街道）320682999 不在当前数据中',
        '规划.json：townships[2].township：应为9位乡镇级区划代码',
        `规划.json：townships[3].township：乡镇（街道）${T1} 出现了不止一次`,
        '规划.json：townships[4].actions：应为 ["home"]（建设达省标关爱之家）',
      ],
    });
  });

  it('refuses in Chinese, naming the file and the field', () => {
    const file = (o: unknown) => parsePlanFile('规划.json', JSON.stringify(o), county, hasVillage);
    const base = { format: 'care-atlas-plan', version: 1, county_code: '320682' };
    expect(parsePlanFile('规划.json', '{not json', county, hasVillage)).toEqual({ problems: ['规划.json：不是有效的 JSON 文件'] });
    expect(file({ ...base, format: 'x' })).toEqual({ problems: ['规划.json：format：不是本系统的规划文件（format 应为 "care-atlas-plan"）'] });
    expect(file({ ...base, version: 3, items: [] })).toEqual({ problems: ['规划.json：version：版本 3 不受支持（本系统读取版本 1 和 2）'] });
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
    expect(planFillKey(themeKey, true, plan, [T1])).not.toBe(k);
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

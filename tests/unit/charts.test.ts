import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EChartsOption } from 'echarts';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  barChartHeight,
  colourMixByAreaOption,
  colourTransitionsOption,
  complianceTrendOption,
  formatCountChange,
  formatMonthZh,
  formatPointChange,
  formatQuarterZh,
  guardianshipRatesTrendOption,
  guardianshipRecordsTrendOption,
  missingItemsOption,
  rankingOption,
  targetProgressOption,
  type ChartContext,
  type ColourMixRow,
  type ComplianceRow,
  type GuardianshipTrendChartRow,
  type MissingItemsRow,
  type RankingRow,
  type TargetRow,
  type TransitionRow,
} from '../../src/charts/options';
import { renderOptionToSvg } from '../../src/charts/render-svg';

const OUT = resolve(import.meta.dirname, '../../test-results/charts');
const AS_OF = '2026-10-31';
const AS_OF_ZH = '2026年10月31日';
const MARK = '示例数据（虚构）';
const real: ChartContext = { asOf: AS_OF, synthetic: false, static: true };
const demo: ChartContext = { asOf: AS_OF, synthetic: true, static: true };

const TOWNSHIPS = ['如城街道', '东陈镇', '丁堰镇', '白蒲镇', '下原镇', '九华镇', '城北街道', '经济技术开发区（城南街道）'];

const colourMix: ColourMixRow[] = TOWNSHIPS.map((name, i) => ({
  name,
  red: 3 + i,
  yellow: 12 + 2 * i,
  blue: 40 + 5 * i,
  green: 180 + 37 * i,
  ungraded: i % 3,
}));
colourMix[0] = { name: '如城街道', red: 21, yellow: 64, blue: 230, green: 1045, ungraded: 7 };

const transitions: TransitionRow[] = [
  { from: 'red', to: 'red', children: 31 },
  { from: 'red', to: 'yellow', children: 9 },
  { from: 'yellow', to: 'red', children: 4 },
  { from: 'yellow', to: 'yellow', children: 88 },
  { from: 'yellow', to: 'blue', children: 17 },
  { from: 'blue', to: 'yellow', children: 12 },
  { from: 'blue', to: 'blue', children: 402 },
  { from: 'blue', to: 'green', children: 55 },
  { from: 'green', to: 'blue', children: 23 },
  { from: 'green', to: 'green', children: 4112 },
  { from: 'ungraded', to: 'green', children: 64 },
  { from: 'ungraded', to: 'ungraded', children: 8 },
];

const compliance: ComplianceRow[] = [
  { month: '2025-11', rate: 0.912, due: 1180 },
  { month: '2025-12', rate: 0.934, due: 1204 },
  { month: '2026-01', rate: 0.881, due: 1231 },
  { month: '2026-02', rate: 0.853, due: 1190 },
  { month: '2026-03', rate: 0.947, due: 1266 },
  { month: '2026-04', rate: 0.962, due: 1250 },
  { month: '2026-05', rate: null, due: 0 },
  { month: '2026-06', rate: 0.975, due: 1302 },
  { month: '2026-07', rate: 0.968, due: 1288 },
  { month: '2026-08', rate: 0.99, due: 1311 },
  { month: '2026-09', rate: 1, due: 1297 },
  { month: '2026-10', rate: 0.983, due: 1320 },
];

const guardianshipTrend: GuardianshipTrendChartRow[] = compliance.map((r, i) => ({
  month: r.month,
  agreementRate: i === 3 ? null : 0.861 + i * 0.002,
  pairingRate: 0.9 - i * 0.001,
  stale: [1204, 880, 3412, 2950, 300, 12, 0, 640, 811, 700, 520, 843][i] ?? 0,
  never: i === 4 ? null : 187,
  ...(i === 4 ? { marks: { never: '<5' } } : {}),
}));

const rateRanking: RankingRow[] = [
  { name: '如城街道', value: 1, previous: 0.988 },
  { name: '东陈镇', value: 0.994, previous: 0.999 },
  { name: '丁堰镇', value: 0.981, previous: 0.981 },
  { name: '白蒲镇', value: 0.962, previous: null },
  { name: '经济技术开发区（城南街道）', value: 0.93, previous: 0.9 },
  { name: '下原镇', value: null, previous: 0.95 },
];

const countRanking: RankingRow[] = [
  { name: '白蒲镇', value: 2, previous: 5 },
  { name: '下原镇', value: 4, previous: 4 },
  { name: '九华镇', value: 9, previous: 6 },
  { name: '城北街道', value: 1204, previous: 1180 },
];

const stations: TargetRow[] = [
  { name: '如城街道', target: 12, actual: 12 },
  { name: '东陈镇', target: 10, actual: 7 },
  { name: '丁堰镇', target: 8, actual: 9 },
  { name: '白蒲镇', target: null, actual: 4 },
  { name: '经济技术开发区（城南街道）', target: 6, actual: 0 },
];

const missing: MissingItemsRow[] = [
  { name: '如城街道', missing_sign: 3, missing_ring: 5, missing_rope: 2, missing_pole: 4 },
  { name: '东陈镇', missing_sign: 0, missing_ring: 2, missing_rope: 1, missing_pole: 0 },
  { name: '丁堰镇', missing_sign: 6, missing_ring: 8, missing_rope: 7, missing_pole: 9 },
  { name: '白蒲镇', missing_sign: 1, missing_ring: 0, missing_rope: 0, missing_pole: 1 },
];

interface Case {
  file: string;
  build: (ctx: ChartContext) => EChartsOption;
  input: unknown;
  title: string;
  unit: string;
  names: string[];
  extra?: string[];
  width?: number;
  height?: number;
}

const CASES: Case[] = [
  {
    file: 'colour-mix',
    build: (ctx) => colourMixByAreaOption(ctx, colourMix, '各乡镇（街道）儿童风险等级构成'),
    input: colourMix,
    title: '各乡镇（街道）儿童风险等级构成',
    unit: '单位：名',
    names: TOWNSHIPS.slice(0, 7),
    extra: ['红色', '黄色', '蓝色', '绿色', '未评估', '儿童人数（名）'],
    height: barChartHeight(colourMix.length),
  },
  {
    file: 'transitions',
    build: (ctx) => colourTransitionsOption(ctx, transitions, '2026-Q3'),
    input: transitions,
    title: '风险等级变化（2026年第三季度）',
    unit: '单位：名',
    names: ['红色', '黄色', '蓝色', '绿色', '未评估'],
    extra: ['本期等级', '4,112'],
  },
  {
    file: 'compliance',
    build: (ctx) => complianceTrendOption(ctx, compliance, 1, '江苏省困境儿童关爱服务规范（2025）'),
    input: compliance,
    title: '走访合规率月度趋势',
    unit: '单位：%',
    names: ['11月', '2025年', '12月', '1月', '2026年', '10月'],
    extra: ['江苏省困境儿童关爱服务规范（2025）', '目标 100.0%', '走访合规率（%）', '93.4%'],
  },
  {
    file: 'guardianship-rates',
    build: (ctx) => guardianshipRatesTrendOption(ctx, guardianshipTrend),
    input: guardianshipTrend,
    title: '监护落实比率月度趋势',
    unit: '单位：%',
    names: ['11月', '2025年', '1月', '2026年', '10月'],
    // The lines end with the last month's rates, and only there.
    extra: ['委托照护协议签订率', '“1+1+1”结对落实率', '目标 100.0%', '88.3%', '88.9%'],
    height: 280,
  },
  {
    file: 'guardianship-records',
    build: (ctx) => guardianshipRecordsTrendOption(ctx, guardianshipTrend),
    input: guardianshipTrend,
    title: '评估未及时更新人数月度趋势',
    unit: '单位：名',
    names: ['11月', '10月'],
    // The last month's counts, and the mark of a count hidden in an export.
    extra: ['评估超过一个季度未更新', '从未评估', '843', '187', '<5'],
    height: 260,
  },
  {
    file: 'ranking-rate',
    build: (ctx) => rankingOption(ctx, rateRanking, '四色评估覆盖率', '%'),
    input: rateRanking,
    title: '四色评估覆盖率排名',
    unit: '单位：%',
    names: rateRanking.map((r) => r.name).slice(0, 4),
    extra: ['↑1.2个百分点', '↓0.5个百分点', '持平', '↑3.0个百分点', '100.0%', '—', '四色评估覆盖率（%）'],
    height: barChartHeight(rateRanking.length),
  },
  {
    file: 'ranking-count',
    build: (ctx) => rankingOption(ctx, countRanking, '红色儿童人数', '名'),
    input: countRanking,
    title: '红色儿童人数排名',
    unit: '单位：名',
    names: countRanking.map((r) => r.name),
    extra: ['↓3名', '持平', '↑3名', '↑24名', '1,204', '红色儿童人数（名）'],
    height: barChartHeight(countRanking.length),
  },
  {
    file: 'target-progress',
    build: (ctx) => targetProgressOption(ctx, stations, '村级儿童之家建成情况'),
    input: stations,
    title: '村级儿童之家建成情况',
    unit: '单位：个',
    names: stations.map((r) => r.name).slice(0, 4),
    extra: ['建成', '目标', ' / 10', ' / —', '数量（个）'],
    height: barChartHeight(stations.length),
  },
  {
    file: 'missing-items',
    build: (ctx) => missingItemsOption(ctx, missing),
    input: missing,
    title: '临水点位安全设施缺失情况',
    unit: '单位：处',
    names: missing.map((r) => r.name),
    extra: ['警示牌', '救生圈', '救生绳', '救生杆', '缺少该设施的点位（处）'],
    height: barChartHeight(missing.length),
  },
];

/** Text of the SVG with the XML escapes undone, so assertions read like the chart. */
function textOf(svg: string): string {
  return svg
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

beforeAll(() => mkdirSync(OUT, { recursive: true }));

describe.each(CASES)('chart $file', (c) => {
  const width = c.width ?? 480;
  const height = c.height ?? 320;

  it('renders server-side with its title, unit, as-of date, labels and the synthetic mark', () => {
    const svg = renderOptionToSvg(c.build(demo), width, height);
    writeFileSync(join(OUT, `${c.file}.svg`), svg);
    expect(svg.startsWith('<svg')).toBe(true);
    const text = textOf(svg);
    expect(text).toContain(c.title);
    expect(text).toContain(c.unit);
    expect(text).toContain(AS_OF_ZH);
    expect(text).toContain(MARK);
    for (const name of c.names) expect(text, name).toContain(name);
    for (const s of c.extra ?? []) expect(text, s).toContain(s);
  });

  it('has no synthetic mark for real data, and no animation when static', () => {
    const option = c.build(real);
    expect(option.animation).toBe(false);
    expect(c.build({ asOf: AS_OF, synthetic: false }).animation).toBe(true);
    const svg = renderOptionToSvg(option, width, height);
    writeFileSync(join(OUT, `${c.file}.real.svg`), svg);
    expect(textOf(svg)).toContain(c.title);
    expect(textOf(svg)).not.toContain(MARK);
  });

  it('uses the CJK font family, quoted so that the SVG stays well-formed', () => {
    const svg = renderOptionToSvg(c.build(demo), width, height);
    expect(svg).toContain("'Noto Sans CJK SC'");
    // A double quote inside a double-quoted style attribute would end the attribute.
    expect(svg).not.toMatch(/style="[^"]*font-family:"/);
  });

  it('renders at 400 px and 600 px wide', () => {
    for (const w of [400, 600]) {
      const svg = renderOptionToSvg(c.build(demo), w, height);
      writeFileSync(join(OUT, `${c.file}.${w}.svg`), svg);
      expect(svg).toContain(`width="${w}"`);
    }
  });

  it('does not mutate its input', () => {
    const before = structuredClone(c.input);
    c.build(demo);
    renderOptionToSvg(c.build(demo), width, height);
    expect(c.input).toEqual(before);
  });
});

describe('every builder', () => {
  it('accepts frozen input (so it cannot be sorting or patching it in place)', () => {
    const deepFreeze = <T>(x: T): T => {
      if (x && typeof x === 'object') {
        for (const v of Object.values(x)) deepFreeze(v);
        Object.freeze(x);
      }
      return x;
    };
    expect(() => colourMixByAreaOption(demo, deepFreeze(structuredClone(colourMix)), 't')).not.toThrow();
    expect(() => colourTransitionsOption(demo, deepFreeze(structuredClone(transitions)), '2026-Q3')).not.toThrow();
    expect(() => complianceTrendOption(demo, deepFreeze(structuredClone(compliance)), 0.95, 'p')).not.toThrow();
    expect(() => rankingOption(demo, deepFreeze(structuredClone(rateRanking)), 'm', '%')).not.toThrow();
    expect(() => targetProgressOption(demo, deepFreeze(structuredClone(stations)), 't')).not.toThrow();
    expect(() => missingItemsOption(demo, deepFreeze(structuredClone(missing)))).not.toThrow();
  });

  it('handles empty input', () => {
    for (const option of [
      colourMixByAreaOption(demo, [], '空'),
      colourTransitionsOption(demo, [], '2026-Q3'),
      complianceTrendOption(demo, [], 1, 'p'),
      rankingOption(demo, [], 'm', '%'),
      targetProgressOption(demo, [], 't'),
      missingItemsOption(demo, []),
    ]) {
      expect(textOf(renderOptionToSvg(option, 400, 240))).toContain(MARK);
    }
  });
});

describe('the 监护落实 trend charts', () => {
  it('label only the last month, and a hidden count with its mark', () => {
    const text = textOf(renderOptionToSvg(guardianshipRecordsTrendOption(demo, guardianshipTrend), 480, 260));
    expect(text).not.toContain('1,204');
    expect(text).not.toContain('3,412');
    expect(text.match(/<5/g)?.length).toBe(1);
    const rates = textOf(renderOptionToSvg(guardianshipRatesTrendOption(demo, guardianshipTrend), 480, 280));
    expect(rates).not.toContain('86.1%');
  });
});

describe('layout', () => {
  it('moves the synthetic mark to the bottom-right corner when the title leaves no room beside it at 400 px', () => {
    const long = '如皋市经济技术开发区（城南街道）各村（社区）儿童风险等级构成';
    const option = colourMixByAreaOption(demo, colourMix, long);
    const mark = (option.graphic as { bottom?: number; top?: number }[])[0];
    expect(mark?.bottom).toBeDefined();
    expect(mark?.top).toBeUndefined();
    const svg = renderOptionToSvg(option, 400, barChartHeight(colourMix.length));
    writeFileSync(join(OUT, 'colour-mix.long-title.400.svg'), svg);
    expect(textOf(svg)).toContain(MARK);
    const short = colourMixByAreaOption(demo, colourMix, '四色分布');
    expect((short.graphic as { top?: number }[])[0]?.top).toBe(10);
  });

  it('renders at the heights the app uses', () => {
    writeFileSync(join(OUT, 'transitions.260.svg'), renderOptionToSvg(colourTransitionsOption(demo, transitions, '2026-Q3'), 420, 260));
    writeFileSync(join(OUT, 'compliance.280.svg'), renderOptionToSvg(complianceTrendOption(demo, compliance, 1, '困境儿童每月走访'), 420, 280));
  });
});

describe('colourTransitionsOption', () => {
  it('names the row axis 上期等级 in upright stacked characters', () => {
    const text = textOf(renderOptionToSvg(colourTransitionsOption(demo, transitions, '2026-Q3'), 480, 320));
    for (const ch of ['>上<', '>期<', '>等<', '>级<']) expect(text).toContain(ch);
  });
  it('takes a period already in Chinese', () => {
    expect((colourTransitionsOption(demo, transitions, '2026年第三季度').title as { text: string }).text).toBe('风险等级变化（2026年第三季度）');
  });
});

describe('tooltips', () => {
  type Formatter = (p: unknown) => string;
  const tooltipOf = (o: EChartsOption) => o.tooltip as { formatter?: Formatter; valueFormatter?: (v: unknown) => string };

  it('format counts with thousands separators and units', () => {
    const t = tooltipOf(colourMixByAreaOption(demo, colourMix, 't'));
    expect(t.valueFormatter?.(1045)).toBe('1,045名');
    expect(t.valueFormatter?.(null)).toBe('—');
  });

  it('give the month, the rate with one decimal and the children due', () => {
    const t = tooltipOf(complianceTrendOption(demo, compliance, 1, 'p'));
    expect(t.formatter?.([{ dataIndex: 1 }])).toBe('2025年12月<br/>走访合规率：93.4%<br/>应访儿童：1,204名');
    expect(t.formatter?.([{ dataIndex: 6 }])).toBe('2026年5月<br/>当月无应访儿童<br/>应访儿童：0名');
  });

  it('give a ranking row with the previous quarter and the change, names escaped', () => {
    const rows: RankingRow[] = [{ name: '<b>东陈镇</b>', value: 0.994, previous: 0.999 }];
    const t = tooltipOf(rankingOption(demo, rows, '四色评估覆盖率', '%'));
    expect(t.formatter?.([{ dataIndex: 0 }])).toBe(
      '<b>&#60;b&#62;东陈镇&#60;/b&#62;</b><br/>四色评估覆盖率：99.4%<br/>上季度：99.9%<br/>变化：↓0.5个百分点',
    );
  });

  it('give a transition cell', () => {
    const t = tooltipOf(colourTransitionsOption(demo, transitions, '2026-Q3'));
    expect(t.formatter?.({ dataIndex: 9 })).toBe('绿色 → 绿色<br/>4,112名');
  });
});

describe('formatPointChange', () => {
  it.each([
    [0.012, '↑1.2个百分点'],
    [-0.005, '↓0.5个百分点'],
    [0, '持平'],
    [0.00049, '持平'],
    [-0.00049, '持平'],
    [0.0005, '↑0.1个百分点'],
    [-0.0005, '↓0.1个百分点'],
    [0.994 - 0.999, '↓0.5个百分点'],
    [1 - 0.988, '↑1.2个百分点'],
    [0.25, '↑25.0个百分点'],
    [-1, '↓100.0个百分点'],
    [Number.NaN, '—'],
  ])('%d → %s', (delta, expected) => {
    expect(formatPointChange(delta)).toBe(expected);
  });
});

describe('small formatters', () => {
  it('formatCountChange', () => {
    expect(formatCountChange(3)).toBe('↑3名');
    expect(formatCountChange(-12)).toBe('↓12名');
    expect(formatCountChange(0)).toBe('持平');
    expect(formatCountChange(1204)).toBe('↑1,204名');
    expect(formatCountChange(2, '个')).toBe('↑2个');
  });
  it('formatQuarterZh', () => {
    expect(formatQuarterZh('2026-Q3')).toBe('2026年第三季度');
    expect(formatQuarterZh('2026Q1')).toBe('2026年第一季度');
    expect(formatQuarterZh('2026年第三季度')).toBe('2026年第三季度');
  });
  it('formatMonthZh', () => {
    expect(formatMonthZh('2026-01')).toBe('2026年1月');
    expect(formatMonthZh('2026-10', true)).toBe('10月');
  });
});

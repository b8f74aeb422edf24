/** 两期对比 (comparing two periods): every string of the comparison mode, its exports and its briefing lines. */
import { formatMonthZh, formatPointChangeZh, formatQuarterZh, formatShare } from './zh';

/** 2026-10 → 2026年10月, 2026-Q3 → 2026年第三季度. */
export function formatPeriodZh(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  return q ? formatQuarterZh(`${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}`) : formatMonthZh(period);
}

export const compareText = {
  toggle: '两期对比',
  toggleTitle: '比较两个时期：地图按变化着色，排名按变化排序，并列出变差的地区',
  leave: '退出对比',
  periodA: '基期',
  periodB: '报告期',
  monthsGroup: '月份',
  quartersGroup: '季度',
  legendTitle: (figure: string) => `${figure}变化`,
  legendDefinition: (figure: string, a: string, b: string, higherIsBetter: boolean) =>
    `${formatPeriodZh(b)}较${formatPeriodZh(a)}${figure}的变化（百分点）。${figure}${higherIsBetter ? '越高越好' : '越低越好'}：蓝色为改善，红色为变差。`,
  worse: (range: string) => `变差 ${range}`,
  better: (range: string) => `改善 ${range}`,
  steady: '基本持平（±1个百分点以内）',
  noData: '任一期无数据',
  points: (from: number, to: number | null) => (to === null ? `${from}个百分点以上` : `${from}–${to}个百分点`),
  valueIn: (period: string) => formatPeriodZh(period),
  change: '变化',
  pointsUnit: '个百分点',
  denominators: '计算人数（A → B）',
  changeColumn: (a: string) => `较${formatPeriodZh(a)}`,
  sectionTitle: (figure: string) => `两期对比 · ${figure}`,
  kpiA: (period: string) => `${formatPeriodZh(period)}（A）`,
  kpiB: (period: string) => `${formatPeriodZh(period)}（B）`,
  rankingTitle: (level: string) => `${level}按变化排序（变差在前）`,
  worseTitle: '哪些地区变差',
  worseSentence: (level: string, a: string, names: string[]) =>
    names.length === 0 ? `与${formatPeriodZh(a)}相比，没有${level}变差。` : `与${formatPeriodZh(a)}相比，${names.length}个${level}变差：${names.join('、')}。`,
  worseName: (name: string, change: string) => `${name}（${change}）`,
  notRanked: '农场、园区等无辖区的单位不参与排序。',
  exportTitle: (area: string, level: string, figure: string, a: string, b: string) => `${area}${level}${figure}两期对比（${formatPeriodZh(a)}—${formatPeriodZh(b)}）`,
  exportFile: '两期对比',
  exportNote: (threshold: number) =>
    `导出文件中，任一期比例的分母不足${threshold}名或可反推出不足${threshold}名的人数时，该期比例以“—”表示，变化一并以“—”表示（否则可由另一期和变化反推）。`,
  quarterPooled: '季度的走访合规率按季内各月合并计算：各月已合规人数之和 ÷ 各月应访人数之和（只计数据截止日期及以前的月份）。',
  quarterEnd: '季度取季末（或数据截止日期）的状态。',
  monthOnly: '此专题按月比较；选择季度时取该季度最后一个有数据的月份。',
  waterCurrent: '“四个一”配置为数据中的当前状态，过去月份沿用当前状态，两期比较通常无变化。',
  shareChange: (share: number | null) => formatShare(share),
  /** A briefing sentence: 全县走访合规率2026年10月为87.1%，较上季度（2026年9月）提高2.1个百分点. */
  briefingChange: (area: string, figure: string, b: string, valueB: string, a: string, change: number | null, quarterBefore: boolean) =>
    `${area}${figure}${formatPeriodZh(b)}为${valueB}，${quarterBefore ? `较上季度（${formatPeriodZh(a)}）` : `较${formatPeriodZh(a)}`}${change === null ? '无法比较' : pointChangeVerb(change)}。`,
  briefingHidden: (area: string, figure: string, a: string, b: string) => `${area}${figure}${formatPeriodZh(a)}或${formatPeriodZh(b)}涉及人数过少，不作比较。`,
  briefingNone: (area: string, figure: string, a: string, b: string) => `${area}${formatPeriodZh(a)}或${formatPeriodZh(b)}没有${figure}的数据，不作比较。`,
  briefingWorse: (level: string, names: string[], more: number) =>
    names.length === 0 ? `没有${level}变差。` : `变差的${level}：${names.join('、')}${more > 0 ? `等${names.length + more}个` : ''}。`,
  briefingTitle: (a: string, b: string) => `${formatPeriodZh(a)}—${formatPeriodZh(b)}`,
  // The split view: period A and period B side by side, on one colour scale.
  modeChange: '变化图',
  modeSplit: '两期并排',
  modeTitle: '变化图：按两期之差着色；两期并排：左右两张地图分别显示两期，同一色阶，平移、缩放和悬停同步',
  pairLegendTitle: (figure: string) => `${figure}（两期同一色阶）`,
  pairLegendDefinition: (figure: string, a: string, b: string) =>
    `左图为${formatPeriodZh(a)}（基期），右图为${formatPeriodZh(b)}（报告期）的${figure}，两图色阶相同。`,
  pairNoData: '无数据',
  paneLabel: (role: string, period: string) => `${role} · ${formatPeriodZh(period)}`,
  pairMapTitle: '两期并排',
};

/**
 * The change between two shares as they are printed (formatShare: a percent with one decimal), so that a change
 * always agrees with the two figures beside it: 75.0% → 73.7% is −0.013 (−1.3 points), whatever the digits behind.
 */
export function printedChange(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  const tenths = (v: number) => Math.round(Number(formatShare(v).slice(0, -1)) * 10);
  return (tenths(b) - tenths(a)) / 1000;
}

/** 0.021 → 提高2.1个百分点, -0.005 → 下降0.5个百分点, 0.0004 → 持平. */
export function pointChangeVerb(delta: number): string {
  const s = formatPointChangeZh(delta);
  return s.startsWith('上升') ? `提高${s.slice(2)}` : s === '持平' ? '持平' : s;
}

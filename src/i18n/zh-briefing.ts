/** The Chinese of the briefing (简报): its page, and the phrases its sentences are built from (src/briefing). */
import { formatMonthZh } from './zh';

/** 2026-10 → 10月; with `withYear`, 2026年10月. */
export const monthShort = (month: string, withYear = false) => (withYear ? formatMonthZh(month) : `${Number(month.slice(5, 7))}月`);

/** "A、B、C" or, beyond `cap` names, "A、B、C等N个<unit>". */
export function nameList(names: readonly string[], cap: number, unit: string): string {
  if (names.length <= cap) return names.join('、');
  return `${names.slice(0, cap).join('、')}等${names.length}个${unit}`;
}

export const briefingText = {
  button: '生成简报',
  buttonTitle: '按当前月份和区域生成可打印的工作简报',
  title: (county: string, scope: string | null, month: string) => `${county}${scope ?? ''}儿童关爱服务工作简报（${formatMonthZh(month)}）`,
  print: '打印 / 导出PDF',
  back: '返回地图',
  month: '简报月份',
  loading: '正在生成简报…',
  asOf: '统计时点',
  extractAsOf: '数据截止日',
  source: '数据来源',
  profile: '走访规则方案',
  target: '走访合规率目标',
  printHint: '打印时请选择 A4 纵向；“导出PDF”请在打印对话框中选择“另存为 PDF”。',
  issuer: (county: string) => `${county}民政局`,
  sections: {
    risk: '一、风险分色管理情况',
    visits: '二、定期走访情况',
    stations: '三、关爱阵地和儿童主任队伍建设情况',
    water: '四、防溺水“四个一”设施情况',
    guardianship: '五、监护落实情况',
  },
  tables: {
    riskTitle: (sub: string) => `各${sub}在册儿童及风险等级`,
    area: '区域',
    children: '在册儿童',
    gapsTitle: (shown: number, total: number) => (shown < total ? `未建站点或未配备儿童主任的村（社区）（前${shown}个，共${total}个）` : '未建站点或未配备儿童主任的村（社区）'),
    village: '村（社区）',
    township: '所属乡镇（街道）',
    station: '村级关爱站点',
    director: '儿童主任',
    present: '有',
    missing: '无',
  },
  charts: {
    colourMix: (scope: string, sub: string) => `${scope}各${sub}儿童风险等级构成`,
    colourMixNote: (threshold: number) => `不足${threshold}名的分段（<${threshold}）及为防推算隐去的分段（*）未绘出，标注于右侧。`,
    bands: (scope: string, sub: string) => `${scope}各${sub}按红黄儿童占比分组`,
    band: (band: 'above' | 'atOrBelow', scope: string, sub: string, areas: number) =>
      `${band === 'above' ? '高于' : '不高于'}${scope}占比\n${areas}个${sub}`,
    bandsKey: (scope: string, share: string | null, sub: string, none: number) =>
      `${share === null ? '' : `${scope}红黄儿童占比${share}；`}无红黄儿童的${sub}${none}个（未绘出）；“其他”为蓝色、绿色及未评估`,
    bandsNote: (threshold: number, sub: string, hidden: boolean) =>
      `各${sub}红黄儿童人数较少，按占比分组合计，不列名称。` +
      (hidden ? `不足${threshold}名的分段（<${threshold}）及为防推算隐去的分段（*）未绘出，标注于右侧。` : ''),
    bandsNone: (threshold: number, sub: string) => `红黄儿童不足${threshold}名，或有红黄儿童的${sub}占比相同，未分组绘图。`,
    ranking: (sub: string) => `各${sub}走访合规率`,
    rankingNote: (threshold: number) => `应访儿童不足${threshold}名，或按要求完成走访、未完成走访的儿童不足${threshold}名的区域不显示比率，未列入排名。`,
    missingNote: '只列有缺项点位的区域。',
    targets: (subWord: string) => `各${subWord}村级关爱站点建成数与目标数`,
    missing: (sub: string) => `各${sub}临水点位“四个一”设施缺失情况`,
  },
} as const;

/** The phrases of the sentences. `n` arguments are already formatted ("5,123名", "不足5名"). */
export const say = {
  /** 全市 / 全县 / 全区 from the county's name. */
  wholeCounty: (countyName: string) => `全${/[市县区旗]$/.exec(countyName)?.[0] ?? '县'}`,
  fewer: (threshold: number, unit = '名') => `不足${threshold}${unit}`,
  /** A count left out so that it cannot be got back by subtraction from another printed count. */
  hiddenCount: '若干名（为防推算，不列具体人数）',
  count: (n: string, unit: string) => `${n}${unit}`,

  riskTotal: (date: string, scope: string, total: string, red: string, yellow: string) =>
    `截至${date}，${scope}纳入关爱的困境及留守儿童共${total}，其中红色${red}、黄色${yellow}。`,
  riskNone: (date: string, scope: string) => `截至${date}，${scope}暂无纳入关爱的困境及留守儿童。`,
  allGraded: '在册儿童已全部完成四色评估。',
  graded: (rate: string, ungraded: string) => `四色评估覆盖率${rate}，尚有${ungraded}儿童未评估。`,
  gradedNoRate: (ungraded: string) => `尚有${ungraded}儿童未评估。`,

  visitsHead: (month: string, profile: string, scope: string) => `${month}，按“${profile}”，${scope}`,
  visitsNoneDue: '无应访儿童。',
  visitsRate: (due: string, rate: string) => `应访儿童${due}，走访合规率${rate}`,
  visitsChange: (previousMonth: string, change: string) => `，较${previousMonth}${change}`,
  visitsFewCompliant: (due: string, compliant: string) => `应访儿童${due}，按要求完成走访的${compliant}`,
  visitsFewMissed: (due: string, missed: string) => `应访儿童${due}，未按要求完成走访的${missed}`,
  visitsFewDue: (due: string) => `应访儿童${due}，不计算走访合规率`,
  belowTarget: (names: string, target: string) => `${names}低于${target}。`,
  noneBelowTarget: (sub: string, target: string) => `各${sub}均不低于${target}。`,
  notCompared: (n: number, sub: string, threshold: number) => `另有${n}个${sub}应访儿童不足${threshold}名，未作比较。`,
  overdue: (asOf: string, overdue: string, never: string | null) =>
    `截至${asOf}，逾期未访儿童${overdue}${never ? `，其中从未走访${never}` : ''}。`,
  noOverdue: (asOf: string) => `截至${asOf}，无逾期未访儿童。`,

  stationsVillages: (scope: string, villages: string, withStation: string, stationRate: string, withDirector: string, directorRate: string) =>
    `${scope}共有村（社区）${villages}，已建成村级儿童关爱站点的${withStation}，覆盖率${stationRate}；配备儿童主任的${withDirector}，覆盖率${directorRate}。`,
  noVillages: (scope: string) => `${scope}暂无村（社区）数据。`,
  noStationGap: '尚未建成站点的村（社区）',
  stationGap: (villages: string, children: string, where: string) =>
    `尚未建成村级站点的村（社区）${villages}，涉及在册儿童${children}${where ? `，主要在${where}` : ''}。`,
  stationGapList: (villages: string, children: string | null, names: string) =>
    `尚未建成村级站点的村（社区）${villages}（${names}）${children ? `，涉及在册儿童${children}` : ''}。`,
  allStations: '村级儿童关爱站点已实现全覆盖。',
  directorGap: (villages: string, where: string) => `未配备儿童主任的村（社区）${villages}${where ? `，主要在${where}` : ''}。`,
  directorGapList: (villages: string, names: string) => `未配备儿童主任的村（社区）${villages}（${names}）。`,
  allDirectors: '儿童主任已实现村（社区）全覆盖。',
  targetProgress: (target: string, progress: string) => `村级站点目标任务${target}，完成${progress}。`,
  homesAllOk: (n: string) => `应建儿童“关爱之家”的${n}乡镇（街道）均已达标。`,
  homesSomeMissing: (ok: string, total: string, names: string) => `乡镇（街道）儿童“关爱之家”达标${ok}（应建${total}），${names}尚未达标。`,
  homeOk: (scope: string) => `${scope}儿童“关爱之家”已达标。`,
  homeMissing: (scope: string) => `${scope}儿童“关爱之家”尚未达标。`,

  waterPoints: (scope: string, points: string, complete: string, rate: string) =>
    `${scope}登记临水危险点位${points}，“四个一”设施齐全的${complete}，齐全率${rate}`,
  waterMissing: (incomplete: string, items: string) => `；${incomplete}缺项，其中${items}（一处可缺多项）。`,
  waterAllComplete: '，全部设施齐全。',
  waterNone: (scope: string) => `${scope}暂无登记的临水危险点位。`,
  guardNone: (asOf: string, scope: string) => `截至${asOf}，${scope}暂无在册儿童。`,
  guardNoLeftBehind: (asOf: string, scope: string) => `截至${asOf}，${scope}暂无在册留守儿童。`,
  guardAgreement: (asOf: string, scope: string, rate: string | null, unsigned: string, unknown: string) =>
    `截至${asOf}，${scope}在册留守儿童${rate === null ? '' : `委托照护协议签订率${rate}（目标100%），`}未签订协议${unsigned}，未填报${unknown}（不计入签订率）。`,
  guardPairing: (rate: string | null, missing: string, unknown: string) =>
    `“1+1+1”结对${rate === null ? '' : `落实率${rate}，`}未落实${missing}，未填报${unknown}。`,
  guardDropout: (n: string, disabled: string, unknown: string) =>
    `失学辍学儿童${n}（目标动态清零），其中残疾儿童${disabled}，应落实送教上门每月不少于2次，数据中无送教记录，需另行核实；另有${unknown}未填报就学情况。`,
  guardNoDropout: (unknown: string) => `无填报为失学辍学的儿童；另有${unknown}未填报就学情况。`,
  guardStale: (months: number, stale: string, never: string) => `风险评估超过${months}个月未更新的儿童${stale}，从未评估的${never}（信息应每季度至少更新一次）。`,
  waterItem: (item: string, n: string) => `缺${item}${n}`,
  waterWhere: (sub: string, list: string) => `缺项点位较多的${sub}：${list}。`,
  waterOverdue: (asOf: string, n: string, days: number) => `截至${asOf}，${n}超过${days}天未巡查。`,
  waterNoOverdue: (asOf: string, days: number) => `截至${asOf}，所有点位均在${days}天内巡查过。`,
  waterOverdueUnknown: (asOf: string, n: string, unknown: string, days: number) =>
    `截至${asOf}，可以判断的点位中${n}超过${days}天未巡查；另有${unknown}在该日之后才有巡查记录，当时是否超期无法判断（数据仅保留最近一次巡查日期）。`,
  withCount: (name: string, n: string) => `${name}（${n}）`,
} as const;

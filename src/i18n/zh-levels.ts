/** Chinese text of the views above the county (a province's or city's map, tiles, ranking and trend). */
import { levelNames } from './zh';

type AboveLevel = 'city' | 'county';

export const levelsText = {
  /** The ranking's title: 县（市、区）赛马比拼 of a city's counties, 市赛马比拼 of a province's cities. */
  ranking: (level: AboveLevel) => `${level === 'county' ? '县（市、区）' : '市（地、州、盟）'}赛马比拼`,
  /** The table of the areas one level down. */
  subAreas: (level: AboveLevel) => `各${levelNames[level]}`,
  trend: (figure: string) => `近12个月${figure}`,
  trendMonth: '月份',
  redDef: '在册儿童中最近一次风险分色评估为红色的人数（按截至日期前最近一次评估）',
  yellowDef: '在册儿童中最近一次风险分色评估为黄色的人数（按截至日期前最近一次评估）',
  trendCount: (what: string) => `${what}（分母）`,
  /** Where the user looks for what exists only as raw rows. */
  rawOnlyTitle: '明细与清单',
  rawOnly: '站点与水域点位、缺口村（社区）清单、督办清单和强制报告名单：进入县（市、区）后可见。点击地图或表中的县（市、区）进入。',
  alertsAbove: '强制报告：按村（社区）的明细进入县（市、区）后可见。',
  fromAggregates: '本级数据取自抽取时按同一口径预先汇总的各县数据，未读取儿童明细。',
  profileNotAggregated: (name: string) => `走访规则“${name}”未预先汇总：县级以上只提供内置规则的数据。请选择内置规则，或进入县（市、区）后按该规则计算。`,
  briefingBack: '返回地图',
  mapNoPoints: '点位进入县（市、区）后可见',
  /** File names and titles of exports above the county. */
  exportSub: (area: string, level: AboveLevel, theme: string) => `${area}各${levelNames[level]}${theme}`,
  exportTrend: (area: string, figure: string) => `${area}近12个月${figure}`,
};

/** Chinese text of the 强制报告 alerts (src/measures/alerts.ts) and of the water points near children. */

import type { AlertKind } from '../measures/alerts';
import { formatCount, formatDateZh } from './zh';

/** The format's alert kinds (`children.alerts`), as the screen names them. */
export const alertKindNames: Record<AlertKind, string> = {
  living_alone_or_missing: '独自居住或下落不明',
  guardian_unable: '监护人无法或不愿履行监护职责',
  suspected_violence: '疑似遭受暴力',
  injury_or_harm: '受到伤害或不法侵害',
};

/** Short names for chips, table cells and tooltips. */
export const alertKindShort: Record<AlertKind, string> = {
  living_alone_or_missing: '独居或失联',
  guardian_unable: '监护缺失',
  suspected_violence: '疑似暴力',
  injury_or_harm: '受伤害',
};

/** Where the duty to report at once comes from: each seed that sets it, with its clause. */
export const alertClauses: readonly { source: string; clause: string }[] = [
  {
    source: '《启东市农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案》（2024—2026年）二（二）第7条“提高监护跟进质量”',
    clause: '“发现儿童身心健康受到侵害、疑似受到侵害或面临其他危险情形的，应当立即向公安、民政、教育、卫生健康等有关部门报告。”',
  },
  { source: '《灌云县2022年未成年人保护和儿童福利工作要点》第13条', clause: '“定期进行探视巡访，并严格执行强制报告制度。”' },
  { source: '《2021年如皋市儿童福利工作要点》（皋民儿童〔2021〕1号）三（一）', clause: '“预警排查、强制报告、应急处置、评估帮扶、监护干预等农村留守儿童救助保护机制有效运行。”' },
  { source: '重庆市渝中区《“儿童守护”行动方案》（渝中民〔2023〕89号）二（一）“健全工作体系”', clause: '“健全完善强制报告、应急处置、评估帮扶、监护干预的困境儿童关爱保护机制……落实发现报告责任。”' },
];

export const alertText = {
  title: '强制报告 · 需立即报告的情形',
  children: '涉及儿童',
  asOf: (asOf: string) => `截至${formatDateZh(asOf)}（数据截止日的标记，不随所选月份变化）`,
  none: '无：在册儿童中没有标记需立即报告情形的记录。',
  kinds: '情形',
  clauseTitle: '依据',
  moreBasis: '其他依据和统计口径',
  listTitle: { township: '各乡镇（街道）', village: '各村（社区）' },
  listNone: '各区域均无。',
  definition: (asOf: string) =>
    `截至数据日期（${formatDateZh(asOf)}）在册、记录中标有需立即报告情形的儿童人数。一名儿童有多种情形时，合计只计一次，各情形分别计。` +
    '情形以数据中的标记为准，不计时长、不求比率，也不随所选月份变化。',
  staffNote: '屏幕显示实数，仅供工作人员核查处置；导出的督办清单列出全部区域并经小数抑制。',
  kindsOf: (counts: readonly [string, number][]) =>
    counts
      .filter(([, n]) => n > 0)
      .map(([name, n]) => `${name} ${formatCount(n)}`)
      .join('、'),
  taskProblem: '核查需立即报告（强制报告）情形儿童的报告和处置情况',
  taskTheme: '强制报告',
  mapToggle: '显示强制报告村',
  mapToggleCount: (n: number) => `（${formatCount(n)} 个）`,
  mapLegend: '强制报告村（画在村标注点，不是儿童位置）',
  mapToggleTitle: '在地图上圈出有需立即报告情形儿童的村（社区），画在村的标注点上，不显示任何儿童的位置',
  tooltipChildren: '需立即报告情形的儿童',
  banner: (area: string, n: number) => `强制报告：${area} ${formatCount(n)} 名在册儿童处于需立即报告的情形`,
} as const;

/** 周边儿童最多的缺项点位 (src/measures/water-near-children.ts). */
export const waterNearText = {
  title: '周边儿童最多的缺项点位',
  placement: '儿童只按居住的村（社区）计数，从不按坐标定位：“周边”指点位所在村及与之接壤的村（社区），不是与儿童的距离。',
  definition: (asOf: string) =>
    `“四个一”缺项点位，按所在村与接壤村（社区）截至${formatDateZh(asOf)}在册儿童合计从多到少排列；相邻关系由区划边界推算（边界为示意时亦为示意），无边界的村只计本村。`,
  columns: {
    village: '所在村（社区）',
    township: '乡镇（街道）',
    missing: '缺项',
    own: '本村儿童',
    neighbours: '接壤村儿童',
    nearby: '周边儿童（本村+接壤村）',
  },
  /** 252（99+153）: children nearby, then the point's own village and the neighbouring ones. */
  nearbyCell: (nearby: string, own: string, neighbours: string) => `${nearby}（${own}+${neighbours}）`,
  neighbourVillages: (n: number) => `接壤村 ${n} 个`,
  mapLegend: (n: number) => `圈：周边儿童最多的缺项点位（前${n}个，圈越大儿童越多）`,
  tooltipNearby: '所在村及接壤村在册儿童',
  exportTitle: '周边儿童最多的缺项点位',
  exportNote:
    '按所在村及接壤村在册儿童合计从多到少排列（合计见系统屏幕）；“涉及儿童数”为点位所在村在册儿童数，同村多个点位只计一次。接壤村儿童数不列出，以防通过相邻关系反推小数。',
} as const;

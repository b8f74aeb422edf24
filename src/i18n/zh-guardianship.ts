/** Chinese labels and definitions for 监护落实 (src/measures/guardianship.ts). */

import type { GuardianshipRow } from '../measures/guardianship';
import type { FigureText } from './zh-stations';

type Figure = Exclude<keyof GuardianshipRow, 'code' | 'name'>;

/** One entry per figure; `months` is the record-update interval that applied (000 §10). */
export function guardianshipFigures(months: number): Record<Figure, FigureText> {
  return {
    children: { label: '在册儿童', unit: '名', def: '截至日期在册的农村留守儿童和困境儿童人数。' },
    left_behind: { label: '在册留守儿童', unit: '名', def: '在册儿童中类别含农村留守儿童的人数；委托照护协议和“1+1+1”结对只对留守儿童统计。' },
    agreement_signed: { label: '已签委托照护协议', unit: '名', def: '在册留守儿童中已签订委托照护协议书的人数。' },
    agreement_unsigned: { label: '未签委托照护协议', unit: '名', def: '在册留守儿童中填报为未签订委托照护协议书的人数。' },
    agreement_unknown: { label: '协议未填报', unit: '名', def: '在册留守儿童中未填报是否签订委托照护协议的人数：既不算已签，也不算未签，不计入签订率的分母。' },
    agreement_reported: { label: '已填报协议情况的留守儿童', unit: '名', def: '在册留守儿童中已填报是否签订委托照护协议的人数：签订率的分母。' },
    agreement_rate: {
      label: '委托照护协议签订率',
      unit: '%',
      def:
        '已签订委托照护协议的留守儿童 ÷ 已填报是否签订的在册留守儿童（未填报的另计，不计入分母）。目标100%：' +
        '“确保农村留守儿童100%签订委托照护协议书”（启东市三年行动方案第6条；如皋市方案亦要求签订委托监护协议）。',
    },
    pairing_done: { label: '已落实“1+1+1”结对', unit: '名', def: '在册留守儿童中已落实“1+1+1”结对帮扶的人数。' },
    pairing_missing: { label: '未落实结对', unit: '名', def: '在册留守儿童中填报为未落实“1+1+1”结对的人数。' },
    pairing_unknown: { label: '结对未填报', unit: '名', def: '在册留守儿童中未填报是否落实“1+1+1”结对的人数，不计入落实率的分母。' },
    pairing_rate: {
      label: '“1+1+1”结对落实率',
      unit: '%',
      def:
        '已落实结对的留守儿童 ÷ 已填报是否落实的在册留守儿童（未填报的另计，不计入分母）。依据：“落实‘1+1+1’结对帮扶制度' +
        '（一个农村留守儿童落实一个村组干部、一个远亲近邻或一个志愿者与其结对）”（灌云县工作要点第6条）。',
    },
    out_of_school: {
      label: '失学辍学儿童',
      unit: '名',
      def: '在册儿童中填报为失学辍学的人数。目标为零：控辍保学，“确保做到应返尽返、‘动态清零’”（启东市三年行动方案第3条）。',
    },
    out_of_school_unknown: { label: '就学情况未填报', unit: '名', def: '在册儿童中未填报是否失学辍学的人数，另计，不算作在学。' },
    disabled_out_of_school: {
      label: '残疾儿童失学辍学',
      unit: '名',
      def:
        '本人残疾且填报为失学辍学的在册儿童人数。不能到校就读的适龄残疾儿童应“送教上门”，“原则上每月上门不少于2次”' +
        '（启东市三年行动方案第3条）；数据中没有送教上门记录，本系统无法核查送教次数，只列出人数供核实。',
    },
    colour_stale: {
      label: '评估超过一个季度未更新',
      unit: '名',
      def: `在册儿童中，最近一次风险分色评估早于截至日期前${months}个月的人数。依据：儿童信息“每季度至少更新一次”（灌云县工作要点第10条）。`,
    },
    colour_never: { label: '从未评估', unit: '名', def: '在册儿童中截至日期前没有任何风险分色评估记录的人数。' },
  };
}

export const guardianshipText = {
  legendTitle: '委托照护协议签订率',
  noLeftBehind: '无已填报的留守儿童',
  headlineWhy: '地图按委托照护协议签订率着色：文件对它提出了明确的100%目标，且它覆盖全部在册留守儿童；其他各项见右侧面板。',
  flagsNote: '协议、结对、失学辍学三项取自数据抽取时的填报值：选择往月时，在册儿童和评估按该月末计算，这三项仍为抽取时的状态。',
  trendTitle: '监护落实月度趋势',
  trendNote: '每月按月末（当月未结束的按数据截至日）计算在册儿童和评估情况。协议、结对、失学辍学三项只有数据抽取时的填报值，没有历史记录：各月比率的变化只来自在册儿童的进出，不代表当月的签订或结对进度。',
  subTitle: '监护落实情况',
  exportSub: '监护落实',
  gapTitle: '有失学辍学儿童或未签委托照护协议的村（社区）',
  noGaps: '没有失学辍学儿童或未签委托照护协议的村（社区）。',
  table: {
    leftBehind: '留守儿童',
    agreementRate: '协议签订率',
    pairingRate: '结对落实率',
    outOfSchool: '失学辍学',
    unsigned: '未签协议',
    unknown: '协议未填报',
    disabled: '其中残疾',
  },
  taskOutOfSchool: '有失学辍学儿童，需劝返复学',
  taskUnsigned: '有留守儿童未签订委托照护协议',
  taskThemeName: '监护落实',
  unknownTitle: '未填报（不计入比率）',
  unknownNote: (n: string) => `另有 ${n} 名未填报，另计`,
} as const;

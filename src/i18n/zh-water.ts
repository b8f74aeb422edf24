/** Chinese labels, units and definitions for 防溺水“四个一” (src/measures/water-safety.ts). */

import type { WATER_TYPES } from '../extract/schema';
import type { WaterPointRow, WaterSafetyRow } from '../measures/water-safety';
import type { FigureText } from './zh-stations';

export type WaterType = (typeof WATER_TYPES)[number];

export const waterTypeNames: Record<WaterType, string> = {
  river: '河流',
  channel: '沟渠',
  pond: '池塘',
  lake: '湖泊',
  reservoir: '水库',
  other: '其他水域',
};

export const waterTypeUnknown = '未填报';

/** The four items, in the order the plan names them (`003` §10). */
export const waterItemNames = {
  sign: '警示牌',
  ring: '救生圈',
  rope: '救生绳',
  pole: '救生杆',
} as const;

type SafetyFigure = Exclude<keyof WaterSafetyRow, 'code' | 'name'>;

/** One entry per figure of {@link WaterSafetyRow}; `interval` is the patrol interval in days that applied. */
export function waterFigures(interval: number): Record<SafetyFigure, FigureText> {
  return {
    points: { label: '点位数', unit: '个', def: '区域内登记的防溺水点位数（河湖明渠等水域）。' },
    complete: {
      label: '“四个一”齐全点位',
      unit: '个',
      def: '警示牌、救生圈、救生绳、救生杆四项均已配备的点位数。',
    },
    share_complete: {
      label: '“四个一”齐全率',
      unit: '%',
      def: '“四个一”齐全的点位数 ÷ 点位总数；无点位时为空。',
    },
    missing_sign: { label: '缺警示牌', unit: '个', def: '没有警示牌的点位数。' },
    missing_ring: { label: '缺救生圈', unit: '个', def: '没有救生圈的点位数。' },
    missing_rope: { label: '缺救生绳', unit: '个', def: '没有救生绳的点位数。' },
    missing_pole: { label: '缺救生杆', unit: '个', def: '没有救生杆的点位数。' },
    inspection_overdue: {
      label: '巡查超期',
      unit: '个',
      def: `从未巡查、或最近一次巡查在评估日前且距评估日超过${interval}天的点位数。最近巡查日期晚于评估日的点位（往月）当时是否超期无法判断，不计入，另列为“巡查状态无法判断”。`,
    },
    inspection_unknown: {
      label: '巡查状态无法判断',
      unit: '个',
      def: '最近巡查日期晚于评估日的点位数：数据仅保留最近一次巡查日期，无法判断其在评估日是否超期。',
    },
    children: { label: '在册儿童', unit: '名', def: '截至日期在册（已纳入且未退出）、居住在区域内的儿童人数。' },
  };
}

type PointColumn = Exclude<keyof WaterPointRow, 'point_id' | 'lng' | 'lat'>;

/** The point list and map layer (waterPointsSql). */
export const waterPoints = {
  title: '防溺水点位清单',
  def: '按已配备项数从少到多、再按所在村（社区）在册儿童人数从多到少排列：排在前面的是缺项最多、周边儿童最多的点位。',
  gapTitle: '“四个一”缺项点位（按所在村儿童人数排序）',
  columns: {
    village_code: '村（社区）代码',
    village_name: '村（社区）',
    township_code: '乡镇（街道）代码',
    township_name: '乡镇（街道）',
    water_type: '水域类型',
    has_sign: '警示牌',
    has_ring: '救生圈',
    has_rope: '救生绳',
    has_pole: '救生杆',
    items_present: '已配备项数',
    last_inspected_on: '最近巡查日期',
    days_since_inspection: '距最近巡查天数',
    inspection_overdue: '巡查超期',
    children_in_village: '所在村在册儿童',
  } satisfies Record<PointColumn, string>,
  itemsPresent: (n: number) => `已配备 ${n}/4 项`,
  missingItems: (items: readonly string[]) => (items.length === 0 ? '“四个一”齐全' : `缺${items.join('、')}`),
  neverInspected: '无巡查记录',
  inspectedLater: '评估日后才有巡查记录，当时状态无法判断',
  unknown: '无法判断',
  atLeast: (n: string) => `≥${n}`,
  knownOnly: '只计可判断的点位，见脚注',
  daysSince: (n: number) => `${n} 天前巡查`,
  overdue: '巡查超期',
  onTime: '按期巡查',
  present: '有',
  missing: '缺',
} as const;

export const waterLegend = {
  noPoints: '无点位',
  complete: '点位：四项齐全',
  missingOne: '点位：缺一项',
  missingTwo: '点位：缺两项',
  missingMore: '点位：缺三项及以上',
  fourItems: '四个一',
  none: '无',
  missingColumn: '缺项',
  chartSection: '缺项分布',
  exportName: '防溺水缺项点位清单',
} as const;

export const waterTheme = {
  themeName: '防溺水“四个一”',
  fourItems: '一个警示牌、一个救生圈、一根救生绳、一根救生杆',
  noPoints: '数据中没有防溺水点位表',
  interval: (days: number, floodSeason: boolean) => `巡查间隔：${floodSeason ? '汛期' : '平时'}每 ${days} 天`,
  pastInspection: (date: string, unknown: string, overdue: string) =>
    `往月无法按当时状态计算巡查超期：数据仅保留最近一次巡查日期，${unknown}点位在${date}之后才有巡查记录，当时是否超期无法判断；“巡查超期”（${overdue}）只计可以判断的点位，实际可能更多。`,
  itemsNow: '“四个一”配备情况为数据截止日期的现状（数据不保留配备变化的历史），往月同样按现状显示。',
} as const;

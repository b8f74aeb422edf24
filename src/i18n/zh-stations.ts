/** Chinese labels, units and definitions for 阵地覆盖 (src/measures/station-coverage.ts). */

import type { StationKind } from '../extract/schema';
import type { StationCoverageRow, StationPointRow, VillageGapRow } from '../measures/station-coverage';

/** How a figure is shown: its label, its unit ('' for none; '%' for a share shown as a percentage) and one sentence saying exactly what it counts. */
export interface FigureText {
  readonly label: string;
  readonly unit: string;
  readonly def: string;
}

export const stationKindNames: Record<StationKind, string> = {
  county_centre: '县级未成年人救助保护中心',
  township_home: '乡镇（街道）儿童关爱之家',
  village_station: '村（社区）儿童关爱站点',
};

export const stationKindShort: Record<StationKind, string> = {
  county_centre: '保护中心',
  township_home: '关爱之家',
  village_station: '关爱站点',
};

type CoverageFigure = Exclude<keyof StationCoverageRow, 'code' | 'name'>;

/** One entry per figure of {@link StationCoverageRow}. */
export const stationFigures: Record<CoverageFigure, FigureText> = {
  villages: {
    label: '村（社区）数',
    unit: '个',
    def: '区域内村级单位数，含村委会、居委会（社区）和虚拟社区等其他村级单位。',
  },
  villages_with_station: {
    label: '有关爱站点的村（社区）',
    unit: '个',
    def: '至少有一个正常运行的村（社区）儿童关爱站点登记在本村（社区）的村级单位数。',
  },
  villages_with_director: {
    label: '有儿童主任的村（社区）',
    unit: '个',
    def: '至少有一名儿童主任登记在本村（社区）的村级单位数（儿童督导员不计）。',
  },
  share_with_station: {
    label: '村（社区）关爱站点覆盖率',
    unit: '%',
    def: '有正常运行关爱站点的村（社区）数 ÷ 村（社区）总数；目标为全覆盖。',
  },
  share_with_director: {
    label: '儿童主任配备率',
    unit: '%',
    def: '有儿童主任的村（社区）数 ÷ 村（社区）总数；每个村（社区）至少一名儿童主任。',
  },
  townships_home_ok: {
    label: '达标关爱之家',
    unit: '个',
    def: '有关爱之家目标的乡镇（街道）中，正常运行且达到省级标准的关爱之家数不少于目标数的乡镇（街道）数。',
  },
  townships: {
    label: '应建关爱之家的乡镇（街道）',
    unit: '个',
    def: '数据中关爱之家目标数大于0的乡镇（街道）数。',
  },
  target_village_stations: {
    label: '关爱站点目标数',
    unit: '个',
    def: '区域内各乡镇（街道）村（居）关爱站点目标数之和，取自数据抽取；未设目标时为空。',
  },
  active_village_stations: {
    label: '运行中的关爱站点',
    unit: '个',
    def: '登记在区域内村（社区）或乡镇（街道）、正常运行的村（社区）儿童关爱站点数。',
  },
  target_progress: {
    label: '目标完成率',
    unit: '%',
    def: '设有目标的乡镇（街道）内正常运行的关爱站点数 ÷ 这些乡镇（街道）的目标数之和；可超过100%，未设目标时为空。',
  },
  directors: {
    label: '儿童主任',
    unit: '名',
    def: '登记在区域内村（社区）、乡镇（街道）或县级的儿童主任人数（不含儿童督导员）。',
  },
  directors_trained: {
    label: '已培训儿童主任',
    unit: '名',
    def: '最近培训日期在截至日期所在年度内且不晚于截至日期的儿童主任人数。',
  },
  training_rate: {
    label: '儿童主任培训率',
    unit: '%',
    def: '本年度已培训的儿童主任 ÷ 儿童主任总数；目标为每年全覆盖。往月若有儿童主任的最近培训日期晚于评估日（当时是否已培训无法判断），不计算培训率，显示为“—”。',
  },
  directors_training_unknown: {
    label: '培训状态无法判断',
    unit: '名',
    def: '最近培训日期晚于评估日的儿童主任人数：数据仅保留最近一次培训日期，无法判断其在评估日是否已培训。',
  },
  children: {
    label: '在册儿童',
    unit: '名',
    def: '截至日期在册（已纳入且未退出）、居住在区域内的儿童人数。',
  },
  children_per_director: {
    label: '每名儿童主任服务儿童数',
    unit: '名',
    def: '在册儿童人数 ÷ 儿童主任人数；无儿童主任时为空。',
  },
  children_no_station: {
    label: '无站点村居儿童',
    unit: '名',
    def: '居住在没有正常运行关爱站点的村（社区）的在册儿童人数。',
  },
  children_no_director: {
    label: '无儿童主任村居儿童',
    unit: '名',
    def: '居住在没有儿童主任的村（社区）的在册儿童人数。',
  },
};

type GapColumn = Exclude<keyof VillageGapRow, 'code' | 'name'>;

/** The village gap list (villageGapsSql). */
export const villageGaps = {
  title: '缺站点或缺儿童主任的村（社区）',
  def: '没有正常运行的关爱站点、或没有儿童主任的村（社区），按在册儿童人数从多到少排列。',
  empty: '所有村（社区）均已有关爱站点和儿童主任',
  columns: {
    township_code: '乡镇（街道）代码',
    township_name: '乡镇（街道）',
    has_station: '关爱站点',
    has_director: '儿童主任',
    children: '在册儿童',
  } satisfies Record<GapColumn, string>,
  present: '有',
  missing: '缺',
} as const;

type PointColumn = Exclude<keyof StationPointRow, 'station_id' | 'lng' | 'lat'>;

/** The station map layer (stationPointsSql). */
export const stationPoints = {
  title: '关爱阵地分布',
  def: '有经纬度的全部关爱阵地，含未运行的站点；无坐标的站点不在地图上显示。',
  columns: {
    kind: '类型',
    region_code: '所在区划代码',
    region_name: '所在区划',
    active: '运行状态',
    meets_standard: '是否达到省级标准',
  } satisfies Record<PointColumn, string>,
  active: '正常运行',
  inactive: '未运行',
  meetsStandard: '达到省级标准',
  belowStandard: '未达省级标准',
  standardUnknown: '未填报',
} as const;

export const stationLegend = {
  villageBoth: '村：有站点和儿童主任',
  villageNoDirector: '村：缺儿童主任',
  villageNoStation: '村：缺关爱站点',
  villageNeither: '村：两者都缺',
  targetChart: (label: string) => `${label}与目标`,
  exportName: '缺站点或儿童主任村居清单',
} as const;

export const stationsTheme = {
  themeName: '阵地覆盖',
  noStations: '数据中没有关爱阵地表',
  noStaff: '数据中没有儿童主任和儿童督导员表',
  virtualUnits: '虚拟社区等其他村级单位与村委会、居委会一样计入村（社区）数。',
  registeredAbove: '登记在乡镇（街道）或县级的关爱站点、儿童主任计入乡镇和全县合计，不计入任何村（社区）。',
  pastState: '往月说明：站点是否运行、是否达标和儿童主任的配备为数据截止日期的现状（数据不保留其变化历史），往月按现状显示；站点按建成日期计入。',
  pastTrainingShort: '往月无法判断，见脚注',
  pastTraining: (date: string, unknown: string, trained: string, directors: string) =>
    `往月无法按当时状态计算培训率：数据仅保留最近一次培训日期，${directors}儿童主任中有${unknown}在${date}之后参加培训，当时是否已培训无法判断；可以确认${date}前本年度已培训的有${trained}。`,
} as const;

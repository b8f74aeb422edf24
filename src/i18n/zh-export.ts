import { formatDateZh } from './zh';

/** The Chinese strings of chart and map exports (src/export/chart-export.ts, src/export/map-image.ts). */
export const exportText = {
  menu: '导出',
  menuLabel: (what: string) => `导出“${what}”`,
  png2: 'PNG 图片（2倍）',
  png4: 'PNG 图片（4倍，印刷用）',
  svg: 'SVG 矢量图',
  exporting: '正在导出…',
  failed: (reason: string) => `导出失败：${reason}`,
  mapExport: '导出地图',
  mapFile: '地图',
  mapExportTitle: '导出当前地图视图为 PNG 图片（含图例、比例尺、指北针和数据来源）',
  source: (systems: string[]) => `数据来源：${systems.join('、')}`,
  asOf: (iso: string) => `数据截至${formatDateZh(iso)}`,
  profile: (name: string) => `走访口径：${name}`,
  exportedAt: (iso: string) => `导出于${formatDateZh(iso)}`,
  suppressedArea: (threshold: number) => `儿童不足${threshold}名，不予显示`,
  north: '北',
  metres: (m: number) => (m >= 1000 ? `${m / 1000} 公里` : `${m} 米`),
  noMapYet: '地图尚未绘制完成，请稍后再导出',
  imageFailed: '浏览器无法把图表转换为图片',
};

/** Chinese text of exported files (CSV / Excel): metadata lines, the 督办清单 columns and problem wording. */
export const fileText = {
  asOf: (date: string) => `截至日期：${date}`,
  source: (sources: string) => `数据来源：${sources}`,
  synthetic: '示例数据：本文件中的儿童、走访、评估及点位数据均为虚构，仅用于演示。',
  total: '合计',
  exportCsv: '导出 CSV',
  exportXlsx: '导出 Excel',
  taskListCsv: '导出督办清单（CSV）',
  taskListXlsx: '导出督办清单（Excel）',
  taskListWord: '督办清单',
  note: (threshold: number) => `导出文件（CSV、Excel）中的人数经过小数抑制：不足 ${threshold} 名以“<${threshold}”表示，部分数值以“*”一并隐去，以防反推。`,
  taskTitle: (area: string, theme: string) => `${area}${theme}督办清单`,
  responsibleNote: '责任单位按所在乡镇（街道）确定；整改时限、整改情况由督办单位填写。',
} as const;

export const taskColumns = {
  index: '序号',
  township: '乡镇（街道）',
  village: '村（社区）',
  problem: '问题',
  children: '涉及儿童数',
  unit: '责任单位',
  deadline: '整改时限',
  progress: '整改情况',
} as const;

export const taskProblems = {
  noStationNoDirector: '未建成正常运行的儿童关爱服务站点，且未配备儿童主任',
  noStation: '未建成正常运行的儿童关爱服务站点',
  noDirector: '未配备儿童主任',
  visitsOverdue: '儿童主任走访逾期',
  ungraded: '有在册儿童未完成风险分色评估',
  waterMissing: (place: string, items: string) => `${place}缺${items}`,
  waterOverdue: (place: string) => `${place}巡查逾期`,
  waterBoth: (place: string, items: string) => `${place}缺${items}，且巡查逾期`,
} as const;

export const taskThemeNames = {
  risk: '风险分色评估',
  visits: '走访逾期',
  stations: '关爱阵地短板',
  water: '防溺水“四个一”缺项',
} as const;

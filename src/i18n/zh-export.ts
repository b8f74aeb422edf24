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
  suppressionNote: (threshold: number) => `不足${threshold}名的数字以“<${threshold}”表示，另有个别数字以“*”隐去，以免推算出个人信息`,
  suppressedArea: (threshold: number) => `儿童不足${threshold}名，不予显示`,
  north: '北',
  metres: (m: number) => (m >= 1000 ? `${m / 1000} 公里` : `${m} 米`),
  noMapYet: '地图尚未绘制完成，请稍后再导出',
  imageFailed: '浏览器无法把图表转换为图片',
};

/** Chinese text of a county's own visit profile computed above the county in the browser, from the counties' raw rows. */
import { formatCount } from './zh';

export const customAboveText = {
  title: '按自定义走访规则计算',
  /** What computing will take, before it starts. */
  estimate: (profile: string, counties: number, rows: number | null, seconds: number | null) =>
    `可在浏览器内按走访规则“${profile}”，从本级 ${counties} 个县（市、区）的明细数据计算：` +
    (rows === null
      ? '部分县未登记明细行数，无法估计数据量和用时。'
      : `需逐县下载并载入明细数据约 ${formatCount(rows)} 行（各县文件大小未登记，按行数估计），预计用时约 ${formatDuration(seconds ?? 0)}。`),
  memoryNote: '逐县载入、计算；内存不足时先释放已算完的县的明细，只保留各县的汇总结果。计算期间可以取消。',
  start: '开始计算',
  cancel: '取消计算',
  progress: (done: number, total: number) => `正在计算自定义口径：${done}/${total} 个县（市、区）`,
  progressCounty: (county: string) => `正在载入${county}的明细数据`,
  progressComputing: '正在按该规则计算已载入的县',
  cancelled: '已取消计算，未显示任何结果。',
  error: '计算失败：',
  /** The mark on every figure computed this way. */
  marker: '口径：自定义，浏览器内计算',
  markerNote: (profile: string, counties: number) => `按走访规则“${profile}”，由浏览器从 ${counties} 个县（市、区）的明细数据逐县计算（与预先汇总表同一口径和同一计算方法），未经抽取工具预先汇总。`,
  failedTitle: (county: string) => `${county}的明细数据无法载入，该县未计算，含该县的市、省合计不显示：`,
  recompute: '重新计算',
};

/** Seconds as 约 N 秒 / N 分钟. */
export function formatDuration(seconds: number): string {
  return seconds < 90 ? `${Math.max(1, Math.round(seconds))} 秒` : `${Math.round(seconds / 60)} 分钟`;
}

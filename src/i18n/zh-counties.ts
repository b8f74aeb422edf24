/** A county's raw rows, fetched when the user drills into it in an extract of several counties. */
export const countyText = {
  loading: (county: string, done: number, total: number, mb: number) => `正在载入${county}的明细数据（${done}/${total} 表，${mb} MB）`,
  waiting: (county: string) => `正在载入${county}的明细数据……`,
  waitingNote: '县级及以下的地图和指标在明细数据载入后显示。',
  failedTitle: (county: string) => `${county}的明细数据无法载入，该县在地图上显示为灰色，暂不能下钻；其他县不受影响：`,
  failedLine: '明细数据无法载入',
  failedLegend: '明细数据无法载入的县',
  duplicateAcross: (file: string, key: string, rows: number) => `${file}：主键 ${key} 有 ${rows} 行与已载入的其他县重复`,
  disagreeTitle: (county: string) => `${county}：预先汇总表与该县明细数据重新计算的结果不一致（数据包可能被手工改动过）。县级及以下按明细数据显示；县级以上的数字来自汇总表，可能有误，请重新生成数据包：`,
  disagreeLine: (file: string, rows: number, region: string, month: string, column: string, stored: string, computed: string) =>
    `${file}：${rows} 行不一致，例如 ${region} ${month} 的 ${column}：汇总表为 ${stored}，明细数据计算为 ${computed}`,
  wrongRegionLevel: (file: string, rows: number, levels: string, example: string) =>
    `${file}：列 level 有 ${rows} 行不是该文件应有的层级（应为 ${levels}；例如 code ${example}）`,
  regionLevelNames: { province: '省', city: '市', county: '县', township: '乡镇（街道）', village: '村（社区）' } as Record<string, string>,
  missingRow: '（无此行）',
  wholeRow: '整行',
  rowPresent: '有此行',
};

/** Every Chinese string the app shows or writes. Code stays in English; people read Chinese. */

import type { Colour } from '../extract/schema';

export const app = {
  title: '关爱一张图',
  subtitle: '困境儿童和农村留守儿童关爱服务',
  asOf: (date: string) => `数据截至 ${formatDateZh(date)}`,
  synthetic: '示例数据（虚构）',
  syntheticNote: '本页全部儿童、走访、评估及点位数据均为虚构，仅用于演示。',
  schematic: '区划边界为示意，不作为权属依据',
  schematicShort: '示意',
  loadingEngine: '正在启动分析引擎（DuckDB）',
  loadingTables: (done: number, total: number, table: string) => `正在读取数据表 ${done}/${total}：${table}`,
  loadingMap: '正在绘制地图',
  loadFailed: '数据载入失败',
  loadFailedHint: '请检查数据文件是否完整、格式是否为本系统的抽取格式（第1版），或联系系统管理员。',
  mapFailed: '地图无法显示',
  pageFailed: '页面无法显示',
  noBoundary: '无边界数据，以点位表示',
  noWebGL: '此浏览器无法启用 WebGL，地图无法显示。请使用新版 Chrome、Edge 或国产浏览器的极速模式。',
};

/** Units, and counts with their unit. */
export const units = { person: '名', item: '个', record: '条', row: '行' } as const;
export const persons = (n: number) => `${formatCount(n)} 名`;
export const items = (n: number) => `${formatCount(n)} 个`;
/** A column header with its unit: 在册儿童（名）. */
export const withUnit = (label: string, unit: string) => `${label}（${unit}）`;

/** 2026-10 → 2026年10月 */
export function formatMonthZh(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[1]}年${Number(m[2])}月` : month;
}

/** 2026-10 → 2026年第四季度 */
export function formatQuarterZh(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[1]}年第${['一', '二', '三', '四'][Math.floor((Number(m[2]) - 1) / 3)]}季度` : month;
}

export const tableNames: Record<string, string> = {
  regions: '行政区划',
  children: '儿童',
  colour_assessments: '四色评估',
  visits: '走访记录',
  stations: '关爱阵地',
  staff: '儿童主任和督导员',
  water_points: '防溺水点位',
};

export const colourNames: Record<Colour | 'ungraded', string> = {
  red: '红色',
  yellow: '黄色',
  blue: '蓝色',
  green: '绿色',
  ungraded: '未评估',
};

export const risk = {
  themeName: '风险分色',
  shareRedYellow: '红黄色占比',
  shareRedYellowDef: '红色和黄色儿童人数 ÷ 在册儿童人数（按截至日期前最近一次评估）',
  children: '在册儿童',
  childrenUnit: '名',
  graded: '已评估',
  gradedShare: '四色评估覆盖率',
  gradedShareDef: '已有评估的在册儿童 ÷ 在册儿童，目标 100%',
  countyTotals: '全域合计',
  townshipList: '乡镇（街道）红黄色占比',
  legendTitle: '红黄色儿童占比',
  noChildren: '无在册儿童',

  countedOnce: '一名儿童同时属于多个类别时，合计中只计一次，在各类别中各计一次。',
  childrenDef: '截至所选月份末（或数据截止日）在册的困境儿童和农村留守儿童人数',
  mixByArea: '四色分布',
  transitions: '风险等级变化',
  transitionSentence: (quarter: string, n: number) => (n > 0 ? `${quarter}，${n} 名儿童由黄色转为红色。` : `${quarter}，没有儿童由黄色转为红色。`),
  byCategory: '按儿童类别',
  gapTitle: '有未评估儿童的区域',
  noGaps: '所有在册儿童均已评估。',
  table: { red: '红', yellow: '黄', category: '类别', count: '人数', ungraded: '未评估（名）', onRoll: '在册（名）' },
  exportMix: '四色分布',
  exportUngraded: '未评估儿童清单',
  clickToZoom: '点击地图上的乡镇可放大查看村（社区）',
};

export const ui = {
  themes: { risk: '风险分色', visits: '走访合规', stations: '阵地覆盖', water: '防溺水“四个一”', guardianship: '监护落实' } as const,
  month: '月份',
  profile: '走访标准',
  noRows: '无',
  showAll: (n: number) => `显示全部 ${n} 项`,
  showFewer: '收起',
  exportCsv: '导出 CSV',
  ranking: '乡镇赛马比拼',
  rankingNote: (previous: string) => `变化：与${previous}相比`,
  gapList: '短板清单',
  rank: '名次',
  area: '区域',
  change: '较上季度',
  loading: '正在计算…',
  themesLabel: '专题',
  areaTrail: '区域层级',
  colourMix: '四色分布',
  targetsSource: (source: string) => `目标来源：${source}`,
  yes: '是',
  no: '否',
  csvNote: (threshold: number) => `导出文件（CSV、Excel）中的人数经过小数抑制：不足 ${threshold} 名以“<${threshold}”表示，部分数值以“*”一并隐去，以防由合计反推。`,
};

export const categoryNames = {
  orphan_institution: '集中供养孤儿',
  orphan_scattered: '社会散居孤儿',
  de_facto_unsupported: '事实无人抚养儿童',
  severe_disability_illness: '重残重病儿童',
  left_behind: '农村留守儿童',
  other_difficulty: '其他困境儿童',
} as const;

export const bigScreen = {
  enter: '大屏',
  leave: '退出大屏',
  fullscreen: '全屏',
  source: '数据来源',
  asOfLong: (date: string) => `数据截至${date}`,
  touring: (seconds: number) => `自动轮播：每 ${seconds} 秒切换专题`,
  tourPaused: '自动轮播已暂停（操作结束 1 分钟后继续）',
  tourOff: '自动轮播已关闭',
};

export const levelNames = { province: '省（区、市）', city: '市（地、州、盟）', county: '县（市、区）', township: '乡镇（街道）', village: '村（社区）' } as const;

export const attribution = {
  geonames: '乡镇驻地点位：GeoNames（CC BY 4.0）',
  divisions: '区划名称与代码：国家统计局统计用区划代码',
  /** Before the manifest's `as_of_rule` sentence, under the map. */
  asOfRule: '截止日期说明：',
};

/** Loading an extract picked in the page. */
export const loadProblems = {
  otherServer: (base: string) => `数据地址 ${base} 不在本服务器上，已拒绝（只允许载入同一服务器上的数据）`,
  notPicked: (file: string) => `没有选择 ${file}：请选择整个数据文件夹，或同时选中 manifest.json 和全部 .parquet 文件`,
};

/** The memory budget (src/db/memory-budget.ts): what an extract may take in this browser, and running out of memory. */
export const memoryProblems = {
  fileTooLarge: (file: string, mb: number, limitMb: number) =>
    `${file}：文件大小 ${mb} MB，超过本机浏览器可载入的上限 ${limitMb} MB；请按区域拆分数据后分别载入`,
  extractTooLarge: (file: string, mb: number, limitMb: number) =>
    `${file}：读到此文件时，数据抽取的文件合计已达 ${mb} MB，超过本机浏览器可载入的上限 ${limitMb} MB；请按区域拆分数据后分别载入`,
  tooManyRows: (file: string, rows: number, limit: number) =>
    `${file}：共 ${rows.toLocaleString('zh-CN')} 行，超过本机浏览器每张表可载入的上限 ${limit.toLocaleString('zh-CN')} 行；请按区域拆分数据后分别载入`,
  tableTooLarge: (file: string, mb: number, limitMb: number) =>
    `${file}：解压后约 ${mb} MB，超过本机浏览器每张表可载入的上限 ${limitMb} MB；请按区域拆分数据后分别载入`,
  outOfMemory: (file: string) =>
    `${file}：载入时浏览器内存不足（不是文件损坏）。请改用较小的数据抽取（按县或乡镇拆分后分别载入，或使用汇总后的市级抽取），并关闭其他标签页后重试`,
};

export const loadDialog = {
  button: '载入数据',
  title: '载入数据抽取',
  intro: '选择数据文件夹（含 manifest.json 和 .parquet 文件），或把文件拖到这里。数据只在本机浏览器中读取，不会上传。',
  pickFiles: '选择文件',
  pickFolder: '选择文件夹',
  drop: '拖放文件或文件夹到此处',
  loading: (done: number, total: number, table: string) => `正在读取 ${done}/${total}：${table}`,
  checking: '正在检查数据…',
  failed: '未能载入，当前显示的数据保持不变：',
  close: '关闭',
  countyDemo: '打开如皋市示例（合成数据）',
  cityDemo: '打开南通市示例（合成数据）',
};

/** `text` as quoted in a message: at most `max` characters, then … and the full length. */
export function clipText(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…（共 ${formatCount(text.length)} 个字符）` : text;
}

/** Validation problems, each naming the file, the column and what is wrong. */
export const problems = {
  manifestNotObject: 'manifest.json 不是有效的 JSON 对象',
  manifestWrongFormat: (found: string) => `manifest.json：format 应为 care-atlas-extract，实际为 ${clipText(found)}，这不是关爱一张图的数据抽取`,
  manifestFutureVersion: (found: number, supported: number) =>
    `manifest.json：数据格式版本为 ${found}，本系统只支持到第 ${supported} 版。请升级关爱一张图后再载入`,
  manifestUnknownVersion: (found: string, supported: number) => `manifest.json：数据格式版本 ${clipText(found)} 无法识别（支持第 1 至第 ${supported} 版）`,
  manifestMissing: (field: string, zh: string) => `manifest.json：缺少字段 ${field}（${zh}）`,
  manifestBadType: (field: string, zh: string) => `manifest.json：字段 ${field}（${zh}）的类型或取值不正确`,
  manifestTooLong: (field: string, zh: string, max: number, length: number) =>
    `manifest.json：字段 ${field}（${zh}）超过 ${max} 个字符（长 ${formatCount(length)} 个字符）`,
  manifestBadCountyCode: (code: string) => `manifest.json：county_code 应为6位数字，实际为 ${clipText(code)}`,
  manifestBadDate: (field: string, value: string) => `manifest.json：${field} 应为 YYYY-MM-DD 格式的日期，实际为 ${clipText(value)}`,
  manifestBadDatum: (datum: string) => `manifest.json：坐标基准 ${clipText(datum)} 不受支持（应为 WGS84 或 CGCS2000，其他坐标须先转换）`,
  manifestBadThreshold: (value: number) => `manifest.json：small_cell_threshold 应为不小于1的整数，实际为 ${value}`,
  manifestUnknownTable: (name: string, field = 'tables') => `manifest.json：${field} 中有未知的数据表 ${clipText(name)}`,
  manifestBadFile: (name: string, file: string, field = 'tables') => `manifest.json：${field} 中数据表 ${name} 的文件名 ${clipText(file)} 无效（应为同一目录下的 .parquet 文件）`,
  manifestMissingTable: (name: string, zh: string) => `manifest.json：缺少必需的数据表 ${name}（${zh}）`,
  manifestBadArea: (level: string, code: string) => `manifest.json：area_level ${clipText(level)} 与 area_code ${clipText(code)} 不符（应为 county/6位、city/4位 或 province/2位代码）`,
  manifestNoCounties: 'manifest.json：counties 应列出至少一个县（代码、名称、数据截止日期）',
  manifestBadCounty: (i: number, what: string) => `manifest.json：counties[${i}] 的${what}不正确`,
  manifestDuplicateCounty: (code: string) => `manifest.json：counties 中县 ${clipText(code)} 出现了不止一次`,
  manifestCountyOutside: (code: string, area: string) => `manifest.json：县 ${clipText(code)} 不属于 area_code ${clipText(area)}（代码应以其开头）`,
  manifestCountyLater: (code: string, asOf: string, latest: string) => `manifest.json：县 ${clipText(code)} 的数据截止日期 ${clipText(asOf)} 晚于整体的 as_of ${latest}`,
  manifestCountyMismatch: (area: string) => `manifest.json：area_level 为 county 时，counties 应只有县 ${clipText(area)} 一项`,
  manifestNeedsTemplate: (name: string, file: string) =>
    `manifest.json：tables 中数据表 ${name} 的文件名 ${clipText(file)} 应含 {county}（多县数据按县分文件存放）`,
  manifestRegionsTemplate: (file: string) => `manifest.json：tables 中 regions 的文件名 ${clipText(file)} 不能含 {county}（区划表不分县）`,
  unknownCounties: (codes: string[]) => `没有这些县的数据：${codes.map((c) => clipText(c)).join('、')}`,
  countyRowMissing: (code: string) => `regions.parquet：找不到 manifest.json 所列的县级区划 ${code}`,
  areaRowMissing: (level: string, code: string) => `regions.parquet：找不到 manifest.json 的最高层级区划 ${code}（${level}）`,
  notNested: (code: string, parent: string, rows: number, file = 'regions.parquet') => `${file}：列 parent_code 有 ${formatCount(rows)} 行的上级区划代码不是其代码的开头或不是上一级（例如 code ${code}，parent_code ${parent}）`,
  wrongCounty: (file: string, column: string, county: string, rows: number, example: string) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 行不属于该文件的县 ${county}（例如 ${example}）`,
  forbiddenColumn: (file: string, column: string) => `${file}：含有不允许的列 ${column}（可能是姓名、证件号、电话、地址等直接标识信息），已拒绝载入`,
  missingColumn: (file: string, column: string, zh: string) => `${file}：缺少必需的列 ${column}（${zh}）`,
  wrongType: (file: string, column: string, expected: string, actual: string) =>
    `${file}：列 ${column} 的类型应为 ${expected}，实际为 ${actual}`,
  nullInRequired: (file: string, column: string, rows: number) => `${file}：必填列 ${column} 有 ${rows} 行为空`,
  badEnum: (file: string, column: string, values: string[], allowed: readonly string[], rows: number) =>
    `${file}：列 ${column} 有 ${rows} 行取值不在允许范围内（${values.join('、')}），允许的取值为：${allowed.join('、')}`,
  badPattern: (file: string, column: string, example: string, rows: number) =>
    `${file}：列 ${column} 有 ${rows} 行格式不正确（例如 ${example}）`,
  emptyList: (file: string, column: string, rows: number) => `${file}：列 ${column} 有 ${rows} 行为空列表（至少一项）`,
  duplicateKey: (file: string, key: string, rows: number) => `${file}：主键 ${key} 有 ${rows} 组重复`,
  badReference: (file: string, column: string, target: string, example: string, rows: number) =>
    `${file}：列 ${column} 有 ${rows} 行引用了 ${target} 中不存在的值（例如 ${example}）`,
  noCountyRow: 'regions.parquet：找不到县级区划',
  noCounty: (code: string) => `regions.parquet：找不到县级区划 ${code}（与 manifest.json 的 county_code 不一致）`,
  tooLong: (file: string, column: string, rows: number, max: number, example: string, length: number) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 行超过 ${max} 个字符（例如 ${example}，长 ${formatCount(length)} 个字符）`,
  dateOutOfWindow: (file: string, column: string, rows: number, from: string, to: string, yearsAfterAsOf: number, example: string, value: string) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 行日期不在 ${from} 至 ${to}（${yearsAfterAsOf === 0 ? '数据截止日期' : `数据截止日期后${yearsAfterAsOf}年`}）之间（例如 ${example}：${value}）`,
  coordinateNotFinite: (file: string, column: string, rows: number, example: string) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 行坐标不是有效数字（NaN 或无穷大）（例如 ${example}）`,
  coordinateOutside: (file: string, column: string, rows: number, range: string, example: string, value: string) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 行坐标超出县域范围（${range}）（例如 ${example}：${value}）`,
  /** The extent coordinates are checked against, for {@link problems.coordinateOutside}. */
  extentRange: (west: number, south: number, east: number, north: number, basis: 'county' | 'china', marginKm: number) =>
    `经度 ${west.toFixed(3)}–${east.toFixed(3)}，纬度 ${south.toFixed(3)}–${north.toFixed(3)}：` +
    (basis === 'china' ? '中国境内；数据中没有实测的县级边界' : `县级边界的外包范围外扩 ${marginKm} 公里`),
  geometryUnreadable: (file: string, column: string, rows: number, fault: 'byte-order' | 'truncated' | 'trailing', example: string) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 个边界不是有效的 WKB 数据（${{ 'byte-order': '字节序标志无效', truncated: '数据不完整', trailing: '几何数据之后有多余字节' }[fault]}）（例如 ${example}）`,
  geometryWrongType: (file: string, column: string, rows: number, typeCode: number, example: string) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 个边界的几何类型不是 Polygon 或 MultiPolygon（类型代码 ${typeCode}）（例如 ${example}）`,
  geometryOpenRing: (file: string, column: string, rows: number, example: string) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 个边界含有未闭合的环（首尾坐标不同）（例如 ${example}）`,
  geometryShortRing: (file: string, column: string, rows: number, example: string) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 个边界含有少于4个坐标点的环（例如 ${example}）`,
  geometryNotFinite: (file: string, column: string, rows: number, example: string) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 个边界含有无效坐标（NaN 或无穷大）（例如 ${example}）`,
  geometryOutside: (file: string, column: string, rows: number, range: string, example: string) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 个边界超出县域范围（${range}）（例如 ${example}）`,
  geometryTooManyVertices: (file: string, column: string, rows: number, max: number, example: string, vertices: number) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 个边界的顶点超过每个边界 ${formatCount(max)} 个的上限（例如 ${example}：${formatCount(vertices)} 个顶点）。请先简化边界再抽取`,
  geometryTooLarge: (file: string, column: string, rows: number, max: number, example: string, mb: string) =>
    `${file}：列 ${column} 有 ${formatCount(rows)} 个边界的数据量过大（例如 ${example}：${mb} MB），超出每个边界 ${formatCount(max)} 个顶点的上限。请先简化边界再抽取`,
  geometryTotal: (file: string, column: string, vertices: number | null, max: number) =>
    `${file}：列 ${column} 的边界${vertices === null ? '数据量' : `共有 ${formatCount(vertices)} 个顶点，`}超出全表 ${formatCount(max)} 个顶点的上限。请先简化边界再抽取`,
};

const DATE_PARTS = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 2026-10-31 → 2026年10月31日 */
export function formatDateZh(iso: string): string {
  const m = DATE_PARTS.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** 5123 → 5,123 */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A change of a rate (a share 0–1) in percentage points, in words, rounded half away from zero to one decimal:
 * 0.012 → 上升1.2个百分点, -0.005 → 下降0.5个百分点; a change that rounds to 0.0 is 持平.
 */
export function formatPointChangeZh(delta: number): string {
  if (!Number.isFinite(delta)) return '—';
  const points = (Math.round(Number((Math.abs(delta) * 1000).toPrecision(12))) / 10).toFixed(1);
  if (Number(points) === 0) return '持平';
  return `${delta > 0 ? '上升' : '下降'}${points}个百分点`;
}

/** 0.0342 → 3.4% */
export function formatShare(share: number | null, digits = 1): string {
  if (share === null || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(digits)}%`;
}

/** Every Chinese line of `npm run combine` (src/cli/combine.ts): usage, progress, refusals, the as-of rule. */
import { formatCount } from './zh';

export const combineText = {
  usage: `用法：npm run combine -- --out <输出目录> <县级数据目录> <县级数据目录> …

  把若干县（市、区）用 npm run extract 制作的数据抽取（第1版或第2版）合并为一个市级或省级数据抽取，并重新计算汇总表。
  --out   输出目录：先写入同级的临时目录，全部成功后才替换；合并失败时，原有的输出目录保持不变
  各县的数据抽取须为同一格式版本，同一个县不能出现两次，各县须属于同一个市（合并为市级）或同一个省（合并为省级）。`,
  noInputs: '至少需要一个县级数据目录',
  noOut: '缺少 --out <输出目录>',
  progress: (step: number, total: number, what: string, seconds: number) => `合并进度 [${step}/${total}] ${what}（已用 ${seconds.toFixed(0)} 秒）`,
  reading: (dir: string) => `读取并校验 ${dir}`,
  copying: (county: string, name: string) => `写出 ${name}（${county}）的各表`,
  aggregating: (county: string, name: string) => `计算 ${name}（${county}）及其乡镇、村的汇总表`,
  regions: '写出区划表（含市、省两级）',
  aggregates: '用本机 DuckDB 由各县汇总表合计出市、省两级并写出各级汇总表',
  done: (out: string, counties: number, level: string, seconds: number) => `已合并 ${formatCount(counties)} 个县为${level}数据：${out}（用时 ${seconds.toFixed(0)} 秒）`,
  failed: '合并失败，输出目录未改动：',
  notJson: (file: string) => `${file}：不是有效的 JSON 文件，可能已损坏`,
  unreadable: (file: string) => `${file}：无法读取（文件不存在或没有权限）`,
  inInput: (dir: string, problem: string) => `${dir}/${problem}`,
  mixedVersions: (a: string, va: number, b: string, vb: number) =>
    `${a}：数据格式为第 ${va} 版，而 ${b} 为第 ${vb} 版。请先用同一版本的关爱一张图重新制作各县的数据抽取，再合并`,
  sameCounty: (code: string, name: string, a: string, b: string) => `县 ${code}（${name}）出现了两次：${a} 和 ${b}`,
  notNested: (file: string, county: string, parent: string) => `${file}：县 ${county} 的上级区划 ${parent} 与其代码不符（县级代码应以所属市的代码开头）`,
  aboveCounty: (file: string, column: string, n: number, example: string) =>
    `${file}：列 ${column} 有 ${formatCount(n)} 行登记在县级以上的区划（例如 ${example}）。合并后的数据按县存放每一行，无法保留这些行；` +
    '请在该县的数据抽取中把它们登记到所在的县（市、区）、乡镇（街道）或村（社区），或删去后再合并',
  outsideCounties: (file: string, column: string, n: number, example: string) =>
    `${file}：列 ${column} 有 ${formatCount(n)} 行不属于本数据抽取的任何一个县${example ? `（例如 ${example}）` : ''}，无法合并`,
  acrossProvinces: (codes: string[]) => `各县不属于同一个省（${codes.join('、')}），无法合并为一个市级或省级数据`,
  unknownDivision: (code: string) => `区划代码 ${code} 不在区划代码表（国家统计局 2023 年统计用区划代码）中，无法确定其名称`,
  asOfRule: (latest: string, earlier: number, earliest: string) =>
    `各县数据截止日期不同：合并数据的截止日期取最晚的 ${latest}；有 ${formatCount(earlier)} 个县截止日期较早（最早 ${earliest}），` +
    '这些县在各自截止日期之后的月份没有记录，其走访合规等指标在这些月份偏低，不宜与其他县直接比较',
  combinedFrom: (n: number) => `由 ${formatCount(n)} 个县（市、区）的数据抽取合并（npm run combine）`,
  levelNames: { city: '市级', province: '省级' } as Record<string, string>,
};

/**
 * `npm run extract -- --mapping <mapping.jsonc> --salt <salt file> --out <dir>`: turns a county's spreadsheets
 * (金民工程 / 苏童成长 exports, local ledgers) into an extract folder the app loads, with no direct identifier left.
 * Writes a Chinese report (extract-report.md) into the output folder; exits 1 when no usable extract was written.
 *
 * The mapping format is documented in tests/fixtures/raw/mapping.template.jsonc.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runExtract } from './extract/run';

const USAGE = `用法：npm run extract -- --mapping <映射文件.jsonc> --salt <盐值文件> --out <输出目录> [--report <报告文件>]

  --mapping  映射文件：县、数据截止日期、各源文件及其列的对应关系（格式见 tests/fixtures/raw/mapping.template.jsonc）
  --salt     盐值文件：一段随机的长字符串（至少16字节），县局妥善保管、每次使用同一个；它不会写入输出
  --out      输出目录：写入 manifest.json、各 Parquet 文件和抽取报告 extract-report.md
  --report   报告文件的位置（默认为 <输出目录>/extract-report.md）`;

async function main(): Promise<number> {
  let values: { mapping?: string; salt?: string; out?: string; report?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        mapping: { type: 'string' },
        salt: { type: 'string' },
        out: { type: 'string' },
        report: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`参数有误：${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.mapping || !values.salt || !values.out) {
    console.error(`缺少参数：${[!values.mapping && '--mapping', !values.salt && '--salt', !values.out && '--out'].filter(Boolean).join('、')}\n\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const result = await runExtract({
    mapping: resolve(values.mapping),
    salt: resolve(values.salt),
    out: resolve(values.out),
    ...(values.report ? { report: resolve(values.report) } : {}),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const rejected = result.sources.reduce((s, x) => s + x.rejected, 0);
  const merged = result.sources.reduce((s, x) => s + x.merged, 0);
  if (result.ok) {
    const counts = Object.entries(result.counts)
      .map(([t, n]) => `${t} ${n}`)
      .join('，');
    console.log(`数据抽取已写入 ${result.outDir}（${seconds} 秒）：${counts}`);
    console.log(`拒绝 ${rejected} 行，合并或去重 ${merged} 行；已用关爱一张图的载入程序检查通过。`);
    const aggregates = result.manifest?.aggregates;
    if (aggregates) {
      console.log(`预先汇总表：${Object.values(aggregates.tables).join('、')}（${aggregates.months[0]} 至 ${aggregates.months[aggregates.months.length - 1]}，走访规则 ${aggregates.profiles.join('、')}）`);
    }
    console.log(`抽取报告：${result.reportPath}`);
    return 0;
  }
  console.error('数据抽取失败，没有生成可用的数据抽取：');
  for (const p of result.problems) console.error(`  - ${p}`);
  console.error(`详见抽取报告：${result.reportPath}`);
  return 1;
}

process.exitCode = await main();

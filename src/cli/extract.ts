/**
 * `npm run extract -- --mapping <mapping.jsonc> --salt <salt file> --out <dir> [--accept-rejects] [--boundaries <file>…]
 * [--epsg <code>]`: turns a county's spreadsheets (金民工程 / 苏童成长 exports, local ledgers) and its boundary files
 * (shapefile or GeoJSON) into an extract folder the app loads, with no direct identifier left. Writes a Chinese report (extract-report.md) into the output folder; exits 1 when no usable
 * extract was written, which by default includes cells holding words the mapping does not know.
 * `npm run extract -- --new-salt <file>` writes a new salt and exits 1 rather than overwrite one.
 *
 * The mapping format is documented in tests/fixtures/raw/mapping.template.jsonc.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runExtract } from './extract/run';
import { summaryLines } from './extract/summary';
import { writeNewSalt } from './extract/salt';

const USAGE = `用法：npm run extract -- --mapping <映射文件.jsonc> --salt <盐值文件> --out <输出目录> [--report <报告文件>] [--accept-rejects]
                         [--boundaries <边界文件> …] [--epsg <EPSG代码>]
      npm run extract -- --new-salt <盐值文件>

  --mapping         映射文件：县、数据截止日期、各源文件及其列的对应关系（格式见 tests/fixtures/raw/mapping.template.jsonc）。
                    乡镇、村（社区）名单可省略：只给县级区划代码时，按内置的国家统计局区划代码（2023年版）取全县名单
  --salt            盐值文件：一段随机的长字符串（至少16字节），县局妥善保管、每次使用同一个；它不会写入输出
  --out             输出目录：写入 manifest.json、各 Parquet 文件和抽取报告 extract-report.md
  --report          报告文件的位置（默认为 <输出目录>/extract-report.md）
  --accept-rejects  源表格中有映射里没有的取值（如未知的儿童类别）时仍写出数据抽取：含这些取值的行被拒绝、
                    选填项留空。不加时，这种情况下抽取失败，报告列出每个取值及行数，并给出可并入映射的 values 片段
  --boundaries      乡镇、村（社区）边界文件（可给多个）：shapefile（.shp，同目录下有 .dbf、.prj）、含 shapefile 的 .zip
                    或 GeoJSON；坐标为 WGS84、CGCS2000 经纬度或 CGCS2000 高斯-克吕格投影（按 .prj 识别）。按属性表中的
                    区划代码（或名称）匹配，检查、修复并简化（容差 10 米），报告“边界文件”一节列出未匹配的要素和没有边界的区划
  --epsg            边界文件的坐标系 EPSG 代码，.prj 缺失或无法识别时用：4490（CGCS2000 经纬度）、4513–4533（3 度带，
                    东坐标带带号，如 4528 为第 40 带、中央经线 120°E）、4534–4554（3 度带不带带号，如 4549）、4491–4512（6 度带）
  --new-salt        生成一个新的盐值文件（32字节随机数，十六进制；只有本人可读），已存在的文件不会被覆盖

盐值：第一次使用前运行一次 npm run extract -- --new-salt <盐值文件> 生成。盐值由县局保管、备份，以后每次抽取都用
同一个（换了盐值，同一儿童的密钥就会不同）；不要放进输出目录，不要随数据抽取发布或发送。`;

async function main(): Promise<number> {
  let values: { mapping?: string; salt?: string; out?: string; report?: string; help?: boolean; 'new-salt'?: string; 'accept-rejects'?: boolean; boundaries?: string[]; epsg?: string };
  try {
    ({ values } = parseArgs({
      options: {
        mapping: { type: 'string' },
        salt: { type: 'string' },
        out: { type: 'string' },
        report: { type: 'string' },
        'new-salt': { type: 'string' },
        'accept-rejects': { type: 'boolean' },
        boundaries: { type: 'string', multiple: true },
        epsg: { type: 'string' },
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
  if (values['new-salt'] !== undefined) {
    const path = resolve(values['new-salt']);
    const written = writeNewSalt(path);
    if (!written.ok) {
      console.error(written.message);
      return 1;
    }
    console.log(`已生成盐值文件 ${path}（只有本人可读）。请由县局妥善保管并备份，以后每次抽取都用它；不要放进输出目录或随数据抽取发布。`);
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
    acceptRejects: values['accept-rejects'] === true,
    ...(values.boundaries ? { boundaries: values.boundaries } : {}),
    ...(values.epsg !== undefined ? { epsg: values.epsg } : {}),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const summary = summaryLines(result);
  if (result.ok) {
    const counts = Object.entries(result.counts)
      .map(([t, n]) => `${t} ${n}`)
      .join('，');
    console.log(`数据抽取已写入 ${result.outDir}（${seconds} 秒）：${counts}；已用关爱一张图的载入程序检查通过。`);
    for (const line of summary) console.log(line);
    const aggregates = result.manifest?.aggregates;
    if (aggregates) {
      console.log(`预先汇总表：${Object.values(aggregates.tables).join('、')}（${aggregates.months[0]} 至 ${aggregates.months[aggregates.months.length - 1]}，走访规则 ${aggregates.profiles.join('、')}）`);
    }
    console.log(`抽取报告：${result.reportPath}`);
    return 0;
  }
  console.error('数据抽取失败，没有生成可用的数据抽取：');
  for (const p of result.problems) console.error(`  - ${p}`);
  for (const line of summary) console.error(line);
  if (result.valuesSnippet) console.error(`\n可并入映射文件的 values 片段（填好每个 "" 中的代码）：\n${result.valuesSnippet}\n`);
  console.error(`详见抽取报告：${result.reportPath}`);
  return 1;
}

process.exitCode = await main();

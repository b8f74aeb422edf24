/**
 * One extraction run: mapping → sources → regions → tables → leak scan → extract written beside the output
 * folder → checked by the app's loader → moved into place, with a Chinese report either way.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { FORMAT_NAME, FORMAT_VERSION, TABLES, type Manifest, type ManifestHeader, type TableName } from '../../extract/schema';
import { writeAggregates } from '../write-aggregates';
import { writeExtract, type Row, type TableRows } from '../write-extract';
import { countyReference, REFERENCE_EDITION, REFERENCE_SOURCE, CountyReferenceError, SEAT_SOURCE, type CountyReference } from '../geometry/china-reference';
import { buildRegions, fillLabels, regionRows } from './build-regions';
import { normalizeNumber, saltFingerprint } from './identity';
import { parseEpsg, SUPPORTED_EPSG } from '../geometry/crs';
import { loadBoundaries } from './boundaries';
import { commandLineBoundaries, MappingError, readMapping, type Mapping, type RefusedMapping, type SourceSpec } from './mapping';
import { SourceError } from './read-source';
import { renderReport, summarize, type ReportInput } from './report';
import { unknownWordProblems, unknownWords, valuesSnippet, type UnknownWord } from './unknown-words';
import { identifyingValues, loadSource, type LoadedSource } from './source';
import {
  collectNumberKeys,
  Ledger,
  transformChildren,
  transformColours,
  transformStaff,
  transformStations,
  transformVisits,
  transformWaterPoints,
  type Context,
  type PointsByRegion,
} from './transform';
import { cellText } from './values';
import { verifyWithAppLoader } from './verify';

export interface ExtractOptions {
  mapping: string;
  salt: string;
  out: string;
  /** Where the report goes; default `<out>/extract-report.md`. */
  report?: string;
  /** Time written into the manifest and report (tests fix it). */
  now?: Date;
  /**
   * Write the extract even when cells hold words the mapping does not know (those rows rejected, those fields
   * left empty). Default false: such words fail the run, listed with a `values` snippet for the mapping.
   */
  acceptRejects?: boolean;
  /** Boundary files given on the command line (shapefile, zipped shapefile or GeoJSON), added to the mapping's. */
  boundaries?: string[];
  /** An EPSG code for every boundary file that gives none of its own (a .prj then is not read). */
  epsg?: string;
}

export interface ExtractResult {
  ok: boolean;
  outDir: string;
  reportPath: string;
  report: string;
  problems: string[];
  counts: Partial<Record<TableName, number>>;
  /** Per source: data rows, written, merged, rejected. */
  sources: ReturnType<typeof summarize>[];
  /** Rejected rows per source label: row number → reasons. */
  rejected: Record<string, Record<number, string[]>>;
  /** Cell words no vocabulary knows, with their rows. */
  unknownWords: UnknownWord[];
  /** The JSONC `values` snippet for those words ('' when there are none). */
  valuesSnippet: string;
  /** Console lines about the boundary files (empty without them). */
  boundarySummary: string[];
  /** Per source: source columns not written because they look like direct identifiers or free text. */
  droppedColumns: { label: string; table: string; headers: string[] }[];
  manifest: Manifest | null;
}

const REPORT_FILE = 'extract-report.md';
const UNKNOWN_WORDS_HINT = '请把报告“映射中没有的取值”一节中的 values 片段填好代码后并入映射文件，再重新运行；若确认这些行应被拒绝（或该项留空），可加 --accept-rejects 运行';
const MIN_SALT_BYTES = 16;
const DEFAULT_ATTRIBUTION = '由“关爱一张图”抽取工具（npm run extract）从县民政局台账生成：儿童以加盐单向密钥表示，不含姓名、身份证号码、电话和地址';

/** The salt: the file's bytes without trailing whitespace (an editor's final newline must not change every key). */
export function readSalt(path: string): Uint8Array {
  const bytes = readFileSync(path);
  let end = bytes.length;
  while (end > 0 && [0x0a, 0x0d, 0x20, 0x09].includes(bytes[end - 1] as number)) end--;
  return new Uint8Array(bytes.subarray(0, end));
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Files an output folder may already hold (an earlier extract): anything else and the run refuses to write there. */
const REPLACEABLE = (name: string): boolean => name === 'manifest.json' || name === REPORT_FILE || name.endsWith('.parquet');

function leakScan(tables: TableRows, identifying: ReadonlySet<string>, salt: Uint8Array, manifest: ManifestHeader): string[] {
  const problems: string[] = [];
  const saltText = Buffer.from(salt).toString('utf8');
  const seen = (v: string) => identifying.has(v.normalize('NFKC').replace(/\s+/g, '')) || (saltText.length >= MIN_SALT_BYTES && v.includes(saltText));
  for (const spec of TABLES) {
    if (spec.name === 'regions') continue;
    for (const row of (tables[spec.name] ?? []) as Row[]) {
      for (const col of spec.columns) {
        const v = row[col.name];
        const values = typeof v === 'string' ? [v] : Array.isArray(v) ? (v as string[]) : [];
        if (values.some(seen)) problems.push(`安全检查：${spec.file} 的列 ${col.name} 中出现了源文件个人信息列里的值，已停止写出（请报告这一问题）`);
      }
    }
  }
  if (JSON.stringify(manifest).includes(saltText)) problems.push('安全检查：manifest 中出现了盐值，已停止写出');
  return [...new Set(problems)];
}

/** The manifest's `quality.source_rows`: each table's source rows summed over the files feeding it. */
export function sourceRows(summaries: readonly ReturnType<typeof summarize>[]): NonNullable<Manifest['quality']>['source_rows'] {
  const out: NonNullable<Manifest['quality']>['source_rows'] = {};
  for (const s of summaries) {
    const table = s.table as TableName;
    const t = out[table] ?? { read: 0, written: 0, merged: 0, rejected: 0 };
    out[table] = { read: t.read + s.written + s.merged + s.rejected, written: t.written + s.written, merged: t.merged + s.merged, rejected: t.rejected + s.rejected };
  }
  return out;
}

export async function runExtract(options: ExtractOptions): Promise<ExtractResult> {
  const now = options.now ?? new Date();
  const outDir = resolve(options.out);
  const reportPath = resolve(options.report ?? join(outDir, REPORT_FILE));
  const mappingPath = resolve(options.mapping);
  const problems: string[] = [];
  let mapping: Mapping | null = null;
  const refused: RefusedMapping[] = [];
  const loaded: { source: LoadedSource; table: string }[] = [];
  let ledger: Ledger | null = null;
  let counts: Partial<Record<TableName, number>> | null = null;
  let salt: Uint8Array | null = null;
  const geographyNotes: string[] = [];
  let verify: ReportInput['verify'] = null;
  const boundaryReport: string[] = [];
  const boundarySummary: string[] = [];
  let manifestWritten: Manifest | null = null;

  const finish = (ok: boolean): ExtractResult => {
    const unknown = unknownWords(ledger, loaded, mapping);
    const snippet = valuesSnippet(unknown);
    const input: ReportInput = {
      ok,
      problems,
      mappingPath,
      mapping,
      outDir,
      generatedAt: now.toISOString(),
      saltFingerprint: salt ? saltFingerprint(salt) : null,
      sources: loaded,
      ledger,
      refused,
      counts,
      geographyNotes,
      boundaryReport,
      hashedIds: ledger?.hashedIds ?? 0,
      verify,
      unknownWords: unknown,
      valuesSnippet: snippet,
      acceptedRejects: options.acceptRejects === true,
    };
    const report = renderReport(input);
    mkdirSync(dirname(reportPath), { recursive: true });
    writeFileSync(reportPath, report);
    const rejected: ExtractResult['rejected'] = {};
    for (const { source } of loaded) {
      const byRow: Record<number, string[]> = {};
      for (const [row, o] of ledger?.outcomes.get(source) ?? []) if (o.kind === 'rejected') byRow[row] = o.reasons;
      rejected[source.label] = byRow;
    }
    return {
      ok,
      outDir,
      reportPath,
      report,
      problems,
      counts: counts ?? {},
      sources: loaded.map(({ source, table }) => summarize(source, table, ledger)),
      rejected,
      unknownWords: unknown,
      valuesSnippet: snippet,
      boundarySummary,
      droppedColumns: loaded
        .filter(({ source }) => source.identifying.length > 0)
        .map(({ source, table }) => ({ label: source.label, table, headers: source.identifying.map((c) => c.header) })),
      manifest: manifestWritten,
    };
  };

  // 1. Mapping, salt, output folder.
  try {
    const parsed = readMapping(mappingPath);
    mapping = parsed.mapping;
    refused.push(...parsed.refused);
  } catch (e) {
    problems.push(...(e instanceof MappingError ? e.problems.map((p) => `映射文件：${p}`) : [String(e)]));
  }
  const saltPath = resolve(options.salt);
  if (isInside(saltPath, outDir)) problems.push('盐值文件不能放在输出目录里（输出目录会被发布，盐值必须留在县局）');
  else {
    try {
      salt = readSalt(saltPath);
      if (salt.length < MIN_SALT_BYTES) {
        problems.push(`盐值文件内容太短（${salt.length} 字节，至少 ${MIN_SALT_BYTES} 字节）：请放入一段随机生成的长字符串，并妥善保管、每次使用同一个`);
        salt = null;
      }
    } catch (e) {
      problems.push(`无法读取盐值文件 ${saltPath}（${e instanceof Error ? e.message : String(e)}）`);
    }
  }
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory()) problems.push(`输出路径 ${outDir} 已存在且不是目录`);
    else {
      const others = readdirSync(outDir).filter((n) => !REPLACEABLE(n));
      if (others.length > 0) problems.push(`输出目录 ${outDir} 中有其他文件（${others.slice(0, 5).join('、')}），为免误覆盖，请换一个空目录或已有的数据抽取目录`);
    }
  }
  if (mapping) {
    const epsg = options.epsg === undefined ? null : parseEpsg(options.epsg);
    if (options.epsg !== undefined && !epsg) problems.push(`--epsg：「${options.epsg}」不是本工具支持的坐标系，支持 ${SUPPORTED_EPSG}`);
    for (const file of options.boundaries ?? []) mapping.geography.boundaries.push(commandLineBoundaries(file, null));
    if (epsg) for (const b of mapping.geography.boundaries) b.epsg ??= epsg;
  }
  if (!mapping || !salt || problems.length > 0) return finish(false);

  // 2. Sources.
  ledger = new Ledger();
  let regionsSource: LoadedSource | null = null;
  if (mapping.regions) {
    try {
      regionsSource = await loadSource(mapping.regions, 'regions', refused);
      loaded.push({ source: regionsSource, table: 'regions' });
    } catch (e) {
      problems.push(`区划表 ${mapping.regions.fileLabel}：${e instanceof SourceError ? e.message : `无法读取（${e instanceof Error ? e.message : String(e)}）`}`);
    }
  }
  // The built-in reference geography: required without a region list, added to it when the county is known.
  let reference: CountyReference | null = null;
  try {
    reference = countyReference(mapping.county.code);
  } catch (e) {
    if (!(e instanceof CountyReferenceError)) throw e;
    if (!mapping.regions) problems.push(`映射中没有区划表 regions，需要内置区划参考数据：${e.message}`);
    else geographyNotes.push(`区划：${e.message.replace(/：请.*$/, '')}，只用区划表`);
  }
  // What the mapping leaves out comes from the reference.
  if (!mapping.county.name) mapping.county.name = reference?.name ?? mapping.county.code;
  if (!mapping.divisionCodeEdition) mapping.divisionCodeEdition = reference ? REFERENCE_EDITION : '未注明';
  const sources: LoadedSource[] = [];
  for (const spec of mapping.sources) {
    try {
      const source = await loadSource(spec, spec.table, refused);
      sources.push(source);
      loaded.push({ source, table: spec.table });
    } catch (e) {
      problems.push(`${spec.fileLabel}${spec.sheet !== undefined ? `［${spec.sheet}］` : ''}：${e instanceof SourceError ? e.message : `无法读取（${e instanceof Error ? e.message : String(e)}）`}`);
    }
  }
  if ((mapping.regions && !regionsSource) || problems.length > 0) return finish(false);

  // Values of identifying columns (and system numbers), never to be quoted or written.
  const identifying = new Set<string>();
  for (const source of sources) {
    identifyingValues(source, identifying);
    const number = (source.spec as SourceSpec).identity?.number;
    if (number) {
      const i = source.columnIndex.get(number) as number;
      for (const { cells } of source.rows) {
        const n = normalizeNumber(cells[i] ?? null);
        if (n.length >= 2) identifying.add(n);
        const t = cellText(cells[i] ?? null);
        if (t.length >= 2) identifying.add(t);
      }
    }
  }

  // 3. Boundary files, regions and the county's extent.
  const boundaries = await loadBoundaries(mapping.geography.boundaries);
  problems.push(...boundaries.problems);
  if (problems.length > 0) return finish(false);
  const base = { salt, asOf: mapping.asOf, ledger, identifying, numberKeys: new Map<string, string>() };
  const built = buildRegions(regionsSource, mapping, base, ledger, reference, boundaries.loaded);
  geographyNotes.push(...built.notes);
  boundaryReport.push(...built.boundaryReport);
  boundarySummary.push(...built.boundarySummary);
  problems.push(...built.problems);
  if (problems.length > 0 || !built.extent) return finish(false);

  // 4. Tables.
  const ctx: Context = { ...base, regions: built.index, extent: built.extent, numberKeys: collectNumberKeys(sources, salt) };
  const order = { order: 0 };
  const children = transformChildren(sources, ctx, order);
  const childKeys = new Set(children.rows.map((r) => r.child_key as string));
  const colours = transformColours(sources, ctx, order, childKeys, children.rejectedKeys);
  const visits = transformVisits(sources, ctx, order, childKeys, children.rejectedKeys);
  const points: PointsByRegion = new Map();
  const stations = transformStations(sources, ctx, order, points);
  const staff = transformStaff(sources, ctx, order);
  const water = transformWaterPoints(sources, ctx, order, points);
  const labels = fillLabels(built.regions, points, mapping.geography.extent.bbox);
  geographyNotes.push(...labels.notes);
  problems.push(...labels.problems);

  const unknown = unknownWords(ledger, loaded, mapping);
  if (unknown.length > 0 && !options.acceptRejects) {
    problems.push(...unknownWordProblems(unknown), UNKNOWN_WORDS_HINT);
  }

  // Every data row has an outcome: nothing is dropped silently.
  for (const { source } of loaded) {
    const outcomes = ledger.outcomes.get(source);
    const missing = source.rows.filter((r) => !outcomes?.has(r.row));
    if (missing.length > 0) problems.push(`内部错误：${source.label} 有 ${missing.length} 行没有处理结果（请报告这一问题）`);
  }

  const has = (table: TableName) => mapping?.sources.some((s) => s.table === table) ?? false;
  const tables: TableRows = {
    regions: regionRows(built.regions),
    children: children.rows,
    colour_assessments: colours,
    visits,
    ...(has('stations') ? { stations } : {}),
    ...(has('staff') ? { staff } : {}),
    ...(has('water_points') ? { water_points: water } : {}),
  };
  counts = Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.length])) as Partial<Record<TableName, number>>;
  if (children.rows.length === 0) problems.push('没有一名儿童的记录可以写入：数据抽取不可用。请查看下面被拒绝的行和原因');
  for (const t of ['colour_assessments', 'visits'] as const) {
    if (!has(t)) geographyNotes.push(`映射中没有 ${t}（${TABLES.find((s) => s.name === t)?.zh}）的源文件，写入空表`);
  }

  const attribution = [...mapping.attribution, DEFAULT_ATTRIBUTION];
  if (reference) attribution.push(`区划名称和代码：${REFERENCE_SOURCE}${built.tiled ? `；乡镇（街道）驻地：${SEAT_SOURCE}` : ''}`);
  if (built.derivedCells) attribution.push('乡镇、村（社区）边界为示意：按村（社区）经纬度推算，不是法定界线');
  else if (built.tiled) attribution.push('乡镇、村（社区）范围为示意：乡镇按驻地点位划分，村（社区）排成等大方格，不是法定界线，也不代表实际位置');
  else if (mapping.geography.boundaries.length === 0) attribution.push('乡镇、村（社区）无边界数据，地图以标注点显示');
  else if (mapping.geography.boundaries.some((b) => b.schematic)) attribution.push('乡镇、村（社区）边界为示意');
  const manifest: ManifestHeader = {
    format: FORMAT_NAME,
    format_version: FORMAT_VERSION,
    county_code: mapping.county.code,
    county_name: mapping.county.name,
    as_of: mapping.asOf,
    division_code_edition: mapping.divisionCodeEdition,
    datum: 'WGS84',
    synthetic: false,
    small_cell_threshold: mapping.smallCellThreshold,
    source_systems: mapping.sourceSystems,
    attribution,
    ...(mapping.targetsSource ? { targets_source: mapping.targetsSource } : {}),
    generated_at: now.toISOString(),
    quality: { source_rows: sourceRows(loaded.map(({ source, table }) => summarize(source, table, ledger))) },
  };
  problems.push(...leakScan(tables, identifying, salt, manifest));
  if (problems.length > 0) return finish(false);

  // 5. Write beside the output folder, check with the app's loader, add the aggregate tables, then move into place.
  const staging = join(dirname(outDir), `.${basename(outDir)}.partial-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    manifestWritten = await writeExtract(staging, manifest, tables);
    const checked = await verifyWithAppLoader(staging);
    verify = checked.ok ? { ok: true, problems: [] } : checked;
    if (!checked.ok) {
      problems.push('写出的数据抽取没有通过关爱一张图载入程序的检查（详见“载入检查”）');
      manifestWritten = null;
      return finish(false);
    }
    manifestWritten = (await writeAggregates(staging)).manifest;
    mkdirSync(outDir, { recursive: true });
    for (const name of readdirSync(outDir)) if (REPLACEABLE(name) && name !== REPORT_FILE) rmSync(join(outDir, name));
    for (const name of readdirSync(staging)) renameSync(join(staging, name), join(outDir, name));
    return finish(true);
  } catch (e) {
    problems.push(`写出数据抽取时出错：${e instanceof Error ? e.message : String(e)}`);
    manifestWritten = null;
    return finish(false);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

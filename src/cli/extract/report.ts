/**
 * The run's report, in Chinese Markdown: what was written, every source row accounted for (written, merged,
 * rejected with reasons and row numbers), what was not written and why, and the app loader's verdict.
 * It names files, sheets, row numbers and column headers, never a cell of an identifying column.
 */
import { TABLES, type TableName } from '../../extract/schema';
import { IDENTIFIER_KIND_ZH } from './forbidden';
import type { Mapping, RefusedMapping } from './mapping';
import type { LoadedSource } from './source';
import type { Ledger, Outcome } from './transform';
import { isQuotable, type UnknownWord } from './unknown-words';

export interface SourceSummary {
  label: string;
  table: string;
  encoding: string | null;
  header: string;
  dataRows: number;
  written: number;
  merged: number;
  rejected: number;
  blankRows: number;
}

export interface ReportInput {
  ok: boolean;
  problems: string[];
  mappingPath: string;
  mapping: Mapping | null;
  outDir: string;
  generatedAt: string;
  saltFingerprint: string | null;
  sources: { source: LoadedSource; table: string }[];
  ledger: Ledger | null;
  refused: RefusedMapping[];
  counts: Partial<Record<TableName, number>> | null;
  geographyNotes: string[];
  /** The 边界文件 section: what the boundary files held, matched, repaired, refused and how they were simplified. */
  boundaryReport?: string[];
  hashedIds: number;
  verify: { ok: boolean; problems: string[] } | null;
  unknownWords: UnknownWord[];
  valuesSnippet: string;
  /** The run was told to write the extract although some words are unknown (--accept-rejects). */
  acceptedRejects: boolean;
}

/** 3,4,5,7 → "3–5、7" */
export function compressRows(rows: readonly number[]): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(j > i + 1 ? `${sorted[i]}–${sorted[j]}` : j === i + 1 ? `${sorted[i]}、${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join('、');
}

/** Up to this many merged rows per rule are listed with the row each was merged into; beyond, just the rows. */
const MAX_PAIRS_LISTED = 30;

const tableZh = (name: string): string => TABLES.find((t) => t.name === name)?.zh ?? name;

/** A section heading for one source: file (and sheet) and the table it feeds, so one file read twice gets two. */
export const sourceHeading = (label: string, table: string): string => `${label} → ${table}（${tableZh(table)}）`;

export function summarize(source: LoadedSource, table: string, ledger: Ledger | null): SourceSummary {
  const outcomes = ledger?.outcomes.get(source) ?? new Map<number, Outcome>();
  const count = (kind: Outcome['kind']) => [...outcomes.values()].filter((o) => o.kind === kind).length;
  const h = source.header;
  return {
    label: source.label,
    table,
    encoding: source.grid.encoding,
    header: h.rows > 1 ? `第 ${h.row}–${h.row + h.rows - 1} 行` : `第 ${h.row} 行`,
    dataRows: source.rows.length,
    written: count('written'),
    merged: count('merged'),
    rejected: count('rejected'),
    blankRows: source.blankRows,
  };
}

const USE_ZH = {
  identity: '仅读取后加盐生成密钥，原值不写入',
  refused: '映射要求写入，已拒绝',
  unread: '未读取',
} as const;

export function renderReport(input: ReportInput): string {
  const out: string[] = [];
  const m = input.mapping;
  out.push('# 关爱一张图 · 数据抽取报告', '');
  out.push(`- 结果：${input.ok ? '**成功**：数据抽取已写入，并已用关爱一张图的载入程序检查通过' : '**失败**：没有生成可用的数据抽取（原因见下）；输出目录中原有的文件（如有）未被改动'}`);
  if (m) out.push(`- 县：${m.county.name}（${m.county.code}）；数据截止日期：${m.asOf}；区划代码版本：${m.divisionCodeEdition}`);
  out.push(`- 映射文件：${input.mappingPath}`);
  out.push(`- 输出目录：${input.outDir}`);
  out.push(`- 生成时间：${input.generatedAt}`);
  if (input.saltFingerprint) out.push(`- 盐值指纹：${input.saltFingerprint}（盐值本身不写入任何输出；两次抽取的指纹相同，说明用的是同一盐值，同一儿童的密钥才会相同）`);
  out.push('');
  out.push('> 本报告只列出源文件名、行号、列名和原因，不含姓名、身份证号码、电话和地址。它供县局核对源数据使用，发布数据抽取时不必随附。');
  out.push('');

  if (input.problems.length > 0) {
    out.push('## 问题（导致失败）', '');
    for (const p of input.problems) out.push(`- ${p}`);
    out.push('');
  }

  if (input.counts) {
    out.push(input.ok ? '## 写入的数据表' : '## 数据表（本次没有写出，以下为可写入的行数）', '', '| 数据表 | 含义 | 行数 |', '|---|---|---:|');
    for (const spec of TABLES) {
      const n = input.counts[spec.name];
      if (n !== undefined) out.push(`| ${spec.file} | ${spec.zh} | ${n} |`);
    }
    out.push('');
  }

  if (input.sources.length > 0) {
    out.push('## 源文件', '');
    out.push('每个数据行只有三种结果：写入、合并或去重（重复记录，规则见下）、拒绝（原因见下）。空行不算数据行。', '');
    out.push('| 源文件 | 写入表 | 编码 | 表头 | 数据行 | 写入 | 合并/去重 | 拒绝 | 空行 |', '|---|---|---|---|---:|---:|---:|---:|---:|');
    let total = { data: 0, written: 0, merged: 0, rejected: 0 };
    for (const { source, table } of input.sources) {
      const s = summarize(source, table, input.ledger);
      total = { data: total.data + s.dataRows, written: total.written + s.written, merged: total.merged + s.merged, rejected: total.rejected + s.rejected };
      out.push(`| ${s.label} | ${table}（${tableZh(table)}） | ${s.encoding ?? 'xlsx'} | ${s.header} | ${s.dataRows} | ${s.written} | ${s.merged} | ${s.rejected} | ${s.blankRows} |`);
    }
    out.push(`| **合计** | | | | **${total.data}** | **${total.written}** | **${total.merged}** | **${total.rejected}** | |`, '');
  }

  if (input.unknownWords.length > 0) {
    out.push('## 映射中没有的取值', '');
    out.push(
      input.acceptedRejects
        ? '以下取值映射中没有，按 --accept-rejects 运行：必填列中含这些取值的行已被拒绝，选填列的该项已留空（或忽略）。'
        : '以下取值映射中没有，本次没有写出数据抽取。把下面的 values 片段填好代码并入映射文件后重新运行；若确认这些行应被拒绝，可加 --accept-rejects 运行。',
      '',
      '| 源文件 | 写入表 | 列 | 映射目标 | 取值 | 行数 | 行号 | 结果 |',
      '|---|---|---|---|---|---:|---|---|',
    );
    for (const w of input.unknownWords) {
      out.push(`| ${w.label} | ${w.table} | ${w.header} | values.${w.target} | ${isQuotable(w.word) ? w.word : '（已隐去）'} | ${w.rows.length} | ${compressRows(w.rows)} | ${w.rejects ? '拒绝该行' : '该项留空'} |`);
    }
    out.push('');
    if (input.valuesSnippet) out.push('```jsonc', input.valuesSnippet, '```', '');
  }

  const identifying = input.sources.filter(({ source }) => source.identifying.length > 0);
  if (input.refused.length > 0 || identifying.length > 0) {
    out.push('## 未写入的列', '');
    out.push('数据抽取中不能有姓名、身份证号码、电话、地址、学校、账号、证件号码和自由文本。以下列没有写入：', '');
    if (input.refused.length > 0) {
      out.push('### 映射要求写入、但被拒绝的列', '');
      for (const r of input.refused) out.push(`- ${r.fileLabel}：${r.target} ← ${r.source}：${r.reason}`);
      out.push('');
    }
    if (identifying.length > 0) {
      out.push('### 源文件中疑似个人信息或自由文本的列', '');
      for (const { source, table } of identifying) {
        out.push(`- ${sourceHeading(source.label, table)}：${source.identifying.map((c) => `「${c.header}」（${IDENTIFIER_KIND_ZH[c.kind]}，${USE_ZH[c.use]}）`).join('；')}`);
      }
      out.push('');
    }
  }

  if (input.ledger) {
    const rejectedBlocks: string[] = [];
    const mergedBlocks: string[] = [];
    const warningBlocks: string[] = [];
    for (const { source, table } of input.sources) {
      const heading = sourceHeading(source.label, table);
      const outcomes = input.ledger.outcomes.get(source);
      const byReason = new Map<string, number[]>();
      const byRule = new Map<string, { rows: number[]; pairs: string[] }>();
      for (const [row, o] of outcomes ?? []) {
        if (o.kind === 'rejected') {
          const reason = o.reasons.join('；');
          byReason.set(reason, [...(byReason.get(reason) ?? []), row]);
        } else if (o.kind === 'merged') {
          const into = o.into.source === source ? `第 ${o.into.row} 行` : `${o.into.source.label} 第 ${o.into.row} 行`;
          const entry = byRule.get(o.rule) ?? { rows: [], pairs: [] };
          entry.rows.push(row);
          entry.pairs.push(`第 ${row} 行 → ${into}`);
          byRule.set(o.rule, entry);
        }
      }
      const rejectedCount = [...byReason.values()].reduce((s, r) => s + r.length, 0);
      if (rejectedCount > 0) {
        rejectedBlocks.push(`### ${heading}（${rejectedCount} 行）`, '');
        for (const [reason, rows] of [...byReason].sort((a, b) => (a[1][0] ?? 0) - (b[1][0] ?? 0))) rejectedBlocks.push(`- 第 ${compressRows(rows)} 行：${reason}`);
        rejectedBlocks.push('');
      }
      if (byRule.size > 0) {
        mergedBlocks.push(`### ${heading}`, '');
        for (const [rule, { rows, pairs }] of byRule) {
          const detail = pairs.length <= MAX_PAIRS_LISTED ? `：${pairs.join('；')}` : `，未单独写入的是第 ${compressRows(rows)} 行`;
          mergedBlocks.push(`- ${rule}（${pairs.length} 行）${detail}`);
        }
        mergedBlocks.push('');
      }
      const warnings = input.ledger.warnings.get(source);
      if (warnings && warnings.size > 0) {
        warningBlocks.push(`### ${heading}`, '');
        for (const [message, rows] of warnings) warningBlocks.push(`- 第 ${compressRows(rows)} 行：${message}`);
        warningBlocks.push('');
      }
    }
    out.push('## 被拒绝的行', '');
    if (rejectedBlocks.length === 0) out.push('没有被拒绝的行。', '');
    else out.push('以下各行没有写入。改正源文件后重新运行即可。', '', ...rejectedBlocks);
    out.push('## 合并与去重', '');
    if (mergedBlocks.length === 0) out.push('没有重复记录。', '');
    else out.push(...mergedBlocks);
    for (const note of input.ledger.notes) out.push(`- 注意：${note}`);
    if (input.ledger.notes.length > 0) out.push('');
    if (warningBlocks.length > 0) out.push('## 提示（这些行已写入，但个别字段留空或被忽略）', '', ...warningBlocks);
  }

  if (input.geographyNotes.length > 0 || (input.ledger && input.ledger.converted.size > 0) || input.hashedIds > 0) {
    out.push('## 区划与坐标', '');
    for (const note of input.geographyNotes) out.push(`- ${note}`);
    for (const [source, n] of input.ledger?.converted ?? []) out.push(`- ${source.label}：${n} 个点由 ${(source.spec as { datum: string }).datum} 转换为 WGS84`);
    if (input.hashedIds > 0) out.push(`- ${input.hashedIds} 个站点或点位编号含中文或疑似号码，已换成加盐编码（同一盐值下保持不变）`);
    out.push('');
  }

  if (input.boundaryReport && input.boundaryReport.length > 0) {
    out.push('## 边界文件', '');
    for (const line of input.boundaryReport) out.push(line.startsWith('  - ') ? line : `- ${line}`);
    out.push('');
  }

  if (input.verify) {
    out.push('## 载入检查', '');
    if (input.verify.ok) out.push('用关爱一张图的载入程序（与浏览器相同的 DuckDB-WASM 和 Parquet 解码）检查了写出的数据抽取：通过。', '');
    else {
      out.push('用关爱一张图的载入程序检查写出的数据抽取：**未通过**。', '');
      for (const p of input.verify.problems) out.push(`- ${p}`);
      out.push('');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/**
 * The console summary of a run, in Chinese, success or failure: written, merged and rejected rows per table, the
 * identifying columns left out, and what --accept-rejects let through.
 */
import { TABLES } from '../../extract/schema';
import type { ExtractResult } from './run';

export function summaryLines(result: ExtractResult): string[] {
  const lines: string[] = [];
  const tables = new Map<string, { labels: string[]; written: number; merged: number; rejected: number }>();
  for (const s of result.sources) {
    const t = tables.get(s.table) ?? { labels: [], written: 0, merged: 0, rejected: 0 };
    t.labels.push(s.label);
    t.written += s.written;
    t.merged += s.merged;
    t.rejected += s.rejected;
    tables.set(s.table, t);
  }
  if (tables.size > 0) {
    lines.push(result.ok ? '各表的源数据行：' : '各表的源数据行（本次未写出）：');
    for (const [table, t] of tables) {
      const zh = TABLES.find((s) => s.name === table)?.zh ?? table;
      lines.push(`  ${table}（${zh}）：写入 ${t.written} 行，合并或去重 ${t.merged} 行，拒绝 ${t.rejected} 行（${t.labels.join('、')}）`);
    }
  }
  lines.push(...result.boundarySummary);
  if (result.droppedColumns.length > 0) {
    lines.push('未写入的个人信息或自由文本列：');
    for (const d of result.droppedColumns) lines.push(`  ${d.label} → ${d.table}：${d.headers.map((h) => `「${h}」`).join('、')}`);
  }
  if (result.ok && result.unknownWords.length > 0) {
    const rejected = new Set(result.unknownWords.filter((w) => w.rejects).flatMap((w) => w.rows.map((r) => `${w.label}#${r}`))).size;
    const emptied = new Set(result.unknownWords.filter((w) => !w.rejects).flatMap((w) => w.rows.map((r) => `${w.label}#${r}`))).size;
    lines.push(`按 --accept-rejects 运行：映射中没有的取值 ${new Set(result.unknownWords.map((w) => w.word)).size} 个，因此拒绝 ${rejected} 行、${emptied} 行的个别项留空（见报告“映射中没有的取值”）`);
  }
  return lines;
}

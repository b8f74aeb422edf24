/**
 * The extract tool as a new user meets it: making a salt, words the mapping does not know (the raw county of
 * tests/fixtures/raw has five: 孤儿, 询访, 橙色 and 活动室 reject one row each — see extract-run.test.ts — and
 * 其他人 as a visitor's role leaves one field empty), the console
 * summary, report headings per table, and a damaged workbook.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { stripJsonComments } from '../../src/cli/extract/mapping';
import { readGrid, SourceError } from '../../src/cli/extract/read-source';
import { renderReport, type ReportInput } from '../../src/cli/extract/report';
import { runExtract, type ExtractResult } from '../../src/cli/extract/run';
import { writeNewSalt } from '../../src/cli/extract/salt';
import type { LoadedSource } from '../../src/cli/extract/source';
import { Ledger } from '../../src/cli/extract/transform';
import { writeRawCounty } from '../fixtures/raw/raw-county';

const root = mkdtempSync(join(tmpdir(), 'care-atlas-usability-'));
const raw = join(root, 'raw');
const tsx = resolve('node_modules/.bin/tsx');
const SALT = 'usability-salt-5e1d2c3b4a596877';
let mapping: string;
let saltPath: string;

beforeAll(async () => {
  mkdirSync(raw);
  mapping = await writeRawCounty(raw);
  saltPath = join(root, 'salt.txt');
  writeFileSync(saltPath, SALT);
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('--new-salt', () => {
  it('writes 32 random bytes as hex, readable by its owner only, and never overwrites', () => {
    const a = join(root, 'new-a.txt');
    const b = join(root, 'new-b.txt');
    expect(writeNewSalt(a)).toEqual({ ok: true });
    expect(writeNewSalt(b)).toEqual({ ok: true });
    const text = readFileSync(a, 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    expect(readFileSync(b, 'utf8')).not.toBe(text);
    if (process.platform !== 'win32') expect(statSync(a).mode & 0o777).toBe(0o600);
    const again = writeNewSalt(a);
    expect(again.ok).toBe(false);
    expect(!again.ok && again.message).toContain('已存在，未覆盖');
    expect(readFileSync(a, 'utf8')).toBe(text);
  });

  it('from the command line: exit 0, then exit 1 with a Chinese refusal; --help says how to make and keep one', () => {
    const path = join(root, 'cli-salt.txt');
    const made = spawnSync(tsx, ['src/cli/extract.ts', '--new-salt', path], { encoding: 'utf8' });
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('已生成盐值文件');
    const first = readFileSync(path, 'utf8');
    const refused = spawnSync(tsx, ['src/cli/extract.ts', '--new-salt', path], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('已存在，未覆盖');
    expect(readFileSync(path, 'utf8')).toBe(first);
    const help = spawnSync(tsx, ['src/cli/extract.ts', '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('npm run extract -- --new-salt <盐值文件>');
    expect(help.stdout).toContain('盐值由县局保管');
    expect(help.stdout).toContain('不要放进输出目录');
  }, 30_000);
});

describe('words the mapping does not know', () => {
  let failed: ExtractResult;
  const out = join(root, 'out');
  const earlier = '{"earlier":"extract"}';

  beforeAll(async () => {
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), earlier);
    failed = await runExtract({ mapping, salt: saltPath, out });
  }, 60_000);

  it('fail the run by default, leaving the earlier extract as it was', () => {
    expect(failed.ok).toBe(false);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(earlier);
    expect(failed.manifest).toBeNull();
  });

  it('are each listed with their count, per table and column', () => {
    expect(failed.unknownWords.map((w) => [w.label, w.table, w.header, w.target, w.word, w.rows, w.rejects])).toEqual([
      ['jinmin_children.csv', 'children', '儿童类别', 'categories', '孤儿', [12], true],
      ['sutong_visits.xlsx［走访记录］', 'visits', '走访情况/走访方式', 'mode', '询访', [8], true],
      ['sutong_visits.xlsx［走访记录］', 'visits', '走访情况/走访人身份', 'visitor_role', '其他人', [15], false],
      ['sutong_visits.xlsx［四色评估］', 'colour_assessments', '风险等级', 'colour', '橙色', [7], true],
      ['local_stations.csv', 'stations', '类型', 'kind', '活动室', [7], true],
    ]);
    expect(failed.problems).toContain('jinmin_children.csv → children 表，「儿童类别」列（values.categories）有映射中没有的取值：「孤儿」 1 行；这 1 行会被拒绝');
    expect(failed.problems).toContain('local_stations.csv → stations 表，「类型」列（values.kind）有映射中没有的取值：「活动室」 1 行；这 1 行会被拒绝');
    expect(failed.problems).toContain('sutong_visits.xlsx［走访记录］ → visits 表，「走访情况/走访人身份」列（values.visitor_role）有映射中没有的取值：「其他人」 1 行；这 1 行的该项会留空');
    expect(failed.problems.at(-1)).toContain('--accept-rejects');
    expect(failed.report).toContain('## 映射中没有的取值');
    expect(failed.report).toContain('## 数据表（本次没有写出，以下为可写入的行数）');
    expect(failed.report).not.toContain('## 写入的数据表');
    expect(failed.report).toContain('| sutong_visits.xlsx［四色评估］ | colour_assessments | 风险等级 | values.colour | 橙色 | 1 | 7 | 拒绝该行 |');
  });

  it('come with a values snippet that, filled in and pasted into the mapping, lets those rows through', async () => {
    const snippet = failed.valuesSnippet;
    expect(snippet).toContain('// sources[0]（jinmin_children.csv）');
    expect(snippet).toContain('"孤儿": "" // 1 行');
    expect(snippet).toContain('orphan_scattered（社会散居孤儿）');
    // Each source's snippet is `"values": {…}`: fill in the codes and merge it into that source of the mapping.
    const codes: Record<string, string> = { 孤儿: 'orphan_scattered', 询访: 'home', 橙色: 'yellow', 活动室: 'village_station', 其他人: 'other' };
    const filled = snippet.replace(/"([^"]+)": ""/g, (_, word: string) => `"${word}": "${codes[word]}"`);
    const parsed = JSON.parse(stripJsonComments(readFileSync(mapping, 'utf8'))) as { sources: { values?: Record<string, Record<string, string>> }[] };
    for (const block of filled.split(/\n(?=\/\/ sources\[)/)) {
      const index = Number(/^\/\/ sources\[(\d+)\]/.exec(block)?.[1]);
      const values = (JSON.parse(`{${stripJsonComments(block)}}`) as { values: Record<string, Record<string, string>> }).values;
      const source = parsed.sources[index] as { values?: Record<string, Record<string, string>> };
      for (const [target, words] of Object.entries(values)) source.values = { ...source.values, [target]: { ...source.values?.[target], ...words } };
    }
    const fixed = join(raw, 'fixed.jsonc');
    writeFileSync(fixed, JSON.stringify(parsed, null, 2));
    const result = await runExtract({ mapping: fixed, salt: saltPath, out: join(root, 'out-fixed') });
    expect(result.problems).toEqual([]);
    expect(result.unknownWords).toEqual([]);
    // One row more written in each of the four sources than in extract-run.test.ts's run.
    expect(result.sources.map((s) => [s.label, s.written])).toEqual([
      ['regions.csv', 9],
      ['jinmin_children.csv', 8],
      ['sutong_visits.xlsx［走访记录］', 8],
      ['sutong_visits.xlsx［四色评估］', 6],
      ['local_stations.csv', 5],
      ['staff.csv', 2],
      ['water_points.csv', 3],
    ]);
  }, 120_000);

  it('refuse an empty code pasted without filling it in', async () => {
    const text = readFileSync(mapping, 'utf8').replace('"入户": "home"', '"入户": "home", "询访": ""');
    const unfilled = join(raw, 'unfilled.jsonc');
    writeFileSync(unfilled, text);
    const result = await runExtract({ mapping: unfilled, salt: saltPath, out: join(root, 'out-unfilled') });
    expect(result.ok).toBe(false);
    expect(result.problems).toContain('映射文件：sources[1]（sutong_visits.xlsx）：values.mode 中「询访」的代码「」不是可用的代码（可用：home、phone、video、third_party）');
  });

  it('with --accept-rejects: written, and the console says per table what was written, merged and rejected, and which columns were dropped', () => {
    const run = spawnSync(tsx, ['src/cli/extract.ts', '--mapping', mapping, '--salt', saltPath, '--out', join(root, 'out-accept'), '--accept-rejects'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const line of [
      '  children（纳入关爱的儿童（匿名））：写入 7 行，合并或去重 1 行，拒绝 5 行（jinmin_children.csv）',
      '  visits（走访、询访记录）：写入 7 行，合并或去重 1 行，拒绝 4 行（sutong_visits.xlsx［走访记录］）',
      '  stations（关爱阵地（保护中心、关爱之家、关爱站点））：写入 4 行，合并或去重 1 行，拒绝 1 行（local_stations.csv）',
      '未写入的个人信息或自由文本列：',
      '  jinmin_children.csv → children：「儿童姓名」、「公民身份号码」、「联系电话」、「家庭住址」、「备注」',
      '  staff.csv → staff：「姓名」、「身份证号码」、「手机号码」',
      '按 --accept-rejects 运行：映射中没有的取值 5 个，因此拒绝 4 行、1 行的个别项留空',
    ])
      expect(run.stdout).toContain(line);
  }, 120_000);

  it('without it, the command line exits 1 and prints the words and the snippet', () => {
    const run = spawnSync(tsx, ['src/cli/extract.ts', '--mapping', mapping, '--salt', saltPath, '--out', join(root, 'out-cli')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('「询访」 1 行');
    expect(run.stderr).toContain('"询访": "" // 1 行');
    expect(run.stderr).toContain('各表的源数据行（本次未写出）：\n  regions（');
    expect(run.stderr).toContain('  children（纳入关爱的儿童（匿名））：写入 7 行，合并或去重 1 行，拒绝 5 行');
  }, 60_000);
});

describe('report headings', () => {
  it('name the table, so one file read for two tables gets two sections', () => {
    const source = (table: string): LoadedSource =>
      ({ label: 'ledger.csv', spec: { table }, grid: { encoding: 'UTF-8' }, header: { row: 1, rows: 1, names: [] }, rows: [{ row: 2, cells: [] }], blankRows: 0, identifying: [], columnIndex: new Map() }) as unknown as LoadedSource;
    const children = source('children');
    const visits = source('visits');
    const ledger = new Ledger();
    ledger.set({ source: children, row: 2, order: 1 }, { kind: 'rejected', reasons: ['身份证号码校验位错误'] });
    ledger.set({ source: visits, row: 2, order: 2 }, { kind: 'rejected', reasons: ['儿童名单中没有该儿童'] });
    const input: ReportInput = {
      ok: false,
      problems: [],
      mappingPath: 'm.jsonc',
      mapping: null,
      outDir: 'out',
      generatedAt: '2026-11-01T00:00:00Z',
      saltFingerprint: null,
      sources: [
        { source: children, table: 'children' },
        { source: visits, table: 'visits' },
      ],
      ledger,
      refused: [],
      counts: null,
      geographyNotes: [],
      hashedIds: 0,
      verify: null,
      unknownWords: [],
      valuesSnippet: '',
      acceptedRejects: false,
    };
    const report = renderReport(input);
    expect(report).toContain('### ledger.csv → children（纳入关爱的儿童（匿名））（1 行）\n\n- 第 2 行：身份证号码校验位错误');
    expect(report).toContain('### ledger.csv → visits（走访、询访记录）（1 行）\n\n- 第 2 行：儿童名单中没有该儿童');
  });
});

describe('a damaged workbook', () => {
  it('gets a Chinese message that says it is damaged or incomplete, with no zip error and no .xls hint', async () => {
    const good = join(root, 'good.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('名单').addRow(['儿童编号', '性别']);
    await wb.xlsx.writeFile(good);
    const bytes = readFileSync(good);
    const truncated = join(root, 'truncated.xlsx');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await readGrid(truncated).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toContain('已损坏或不完整');
    expect(message).not.toMatch(/zip|central directory|\.xls(?!x)/i);
    expect((await readGrid(good)).rows[0]).toEqual(['儿童编号', '性别']);
  });

  it('tells an old .xls or a renamed CSV from a damaged file', async () => {
    const xls = join(root, 'old.xlsx');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(((await readGrid(xls).catch((e: unknown) => e)) as Error).message).toContain('旧版 .xls 格式');
    const csv = join(root, 'renamed.xlsx');
    writeFileSync(csv, '儿童编号,性别\nSC0001,男\n');
    expect(((await readGrid(csv).catch((e: unknown) => e)) as Error).message).toContain('不是 Excel 工作簿');
  });

  it('is named in the run’s problems with its file', async () => {
    const xlsx = join(raw, 'sutong_visits.xlsx');
    const bytes = readFileSync(xlsx);
    const copy = join(raw, 'damaged');
    mkdirSync(copy);
    writeFileSync(join(copy, 'sutong_visits.xlsx'), bytes.subarray(0, 200));
    const text = readFileSync(mapping, 'utf8').replaceAll('"file": "sutong_visits.xlsx"', '"file": "damaged/sutong_visits.xlsx"');
    const damaged = join(raw, 'damaged.jsonc');
    writeFileSync(damaged, text);
    const result = await runExtract({ mapping: damaged, salt: saltPath, out: join(root, 'out-damaged') });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/^damaged\/sutong_visits\.xlsx［走访记录］：Excel 文件已损坏或不完整/);
  });
});

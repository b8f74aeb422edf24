import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { problemsOf } from '../../src/app/use-extract';
import { ExtractError, loadExtract } from '../../src/db/load-extract';
import { describeError, isChineseMessage, ProblemError } from '../../src/i18n/errors';
import { loadProblems, problems } from '../../src/i18n/zh';
import { fetchCustomProfiles } from '../../src/policy/custom-profiles';
import { tinyManifest, tinyTables } from '../fixtures/tiny-county';
import { truncateFile } from '../support/break-extract';
import { writeTempExtract } from '../support/extract-fixture';
import { createNodeConnector, decodeParquetNode, folderSource } from '../support/node-engine';

/** Letters as the English text of a library: no Chinese sentence the app writes holds them. */
const english = /[A-Za-z]{2,}[\s:,]+[A-Za-z]{2,}/;

describe('telling a Chinese message from a library\'s English text', () => {
  it('takes every loader message of the app as Chinese', () => {
    const arg = (name: string) => (/^(n|rows|mb|limit|limitMb|found|supported|value|west|south|east|north|marginKm|max|length|total|vertices|seconds|yearsAfterAsOf|threshold)$/.test(name) ? 3 : /values|allowed|codes/.test(name) ? ['a', 'b'] : 'children.parquet');
    const messages = [...Object.values(problems), ...Object.values(loadProblems)].map((m) => {
      if (typeof m === 'string') return m;
      const names = /^\(([^)]*)\)/.exec(m.toString())?.[1]?.split(',').map((s) => s.trim().split(/[\s:=]/)[0] ?? '') ?? [];
      return (m as (...a: unknown[]) => string)(...names.map(arg));
    });
    expect(messages.length).toBeGreaterThan(20);
    for (const m of messages) expect(isChineseMessage(m), m).toBe(true);
  });

  it('takes English text as English, even when it quotes a Chinese file name or value', () => {
    for (const m of [
      'Invalid LngLat object: (NaN, 32.1)',
      'WKB decode: invalid byte-order flag 222',
      'Unexpected token \'x\', "{oops" is not valid JSON',
      'HTTP 404 /extracts/如皋/manifest.json',
      "Conversion Error: Could not convert string '红色' to INT32",
      'Failed to fetch',
      'Parquet error: 文件 is not a parquet file',
    ]) {
      expect(isChineseMessage(m), m).toBe(false);
    }
  });
});

describe('translating a failure into Chinese, technical text apart', () => {
  it('manifest.json that is not JSON', () => {
    let error: unknown;
    try {
      JSON.parse('{"format": ');
    } catch (e) {
      error = e;
    }
    const p = describeError(error, { file: 'manifest.json', stage: 'read' });
    expect(p.text).toBe('manifest.json 不是有效的 JSON 文件，无法读取');
    expect(p.detail).toMatch(/^SyntaxError: .*JSON/);
  });

  it('HTTP failures by status, and a server that cannot be reached', () => {
    expect(describeError(new Error('HTTP 404 /x/children.parquet'), { file: 'children.parquet', stage: 'read' })).toEqual({
      text: 'children.parquet：服务器上找不到此文件（请检查数据地址是否正确、文件是否已复制到服务器）',
      detail: 'HTTP 404 /x/children.parquet',
    });
    expect(describeError(new Error('HTTP 403 /x/a.parquet'), { file: 'a.parquet', stage: 'read' }).text).toBe('a.parquet：服务器拒绝访问此文件（请联系系统管理员检查服务器权限）');
    expect(describeError(new Error('HTTP 502 /x/a.parquet'), { file: 'a.parquet', stage: 'read' }).text).toBe('a.parquet：服务器返回错误（HTTP 502），无法读取');
    expect(describeError(new TypeError('Failed to fetch'), { file: 'visits.parquet', stage: 'read' })).toEqual({
      text: 'visits.parquet：无法连接服务器，文件未能读取（请检查网络连接后刷新页面）',
      detail: 'TypeError: Failed to fetch',
    });
  });

  it('a decoder error and running out of memory, naming the file', () => {
    expect(describeError(new Error('Parquet error: EOF: file size of 12 is less than footer'), { file: 'visits.parquet', stage: 'decode' })).toEqual({
      text: 'visits.parquet：不是有效的 Parquet 文件或文件已损坏',
      detail: 'Parquet error: EOF: file size of 12 is less than footer',
    });
    expect(describeError(new RangeError('Array buffer allocation failed'), { file: 'visits.parquet', stage: 'decode' }).text).toMatch(/^visits\.parquet：载入时浏览器内存不足/);
    // A trap in the Parquet decoder is a broken file unless its memory is known to have grown large (load-extract).
    expect(describeError(new Error('RuntimeError: memory access out of bounds'), { file: 'visits.parquet', stage: 'decode' }).text).toBe('visits.parquet：不是有效的 Parquet 文件或文件已损坏');
  });

  it('map failures by kind, never naming a file they do not know', () => {
    const map = (m: string) => describeError(new Error(m), { stage: 'map' });
    expect(map('Failed to initialize WebGL').text).toMatch(/^此浏览器无法启用 WebGL/);
    expect(map('WebGL context lost').text).toMatch(/^此浏览器无法启用 WebGL/);
    expect(map('Invalid LngLat object: (NaN, 32.1)')).toEqual({ text: expect.stringMatching(/^地图数据中有无效的坐标/), detail: 'Invalid LngLat object: (NaN, 32.1)' });
    expect(map('WKB decode: invalid byte-order flag 222').text).toMatch(/^regions\.parquet 的边界数据（boundary 列）无法解析/);
    expect(map('Cannot read properties of undefined (reading \'x\')')).toEqual({ text: '绘制地图时出错，地图暂时无法显示。', detail: "Cannot read properties of undefined (reading 'x')" });
  });

  it('gives back a problem already told, detail and all', () => {
    const told = { text: '分析引擎（DuckDB）无法启动', detail: 'CompileError: WebAssembly.instantiateStreaming(): expected magic word' };
    expect(describeError(new ProblemError(told), { file: 'x.parquet', stage: 'decode' })).toEqual(told);
    expect(problemsOf(new ProblemError(told))).toEqual([told]);
  });

  it('keeps a message already in Chinese as it is, with no detail', () => {
    const message = loadProblems.notPicked('manifest.json');
    expect(describeError(new Error(message), { file: 'manifest.json', stage: 'read' })).toEqual({ text: message });
    expect(describeError(new Error('something odd'))).toEqual({ text: '程序运行时出错，操作未能完成。', detail: 'something odd' });
    expect(describeError('thrown string')).toEqual({ text: '程序运行时出错，操作未能完成。', detail: 'thrown string' });
  });
});

describe('a refused load, as the app shows it', () => {
  let conn: Awaited<ReturnType<typeof createNodeConnector>>;
  let good: { dir: string; cleanup: () => void };
  const scratch: string[] = [];
  beforeAll(async () => {
    good = await writeTempExtract(tinyManifest, tinyTables());
    conn = await createNodeConnector();
  });
  afterAll(() => {
    conn?.close();
    good?.cleanup();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });
  const broken = (breakIt: (dir: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'care-atlas-errors-'));
    scratch.push(dir);
    cpSync(good.dir, dir, { recursive: true });
    breakIt(dir);
    return dir;
  };
  const refusal = async (dir: string) => {
    const error = await loadExtract(conn, folderSource(dir), decodeParquetNode).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExtractError);
    return error as ExtractError;
  };

  it('a truncated Parquet file: the Chinese sentence alone, the decoder\'s text in the detail', async () => {
    const error = await refusal(broken((d) => truncateFile(d, 'children.parquet')));
    expect(error.problems).toEqual(['children.parquet：不是有效的 Parquet 文件或文件已损坏']);
    expect(error.items[0]?.detail).toMatch(english);
    expect(problemsOf(error)).toEqual(error.items);
  });

  it('a manifest that is not JSON', async () => {
    const error = await refusal(broken((d) => writeFileSync(join(d, 'manifest.json'), '{"format": "care-atlas-extract",')));
    expect(error.problems).toEqual(['manifest.json 不是有效的 JSON 文件，无法读取']);
    expect(error.items[0]?.detail).toMatch(/JSON/);
    for (const text of error.problems) expect(text).not.toMatch(english);
  });

  it('any other error the app did not foresee', () => {
    expect(problemsOf(new Error('Catalog Error: Table with name regions does not exist!'))).toEqual([
      { text: '程序运行时出错，操作未能完成。', detail: 'Catalog Error: Table with name regions does not exist!' },
    ]);
  });
});

describe('visit-profiles.json beside the app', () => {
  it('that is not JSON: a Chinese notice naming the file, the parser\'s text as the detail', async () => {
    vi.stubGlobal('fetch', async () => new Response('[{"id": "x",', { status: 200 }));
    try {
      const { json, problem } = await fetchCustomProfiles('http://127.0.0.1/');
      expect(json).toBeNull();
      expect(problem?.text).toBe('visit-profiles.json：不是有效的 JSON 文件，未载入自定义走访方案');
      expect(problem?.detail).toMatch(/^SyntaxError: .*JSON/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('that cannot be fetched: the same, with the network error as the detail', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    try {
      expect((await fetchCustomProfiles('http://127.0.0.1/')).problem).toEqual({
        text: 'visit-profiles.json：无法读取，未载入自定义走访方案',
        detail: 'TypeError: Failed to fetch',
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

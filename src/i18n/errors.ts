/**
 * Failures as the user reads them: a Chinese sentence that names the file where there is one, and, apart, the
 * technical text (a library's English exception) for the administrator, shown folded under 详细信息.
 */
import { isOutOfMemory } from '../db/memory-budget';
import { memoryProblems } from './zh';

/** One thing wrong, as shown: `text` in Chinese; `detail`, if any, the technical text behind it. */
export interface Problem {
  text: string;
  detail?: string;
}

/** A problem, or a Chinese sentence with no technical detail (as most validation problems are). */
export type ProblemLike = string | Problem;

export const toProblem = (p: ProblemLike): Problem => (typeof p === 'string' ? { text: p } : p);

/** A failure already told in Chinese, with its technical detail: `describeError` gives its problem back as it is. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.text);
    this.name = 'ProblemError';
  }
}

export const errorText = {
  detailSummary: '详细信息',
  detailHint: '以下技术信息供系统管理员排查问题：',
  notJson: (file: string) => `${file} 不是有效的 JSON 文件，无法读取`,
  notFound: (file: string) => `${file}：服务器上找不到此文件（请检查数据地址是否正确、文件是否已复制到服务器）`,
  forbidden: (file: string) => `${file}：服务器拒绝访问此文件（请联系系统管理员检查服务器权限）`,
  serverError: (file: string, status: string) => `${file}：服务器返回错误（HTTP ${status}），无法读取`,
  network: (file: string) => `${file}：无法连接服务器，文件未能读取（请检查网络连接后刷新页面）`,
  unreadable: (file: string) => `${file}：无法读取`,
  notParquet: (file: string) => `${file}：不是有效的 Parquet 文件或文件已损坏`,
  outOfMemoryNoFile: '浏览器内存不足，操作未能完成（请关闭其他标签页后重试，或改用较小的数据抽取）',
  mapNoWebGL: '此浏览器无法启用 WebGL（或图形上下文已丢失），地图无法显示。请使用新版 Chrome、Edge 或国产浏览器的极速模式，并开启硬件加速。',
  mapBadCoordinates: '地图数据中有无效的坐标（例如非数字或超出范围），地图无法显示。请检查 regions.parquet、stations.parquet、water_points.parquet 中的坐标列。',
  mapBadGeometry: 'regions.parquet 的边界数据（boundary 列）无法解析，地图无法显示。',
  mapOther: '绘制地图时出错，地图暂时无法显示。',
  retry: '重试',
  mapKeepsWorking: '地图以外的统计、表格和导出仍可使用。',
  unexpected: '程序运行时出错，操作未能完成。',
  engineFailed:
    '分析引擎（DuckDB）无法启动，数据无法载入。请使用新版 Chrome、Edge 或国产浏览器的极速模式；若由服务器提供本系统，请管理员检查服务器是否以 application/wasm 类型发送 .wasm 文件（见 README“Security (for administrators)”一节）。',
};

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * True when `message` is already a Chinese sentence (the app's own messages, thrown by its loaders), false for a
 * library's English text. File names, paths and quoted values are set aside first, so that English text quoting a
 * Chinese file name or value is still English; what remains must hold Chinese and no two English words in a row.
 */
export function isChineseMessage(message: string): boolean {
  const rest = message
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, ' ')
    .replace(/\S*[/\\]\S*/g, ' ')
    .replace(/[^\s：，（）]*\.(json|parquet|wasm|js)\b/gi, ' ');
  return CJK.test(rest) && !/[A-Za-z]{2,}[\s:,]+[A-Za-z]{2,}/.test(rest);
}

/** Where a failure happened: a file being read or decoded, the map being drawn, or elsewhere. */
export type ErrorContext = { file: string; stage: 'read' | 'decode' } | { stage: 'map' } | { stage?: undefined };

/** The technical text of any thrown value: name and message, as a library wrote them. */
export function technicalText(error: unknown): string {
  if (error instanceof Error) return error.message.startsWith(error.name) || error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

const WEBGL = /WebGL|webgl|context (was )?lost|getContext|GPU/;
const COORDINATES = /LngLat|latitude|longitude|NaN|Infinity|coordinates?\b/i;
const GEOMETRY = /WKB|geometry|byte-order|polygon|ring/i;

/**
 * The Chinese problem for any thrown value. A message that is already Chinese is shown as it is; an English one
 * becomes the Chinese sentence for its kind and place (naming the file), with the English text as the detail.
 */
export function describeError(error: unknown, context: ErrorContext = {}): Problem {
  if (error instanceof ProblemError) return error.problem;
  const message = error instanceof Error ? error.message : String(error);
  if (isChineseMessage(message)) return { text: message };
  const detail = technicalText(error);
  const file = 'file' in context ? context.file : null;
  // One classifier for the whole app: a trap in a wasm decoder is not taken for running out of memory here (its
  // memory size is unknown), so a broken file is not reported as a memory problem.
  if (isOutOfMemory(error)) return { text: file ? memoryProblems.outOfMemory(file) : errorText.outOfMemoryNoFile, detail };
  if (context.stage === 'map') {
    if (WEBGL.test(message)) return { text: errorText.mapNoWebGL, detail };
    if (COORDINATES.test(message)) return { text: errorText.mapBadCoordinates, detail };
    if (GEOMETRY.test(message)) return { text: errorText.mapBadGeometry, detail };
    return { text: errorText.mapOther, detail };
  }
  if (file === null) return { text: errorText.unexpected, detail };
  const http = /\bHTTP (\d{3})\b/.exec(message);
  if (http) {
    const status = http[1] as string;
    if (status === '404' || status === '410') return { text: errorText.notFound(file), detail };
    if (status === '401' || status === '403') return { text: errorText.forbidden(file), detail };
    return { text: errorText.serverError(file, status), detail };
  }
  if (error instanceof SyntaxError || (file.endsWith('.json') && /JSON/.test(message))) return { text: errorText.notJson(file), detail };
  if (error instanceof TypeError && /fetch|network|Load failed/i.test(message)) return { text: errorText.network(file), detail };
  return { text: context.stage === 'decode' ? errorText.notParquet(file) : errorText.unreadable(file), detail };
}

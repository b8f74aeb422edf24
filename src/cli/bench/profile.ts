/**
 * Where the page's main thread spends its time: a CDP CPU profile (Profiler domain) attributed, through the build's
 * source maps, to the npm package or app folder each sampled function comes from (self time, not inclusive).
 * Non-JavaScript samples keep V8's names: (program) is native work of the renderer outside JavaScript (style,
 * layout, paint, WebGL calls, message dispatch), (garbage collector), (idle).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Attribution {
  /** Sampled time on the main thread other than (idle), ms. */
  busyMs: number;
  idleMs: number;
  /** Self time per package or app folder, ms, largest first (the top 15; the rest summed as "other"); share of busyMs. */
  byOrigin: { origin: string; ms: number; share: number }[];
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Map([...B64].map((c, i) => [c, i]));

/** One generated line's segments: [generated column, source index], sorted by column. */
type LineIndex = [number, number][];

interface SourceMapIndex {
  sources: string[];
  lines: LineIndex[];
}

/** Decodes the `mappings` of a source map (v3) into per-line segment lists (columns and source indices only). */
function indexSourceMap(json: { sources: string[]; mappings: string }): SourceMapIndex {
  const lines: LineIndex[] = [];
  let source = 0;
  for (const lineText of json.mappings.split(';')) {
    const line: LineIndex = [];
    let column = 0;
    for (const segment of lineText.split(',')) {
      if (segment === '') continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const c of segment) {
        const digit = B64_VALUE.get(c) ?? 0;
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0] ?? 0;
      if (values.length >= 4) {
        source += values[1] ?? 0;
        line.push([column, source]);
      }
    }
    lines.push(line);
  }
  return { sources: json.sources, lines };
}

function sourceAt(index: SourceMapIndex, line: number, column: number): string | null {
  const segments = index.lines[line];
  if (!segments || segments.length === 0) return null;
  let lo = 0;
  let hi = segments.length - 1;
  if ((segments[0] as [number, number])[0] > column) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segments[mid] as [number, number])[0] <= column) lo = mid;
    else hi = mid - 1;
  }
  return index.sources[(segments[lo] as [number, number])[1]] ?? null;
}

/** "maplibre-gl", "@deck.gl/layers", "app: src/map", … from a source path of the map. */
function originOf(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = source.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? source);
  }
  const src = source.indexOf('src/');
  if (src >= 0) return `app: ${source.slice(src).split('/').slice(0, 2).join('/')}`;
  return source;
}

/** Source-map lookups for the built assets in `dist/assets`, loaded on first use. */
export function createAttributor(dist: string): (profile: CpuProfile) => Attribution {
  const maps = new Map<string, SourceMapIndex | null>();
  const mapFor = (url: string): SourceMapIndex | null => {
    const name = basename(new URL(url).pathname);
    if (!maps.has(name)) {
      const file = join(dist, 'assets', `${name}.map`);
      maps.set(name, existsSync(file) ? indexSourceMap(JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; mappings: string }) : null);
    }
    return maps.get(name) ?? null;
  };
  return (profile) => {
    const originOfNode = new Map<number, string>();
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      let origin: string;
      if (url === '') origin = functionName.startsWith('(') ? functionName : `native: ${functionName || '(anonymous)'}`;
      else if (/\/assets\/[^/]+\.js$/.test(new URL(url, 'http://localhost/').pathname)) {
        const index = mapFor(url);
        const source = index ? sourceAt(index, lineNumber, columnNumber) : null;
        origin = source ? originOf(source) : `bundle: ${basename(new URL(url).pathname)}`;
      } else origin = url.startsWith('blob:') ? 'blob worker' : basename(url) || url;
      originOfNode.set(node.id, origin);
    }
    const ms = new Map<string, number>();
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    // A sample's time is the delta to the next sample.
    for (let i = 0; i < samples.length; i++) {
      const origin = originOfNode.get(samples[i] as number) ?? '?';
      const delta = (deltas[i + 1] ?? 0) / 1000;
      ms.set(origin, (ms.get(origin) ?? 0) + delta);
    }
    const idleMs = ms.get('(idle)') ?? 0;
    ms.delete('(idle)');
    const totalMs = [...ms.values()].reduce((a, b) => a + b, 0);
    const sorted = [...ms].sort((a, b) => b[1] - a[1]);
    const top = sorted.slice(0, 15);
    const rest = sorted.slice(15).reduce((sum, [, v]) => sum + v, 0);
    if (rest > 0) top.push(['other', rest]);
    return {
      busyMs: Math.round(totalMs),
      idleMs: Math.round(idleMs),
      byOrigin: top.map(([origin, v]) => ({ origin, ms: Math.round(v), share: totalMs > 0 ? Math.round((v / totalMs) * 1000) / 1000 : 0 })),
    };
  };
}

/** Main-thread time by trace event name (inclusive: nested events count in their parents too), ms. */
export interface TraceSummary {
  /** Synchronous WebGL read-backs (the compositor copying the map canvases when it composites in software). */
  readPixelsMs: number;
  scriptMs: number;
  styleAndLayoutMs: number;
  paintAndCommitMs: number;
  /** WebGL command execution in the GPU process (SwiftShader: on the CPU). */
  gpuProcessWebGlMs: number;
}

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/** Sums a Chrome trace (from Browser.startTracing / stopTracing) into the figures of {@link TraceSummary}. */
export function summarizeTrace(buffer: Buffer): TraceSummary {
  const json = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(json) ? json : (json.traceEvents ?? []);
  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) threadName.set(`${e.pid}:${e.tid}`, e.args.name);
  const sums = new Map<string, number>();
  // The page's main thread: the CrRendererMain with the most traced time.
  const perMain = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const thread = threadName.get(`${e.pid}:${e.tid}`) ?? '';
    if (thread === 'CrRendererMain') perMain.set(`${e.pid}:${e.tid}`, (perMain.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
  }
  const main = [...perMain].sort((a, b) => b[1] - a[1])[0]?.[0];
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${e.pid}:${e.tid}`;
    const thread = threadName.get(key) ?? '';
    if (key === main) sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur);
    else if (thread === 'CrGpuMain' && e.name === 'WebGL') sums.set('gpu:WebGL', (sums.get('gpu:WebGL') ?? 0) + e.dur);
  }
  const ms = (...names: string[]) => Math.round(names.reduce((sum, n) => sum + (sums.get(n) ?? 0), 0) / 1000);
  return {
    readPixelsMs: ms('GLES2::ReadPixels'),
    scriptMs: ms('FunctionCall', 'EvaluateScript', 'RunMicrotasks'),
    styleAndLayoutMs: ms('UpdateLayoutTree', 'Layout'),
    paintAndCommitMs: ms('Paint', 'PrePaint', 'Layerize', 'Commit'),
    gpuProcessWebGlMs: ms('gpu:WebGL'),
  };
}

/**
 * What the benchmark injects into the page before the app starts (as plain JavaScript source, so nothing of the
 * TypeScript toolchain leaks into it). It changes nothing the app does; it only records, on the page's own clock
 * (performance.now(), ms since navigation start):
 *
 * - every request the app posts to the DuckDB worker and when its answer arrived (type, SQL text, Arrow bytes),
 *   by wrapping the Worker constructor: a subclass that forwards everything unchanged;
 * - the dashboard's state after each DOM change: data-map-drawn, data-theme, the first row of the sub-area table
 *   (to see a drill-down land), the start-up screen and any load error;
 * - clicks, changes and history navigation, when the page received them.
 */

export interface WorkerRecord {
  id: number;
  type: string;
  /** Posted by the page / answer handled by the page (page clock). */
  start: number;
  end: number | null;
  /** Taken up / answered by the worker, converted to the page clock (null when the worker hook missed it). */
  serviceStart?: number | null;
  serviceEnd?: number | null;
  response?: string;
  error?: string;
  sql?: string;
  table?: string;
  bytes?: number;
}

export interface StateRecord {
  t: number;
  drawn: string | null;
  theme: string | null;
  sub: string | null;
  search: string;
}

export interface EventRecord {
  t: number;
  type: string;
  testid: string | null;
  code: string | null;
}

export interface LongTask {
  start: number;
  duration: number;
}

export interface ProbeLog {
  timeOrigin: number;
  workerCreated: number | null;
  longTasks: LongTask[];
  worker: WorkerRecord[];
  states: StateRecord[];
  events: EventRecord[];
  loadError: string | null;
}

export const PAGE_PROBE = String.raw`(() => {
  if (window.__bench) return;
  const log = { timeOrigin: performance.timeOrigin, workerCreated: null, longTasks: [], worker: [], states: [], events: [], loadError: null };
  window.__bench = log;
  try { performance.setResourceTimingBufferSize(5000); } catch (e) { /* older browsers */ }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) log.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { /* no long-task timing */ }

  const NativeWorker = window.Worker;
  class ProbedWorker extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      if (!/duckdb/.test(String(url))) return;
      log.workerCreated = performance.now();
      const pending = new Map();
      this.addEventListener('message', (e) => {
        const d = e.data;
        if (!d || d.requestId === undefined) return;
        if (d.type === 'INSTANTIATE_PROGRESS' || d.type === 'PROGRESS_UPDATE' || d.type === 'LOG') return;
        const rec = pending.get(d.requestId);
        if (!rec) return;
        pending.delete(d.requestId);
        rec.end = performance.now();
        rec.response = d.type;
        if (d.type === 'ERROR') rec.error = String(d.data && d.data.message);
        if (d.data && typeof d.data.byteLength === 'number') rec.bytes = d.data.byteLength;
      });
      const post = NativeWorker.prototype.postMessage;
      this.postMessage = function (msg, transfer) {
        if (msg && typeof msg === 'object' && 'messageId' in msg) {
          const rec = { id: msg.messageId, type: String(msg.type), start: performance.now(), end: null };
          if (msg.type === 'RUN_QUERY' && Array.isArray(msg.data)) rec.sql = String(msg.data[1]);
          if (msg.type === 'INSERT_ARROW_FROM_IPC_STREAM' && Array.isArray(msg.data)) {
            rec.bytes = msg.data[1] && msg.data[1].byteLength;
            rec.table = msg.data[2] && msg.data[2].name;
          }
          log.worker.push(rec);
          pending.set(msg.messageId, rec);
        }
        return post.call(this, msg, transfer);
      };
      log.pending = pending;
    }
  }
  window.Worker = ProbedWorker;

  let last = '';
  const snapshot = () => {
    const dash = document.querySelector('[data-testid="dashboard"]');
    const subEl = document.querySelector('[data-testid="sub-areas"]');
    let sub = null;
    if (subEl) {
      if (subEl.tagName === 'P') sub = 'empty';
      else {
        const row = subEl.querySelector('tbody tr');
        sub = row ? row.getAttribute('data-code') : null;
      }
    }
    const err = document.querySelector('[data-testid="load-error"]');
    if (err && !log.loadError) log.loadError = err.textContent;
    const s = {
      t: performance.now(),
      drawn: dash ? dash.getAttribute('data-map-drawn') : null,
      theme: dash ? dash.getAttribute('data-theme') : null,
      sub,
      search: location.search,
    };
    const key = s.drawn + '|' + s.theme + '|' + s.sub + '|' + s.search;
    if (key !== last) {
      last = key;
      log.states.push(s);
    }
  };
  new MutationObserver(snapshot).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-map-drawn', 'data-theme', 'data-code'] });
  window.addEventListener('popstate', () => { log.events.push({ t: performance.now(), type: 'popstate', testid: null, code: null }); setTimeout(snapshot, 0); });
  for (const type of ['click', 'change']) {
    window.addEventListener(type, (e) => {
      const el = e.target instanceof Element ? e.target : null;
      const tid = el && el.closest('[data-testid]');
      const tr = el && el.closest('tr');
      log.events.push({ t: performance.now(), type, testid: tid ? tid.getAttribute('data-testid') : null, code: tr ? tr.getAttribute('data-code') : null });
    }, true);
  }

  /** First state after t0 with the map drawn ('yes') following a 'no', on theme (if given). */
  log.drawnAfter = (t0, theme) => {
    let sawNo = false;
    for (const s of log.states) {
      if (s.t < t0) continue;
      if (s.drawn !== 'yes') sawNo = true;
      else if (sawNo && (theme === null || s.theme === theme)) return s.t;
    }
    return 0;
  };
  /** When every DuckDB request posted after t0 was answered, once the worker has been idle for 250 ms; else 0. */
  log.settledAt = (t0) => {
    if (!log.idle(250)) return 0;
    let end = t0;
    for (const r of log.worker) if (r.start >= t0 && r.end !== null && r.end > end) end = r.end;
    return end;
  };
  /**
   * First state after t0 whose sub-area table starts with a village of township code; or, when the table is still
   * empty once the worker has settled (a township without villages), the settling time.
   */
  log.subAfter = (t0, code) => {
    for (const s of log.states) {
      if (s.t < t0 || s.sub === null) continue;
      if (s.sub.length === code.length + 3 && s.sub.startsWith(code)) return s.t;
    }
    const lastState = log.states[log.states.length - 1];
    return lastState && lastState.sub === 'empty' ? log.settledAt(t0) : 0;
  };
  /** First state after t0 whose sub-area table lists townships again. */
  log.subTownshipsAfter = (t0) => {
    for (const s of log.states) if (s.t >= t0 && s.sub !== null && s.sub.length === 9) return s.t;
    return 0;
  };
  /** True when no DuckDB request is pending and none has finished for quietMs. */
  log.idle = (quietMs) => {
    if (log.pending && log.pending.size > 0) return false;
    let lastEnd = 0;
    for (const r of log.worker) if (r.end !== null && r.end > lastEnd) lastEnd = r.end;
    return performance.now() - lastEnd >= quietMs;
  };
})();`;

/**
 * Installed in the DuckDB worker once it exists (through the debugger, not by changing the worker): records when
 * the worker takes up each request and when it posts the answer, on the worker's clock with its time origin.
 */
export const WORKER_PROBE = String.raw`(() => {
  if (globalThis.__benchW) return 'again';
  const log = { timeOrigin: performance.timeOrigin, list: [] };
  const byId = new Map();
  globalThis.__benchW = log;
  const onmessage = globalThis.onmessage;
  globalThis.onmessage = function (e) {
    const d = e.data;
    const rec = { id: d && d.messageId, recv: performance.now(), done: null };
    log.list.push(rec);
    byId.set(rec.id, rec);
    return onmessage.call(this, e);
  };
  const post = globalThis.postMessage;
  globalThis.postMessage = function (msg, transfer) {
    if (msg && msg.requestId !== undefined && msg.type !== 'INSTANTIATE_PROGRESS' && msg.type !== 'PROGRESS_UPDATE' && msg.type !== 'LOG') {
      const rec = byId.get(msg.requestId);
      if (rec && rec.done === null) { rec.done = performance.now(); byId.delete(msg.requestId); }
    }
    return post.call(this, msg, transfer);
  };
  return 'ok';
})()`;

export interface WorkerServiceLog {
  timeOrigin: number;
  list: { id: number; recv: number; done: number | null }[];
}

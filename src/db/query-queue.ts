import type { Table } from 'apache-arrow';
import type { Connector } from './connector';

/**
 * 'map': a query the map is waiting for; 'panel': everything else the page shows (side panel, charts, lists, the
 * loader); 'idle': a result fetched ahead, for a view the user may go to next (see src/app/prefetch.ts).
 */
export type QueryPriority = NonNullable<Parameters<Connector['query']>[1]>;

/** How long panel queries wait for the map's frame at most (a hidden tab runs no animation frames). */
const FRAME_WAIT_MS = 250;

/**
 * Orders the queries sent to one DuckDB, which answers them one at a time anyway: a map query goes before any
 * panel query still waiting, a panel query before any idle one, and panel and idle queries wait until the map has
 * had a frame to draw the answer, so that a theme, month or area change redraws the map first and the panel after
 * it — the map never waits behind the panel's rankings, trends and lists, nor behind their rendering.
 *
 * One query is with the engine at a time; the first is sent from a microtask, so that every query asked for in one
 * React commit (its effects run in one go) is queued, and ordered, before any is sent.
 */
export function prioritized(conn: Connector): Connector {
  interface Job {
    sql: string;
    priority: QueryPriority;
    resolve: (t: Table) => void;
    reject: (e: unknown) => void;
  }
  const queue: Job[] = [];
  let busy = false;
  let scheduled = false;
  /** A map answer was just delivered: panel queries wait for the next frame (or FRAME_WAIT_MS). */
  let holdPanel = false;

  const schedule = () => {
    if (scheduled || busy) return;
    scheduled = true;
    queueMicrotask(pump);
  };
  const releasePanelAfterFrame = () => {
    holdPanel = true;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      holdPanel = false;
      schedule();
    };
    // The frame's callbacks run before it is drawn; a task queued from them runs after.
    requestAnimationFrame(() => setTimeout(release, 0));
    setTimeout(release, FRAME_WAIT_MS);
  };
  function pump(): void {
    scheduled = false;
    if (busy) return;
    let i = queue.findIndex((j) => j.priority === 'map');
    if (i < 0 && !holdPanel) i = queue.findIndex((j) => j.priority === 'panel');
    if (i < 0 && !holdPanel) i = queue.findIndex((j) => j.priority === 'idle');
    if (i < 0) return;
    const [job] = queue.splice(i, 1) as [Job];
    busy = true;
    conn.query(job.sql).then(
      (table) => {
        busy = false;
        job.resolve(table);
        if (job.priority === 'map' && !queue.some((j) => j.priority === 'map')) releasePanelAfterFrame();
        pump();
      },
      (e: unknown) => {
        busy = false;
        job.reject(e);
        pump();
      },
    );
  }

  return {
    query: (sql, priority: QueryPriority = 'panel') =>
      new Promise<Table>((resolve, reject) => {
        queue.push({ sql, priority, resolve, reject });
        schedule();
      }),
    insertArrowIpc: (table, ipc) => conn.insertArrowIpc(table, ipc),
  };
}

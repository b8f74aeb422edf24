import type { Connector } from '../../db/connector';

/**
 * A connector for the first view, before DuckDB has started and the extract's tables are loaded: every query and
 * insert waits until `ready` gives the loaded engine, then goes to it. When `ready` fails (DuckDB did not start),
 * they stay waiting: the page says what failed (see ./EngineStatus.tsx), and what is on screen stays as it is.
 */
export function deferredConnector(ready: Promise<Connector>): Connector {
  const engine = ready.catch(() => new Promise<Connector>(() => undefined));
  const conn: Connector = {
    query: (sql, priority) => engine.then((c) => c.query(sql, priority)),
    insertArrowIpc: (table, ipc) => engine.then((c) => c.insertArrowIpc(table, ipc)),
  };
  waiting.add(conn);
  ready.then(
    () => waiting.delete(conn),
    () => undefined,
  );
  return conn;
}

const waiting = new WeakSet<Connector>();

/**
 * True while `conn` is a first view's connector whose engine has not answered yet (or never will): what only raw
 * rows give (station and water points) cannot be drawn sooner, so a map does not wait for it to show the rest.
 */
export function awaitingEngine(conn: Connector): boolean {
  return waiting.has(conn);
}

import type { Connector } from '../../db/connector';

/**
 * A connector for the first view, before DuckDB has started and the extract's tables are loaded: every query and
 * insert waits until `ready` gives the loaded engine, then goes to it. When `ready` fails (DuckDB did not start),
 * they stay waiting: the page says what failed (see ./EngineStatus.tsx), and what is on screen stays as it is.
 */
export function deferredConnector(ready: Promise<Connector>): Connector {
  const engine = ready.catch(() => new Promise<Connector>(() => undefined));
  return {
    query: (sql, priority) => engine.then((conn) => conn.query(sql, priority)),
    insertArrowIpc: (table, ipc) => engine.then((conn) => conn.insertArrowIpc(table, ipc)),
  };
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Table } from 'apache-arrow';
import type { Connector } from '../../src/db/connector';
import { prioritized } from '../../src/db/query-queue';

/** A connector that records the order in which SQL reaches it and answers only when told to. */
function fakeEngine() {
  const sent: string[] = [];
  const pending: (() => void)[] = [];
  const conn: Connector = {
    query: (sql) =>
      new Promise<Table>((resolve) => {
        sent.push(sql);
        pending.push(() => resolve({} as Table));
      }),
    insertArrowIpc: async () => undefined,
  };
  /** Answers the query with the engine (and lets the queue send the next one, frame waits included). */
  const answer = async (advanceMs = 300) => {
    pending.shift()?.();
    await vi.advanceTimersByTimeAsync(advanceMs);
  };
  return { conn, sent, answer };
}

describe('prioritized: one query at a time, map before panel before idle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => setTimeout(cb, 16));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('sends queued queries by priority, whatever the order they were asked in', async () => {
    const engine = fakeEngine();
    const q = prioritized(engine.conn);
    void q.query('idle 1', 'idle');
    void q.query('panel 1');
    void q.query('map 1', 'map');
    void q.query('idle 2', 'idle');
    void q.query('panel 2', 'panel');
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.sent).toEqual(['map 1']);
    for (let i = 0; i < 4; i++) await engine.answer();
    expect(engine.sent).toEqual(['map 1', 'panel 1', 'panel 2', 'idle 1', 'idle 2']);
  });

  it('lets a map query asked while an idle one runs go next, ahead of idle queries still waiting', async () => {
    const engine = fakeEngine();
    const q = prioritized(engine.conn);
    void q.query('idle 1', 'idle');
    void q.query('idle 2', 'idle');
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.sent).toEqual(['idle 1']);
    void q.query('map 1', 'map');
    void q.query('panel 1');
    await engine.answer();
    expect(engine.sent).toEqual(['idle 1', 'map 1']);
    await engine.answer();
    await engine.answer();
    expect(engine.sent).toEqual(['idle 1', 'map 1', 'panel 1', 'idle 2']);
  });

  it('holds panel and idle queries until the map has had a frame to draw its answer', async () => {
    const engine = fakeEngine();
    const q = prioritized(engine.conn);
    void q.query('map 1', 'map');
    await vi.advanceTimersByTimeAsync(0);
    void q.query('panel 1');
    await engine.answer(1);
    expect(engine.sent).toEqual(['map 1']);
    await vi.advanceTimersByTimeAsync(20);
    expect(engine.sent).toEqual(['map 1', 'panel 1']);
  });
});

import { describe, expect, it } from 'vitest';
import { follow, sameCamera, syncMaps, type Camera, type SyncedMap } from '../../src/app/compare/map-sync';

const A: Camera = { center: [120.56, 32.39], zoom: 9.5 };

/**
 * A map as maplibre behaves for the sync: `jumpTo` moves it at once and fires 'move' synchronously with the event
 * data given; `maxZoom` clamps as maplibre does; `dropEventData` loses the sync's mark (to test the second guard).
 */
class FakeMap implements SyncedMap {
  camera: Camera;
  jumps = 0;
  private listeners: ((event: object) => void)[] = [];
  constructor(
    camera: Camera,
    private readonly options: { maxZoom?: number; dropEventData?: boolean } = {},
  ) {
    this.camera = camera;
  }
  getCenter() {
    return { lng: this.camera.center[0], lat: this.camera.center[1] };
  }
  getZoom() {
    return this.camera.zoom;
  }
  jumpTo(options: { center: [number, number]; zoom: number }, eventData?: object) {
    this.jumps++;
    if (this.jumps > 100) throw new Error('loop');
    this.camera = { center: [...options.center], zoom: Math.min(options.zoom, this.options.maxZoom ?? 24) };
    for (const l of [...this.listeners]) l(this.options.dropEventData ? {} : { ...eventData });
  }
  /** A user's pan or zoom: a move event with no sync mark. */
  userMove(camera: Camera) {
    this.camera = camera;
    for (const l of [...this.listeners]) l({ originalEvent: {} });
  }
  on(_type: 'move', listener: (event: object) => void) {
    this.listeners.push(listener);
  }
  off(_type: 'move', listener: (event: object) => void) {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }
  get listenerCount() {
    return this.listeners.length;
  }
}

describe('the split maps follow each other', () => {
  it('gives the other map the moved map’s camera, and nothing for the sync’s own move or a map already there', () => {
    const other: Camera = { center: [120.5, 32.4], zoom: 9 };
    expect(follow({ camera: A, bySync: false }, other)).toEqual(A);
    expect(follow({ camera: A, bySync: true }, other)).toBeNull();
    expect(follow({ camera: A, bySync: false }, { center: [120.56, 32.39], zoom: 9.5 })).toBeNull();
    // A difference far below a pixel is no move (no jitter from rounding); a tenth of a metre is.
    expect(follow({ camera: A, bySync: false }, { center: [120.56 + 1e-12, 32.39], zoom: 9.5 + 1e-9 })).toBeNull();
    expect(follow({ camera: A, bySync: false }, { center: [120.560001, 32.39], zoom: 9.5 })).toEqual(A);
    expect(sameCamera(A, { ...A, zoom: 9.51 })).toBe(false);
  });

  it('copies the camera rather than sharing it', () => {
    const next = follow({ camera: A, bySync: false }, { center: [0, 0], zoom: 1 });
    expect(next).not.toBe(A);
    expect(next?.center).not.toBe(A.center);
  });

  it('moves the second map to the first at once, then each with the other, one jump per move and no loop', () => {
    const a = new FakeMap(A);
    const b = new FakeMap({ center: [120.0, 32.0], zoom: 8 });
    const stop = syncMaps(a, b);
    expect(b.camera).toEqual(A);
    expect([a.jumps, b.jumps]).toEqual([0, 1]);

    const panned: Camera = { center: [120.6, 32.35], zoom: 9.5 };
    a.userMove(panned);
    expect(b.camera).toEqual(panned);
    expect([a.jumps, b.jumps]).toEqual([0, 2]);

    const zoomed: Camera = { center: [120.61, 32.36], zoom: 11.25 };
    b.userMove(zoomed);
    expect(a.camera).toEqual(zoomed);
    expect([a.jumps, b.jumps]).toEqual([1, 2]);

    // A drag is many moves: each is copied once.
    for (let i = 1; i <= 30; i++) a.userMove({ center: [120.61 + i * 0.001, 32.36], zoom: 11.25 });
    expect(b.camera.center[0]).toBeCloseTo(120.64, 10);
    expect([a.jumps, b.jumps]).toEqual([1, 32]);

    stop();
    expect([a.listenerCount, b.listenerCount]).toEqual([0, 0]);
    a.userMove(A);
    expect(b.camera.center[0]).toBeCloseTo(120.64, 10);
  });

  it('stops without the sync’s mark too: the echo finds the first map already there', () => {
    const a = new FakeMap(A, { dropEventData: true });
    const b = new FakeMap({ center: [120.0, 32.0], zoom: 8 }, { dropEventData: true });
    syncMaps(a, b);
    a.userMove({ center: [120.7, 32.3], zoom: 10 });
    expect(b.camera).toEqual({ center: [120.7, 32.3], zoom: 10 });
    expect([a.jumps, b.jumps]).toEqual([0, 2]);
  });

  it('does not fight a map that cannot take the camera (clamped zoom): the sync’s own move is not followed back', () => {
    const a = new FakeMap(A);
    const b = new FakeMap(A, { maxZoom: 12 });
    syncMaps(a, b);
    a.userMove({ center: [120.6, 32.4], zoom: 14 });
    expect(b.camera.zoom).toBe(12);
    expect(a.camera.zoom).toBe(14);
    expect([a.jumps, b.jumps]).toEqual([0, 1]);
  });

  it('leaves two maps fitted to the same area by themselves alone', () => {
    const a = new FakeMap(A);
    const b = new FakeMap(A);
    syncMaps(a, b);
    expect([a.jumps, b.jumps]).toEqual([0, 0]);
    // Both fit the same township (a drill): the second fit lands where the sync already put it.
    const town: Camera = { center: [120.45, 32.3], zoom: 12 };
    a.userMove(town);
    b.userMove(town);
    expect([a.jumps, b.jumps]).toEqual([0, 1]);
  });
});

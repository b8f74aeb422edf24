/**
 * The pair of maps of 两期对比 move together: a pan or zoom on either is copied to the other, at once (the other
 * jumps, never eases, so it never lags behind a drag by an animation).
 *
 * Loops are cut twice: a move the sync itself made is marked and not followed, and a map already showing the
 * camera it would be given is left alone (so two maps fitted to the same area by themselves do not bounce).
 */

/** What a map shows: its centre (longitude, latitude) and zoom. The pair never rotates or tilts. */
export interface Camera {
  center: [number, number];
  zoom: number;
}

/** Closer than this, two cameras draw the same pixels (1e-9° is 0.1 mm; 1e-6 of a zoom level). */
const CENTRE_EPSILON = 1e-9;
const ZOOM_EPSILON = 1e-6;

export function sameCamera(a: Camera, b: Camera): boolean {
  return Math.abs(a.center[0] - b.center[0]) < CENTRE_EPSILON && Math.abs(a.center[1] - b.center[1]) < CENTRE_EPSILON && Math.abs(a.zoom - b.zoom) < ZOOM_EPSILON;
}

/** A map's move as the sync sees it: where it is now, and whether the sync itself moved it there. */
export interface Moved {
  camera: Camera;
  /** True when the move is the sync's own jump (the echo of the other map's move). */
  bySync: boolean;
}

/**
 * The camera the other map must jump to after `moved`, or null when it must not move: the move was the sync's own,
 * or the other map already shows that camera.
 */
export function follow(moved: Moved, other: Camera): Camera | null {
  if (moved.bySync || sameCamera(moved.camera, other)) return null;
  return { center: [moved.camera.center[0], moved.camera.center[1]], zoom: moved.camera.zoom };
}

/** The event data a sync jump carries (maplibre passes it to the move events it fires), to tell it from a user's move. */
export const SYNC_EVENT = { careAtlasSync: true } as const;

export function isSyncEvent(event: object): boolean {
  return (event as { careAtlasSync?: unknown }).careAtlasSync === true;
}

/** The part of a maplibre map the sync uses. */
export interface SyncedMap {
  getCenter(): { lng: number; lat: number };
  getZoom(): number;
  jumpTo(options: { center: [number, number]; zoom: number }, eventData?: object): unknown;
  on(type: 'move', listener: (event: object) => void): unknown;
  off(type: 'move', listener: (event: object) => void): unknown;
}

export function cameraOf(map: SyncedMap): Camera {
  const c = map.getCenter();
  return { center: [c.lng, c.lat], zoom: map.getZoom() };
}

/**
 * Keeps two maps on one camera until the returned function is called. The second map takes the first's camera at
 * once (the first is the one the user sees as the reference, period A).
 */
export function syncMaps(first: SyncedMap, second: SyncedMap): () => void {
  const listener = (from: SyncedMap, to: SyncedMap) => (event: object) => {
    const next = follow({ camera: cameraOf(from), bySync: isSyncEvent(event) }, cameraOf(to));
    if (next) to.jumpTo(next, SYNC_EVENT);
  };
  const onFirst = listener(first, second);
  const onSecond = listener(second, first);
  first.on('move', onFirst);
  second.on('move', onSecond);
  const start = follow({ camera: cameraOf(first), bySync: false }, cameraOf(second));
  if (start) second.jumpTo(start, SYNC_EVENT);
  return () => {
    first.off('move', onFirst);
    second.off('move', onSecond);
  };
}

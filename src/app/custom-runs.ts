/**
 * Runs of a county's own visit profile computed above the county (src/db/custom-compute.ts), one per extract and
 * profile, kept outside React so that a run survives the panel being left and its result stays marked as computed in
 * the browser for as long as the extract is loaded.
 */
import { useSyncExternalStore } from 'react';
import type { Problem } from '../i18n/errors';

export type CustomRun =
  | { state: 'running'; done: number; total: number; county: string | null; abort: AbortController }
  | { state: 'done'; counties: string[]; failed: { county: string; problems: Problem[] }[] }
  | { state: 'cancelled' }
  | { state: 'error'; problem: Problem };

const runs = new Map<string, CustomRun>();
const listeners = new Set<() => void>();
let version = 0;

const keyOf = (extractId: string, profileId: string) => `${extractId}\u0000${profileId}`;

export function customRun(extractId: string, profileId: string): CustomRun | undefined {
  return runs.get(keyOf(extractId, profileId));
}

export function setCustomRun(extractId: string, profileId: string, run: CustomRun): void {
  runs.set(keyOf(extractId, profileId), run);
  version += 1;
  for (const l of listeners) l();
}

/** True when the profile's figures were computed in the browser for this extract (and are in agg_visits). */
export function computedInBrowser(extractId: string, profileId: string): boolean {
  return customRun(extractId, profileId)?.state === 'done';
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The run of `profileId` on `extractId`, re-rendering as it changes. */
export function useCustomRun(extractId: string, profileId: string): CustomRun | undefined {
  useSyncExternalStore(subscribe, () => version);
  return customRun(extractId, profileId);
}

import { parseVisitProfile, type VisitProfile } from './profile';
import { profileFileProblems as msg } from '../i18n/zh-visits';
import { technicalText, type Problem, type ProblemLike } from '../i18n/errors';

/**
 * A county adds its own visit-rule profiles in this file next to the app's index.html (shipped as an empty list
 * from public/): one profile object, or an array of them, in the shape of `VisitProfile` (see the README).
 * Built-in profiles stay available.
 */
export const CUSTOM_PROFILES_FILE = 'visit-profiles.json';

export interface ProfileSet {
  profiles: VisitProfile[];
  /** Chinese, naming the file, the profile and the field: the profiles with problems are left out. */
  problems: ProblemLike[];
}

/** Built-in profiles plus the valid custom ones from `json` (null when the file does not exist). */
export function withCustomProfiles(builtins: readonly VisitProfile[], json: unknown): ProfileSet {
  const profiles = [...builtins];
  const problems: ProblemLike[] = [];
  if (json === null || json === undefined) return { profiles, problems };
  const items = Array.isArray(json) ? json : [json];
  items.forEach((item, i) => {
    const parsed = parseVisitProfile(item);
    if (!parsed.ok) {
      const id = typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : null;
      problems.push(...parsed.errors.map((e) => msg.invalid(CUSTOM_PROFILES_FILE, i + 1, id, e)));
    } else if (profiles.some((p) => p.id === parsed.profile.id)) {
      problems.push(msg.duplicateId(CUSTOM_PROFILES_FILE, i + 1, parsed.profile.id));
    } else {
      profiles.push(parsed.profile);
    }
  });
  return { profiles, problems };
}

/** Reads the custom profiles file beside the app; null when there is none, a problem when it is not JSON. */
export async function fetchCustomProfiles(base: string): Promise<{ json: unknown; problem: Problem | null }> {
  let res: Response;
  try {
    res = await fetch(new URL(CUSTOM_PROFILES_FILE, base));
  } catch (e) {
    // An optional file: the app starts without it, and says why.
    return { json: null, problem: { text: msg.unreadable(CUSTOM_PROFILES_FILE), detail: technicalText(e) } };
  }
  if (res.status === 404 || !res.ok) return { json: null, problem: null };
  try {
    return { json: (await res.json()) as unknown, problem: null };
  } catch (e) {
    return { json: null, problem: { text: msg.notJson(CUSTOM_PROFILES_FILE), detail: technicalText(e) } };
  }
}

/**
 * The view, small and typed, mirrored to the URL so a pasted link reproduces it.
 * Unknown or malformed parameters are dropped, never trusted.
 */
export const THEME_IDS = ['risk', 'visits', 'stations', 'water', 'guardianship'] as const;
export type ThemeId = (typeof THEME_IDS)[number];

export interface ViewState {
  theme: ThemeId;
  /**
   * The area being looked at: a province (2 digits), city (4), county (6), township (9) or village (12); null = the
   * extract's top area (its province, city or county).
   */
  area: string | null;
  /** `YYYY-MM`; null = the extract's as-of month. */
  month: string | null;
  /** Visit-rule profile id; null = the default profile. */
  profile: string | null;
  /** 'big' for the big-screen (大屏) dashboard, 'briefing' for the printable briefing (简报). */
  screen: ScreenId | null;
  /** Big screen: seconds between themes in the auto-tour; null = the default, 0 = no tour. */
  tour: number | null;
  /** 两期对比: the two periods compared (`YYYY-MM`, or `YYYY-Qn` for a quarter); null = one month, no comparison. */
  compare: ComparePeriods | null;
  /** 数据质量: the quality view in the side panel, `on`, or with one of its lists open; null/absent = the theme's panel. */
  quality?: QualityView | null;
  /** 两期对比 as a pair of synchronized maps (period A | period B), `&split=1`; absent = the change map. Only with `compare`. */
  split?: boolean;
}

/** `?quality=on` opens the 数据质量 view; `?quality=<list>` opens it with that list shown. */
export const QUALITY_VIEWS = ['on', 'ungraded', 'stale', 'visits_off_roll', 'assessments_off_roll', 'stations_no_coords', 'points_outside', 'points_unchecked', 'regions_no_shape', 'virtual_units', 'source_rows'] as const;
export type QualityView = (typeof QUALITY_VIEWS)[number];

/** Period A and period B of a comparison, written `?compare=A..B` (e.g. `2026-07..2026-10`, `2026-Q2..2026-Q3`). */
export interface ComparePeriods {
  a: string;
  b: string;
}

export const SCREEN_IDS = ['big', 'briefing'] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];

export const DEFAULT_VIEW: ViewState = { theme: 'risk', area: null, month: null, profile: null, screen: null, tour: null, compare: null };

const AREA = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const PROFILE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const COMPARE = /^(\d{4}-(?:0[1-9]|1[0-2]|Q[1-4]))\.\.(\d{4}-(?:0[1-9]|1[0-2]|Q[1-4]))$/;

function parseCompare(value: string | null): ComparePeriods | null {
  const m = value ? COMPARE.exec(value) : null;
  return m && m[1] !== m[2] ? { a: m[1] as string, b: m[2] as string } : null;
}

export function parseView(search: string): ViewState {
  const params = new URLSearchParams(search);
  const get = (key: string, re: RegExp) => {
    const v = params.get(key);
    return v && re.test(v) ? v : null;
  };
  const theme = params.get('theme');
  const tour = get('tour', /^\d{1,4}$/);
  const compare = parseCompare(params.get('compare'));
  return {
    theme: (THEME_IDS as readonly string[]).includes(theme ?? '') ? (theme as ThemeId) : 'risk',
    area: get('area', AREA),
    month: get('month', MONTH),
    profile: get('profile', PROFILE),
    screen: (SCREEN_IDS as readonly string[]).includes(params.get('screen') ?? '') ? (params.get('screen') as ScreenId) : null,
    tour: tour === null ? null : Number(tour),
    compare,
    // Present only when set: views written before the quality view existed compare equal.
    ...((QUALITY_VIEWS as readonly string[]).includes(params.get('quality') ?? '') ? { quality: params.get('quality') as QualityView } : {}),
    ...(compare && params.get('split') === '1' ? { split: true } : {}),
  };
}

/** Writes the view into `search`, keeping parameters the view does not own (such as `extract`). */
export function serializeView(view: ViewState, search: string): string {
  const params = new URLSearchParams(search);
  const set = (key: string, value: string | null, fallback: string | null = null) => {
    if (value && value !== fallback) params.set(key, value);
    else params.delete(key);
  };
  set('theme', view.theme, 'risk');
  set('area', view.area);
  set('month', view.month);
  set('profile', view.profile);
  set('screen', view.screen);
  set('tour', view.tour === null ? null : String(view.tour));
  set('compare', view.compare ? `${view.compare.a}..${view.compare.b}` : null);
  set('quality', view.quality ?? null);
  set('split', view.split ? '1' : null);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * The address bar's query with the view's malformed or unknown values left out (they fell back to the default),
 * and everything else kept: `canonicalSearch('?theme=finance&extract=x%2F')` is `'?extract=x%2F'`.
 */
export function canonicalSearch(search: string): string {
  const canonical = serializeView(parseView(search), search);
  const params = new URLSearchParams(search);
  const wanted = new URLSearchParams(canonical);
  // Unchanged (not even re-encoded) when every view value present is kept.
  return VIEW_KEYS.some((key) => params.has(key) && params.get(key) !== wanted.get(key)) ? canonical : search;
}

const VIEW_KEYS = ['theme', 'area', 'month', 'profile', 'screen', 'tour', 'compare', 'quality', 'split'] as const;

/** What the extract in use offers: a view naming anything else falls back to the default. */
export interface ViewChoices {
  months: readonly string[];
  hasArea: (code: string) => boolean;
  profiles: readonly string[];
  /** The periods a comparison may take (months and quarters); without it, any. */
  periods?: readonly string[];
}

/**
 * `view` with values well formed but not in this extract (a month outside those shown, an area it does not have,
 * an unknown profile) set to their default, null: the same view the dashboard shows for it.
 */
export function knownView(view: ViewState, choices: ViewChoices): ViewState {
  const compare = view.compare !== null && (!choices.periods || (choices.periods.includes(view.compare.a) && choices.periods.includes(view.compare.b))) ? view.compare : null;
  const { split, ...rest } = view;
  return {
    ...rest,
    ...(split && compare ? { split } : {}),
    month: view.month !== null && choices.months.includes(view.month) ? view.month : null,
    area: view.area !== null && choices.hasArea(view.area) ? view.area : null,
    profile: view.profile !== null && choices.profiles.includes(view.profile) ? view.profile : null,
    compare,
  };
}

/** `?extract=<relative URL>` names an extract on this server; the embedded demo otherwise. */
export function extractBase(search: string): string {
  return new URLSearchParams(search).get('extract') ?? 'demo/';
}

/**
 * `?prefetch=0` turns off fetching the next views ahead (src/app/prefetch.ts): for a very large extract on a slow
 * PC, where a prefetch still running delays the query of a view the user opens; the benchmark also uses it to time
 * the path where every change waits for its queries.
 */
export function prefetchEnabled(search: string): boolean {
  return new URLSearchParams(search).get('prefetch') !== '0';
}

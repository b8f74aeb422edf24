import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { planActionNames, planText } from '../../i18n/zh-plan';
import type { Rgba } from '../../map/colour-scales';
import type { MapTheme, PointSet } from '../../map/map-theme';
import type { RegionGeometry } from '../../map/region-features';
import { planVillagesSql, type PlanAction, type PlanItem, type PlanVillageRow } from '../../measures/plan';
import { measureQuery } from '../queries';
import type { ThemeContext } from '../themes/context';
import { decodePlan, encodePlan, normalizeHomes, normalizePlan, PLAN_PARAM, planByVillage, withPlanParam } from './plan-state';

/** A violet no theme uses for its fills: the villages in the plan. */
export const PLAN_COLOUR: Rgba = [120, 70, 200, 235];

export interface Planning {
  /** Plan mode: `?plan=` is in the address bar. */
  on: boolean;
  plan: PlanItem[];
  /** Townships (9-digit codes) planned to get a 关爱之家 meeting the provincial standard. */
  homes: string[];
  /** Why (part of) the plan in the address bar was not taken. */
  notice: string | null;
  start: () => void;
  leave: () => void;
  setPlan: (plan: PlanItem[], homes: string[]) => void;
  /** Puts the township's 关爱之家 in the plan, or takes it out. */
  toggleHome: (township: string) => void;
  /** Adds the action to the village, or removes it when planned. */
  toggle: (village: string, action: PlanAction) => void;
  /** A map click on a village: out of the plan when in it, else in with the action its gaps suggest. */
  toggleVillage: (village: string) => void;
  has: (village: string, action?: PlanAction) => boolean;
}

interface Read {
  on: boolean;
  plan: PlanItem[];
  homes: string[];
  notice: string | null;
}

function readPlan(search: string, hasVillage: (code: string) => boolean, hasTownship: (code: string) => boolean): Read {
  const raw = new URLSearchParams(search).get(PLAN_PARAM);
  if (raw === null) return { on: false, plan: [], homes: [], notice: null };
  const decoded = decodePlan(raw);
  if (decoded === null) return { on: true, plan: [], homes: [], notice: planText.urlDropped };
  const plan = decoded.plan.filter((p) => hasVillage(p.village));
  const homes = decoded.homes.filter(hasTownship);
  const unknown = new Set(decoded.plan.filter((p) => !hasVillage(p.village)).map((p) => p.village)).size + decoded.homes.filter((h) => !hasTownship(h)).length;
  return { on: true, plan, homes, notice: unknown > 0 ? planText.urlUnknown(unknown) : null };
}

function writePlan(plan: PlanItem[] | null, homes: string[] = []) {
  const search = withPlanParam(window.location.search, plan, homes);
  if (search !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
}

/** The action a village's gaps call for: a station, else a director, else a training, else another station. */
export function suggestedAction(row: PlanVillageRow | undefined): PlanAction {
  if (!row || !row.has_station) return 'station';
  if (!row.has_director) return 'director';
  return row.directors_untrained > 0 ? 'training' : 'station';
}

/**
 * The station plan (站点规划), kept in `?plan=` (replaced in place: editing a plan adds no history entries). A
 * malformed value is dropped, and villages the extract does not have are left out, each with a notice.
 */
export function usePlanning(ctx: ThemeContext): Planning {
  const { conn, extract, geometry } = ctx;
  const hasVillage = useCallback((code: string) => geometry.byCode.get(code)?.level === 'village', [geometry]);
  const hasTownship = useCallback((code: string) => geometry.byCode.get(code)?.level === 'township', [geometry]);
  const [state, setState] = useState<Read>(() => readPlan(window.location.search, hasVillage, hasTownship));
  useEffect(() => {
    // The address bar keeps only what was taken.
    const first = readPlan(window.location.search, hasVillage, hasTownship);
    if (first.on) writePlan(first.plan, first.homes);
    const onPop = () => setState(readPlan(window.location.search, hasVillage, hasTownship));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [hasVillage, hasTownship]);
  // The gaps of every village before any plan: what a map click adds.
  const gaps = useQuery({
    ...measureQuery(conn, extract, 'plan-villages', planVillagesSql, { parentCode: ctx.geometry.county?.code ?? '', asOf: extract.manifest.as_of, plan: [] }),
    enabled: state.on && Boolean(ctx.geometry.county),
  });
  const byCode = useMemo(() => new Map((gaps.data ? rowsOf<PlanVillageRow>(gaps.data) : []).map((r) => [r.code, r])), [gaps.data]);

  const setPlan = useCallback((plan: PlanItem[], homes: string[]) => {
    const next = normalizePlan(plan);
    const nextHomes = normalizeHomes(homes);
    writePlan(next, nextHomes);
    setState({ on: true, plan: next, homes: nextHomes, notice: null });
  }, []);
  // Another extract loaded in the page may lack some of the plan's villages and townships.
  const plan = useMemo(() => state.plan.filter((p) => hasVillage(p.village)), [state.plan, hasVillage]);
  const homes = useMemo(() => state.homes.filter(hasTownship), [state.homes, hasTownship]);
  const has = useCallback((village: string, action?: PlanAction) => plan.some((p) => p.village === village && (!action || p.action === action)), [plan]);
  return {
    on: state.on,
    plan,
    homes,
    notice: state.notice,
    start: () => setPlan(plan, homes),
    leave: () => {
      writePlan(null);
      setState({ on: false, plan: [], homes: [], notice: null });
    },
    setPlan,
    toggleHome: (township) => setPlan(plan, homes.includes(township) ? homes.filter((h) => h !== township) : [...homes, township]),
    has,
    toggle: (village, action) => setPlan(has(village, action) ? plan.filter((p) => !(p.village === village && p.action === action)) : [...plan, { village, action }], homes),
    toggleVillage: (village) => setPlan(has(village) ? plan.filter((p) => p.village !== village) : [...plan, { village, action: suggestedAction(byCode.get(village)) }], homes),
  };
}

const planKeys = new WeakMap<object, Map<string, unknown>>();

/**
 * The map's fill key with the plan's villages drawn over the theme: the same value for the same theme key and plan
 * (the dashboard knows the map has drawn a view by comparing the key the map drew with it); the theme's own key
 * outside plan mode.
 */
export function planFillKey(fillKey: unknown, on: boolean, plan: readonly PlanItem[], homes: readonly string[] = []): unknown {
  if (!on) return fillKey;
  const encoded = encodePlan(plan, homes);
  if (typeof fillKey !== 'object' || fillKey === null) return `${String(fillKey)}|plan=${encoded}`;
  const byPlan = planKeys.get(fillKey) ?? new Map<string, unknown>();
  planKeys.set(fillKey, byPlan);
  if (!byPlan.has(encoded)) byPlan.set(encoded, [fillKey, encoded]);
  return byPlan.get(encoded);
}

/** The theme with the plan's villages filled in the plan's colour and named in the legend. */
export function withPlanVillages(theme: MapTheme, on: boolean, plan: readonly PlanItem[], geometry: RegionGeometry, homes: readonly string[] = []): MapTheme {
  if (!on) return theme;
  const villages = new Set(plan.map((p) => p.village));
  // Rings at the villages' label points, so the plan shows at the county's zoom too, where villages are not drawn.
  const rings: PointSet = {
    id: 'plan-villages',
    style: 'ring',
    points: planByVillage(plan).flatMap(({ village, actions }) => {
      const f = geometry.byCode.get(village);
      return f ? [{ id: village, position: f.label, colour: PLAN_COLOUR, radius: 9, title: f.name, lines: [[planText.mapLegend, actions.map((a) => planActionNames[a]).join('、')] as [string, string]] }] : [];
    }).concat(
      homes.flatMap((code) => {
        const f = geometry.byCode.get(code);
        return f ? [{ id: code, position: f.label, colour: PLAN_COLOUR, radius: 14, title: f.name, lines: [[planText.mapLegend, planText.homeAction] as [string, string]] }] : [];
      }),
    ),
  };
  return {
    ...theme,
    points: [...theme.points, rings],
    fill: (f) => (f.level === 'village' && villages.has(f.code) ? PLAN_COLOUR : theme.fill(f)),
    fillKey: planFillKey(theme.fillKey, on, plan, homes),
    legend: { ...theme.legend, items: [...theme.legend.items, { label: planText.mapLegend, colour: PLAN_COLOUR, shape: 'ring' }] },
  };
}

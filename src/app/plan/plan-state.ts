/**
 * The plan as the user keeps it: in the address bar (`?plan=`) and in a small JSON file saved and loaded in the
 * browser (never sent anywhere). Pure: no DOM.
 *
 * URL form: entries separated by `,`, in code order: a village's 12-digit code followed by one letter per action, in
 * the order s (新建站点), d (配备儿童主任), t (培训); a township's 9-digit code followed by h (建设达省标关爱之家):
 * `?plan=320682113h,320682116001sd,320682116203t`. `?plan=` (empty) is plan mode with an empty plan. Anything else
 * is malformed and dropped as a whole.
 */
import { PLAN_ACTIONS, type PlanAction, type PlanItem } from '../../measures/plan';
import { planFileProblems as fp } from '../../i18n/zh-plan';

export const PLAN_PARAM = 'plan';
/** The most villages a plan may hold (a county has a few hundred). */
export const MAX_PLAN_VILLAGES = 3000;
/** A plan file larger than this is refused before it is parsed. */
export const MAX_PLAN_FILE_BYTES = 1_000_000;

const LETTER: Record<PlanAction, string> = { station: 's', director: 'd', training: 't' };
const URL_ENTRY = /^(\d{12})(s?)(d?)(t?)$/;
const URL_HOME = /^(\d{9})h$/;

/** A plan as the app keeps it: the villages' actions and the townships to get a 关爱之家 (9-digit codes). */
export interface PlanState {
  plan: PlanItem[];
  homes: string[];
}

/** Township codes in code order, each once. */
export function normalizeHomes(homes: readonly string[]): string[] {
  return [...new Set(homes)].sort();
}

/** The plan's items grouped by village, in the plan's order; each village's actions in PLAN_ACTIONS order. */
export function planByVillage(plan: readonly PlanItem[]): { village: string; actions: PlanAction[] }[] {
  const byVillage = new Map<string, Set<PlanAction>>();
  for (const p of plan) {
    const set = byVillage.get(p.village) ?? new Set<PlanAction>();
    set.add(p.action);
    byVillage.set(p.village, set);
  }
  return [...byVillage].map(([village, set]) => ({ village, actions: PLAN_ACTIONS.filter((a) => set.has(a)) }));
}

/** The plan in canonical item order: by village code, then action. */
export function normalizePlan(plan: readonly PlanItem[]): PlanItem[] {
  return planByVillage(plan)
    .sort((a, b) => (a.village < b.village ? -1 : a.village > b.village ? 1 : 0))
    .flatMap(({ village, actions }) => actions.map((action) => ({ village, action })));
}

/** `?plan=` value for a plan and its townships' 关爱之家. */
export function encodePlan(plan: readonly PlanItem[], homes: readonly string[] = []): string {
  const villages = planByVillage(normalizePlan(plan)).map(({ village, actions }) => ({ code: village, entry: village + actions.map((a) => LETTER[a]).join('') }));
  const towns = normalizeHomes(homes).map((code) => ({ code, entry: `${code}h` }));
  return [...villages, ...towns]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((e) => e.entry)
    .join(',');
}

/**
 * The plan in a `?plan=` value; null when absent or malformed (a bad entry, a village or township twice, no action,
 * too many).
 */
export function decodePlan(value: string | null): PlanState | null {
  if (value === null) return null;
  if (value === '') return { plan: [], homes: [] };
  const entries = value.split(',');
  if (entries.length > MAX_PLAN_VILLAGES) return null;
  const seen = new Set<string>();
  const plan: PlanItem[] = [];
  const homes: string[] = [];
  for (const entry of entries) {
    const home = URL_HOME.exec(entry);
    if (home) {
      if (seen.has(home[1] as string)) return null;
      seen.add(home[1] as string);
      homes.push(home[1] as string);
      continue;
    }
    const m = URL_ENTRY.exec(entry);
    if (!m || seen.has(m[1] as string) || !(m[2] || m[3] || m[4])) return null;
    const village = m[1] as string;
    seen.add(village);
    if (m[2]) plan.push({ village, action: 'station' });
    if (m[3]) plan.push({ village, action: 'director' });
    if (m[4]) plan.push({ village, action: 'training' });
  }
  return { plan: normalizePlan(plan), homes: normalizeHomes(homes) };
}

/** `search` with the plan written into `?plan=` (null: the parameter removed), every other parameter kept. */
export function withPlanParam(search: string, plan: readonly PlanItem[] | null, homes: readonly string[] = []): string {
  const params = new URLSearchParams(search);
  if (plan === null) params.delete(PLAN_PARAM);
  else params.set(PLAN_PARAM, encodePlan(plan, homes));
  const s = params.toString();
  // A plan's letters and commas need no escaping; keep the parameter readable.
  return s ? `?${s.replaceAll('%2C', ',')}` : '';
}

/** The township actions of a plan file: `home`, a 关爱之家 meeting the provincial standard. */
export const TOWNSHIP_PLAN_ACTIONS = ['home'] as const;

/**
 * What a plan file holds. Version 2 adds `townships`; version 1 (villages only) is still read. A version-1 reader
 * refuses version 2, so a file with townships is never read as a smaller plan.
 */
export interface PlanFile {
  format: 'care-atlas-plan';
  version: 2;
  county_code: string;
  county_name: string;
  /** The extract's as-of date the plan was made against. */
  as_of: string;
  items: { village: string; name: string; actions: PlanAction[] }[];
  townships: { township: string; name: string; actions: (typeof TOWNSHIP_PLAN_ACTIONS)[number][] }[];
}

/** The JSON text of the plan file for `plan` and its townships' 关爱之家 (`homes`). */
export function planFileText(plan: readonly PlanItem[], county: { code: string; name: string }, asOf: string, nameOf: (code: string) => string, homes: readonly string[] = []): string {
  const file: PlanFile = {
    format: 'care-atlas-plan',
    version: 2,
    county_code: county.code,
    county_name: county.name,
    as_of: asOf,
    items: planByVillage(normalizePlan(plan)).map(({ village, actions }) => ({ village, name: nameOf(village), actions })),
    townships: normalizeHomes(homes).map((township) => ({ township, name: nameOf(township), actions: ['home'] })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export type PlanFileResult = PlanState | { problems: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A plan file read back: its plan, or every problem found, each a Chinese sentence naming the file and the field
 * (`规划.json：items[2].village：…`). A plan for another county, or naming a village this extract does not have,
 * is refused as a whole: a plan quietly missing villages would be a different plan. Extra fields are ignored.
 */
export function parsePlanFile(
  fileName: string,
  text: string,
  county: { code: string; name: string },
  hasVillage: (code: string) => boolean,
  hasTownship: (code: string) => boolean = () => false,
): PlanFileResult {
  if (text.length > MAX_PLAN_FILE_BYTES) return { problems: [fp.tooLarge(fileName, '1 MB')] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problems: [fp.notJson(fileName)] };
  }
  const at = (field: string, problem: string) => fp.at(fileName, field, problem);
  if (!isObject(data)) return { problems: [at(fp.wholeFile, fp.notObject)] };
  if (data.format !== 'care-atlas-plan') return { problems: [at('format', fp.format)] };
  if (data.version !== 1 && data.version !== 2) return { problems: [at('version', fp.version(String(data.version)))] };
  const problems: string[] = [];
  if (data.county_code !== county.code) problems.push(at('county_code', fp.otherCounty(String(data.county_code), county.name)));
  const items = data.items;
  if (!Array.isArray(items)) return { problems: [...problems, at('items', fp.notList)] };
  if (items.length > MAX_PLAN_VILLAGES) return { problems: [...problems, at('items', fp.tooMany(MAX_PLAN_VILLAGES))] };
  const plan: PlanItem[] = [];
  const seen = new Set<string>();
  items.forEach((item: unknown, i) => {
    const field = `items[${i}]`;
    if (!isObject(item)) {
      problems.push(at(field, fp.notObject));
      return;
    }
    const village = item.village;
    if (typeof village !== 'string' || !/^\d{12}$/.test(village)) problems.push(at(`${field}.village`, fp.villageCode));
    else if (!hasVillage(village)) problems.push(at(`${field}.village`, fp.unknownVillage(village)));
    else if (seen.has(village)) problems.push(at(`${field}.village`, fp.duplicateVillage(village)));
    const actions = item.actions;
    if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => (PLAN_ACTIONS as readonly unknown[]).includes(a))) {
      problems.push(at(`${field}.actions`, fp.actions));
      return;
    }
    const dup = actions.find((a, j) => actions.indexOf(a) !== j);
    if (dup !== undefined) {
      problems.push(at(`${field}.actions`, fp.duplicateAction(String(dup))));
      return;
    }
    if (typeof village === 'string' && !seen.has(village)) {
      seen.add(village);
      for (const action of actions as PlanAction[]) plan.push({ village, action });
    }
  });
  const homes: string[] = [];
  const townships = data.version === 1 ? [] : data.townships;
  if (!Array.isArray(townships)) problems.push(at('townships', fp.notList));
  else if (townships.length > MAX_PLAN_VILLAGES) problems.push(at('townships', fp.tooMany(MAX_PLAN_VILLAGES)));
  else
    townships.forEach((item: unknown, i) => {
      const field = `townships[${i}]`;
      if (!isObject(item)) {
        problems.push(at(field, fp.notObject));
        return;
      }
      const code = item.township;
      if (typeof code !== 'string' || !/^\d{9}$/.test(code)) problems.push(at(`${field}.township`, fp.townshipCode));
      else if (!hasTownship(code)) problems.push(at(`${field}.township`, fp.unknownTownship(code)));
      else if (homes.includes(code)) problems.push(at(`${field}.township`, fp.duplicateTownship(code)));
      else homes.push(code);
      const actions = item.actions;
      if (!Array.isArray(actions) || actions.length !== 1 || actions[0] !== 'home') problems.push(at(`${field}.actions`, fp.townshipActions));
    });
  return problems.length > 0 ? { problems } : { plan: normalizePlan(plan), homes: normalizeHomes(homes) };
}

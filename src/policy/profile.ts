/**
 * Visit-rule profiles (走访规则方案): per category, colour and condition, how many qualifying visits a child needs
 * a month and which visit modes qualify. The built-in profiles are in `profiles.ts`; a county adds its own as a
 * JSON file of the {@link VisitProfile} shape, checked by {@link parseVisitProfile}.
 *
 * Which rule applies to a child (the precedence, implemented once here by {@link rankRules} and used by both
 * {@link requirementFor} and the SQL of `measures/visit-compliance.ts`):
 *
 * - A rule matches a child when the child has at least one of its `categories` (or it says `'any'`), the child's
 *   colour is one of its `colours` (or `'any'`; a child never assessed is `'ungraded'`; over a month, any colour
 *   the child held during the month counts), and every condition in `when` holds (an unknown flag does not hold).
 * - A child matching several rules (several categories, conditions or colours) takes the STRICTEST one: the
 *   highest `visitsPerMonth`; on a tie, the rule with the fewest qualifying `modes` (a home-visit-only rule is
 *   stricter than one that also accepts a phone call); then the rule with the fewest qualifying visitor `roles`
 *   (a rule naming no role accepts every role); on a further tie, the rule listed first in the profile.
 * - A visit qualifies for a rule when its mode is one of the rule's `modes` and, if the rule names `roles`, its
 *   `visitor_role` is one of them; a visit with no role recorded qualifies under such a rule only when the
 *   profile's {@link unrecordedRoleOf} is `'count'`.
 * - A child matching no rule, or whose strictest rule asks for 0 visits a month, needs no visit: it is not
 *   counted among the children due a visit (the denominator).
 */
import { CATEGORIES, COLOURS, VISIT_MODES, VISITOR_ROLES, type Category, type Colour, type VisitMode } from '../extract/schema';
import { profileProblems as msg } from '../i18n/zh-visits';
import { DEFAULT_SETTINGS, UNRECORDED_ROLE_TREATMENTS, type UnrecordedRoleTreatment } from './settings';

/** The child flags a rule can require (all must hold). */
export const RULE_CONDITIONS = ['child_disabled', 'parent_disabled', 'behavioural_concern'] as const;
export type RuleCondition = (typeof RULE_CONDITIONS)[number];

export type RuleColour = Colour | 'ungraded';
export const RULE_COLOURS: readonly RuleColour[] = [...COLOURS, 'ungraded'];

export type VisitorRole = (typeof VISITOR_ROLES)[number];

/** Most visits a month a rule may ask for. */
export const MAX_VISITS_PER_MONTH = 10;

export interface VisitRule {
  /** Unique within the profile: letters, digits, `_` and `-`. */
  id: string;
  categories: Category[] | 'any';
  colours: RuleColour[] | 'any';
  /** Extra conditions, all must hold. */
  when?: { child_disabled?: true; parent_disabled?: true; behavioural_concern?: true };
  /** Qualifying visits needed each calendar month, an integer 0–10 (0: no monthly visit required). */
  visitsPerMonth: number;
  /** Visit modes that count towards `visitsPerMonth`; non-empty when `visitsPerMonth` > 0. */
  modes: VisitMode[];
  /**
   * Visitor roles whose visits count (non-empty, from the extract's `visitor_role` codes); absent: a visit by
   * anyone, or with no role recorded, counts.
   */
  roles?: VisitorRole[];
  /** Chinese citation: source file, clause and the quoted words. */
  clause: string;
  /** Chinese, e.g. where a number is a setting not fixed by the source. */
  note?: string;
}

export interface VisitProfile {
  /** Letters, digits, `_` and `-`, e.g. `guanyun-2022`. */
  id: string;
  /** Chinese. */
  name: string;
  /** Chinese: the document the rules come from. */
  source: string;
  rules: VisitRule[];
  /**
   * The 走访合规率 an area is expected to reach: the briefing (简报) names the areas below it. Optional; without it
   * the target is 100% (every child due visited every month, as the texts ask).
   */
  complianceTarget?: ComplianceTarget;
  /**
   * Whether a visit with no `visitor_role` recorded counts under a rule that names `roles`. Optional; without it
   * the setting `DEFAULT_SETTINGS.unrecordedVisitorRole` applies.
   */
  unrecordedRole?: UnrecordedRoleTreatment;
}

export interface ComplianceTarget {
  /** A share, above 0 and at most 1. */
  rate: number;
  /** Chinese: where the number comes from (a policy clause, or a setting the county chose). */
  note: string;
}

/** The profile's compliance target, or 100% with a note saying so when the profile sets none. */
export function complianceTargetOf(profile: VisitProfile): ComplianceTarget {
  return profile.complianceTarget ?? { rate: 1, note: msg.defaultTargetNote };
}

export type VisitProfileResult = { ok: true; profile: VisitProfile } | { ok: false; errors: string[] };

/** What a rule looks at on a child. Flags are `null` when unknown (they then do not hold). */
export interface RuleSubject {
  categories: readonly Category[];
  /** The colours held in the period looked at; `['ungraded']` for a child never assessed. */
  colours: readonly RuleColour[];
  child_disabled?: boolean | null;
  parent_disabled?: boolean | null;
  behavioural_concern?: boolean | null;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const RULE_KEYS = ['id', 'categories', 'colours', 'when', 'visitsPerMonth', 'modes', 'roles', 'clause', 'note'] as const;
const PROFILE_KEYS = ['id', 'name', 'source', 'rules', 'complianceTarget', 'unrecordedRole'] as const;

/** Days after the last qualifying visit before a child is overdue: ceil(31 / visitsPerMonth). */
export function overdueAfterDays(rule: Pick<VisitRule, 'visitsPerMonth'>): number {
  if (rule.visitsPerMonth <= 0) throw new Error('a rule with no monthly visit has no overdue interval');
  return Math.ceil(31 / rule.visitsPerMonth);
}

/** Roles a rule accepts, for precedence: a rule naming none accepts all of them and visits with no role. */
const roleCount = (rule: VisitRule) => rule.roles?.length ?? VISITOR_ROLES.length + 1;

/**
 * The rules that ask for at least one visit a month, strictest first (see the precedence above): the first
 * matching rule in this order is a child's requirement.
 */
export function rankRules(profile: VisitProfile): VisitRule[] {
  return profile.rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => rule.visitsPerMonth > 0)
    .sort(
      (a, b) =>
        b.rule.visitsPerMonth - a.rule.visitsPerMonth ||
        a.rule.modes.length - b.rule.modes.length ||
        roleCount(a.rule) - roleCount(b.rule) ||
        a.index - b.index,
    )
    .map(({ rule }) => rule);
}

/** True when `rule` matches the child (with any of the colours it held). */
export function ruleMatches(rule: VisitRule, child: RuleSubject): boolean {
  if (rule.categories !== 'any' && !rule.categories.some((c) => child.categories.includes(c))) return false;
  if (rule.colours !== 'any' && !rule.colours.some((c) => child.colours.includes(c))) return false;
  for (const flag of RULE_CONDITIONS) if (rule.when?.[flag] && child[flag] !== true) return false;
  return true;
}

/** The child's requirement under `profile`: the strictest matching rule, or null when no visit is needed. */
export function requirementFor(profile: VisitProfile, child: RuleSubject): VisitRule | null {
  return rankRules(profile).find((rule) => ruleMatches(rule, child)) ?? null;
}

/** How visits with no visitor role recorded are treated under rules naming roles: the profile's, or the setting. */
export function unrecordedRoleOf(profile: VisitProfile): UnrecordedRoleTreatment {
  return profile.unrecordedRole ?? DEFAULT_SETTINGS.unrecordedVisitorRole.treatment;
}

/** True when some rule asking for visits names the roles that qualify. */
export function namesRoles(profile: VisitProfile): boolean {
  return rankRules(profile).some((r) => r.roles !== undefined);
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

function unknownKeys(obj: Json, allowed: readonly string[], path: string, errors: string[]): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) errors.push(msg.unknownField(path ? `${path}.${k}` : k));
}

/** A list of allowed values, or the word 'any'; undefined when invalid (errors pushed). */
function parseChoice<T extends string>(value: unknown, allowed: readonly T[], field: string, errors: string[]): T[] | 'any' | undefined {
  if (value === 'any') return 'any';
  if (!Array.isArray(value) || value.length === 0) {
    errors.push(msg.badChoice(field, allowed));
    return undefined;
  }
  return parseList(value, allowed, field, errors);
}

function parseList<T extends string>(value: unknown[], allowed: readonly T[], field: string, errors: string[]): T[] | undefined {
  const out: T[] = [];
  let ok = true;
  value.forEach((v, i) => {
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      errors.push(msg.badValue(`${field}[${i}]`, String(typeof v === 'string' ? v : JSON.stringify(v)), allowed));
      ok = false;
    } else if (out.includes(v as T)) {
      errors.push(msg.duplicateValue(`${field}[${i}]`, v));
      ok = false;
    } else out.push(v as T);
  });
  return ok ? out : undefined;
}

function parseRule(json: unknown, path: string, errors: string[]): VisitRule | undefined {
  if (!isObject(json)) {
    errors.push(msg.notObject(path));
    return undefined;
  }
  const before = errors.length;
  unknownKeys(json, RULE_KEYS, path, errors);
  if (!nonEmptyString(json.id) || !ID.test(json.id)) errors.push(msg.badId(`${path}.id`));
  const categories = parseChoice(json.categories, CATEGORIES, `${path}.categories`, errors);
  const colours = parseChoice(json.colours, RULE_COLOURS, `${path}.colours`, errors);

  let when: VisitRule['when'];
  if (json.when !== undefined) {
    if (!isObject(json.when)) errors.push(msg.notObject(`${path}.when`));
    else {
      when = {};
      for (const [k, v] of Object.entries(json.when)) {
        if (!(RULE_CONDITIONS as readonly string[]).includes(k)) errors.push(msg.unknownCondition(`${path}.when.${k}`, RULE_CONDITIONS));
        else if (v !== true) errors.push(msg.conditionNotTrue(`${path}.when.${k}`));
        else when[k as RuleCondition] = true;
      }
    }
  }

  const perMonth = json.visitsPerMonth;
  const perMonthOk = typeof perMonth === 'number' && Number.isInteger(perMonth) && perMonth >= 0 && perMonth <= MAX_VISITS_PER_MONTH;
  if (!perMonthOk) errors.push(msg.badVisitsPerMonth(`${path}.visitsPerMonth`, JSON.stringify(perMonth) ?? 'undefined', MAX_VISITS_PER_MONTH));

  let modes: VisitMode[] | undefined;
  if (!Array.isArray(json.modes)) errors.push(msg.modesNotList(`${path}.modes`, VISIT_MODES));
  else {
    modes = parseList(json.modes, VISIT_MODES, `${path}.modes`, errors);
    if (modes && modes.length === 0 && perMonthOk && perMonth > 0) errors.push(msg.modesEmpty(`${path}.modes`));
  }

  let roles: VisitorRole[] | undefined;
  if (json.roles !== undefined) {
    if (!Array.isArray(json.roles) || json.roles.length === 0) errors.push(msg.rolesNotList(`${path}.roles`, VISITOR_ROLES));
    else roles = parseList(json.roles, VISITOR_ROLES, `${path}.roles`, errors);
  }

  if (!nonEmptyString(json.clause)) errors.push(msg.missingText(`${path}.clause`, '条款出处'));
  if (json.note !== undefined && !nonEmptyString(json.note)) errors.push(msg.missingText(`${path}.note`, '说明'));

  if (errors.length > before || !categories || !colours || !modes) return undefined;
  const rule: VisitRule = {
    id: json.id as string,
    categories,
    colours,
    visitsPerMonth: perMonth as number,
    modes,
    clause: json.clause as string,
  };
  if (when && Object.keys(when).length > 0) rule.when = when;
  if (roles) rule.roles = roles;
  if (json.note !== undefined) rule.note = json.note as string;
  return rule;
}

/**
 * Checks a profile read from JSON: known fields only, ids of letters/digits/`_`/`-` (rule ids unique), category,
 * colour and mode values from the extract format (categories and colours a non-empty list or `"any"`),
 * `visitsPerMonth` an integer 0–10, `modes` non-empty when `visitsPerMonth` > 0, `roles` (optional) a non-empty
 * list of the format's visitor roles, a non-empty `clause`, at least one rule; `unrecordedRole` (optional)
 * `"count"` or `"exclude"`. Every error is in Chinese and names the field (e.g. `rules[2].visitsPerMonth`).
 */
export function parseVisitProfile(json: unknown): VisitProfileResult {
  if (!isObject(json)) return { ok: false, errors: [msg.profileNotObject] };
  const errors: string[] = [];
  unknownKeys(json, PROFILE_KEYS, '', errors);
  if (!nonEmptyString(json.id) || !ID.test(json.id)) errors.push(msg.badId('id'));
  if (!nonEmptyString(json.name)) errors.push(msg.missingText('name', '方案名称'));
  if (!nonEmptyString(json.source)) errors.push(msg.missingText('source', '依据文件'));
  const rules: VisitRule[] = [];
  if (!Array.isArray(json.rules) || json.rules.length === 0) errors.push(msg.noRules);
  else {
    const seen = new Map<string, number>();
    json.rules.forEach((r: unknown, i) => {
      const rule = parseRule(r, `rules[${i}]`, errors);
      if (isObject(r) && typeof r.id === 'string') {
        const first = seen.get(r.id);
        if (first !== undefined) errors.push(msg.duplicateRuleId(`rules[${i}].id`, r.id, `rules[${first}]`));
        else seen.set(r.id, i);
      }
      if (rule) rules.push(rule);
    });
  }
  let complianceTarget: ComplianceTarget | undefined;
  if (json.complianceTarget !== undefined) {
    const t = json.complianceTarget;
    if (!isObject(t)) errors.push(msg.notObject('complianceTarget'));
    else {
      unknownKeys(t, ['rate', 'note'], 'complianceTarget', errors);
      const rateOk = typeof t.rate === 'number' && Number.isFinite(t.rate) && t.rate > 0 && t.rate <= 1;
      if (!rateOk) errors.push(msg.badTargetRate('complianceTarget.rate', JSON.stringify(t.rate) ?? 'undefined'));
      if (!nonEmptyString(t.note)) errors.push(msg.missingText('complianceTarget.note', '目标说明'));
      if (rateOk && nonEmptyString(t.note)) complianceTarget = { rate: t.rate as number, note: t.note };
    }
  }
  const unrecorded = json.unrecordedRole;
  if (unrecorded !== undefined && !(UNRECORDED_ROLE_TREATMENTS as readonly unknown[]).includes(unrecorded)) {
    errors.push(msg.badValue('unrecordedRole', typeof unrecorded === 'string' ? unrecorded : (JSON.stringify(unrecorded) ?? 'undefined'), UNRECORDED_ROLE_TREATMENTS));
  }
  if (errors.length > 0) return { ok: false, errors };
  const profile: VisitProfile = { id: json.id as string, name: json.name as string, source: json.source as string, rules };
  if (complianceTarget) profile.complianceTarget = complianceTarget;
  if (unrecorded !== undefined) profile.unrecordedRole = unrecorded as UnrecordedRoleTreatment;
  return { ok: true, profile };
}

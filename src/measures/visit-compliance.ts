import { dateLiteral, ident, literal } from './sql';
import { CATEGORIES, VISIT_MODES as MODES, VISITOR_ROLES } from '../extract/schema';
import { addMonths, evaluationDate, isMonth, monthStart } from './months';
import { areaFilter, villageToArea, type AreaLevel, type AreaScope } from './areas';
import { RULE_COLOURS, overdueAfterDays, rankRules, unrecordedRoleOf, type VisitProfile } from '../policy/profile';

/**
 * 走访合规 (visit compliance) under a visit-rule profile (`src/policy/profile.ts`, where the precedence between
 * rules is defined). All three builders share the SQL below; the Chinese definitions in `src/i18n/zh-visits.ts`
 * say the same thing.
 *
 * A month M ('YYYY-MM'):
 * - Evaluation date E = the earlier of the last day of M and `asOf` (the extract date): a month still running
 *   is judged on the days so far. A month that begins after `asOf` has no child due.
 * - DUE in M: on the roll for the whole of M up to E, i.e. `enrolled_on` NULL or ≤ the 1st of M, and
 *   `exited_on` NULL or > E (a child leaves on its exit day). A child who joins or leaves during M is not due
 *   that month (a grace month) — and must still match a rule asking for at least one visit a month.
 * - Colours in M: the colour held on the 1st (latest assessment on or before it) plus every colour assessed from
 *   the 2nd up to E; none at all up to E → 'ungraded'. The rule is the strictest over all of them (a child going
 *   yellow → red mid-month is held to red's rule for that month).
 * - Qualifying visits: visits dated from the 1st of M to E whose mode is one of the matched rule's modes and,
 *   when the rule names `roles`, whose `visitor_role` is one of them (a visit with no role recorded qualifies
 *   then only when the profile's `unrecordedRoleOf` is 'count'). Compliant iff their number ≥ the rule's
 *   `visitsPerMonth`. rate = compliant / due, NULL when due = 0.
 * - role_excluded_visits: visits in M to due children, of a mode their rule accepts, not counted because of
 *   their visitor role (or because none is recorded, under 'exclude'); role_unrecorded_visits: those with no
 *   role recorded that were counted (under 'count') by a rule naming roles.
 *
 * At E, the same evaluation date (overdue, never visited, due then); for a past month that is its last day, so
 * these say what was true then, from the dated records (visits, assessments, enrolment and exit):
 * - On the roll at E (same test as risk mix), colour = latest assessment ≤ E (none → 'ungraded'), the
 *   strictest matching rule with ≥ 1 visit a month: these are the children needing visits (due_now).
 * - overdue: of those, no qualifying visit (mode and role as above) on or before E, or the last one more
 *   than ceil(31 / visitsPerMonth) days before E (31 days for one a month, 16 for two).
 * - never_visited: of those, no visit of any mode or role on or before E.
 *
 * Performance (a province: 500k children, 6M visits): no correlated subquery per child. Visits are aggregated
 * once, per child and month with a count per mode and role bucket (see `roleBuckets`), and per child with the
 * last date per mode and bucket; the colour history
 * becomes periods with one window function, each spread over the months it touches; the profile is two small
 * VALUES tables, one of them keyed by (category, colour, flags) so that children meet their rules on an
 * equi-join. Below the county, visits and assessments are first cut to the children in the area.
 */

export interface VisitComplianceParams extends AreaScope {
  /** 'YYYY-MM'. */
  month: string;
  /** ISO date of the extract: cuts the month and dates overdue. */
  asOf: string;
  profile: VisitProfile;
}

/** One row per area of the scope, as returned by {@link visitComplianceSql}. */
export interface VisitComplianceRow {
  code: string;
  name: string;
  /** 应访儿童: children due a visit in the month. */
  due: number;
  /** 已合规: due children whose qualifying visits met the rule. */
  compliant: number;
  /** 走访合规率 = compliant / due; NULL when due = 0. */
  rate: number | null;
  /** 逾期未访 at E. */
  overdue: number;
  /** 从未走访 at E. */
  never_visited: number;
  /** Visits in the month of an accepted mode not counted because of the visitor's role. */
  role_excluded_visits: number;
  /** Visits in the month with no visitor role recorded, counted under a rule naming roles. */
  role_unrecorded_visits: number;
}

export interface VisitTrendParams {
  /** The area whose children are counted; `{ level: 'county', code: <county code> }` is a whole county (likewise a city or a province). */
  area: { level: AreaLevel; code: string };
  /** Last month of the trend, 'YYYY-MM'. */
  endMonth: string;
  /** Number of months, 1–120, ending with `endMonth`. */
  months: number;
  asOf: string;
  profile: VisitProfile;
}

/** One row per month, oldest first, as returned by {@link visitTrendSql}. */
export interface VisitTrendRow {
  /** 'YYYY-MM'. */
  month: string;
  due: number;
  compliant: number;
  rate: number | null;
}

export interface OverdueByVillageParams {
  /** A township's code to list only its villages (the county's code, or nothing, lists every village). */
  parentCode?: string | null;
  /** 'YYYY-MM': the list is taken at its evaluation date E (its last day, or `asOf` when earlier). */
  month: string;
  asOf: string;
  profile: VisitProfile;
}

/** A village with at least one overdue child, as returned by {@link overdueByVillageSql}. */
export interface OverdueVillageRow {
  code: string;
  name: string;
  township_code: string;
  township_name: string;
  /** Children on the roll at E needing visits. */
  due_now: number;
  overdue: number;
}

const MAX_TREND_MONTHS = 120;

function checkedMonth(month: string): string {
  if (!isMonth(month)) throw new Error(`not a month (YYYY-MM): ${month}`);
  return month;
}

/** DATE literal of the 1st of a validated month. */
function firstDay(month: string): string {
  if (!isMonth(month)) throw new Error(`not a month (YYYY-MM): ${month}`);
  return dateLiteral(monthStart(month));
}

const FLAG_COMBINATIONS: readonly (readonly [boolean, boolean, boolean])[] = [false, true].flatMap((a) =>
  [false, true].flatMap((b) => [false, true].map((c) => [a, b, c] as const)),
);

type Cell = string | number | boolean | readonly string[];

/**
 * A VALUES table as a FROM item named `alias`, every cell through literal(). With no rows, `emptyRow` (whose first
 * cell is a typed NULL) gives the column types and is filtered out.
 */
function valuesTable(rows: readonly (readonly Cell[])[], alias: string, columns: string, emptyRow: string): string {
  const cell = (v: Cell) => (typeof v === 'object' ? `CAST(${literal(v)} AS VARCHAR[])` : literal(v));
  if (rows.length === 0) {
    return `(SELECT * FROM (VALUES (${emptyRow})) AS e(${columns}) WHERE e.${columns.split(',')[0]} IS NOT NULL) AS ${alias}`;
  }
  return `(VALUES ${rows.map((r) => `(${r.map(cell).join(', ')})`).join(', ')}) AS ${alias}(${columns})`;
}

/**
 * The profile as small VALUES tables, every value through literal():
 * - `rules(rank, rule_id, need_child_disabled, need_parent_disabled, need_behavioural, per_month, modes,
 *   overdue_days, any_role, roles, unrecorded_ok)`, strictest first (rank 1, see `rankRules`), rules asking for
 *   no visit left out; `any_role` when the rule names no role, `unrecorded_ok` when a visit with no role
 *   recorded counts under it;
 * - `rule_keys(rank, category, colour, child_disabled, parent_disabled, behavioural_concern)`: every combination
 *   of a child's category, colour and flags that a rule matches ('any' and absent conditions spelled out), so that
 *   children meet their rules on one equi-join rather than a nested loop over list functions.
 * A child's requirement is the matching rule of lowest rank.
 */
function rulesCtes(profile: VisitProfile): string {
  const ranked = rankRules(profile);
  const countUnrecorded = unrecordedRoleOf(profile) === 'count';
  const rules = valuesTable(
    ranked.map((rule, i) => [
      i + 1,
      rule.id,
      rule.when?.child_disabled === true,
      rule.when?.parent_disabled === true,
      rule.when?.behavioural_concern === true,
      rule.visitsPerMonth,
      rule.modes,
      overdueAfterDays(rule),
      rule.roles === undefined,
      rule.roles ?? [],
      rule.roles === undefined || countUnrecorded,
    ]),
    't',
    'rank, rule_id, need_child_disabled, need_parent_disabled, need_behavioural, per_month, modes, overdue_days, any_role, roles, unrecorded_ok',
    'CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR), FALSE, FALSE, FALSE, 0, CAST([] AS VARCHAR[]), 0, TRUE, CAST([] AS VARCHAR[]), TRUE',
  );
  const categories = valuesTable(
    ranked.flatMap((rule, i) => (rule.categories === 'any' ? CATEGORIES : rule.categories).map((c) => [i + 1, c])),
    'c',
    'rank, category',
    'CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR)',
  );
  const colours = valuesTable(
    ranked.flatMap((rule, i) => (rule.colours === 'any' ? RULE_COLOURS : rule.colours).map((c) => [i + 1, c])),
    'o',
    'rank, colour',
    'CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR)',
  );
  const flags = valuesTable(FLAG_COMBINATIONS, 'f', 'child_disabled, parent_disabled, behavioural_concern', 'CAST(NULL AS BOOLEAN), FALSE, FALSE');
  return `rules AS (
  SELECT * FROM ${rules}
), rule_keys AS (
  SELECT u.rank, c.category, o.colour, f.child_disabled, f.parent_disabled, f.behavioural_concern
  FROM rules u
  JOIN ${categories} ON c.rank = u.rank
  JOIN ${colours} ON o.rank = u.rank
  CROSS JOIN ${flags}
  WHERE (f.child_disabled OR NOT u.need_child_disabled)
    AND (f.parent_disabled OR NOT u.need_parent_disabled)
    AND (f.behavioural_concern OR NOT u.need_behavioural)
)`;
}

/**
 * Visits are counted per mode and per role bucket, so that children meet their visits on one equi-join (no
 * group by per child): one bucket per role some rule names, one for the other roles and one for no role
 * recorded; a profile naming no role has a single bucket (roles do not matter), as before roles existed.
 */
interface RoleBucket {
  key: string;
  /** Condition on a `visits` row. */
  holds: string;
  /** True when rule `u`'s visits include this bucket's. */
  accepted: (u: string) => string;
  /** The bucket of visits with no role recorded. */
  unrecorded: boolean;
}

function roleBuckets(profile: VisitProfile): RoleBucket[] {
  const named = VISITOR_ROLES.filter((r) => rankRules(profile).some((rule) => rule.roles?.includes(r)));
  if (named.length === 0) return [{ key: 'all', holds: 'TRUE', accepted: () => 'TRUE', unrecorded: false }];
  return [
    ...named.map((r) => ({ key: r, holds: `visitor_role = ${literal(r)}`, accepted: (u: string) => `(${u}.any_role OR list_contains(${u}.roles, ${literal(r)}))`, unrecorded: false })),
    { key: 'other', holds: `visitor_role NOT IN (${named.map((r) => literal(r)).join(', ')})`, accepted: (u: string) => `${u}.any_role`, unrecorded: false },
    { key: 'none', holds: 'visitor_role IS NULL', accepted: (u: string) => `${u}.unrecorded_ok`, unrecorded: true },
  ];
}

/** Every (mode, bucket) pair, with its column name prefixed by `prefix`. */
const cells = (buckets: RoleBucket[], prefix: string) =>
  MODES.flatMap((mode) => buckets.map((b) => ({ mode, b, col: ident(`${prefix}_${mode}_${b.key}`) })));

/**
 * SQL summing the cells of row `v` (columns `n_<mode>_<bucket>`) of rule `u`'s modes, those whose bucket `which`
 * ('accepted': counts under the rule; 'excluded': not because of the role; 'unrecorded': counted, with no role).
 */
function sumCells(buckets: RoleBucket[], u: string, v: string, which: 'accepted' | 'excluded' | 'unrecorded'): string {
  const terms = cells(buckets, 'n').flatMap(({ mode, b, col }) => {
    if (which === 'unrecorded' && !b.unrecorded) return [];
    const role = which === 'accepted' ? b.accepted(u) : which === 'excluded' ? `NOT ${b.accepted(u)}` : `(NOT ${u}.any_role AND ${u}.unrecorded_ok)`;
    return [`CASE WHEN list_contains(${u}.modes, ${literal(mode)}) AND ${role} THEN coalesce(${v}.${col}, 0) ELSE 0 END`];
  });
  return terms.length > 0 ? `(${terms.join(' + ')})` : '0';
}

/** Join condition of `rule_keys k` on child row `x` (with `category` and `colour`). */
function keyMatch(k: string, x: string): string {
  return `${k}.category = ${x}.category AND ${k}.colour = ${x}.colour
    AND ${k}.child_disabled = coalesce(${x}.child_disabled, FALSE)
    AND ${k}.parent_disabled = coalesce(${x}.parent_disabled, FALSE)
    AND ${k}.behavioural_concern = coalesce(${x}.behavioural_concern, FALSE)`;
}

/**
 * CTEs for month compliance, ending in `child_m(child_key, m_start, village_code, compliant, role_excluded,
 * role_unrecorded)`: one row per child due in a month. Expects the CTEs of {@link rulesCtes}; `monthStarts` is a query with one DATE column `m_start`
 * running from `fromMonth` to `toMonth`; `areaCondition` is an extra condition on the child's village row `v`
 * (or ''); `narrow` cuts visits and assessments to the children of the area first.
 */
function monthCtes(monthStarts: string, fromMonth: string, toMonth: string, asOf: string, areaCondition: string, narrow: boolean, buckets: RoleBucket[]): string {
  const d = dateLiteral(asOf);
  const onRoll = narrow ? ' AND child_key IN (SELECT child_key FROM roll_m)' : '';
  return `months AS (
  SELECT m_start, least(last_day(m_start), ${d}) AS m_end FROM (${monthStarts})
), roll_m AS (
  SELECT c.child_key, c.village_code, c.categories, c.child_disabled, c.parent_disabled, c.behavioural_concern, m.m_start, m.m_end
  FROM children c JOIN regions v ON v.code = c.village_code CROSS JOIN months m
  WHERE m.m_start <= m.m_end
    AND (c.enrolled_on IS NULL OR c.enrolled_on <= m.m_start)
    AND (c.exited_on IS NULL OR c.exited_on > m.m_end)${areaCondition}
), periods AS (
  SELECT child_key, colour, assessed_on AS valid_from,
    lead(assessed_on) OVER (PARTITION BY child_key ORDER BY assessed_on) AS valid_to
  FROM colour_assessments WHERE assessed_on <= ${d}${onRoll}
), held_m AS (
  -- The colours each child held during each month: a colour period [valid_from, valid_to) spread over the months
  -- it touches, so that it meets the roll on an equi-join.
  SELECT child_key, colour, CAST(unnest(generate_series(
      greatest(CAST(date_trunc('month', valid_from) AS DATE), ${firstDay(fromMonth)}),
      least(CAST(date_trunc('month', coalesce(valid_to - 1, ${d})) AS DATE), ${firstDay(toMonth)}),
      INTERVAL 1 MONTH)) AS DATE) AS m_start
  FROM periods WHERE valid_to IS NULL OR valid_to > ${firstDay(fromMonth)}
), need_m AS (
  SELECT x.child_key, x.m_start, x.village_code, min(k.rank) AS rank
  FROM (
    SELECT r.child_key, r.m_start, r.village_code, r.child_disabled, r.parent_disabled, r.behavioural_concern,
      unnest(r.categories) AS category, coalesce(h.colour, 'ungraded') AS colour
    FROM roll_m r LEFT JOIN held_m h ON h.child_key = r.child_key AND h.m_start = r.m_start
  ) x
  JOIN rule_keys k ON ${keyMatch('k', 'x')}
  GROUP BY x.child_key, x.m_start, x.village_code
), visits_m AS (
  SELECT child_key, CAST(date_trunc('month', visited_on) AS DATE) AS m_start,
    ${cells(buckets, 'n').map(({ mode, b, col }) => `count(*) FILTER (WHERE mode = ${literal(mode)} AND ${b.holds}) AS ${col}`).join(',\n    ')}
  FROM visits WHERE visited_on >= ${firstDay(fromMonth)} AND visited_on <= ${d}${onRoll}
  GROUP BY ALL
), child_m AS (
  SELECT n.child_key, n.m_start, n.village_code,
    ${sumCells(buckets, 'u', 'vm', 'accepted')} >= u.per_month AS compliant,
    ${sumCells(buckets, 'u', 'vm', 'excluded')} AS role_excluded,
    ${sumCells(buckets, 'u', 'vm', 'unrecorded')} AS role_unrecorded
  FROM need_m n JOIN rules u ON u.rank = n.rank
  LEFT JOIN visits_m vm ON vm.child_key = n.child_key AND vm.m_start = n.m_start
)`;
}

/**
 * CTEs for the state at date `at` (E), ending in `status_now(child_key, village_code, overdue, never_visited)`:
 * one row per child on the roll then needing visits. Expects the CTEs of {@link rulesCtes}.
 */
function nowCtes(at: string, areaCondition: string, narrow: boolean, buckets: RoleBucket[]): string {
  const d = dateLiteral(at);
  const onRoll = narrow ? ' AND child_key IN (SELECT child_key FROM roll_now)' : '';
  return `roll_now AS (
  SELECT c.child_key, c.village_code, c.categories, c.child_disabled, c.parent_disabled, c.behavioural_concern
  FROM children c JOIN regions v ON v.code = c.village_code
  WHERE (c.enrolled_on IS NULL OR c.enrolled_on <= ${d}) AND (c.exited_on IS NULL OR c.exited_on > ${d})${areaCondition}
), colour_now AS (
  SELECT child_key, arg_max(colour, assessed_on) AS colour
  FROM colour_assessments WHERE assessed_on <= ${d}${onRoll} GROUP BY child_key
), need_now AS (
  SELECT x.child_key, x.village_code, min(k.rank) AS rank
  FROM (
    SELECT r.child_key, r.village_code, r.child_disabled, r.parent_disabled, r.behavioural_concern,
      unnest(r.categories) AS category, coalesce(cn.colour, 'ungraded') AS colour
    FROM roll_now r LEFT JOIN colour_now cn ON cn.child_key = r.child_key
  ) x
  JOIN rule_keys k ON ${keyMatch('k', 'x')}
  GROUP BY x.child_key, x.village_code
), last_visit AS (
  SELECT child_key,
    ${cells(buckets, 'last').map(({ mode, b, col }) => `max(visited_on) FILTER (WHERE mode = ${literal(mode)} AND ${b.holds}) AS ${col}`).join(',\n    ')}
  FROM visits WHERE visited_on <= ${d}${onRoll} GROUP BY child_key
), status_now AS (
  SELECT n.child_key, n.village_code,
    coalesce(date_diff('day', greatest(${cells(buckets, 'last').map(({ mode, b, col }) => `CASE WHEN list_contains(u.modes, ${literal(mode)}) AND ${b.accepted('u')} THEN l.${col} END`).join(', ')}), ${d}) > u.overdue_days, TRUE) AS overdue,
    l.child_key IS NULL AS never_visited
  FROM need_now n JOIN rules u ON u.rank = n.rank
  LEFT JOIN last_visit l ON l.child_key = n.child_key
)`;
}

/**
 * True when `code` is below the county (a township or village code): the children looked at are then few, and the
 * visits and assessments are cut down to theirs before they are aggregated. For the whole county that semi-join
 * costs more than it saves, so it is left out.
 */
const belowCounty = (code: string | null | undefined) => !!code && code.length > 6;

/** Condition on village row `v`: its area at `scope.level` is one of the scope's areas. */
function inScope(scope: AreaScope): string {
  return `\n    AND ${villageToArea(scope.level)} IN (SELECT a.code FROM regions a WHERE ${areaFilter(scope)})`;
}

/**
 * 走访合规 per area for one month, with overdue and never-visited counts at the month's evaluation date E
 * (semantics above). Every area of the scope is returned, with zeros (and a NULL rate) when it has no child due.
 */
export function visitComplianceSql({ level, parentCode, month, asOf, profile }: VisitComplianceParams): string {
  const scope: AreaScope = { level, parentCode };
  const area = villageToArea(level);
  const at = evaluationDate(checkedMonth(month), asOf);
  const buckets = roleBuckets(profile);
  return `WITH ${rulesCtes(profile)}, ${monthCtes(`SELECT ${firstDay(month)} AS m_start`, month, month, asOf, inScope(scope), belowCounty(parentCode), buckets)}, ${nowCtes(at, inScope(scope), belowCounty(parentCode), buckets)},
month_by_area AS (
  SELECT ${area} AS code, count(*) AS due, count(*) FILTER (WHERE cm.compliant) AS compliant,
    sum(cm.role_excluded) AS role_excluded, sum(cm.role_unrecorded) AS role_unrecorded
  FROM child_m cm JOIN regions v ON v.code = cm.village_code GROUP BY 1
), now_by_area AS (
  SELECT ${area} AS code, count(*) FILTER (WHERE s.overdue) AS overdue, count(*) FILTER (WHERE s.never_visited) AS never_visited
  FROM status_now s JOIN regions v ON v.code = s.village_code GROUP BY 1
)
SELECT a.code, a.name,
  CAST(coalesce(m.due, 0) AS INTEGER) AS due,
  CAST(coalesce(m.compliant, 0) AS INTEGER) AS compliant,
  CASE WHEN m.due > 0 THEN CAST(m.compliant AS DOUBLE) / m.due END AS rate,
  CAST(coalesce(n.overdue, 0) AS INTEGER) AS overdue,
  CAST(coalesce(n.never_visited, 0) AS INTEGER) AS never_visited,
  CAST(coalesce(m.role_excluded, 0) AS INTEGER) AS role_excluded_visits,
  CAST(coalesce(m.role_unrecorded, 0) AS INTEGER) AS role_unrecorded_visits
FROM regions a LEFT JOIN month_by_area m ON m.code = a.code LEFT JOIN now_by_area n ON n.code = a.code
WHERE ${areaFilter(scope)}
ORDER BY a.code`;
}

/**
 * 走访合规率 month by month for one area: `months` months ending with `endMonth`, oldest first, every month
 * present (zeros and a NULL rate when no child is due, e.g. a month after `asOf`). One statement.
 */
export function visitTrendSql({ area, endMonth, months, asOf, profile }: VisitTrendParams): string {
  if (!Number.isInteger(months) || months < 1 || months > MAX_TREND_MONTHS) throw new Error(`months must be an integer 1–${MAX_TREND_MONTHS}: ${months}`);
  const startMonth = addMonths(endMonth, -(months - 1));
  const monthStarts = `SELECT CAST(g.m AS DATE) AS m_start FROM generate_series(${firstDay(startMonth)}, ${firstDay(endMonth)}, INTERVAL 1 MONTH) AS g(m)`;
  const areaCondition = `\n    AND ${villageToArea(area.level)} = ${literal(area.code)}`;
  return `WITH ${rulesCtes(profile)}, ${monthCtes(monthStarts, startMonth, endMonth, asOf, areaCondition, area.level === 'township' || area.level === 'village', roleBuckets(profile))},
by_month AS (
  SELECT m_start, count(*) AS due, count(*) FILTER (WHERE compliant) AS compliant FROM child_m GROUP BY m_start
)
SELECT strftime(m.m_start, '%Y-%m') AS month,
  CAST(coalesce(b.due, 0) AS INTEGER) AS due,
  CAST(coalesce(b.compliant, 0) AS INTEGER) AS compliant,
  CASE WHEN b.due > 0 THEN CAST(b.compliant AS DOUBLE) / b.due END AS rate
FROM months m LEFT JOIN by_month b ON b.m_start = m.m_start
ORDER BY m.m_start`;
}

/**
 * Villages with at least one overdue child at the month's evaluation date E (optionally only those of one
 * township), most overdue first, then by code; `due_now` = children on the roll there needing visits at E.
 */
export function overdueByVillageSql({ parentCode, month, asOf, profile }: OverdueByVillageParams): string {
  dateLiteral(asOf); // refuses a malformed date even when E is the month's end
  const areaCondition = parentCode ? `\n    AND (v.parent_code = ${literal(parentCode)} OR ${villageToArea('county')} = ${literal(parentCode)})` : '';
  return `WITH ${rulesCtes(profile)}, ${nowCtes(evaluationDate(checkedMonth(month), asOf), areaCondition, belowCounty(parentCode), roleBuckets(profile))},
by_village AS (
  SELECT village_code AS code, count(*) AS due_now, count(*) FILTER (WHERE overdue) AS overdue FROM status_now GROUP BY 1
)
SELECT v.code, v.name, t.code AS township_code, t.name AS township_name,
  CAST(b.due_now AS INTEGER) AS due_now, CAST(b.overdue AS INTEGER) AS overdue
FROM by_village b JOIN regions v ON v.code = b.code LEFT JOIN regions t ON t.code = v.parent_code
WHERE b.overdue > 0
ORDER BY b.overdue DESC, v.code`;
}

/**
 * A county's aggregate rows, as the extract carries them (agg_*), checked against the same rows computed again from
 * the county's raw rows once they are loaded, by the same builders (src/measures/aggregates.ts): a hand-edited raw
 * or aggregate file shows as rows that differ. Checked: the rows of the county, its townships and its villages for
 * the latest month (the month views open on), every aggregate table and every built-in profile the extract holds:
 * one statement per table, level and profile. Earlier months are not checked (a statement each would make the check
 * many times as long).
 */
import type { Connector } from './connector';
import { rowsOf } from './connector';
import { AGGREGATE_TABLES, type AggregateTableName, type Manifest } from '../extract/schema';
import { aggregateMonths, aggregateParts } from '../measures/aggregates';
import { ident, literal } from '../measures/sql';
import type { VisitProfile } from '../policy/profile';
import { countyText as t } from '../i18n/zh-counties';

export interface Disagreement {
  table: AggregateTableName;
  /** The aggregate's file, as the manifest names it. */
  file: string;
  /** Rows that differ (or are in one side only). */
  rows: number;
  /** The first of them: its region, month, the first column that differs, and both values. */
  example: { region: string; month: string; column: string; stored: string; computed: string };
}

let checks = 0;

const text = (v: unknown): string => (v === null || v === undefined ? t.missingRow : typeof v === 'number' && !Number.isInteger(v) ? String(Math.round(v * 10000) / 10000) : String(v));

/**
 * The aggregate tables in `loaded` whose rows for `county` differ from those its raw rows give now (the raw tables
 * must hold the county's rows). `profiles` are the app's built-in profiles: those the manifest's
 * `aggregates.profiles` names are checked. Numbers that are not whole are compared to 1e-9.
 */
export async function aggregateDisagreements(
  conn: Connector,
  manifest: Manifest,
  county: string,
  loaded: readonly AggregateTableName[],
  profiles: readonly VisitProfile[],
): Promise<Disagreement[]> {
  const aggregated = manifest.aggregates;
  if (!aggregated) return [];
  const months = aggregateMonths(manifest.as_of).filter((m) => aggregated.months.includes(m));
  const latest = months[months.length - 1];
  if (!latest) return [];
  const checkedProfiles = profiles.filter((p) => aggregated.profiles.includes(p.id));
  const out: Disagreement[] = [];
  for (const spec of AGGREGATE_TABLES) {
    const file = aggregated.tables[spec.name];
    if (!file || !loaded.includes(spec.name)) continue;
    if (spec.name === 'agg_visits' && checkedProfiles.length === 0) continue;
    checks += 1;
    const mine = `county_check_${checks}`;
    const inputs = { asOf: manifest.as_of, profiles: checkedProfiles };
    const parts = aggregateParts(spec.name, { ...inputs, levels: ['county', 'township', 'village'], months: [latest] });
    const inCounty = `starts_with(region_code, ${literal(county)})`;
    try {
      const [first, ...rest] = parts.map((sql) => `SELECT * FROM (${sql}) WHERE ${inCounty}`);
      await conn.query(`CREATE TABLE ${ident(mine)} AS ${first}`, 'idle');
      for (const sql of rest) await conn.query(`INSERT INTO ${ident(mine)} ${sql}`, 'idle');
      const key = spec.key ?? [];
      const values = spec.columns.filter((c) => !key.includes(c.name));
      const differs = (c: (typeof values)[number]) =>
        c.type === 'DOUBLE'
          ? `(a.${ident(c.name)} IS NULL) <> (r.${ident(c.name)} IS NULL) OR abs(a.${ident(c.name)} - r.${ident(c.name)}) > 1e-9`
          : `a.${ident(c.name)} IS DISTINCT FROM r.${ident(c.name)}`;
      const firstDiffering = `CASE ${values.map((c) => `WHEN ${differs(c)} THEN ${literal(c.name)}`).join(' ')} ELSE NULL END`;
      const stored = `CASE ${values.map((c) => `WHEN ${differs(c)} THEN CAST(a.${ident(c.name)} AS VARCHAR)`).join(' ')} END`;
      const computed = `CASE ${values.map((c) => `WHEN ${differs(c)} THEN CAST(r.${ident(c.name)} AS VARCHAR)`).join(' ')} END`;
      const profileFilter = spec.name === 'agg_visits' ? ` AND profile_id IN (${checkedProfiles.map((p) => literal(p.id)).join(', ')})` : '';
      const storedRows = `SELECT * FROM ${ident(spec.name)} WHERE ${inCounty} AND level IN ('county', 'township', 'village') AND month = ${literal(latest)}${profileFilter}`;
      const on = key.map((k) => `a.${ident(k)} = r.${ident(k)}`).join(' AND ');
      const row = rowsOf<{ n: number | bigint; region: string; name: string | null; month: string; col: string; stored: string | null; computed: string | null }>(
        await conn.query(
          `WITH d AS (SELECT coalesce(a.region_code, r.region_code) AS region, coalesce(a.month, r.month) AS month, ` +
            `CASE WHEN a.region_code IS NULL OR r.region_code IS NULL THEN ${literal(t.wholeRow)} ELSE ${firstDiffering} END AS col, ` +
            `CASE WHEN a.region_code IS NULL THEN NULL WHEN r.region_code IS NULL THEN ${literal(t.rowPresent)} ELSE ${stored} END AS stored, ` +
            `CASE WHEN r.region_code IS NULL THEN NULL WHEN a.region_code IS NULL THEN ${literal(t.rowPresent)} ELSE ${computed} END AS computed ` +
            `FROM (${storedRows}) a FULL OUTER JOIN ${ident(mine)} r ON ${on}) ` +
            `SELECT count(*) OVER () AS n, d.*, (SELECT name FROM regions g WHERE g.code = d.region) AS name FROM d WHERE col IS NOT NULL ORDER BY region, month LIMIT 1`,
          'idle',
        ),
      )[0];
      const n = Number(row?.n ?? 0);
      if (n > 0) {
        out.push({
          table: spec.name,
          file,
          rows: n,
          example: { region: row?.name ? `${row.name}（${row.region}）` : String(row?.region), month: String(row?.month), column: String(row?.col), stored: text(row?.stored), computed: text(row?.computed) },
        });
      }
    } finally {
      await conn.query(`DROP TABLE IF EXISTS ${ident(mine)}`, 'idle').catch(() => undefined);
    }
  }
  return out;
}

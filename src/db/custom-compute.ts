/**
 * Computes a visit profile the aggregates do not hold for the counties in view, county by county through the
 * {@link CountyStore} (which loads each county's raw rows and releases the least recently used ones when the memory
 * budget runs short), keeping only each county's few agg_visits rows (src/measures/custom-above.ts). Framework-free:
 * the app drives it from src/app/themes/custom-above.tsx, tests directly.
 */
import { AGGREGATE_TABLES } from '../extract/schema';
import { countyVisitRowsSql, rollUpVisitsSql } from '../measures/custom-above';
import { ident, literal } from '../measures/sql';
import type { VisitProfile } from '../policy/profile';
import type { Problem } from '../i18n/errors';
import type { Connector } from './connector';
import type { CountyState } from './county-store';

/** The table the results are put in: agg_visits' columns, one profile's rows at the county, city and province levels. */
export const CUSTOM_VISITS_TABLE = 'custom_agg_visits';

export interface CustomComputeParams {
  conn: Connector;
  /** Makes a county's raw rows present (CountyStore.ensure); never rejects. */
  ensure: (county: string) => Promise<void>;
  /** The county's state after `ensure` (a failed one is skipped and reported). */
  stateOf: (county: string) => CountyState | undefined;
  counties: readonly string[];
  /**
   * The most raw rows the tables may hold (CountyStore.limit), and each county's by the manifest (null: unknown).
   * Counties are loaded in batches that fit together and each batch computed at once, so that a county is not
   * released before its rows are computed, and the builder reads every loaded county once, not once per county.
   */
  capacity: number;
  rowsOf: (county: string) => number | null;
  profile: VisitProfile;
  asOf: string;
  months: readonly string[];
  signal?: AbortSignal;
  /**
   * Called before each county is loaded (`county`), before a batch of loaded counties is computed (`county` null),
   * and at the end: `done` of `total` counties finished (computed, or failed to load).
   */
  onProgress?: (done: number, total: number, county: string | null) => void;
}

export interface CustomComputeResult {
  /** Counties whose rows were computed. */
  computed: string[];
  /** Counties whose files could not be loaded, with why. */
  failed: { county: string; problems: Problem[] }[];
}

export class CustomComputeCancelled extends Error {
  constructor() {
    super('custom profile computation cancelled');
  }
}

const columns = () => (AGGREGATE_TABLES.find((t) => t.name === 'agg_visits')?.columns ?? []).map((c) => ident(c.name)).join(', ');

/**
 * Fills {@link CUSTOM_VISITS_TABLE} anew with `profile`'s rows for the counties, then the cities and province all
 * of whose counties were computed. Throws {@link CustomComputeCancelled} when `signal` aborts (the table is then
 * left empty).
 */
export async function computeCustomVisits(p: CustomComputeParams): Promise<CustomComputeResult> {
  const { conn, profile } = p;
  const table = ident(CUSTOM_VISITS_TABLE);
  const stage = ident(`${CUSTOM_VISITS_TABLE}_stage`);
  await conn.query(`CREATE OR REPLACE TABLE ${table} AS SELECT ${columns()} FROM agg_visits WHERE false`);
  await conn.query(`CREATE OR REPLACE TABLE ${stage} AS SELECT ${columns()} FROM agg_visits WHERE false`);
  const result: CustomComputeResult = { computed: [], failed: [] };
  const check = async () => {
    if (p.signal?.aborted) {
      await conn.query(`DROP TABLE IF EXISTS ${stage}`);
      throw new CustomComputeCancelled();
    }
  };
  const finished = () => result.computed.length + result.failed.length;
  const computeBatch = async (batch: string[]) => {
    if (batch.length === 0) return;
    p.onProgress?.(finished(), p.counties.length, null);
    for (const sql of countyVisitRowsSql({ counties: batch, profile, asOf: p.asOf, months: p.months })) {
      await check();
      await conn.query(`INSERT INTO ${stage} SELECT ${columns()} FROM (${sql})`);
    }
    result.computed.push(...batch);
  };
  try {
    let batch: string[] = [];
    let batchRows = 0;
    for (const county of p.counties) {
      await check();
      const rows = p.rowsOf(county) ?? p.capacity;
      // The county would push one of the batch out: compute the batch first.
      if (batch.length > 0 && batchRows + rows > p.capacity) {
        await computeBatch(batch);
        batch = [];
        batchRows = 0;
      }
      p.onProgress?.(finished(), p.counties.length, county);
      await p.ensure(county);
      await check();
      const state = p.stateOf(county);
      if (state?.state !== 'loaded') {
        result.failed.push({ county, problems: state?.state === 'failed' ? state.problems : [] });
        continue;
      }
      batch.push(county);
      batchRows += state.rows;
    }
    await computeBatch(batch);
    await check();
    await conn.query(`INSERT INTO ${stage} SELECT ${columns()} FROM (${rollUpVisitsSql(CUSTOM_VISITS_TABLE + '_stage', 'city')})`);
    await conn.query(`INSERT INTO ${stage} SELECT ${columns()} FROM (${rollUpVisitsSql(CUSTOM_VISITS_TABLE + '_stage', 'province')})`);
    await conn.query(`INSERT INTO ${table} SELECT * FROM ${stage} WHERE profile_id = ${literal(profile.id)}`);
  } finally {
    await conn.query(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined);
  }
  p.onProgress?.(p.counties.length, p.counties.length, null);
  return result;
}

/**
 * Puts the rows of {@link CUSTOM_VISITS_TABLE} into agg_visits under their profile (replacing any from a previous
 * run), so that the views above the county read them as they read a built-in profile's. Only for a profile the
 * extract's aggregates do not hold.
 */
export async function publishCustomVisits(conn: Connector, profileId: string, aggregatedProfiles: readonly string[]): Promise<void> {
  if (aggregatedProfiles.includes(profileId)) throw new Error(`profile ${profileId} is pre-aggregated: its rows are the extract's`);
  await conn.query('BEGIN TRANSACTION');
  try {
    await conn.query(`DELETE FROM agg_visits WHERE profile_id = ${literal(profileId)}`);
    await conn.query(`INSERT INTO agg_visits (${columns()}) SELECT ${columns()} FROM ${ident(CUSTOM_VISITS_TABLE)} WHERE profile_id = ${literal(profileId)}`);
    await conn.query('COMMIT');
  } catch (e) {
    await conn.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

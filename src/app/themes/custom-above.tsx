/**
 * Above the county, a county's own visit profile (not pre-aggregated): what computing it from the counties' raw rows
 * will take, a button to start it (never started unasked), its progress with a way to cancel, then the mark on the
 * figures it gave and the counties it could not compute (src/db/custom-compute.ts does the work).
 */
import { useQueryClient } from '@tanstack/react-query';
import { listedRows } from '../../db/county-load';
import { computeCustomVisits, CustomComputeCancelled, publishCustomVisits } from '../../db/custom-compute';
import { describeError } from '../../i18n/errors';
import { customAboveText as t } from '../../i18n/zh-custom-above';
import { countiesIn, customEstimate } from '../../measures/custom-above';
import { useCountyStore } from '../county-data';
import { setCustomRun, useCustomRun } from '../custom-runs';
import { ProblemList } from '../ProblemList';
import { Section } from '../panel/Section';
import type { ThemeContext } from './context';

/** The estimate and 开始计算, the progress, or the result's mark, for the visit profile in view above the county. */
export function CustomAbove({ ctx }: { ctx: ThemeContext }) {
  const store = useCountyStore();
  const queryClient = useQueryClient();
  const { extract, scope, profile } = ctx;
  const manifest = extract.manifest;
  const run = useCustomRun(extract.id, profile.id);
  const counties = countiesIn(manifest, scope.code);
  const nameOf = (code: string) => manifest.counties.find((c) => c.code === code)?.name ?? code;
  if (!store) return null;

  const start = () => {
    const abort = new AbortController();
    const set = (r: Parameters<typeof setCustomRun>[2]) => setCustomRun(extract.id, profile.id, r);
    set({ state: 'running', done: 0, total: counties.length, county: null, abort });
    void (async () => {
      try {
        const result = await computeCustomVisits({
          conn: ctx.conn,
          ensure: (c) => store.ensure(c),
          stateOf: (c) => store.snapshot().states.get(c),
          counties,
          capacity: store.limit,
          rowsOf: (c) => listedRows(manifest, c),
          profile,
          asOf: manifest.as_of,
          months: manifest.aggregates?.months ?? [],
          signal: abort.signal,
          onProgress: (done, total, county) => set({ state: 'running', done, total, county, abort }),
        });
        await publishCustomVisits(ctx.conn, profile.id, manifest.aggregates?.profiles ?? []);
        // The views above the county read agg_visits: what they read of this profile before (no rows) is stale.
        await queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[1] === 'string' && q.queryKey[1].startsWith('aggregate-') });
        set({ state: 'done', counties: result.computed, failed: result.failed });
      } catch (e) {
        set(e instanceof CustomComputeCancelled ? { state: 'cancelled' } : { state: 'error', problem: describeError(e) });
      }
    })();
  };

  if (run?.state === 'running') {
    return (
      <div className="custom-above" role="status" aria-live="polite" data-testid="custom-progress">
        <b>{t.progress(run.done, run.total)}</b>
        <div className="note">{run.county ? t.progressCounty(nameOf(run.county)) : run.done < run.total ? t.progressComputing : ''}</div>
        <progress max={run.total} value={run.done} />
        <button type="button" onClick={() => run.abort.abort()} data-testid="custom-cancel">
          {t.cancel}
        </button>
      </div>
    );
  }
  const covered = run?.state === 'done' && counties.every((c) => run.counties.includes(c) || run.failed.some((f) => f.county === c));
  if (run?.state === 'done' && covered) {
    return (
      <div className="custom-above" data-testid="custom-marker">
        <b>{t.marker}</b>
        <p className="note">{t.markerNote(profile.name, run.counties.length)}</p>
        {run.failed.map((f) => (
          <div key={f.county} className="county-notice" role="alert" data-testid="custom-failed" data-county={f.county}>
            {t.failedTitle(nameOf(f.county))}
            <ProblemList problems={f.problems} />
          </div>
        ))}
      </div>
    );
  }
  const estimate = customEstimate(manifest, counties);
  return (
    <Section title={t.title} testId="custom-estimate">
      {run?.state === 'cancelled' && <p className="notice">{t.cancelled}</p>}
      {run?.state === 'error' && (
        <div className="notice" role="alert">
          {t.error}
          <ProblemList problems={[run.problem]} />
        </div>
      )}
      <p className="note" data-testid="custom-estimate-text" data-rows={estimate.rows ?? ''}>
        {t.estimate(profile.name, estimate.counties, estimate.rows, estimate.seconds)}
      </p>
      <p className="note">{t.memoryNote}</p>
      <button type="button" onClick={start} disabled={counties.length === 0} data-testid="custom-start">
        {t.start}
      </button>
    </Section>
  );
}

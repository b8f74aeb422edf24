import { useEffect, useState } from 'react';
import { describeError } from '../../i18n/errors';
import { firstPaintText as t } from '../../i18n/zh-first-paint';
import { ProblemList } from '../ProblemList';
import type { BootStep } from '../use-extract';

/**
 * Seconds after the page's start past which a DuckDB still starting is reported as slow, with what to check. On the
 * project's 2-core machine with a software renderer it is ready in about 2–3 s and the demo loaded by about 3.5 s
 * (README, Performance): 20 s is several times that, and well before a user gives up.
 */
export const SLOW_ENGINE_SECONDS = 20;

/**
 * Over the first view, drawn from the extract's aggregates: what the analysis engine is doing, and, when it failed
 * to start, why (the technical detail folded for the administrator) and what still works.
 */
export function EngineStatus({ step, error }: { step: BootStep; error: unknown }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (error) return;
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [error]);
  if (error) {
    return (
      <div className="notice engine-status" role="alert" data-testid="engine-status" data-state="failed">
        <ProblemList problems={[describeError(error)]} />
        <p>{t.failed}</p>
      </div>
    );
  }
  const seconds = Math.floor(now / 1000);
  const progress = step.step === 'tables' && step.progress ? t.step(step.progress.done, step.progress.total) : '';
  const slow = seconds >= SLOW_ENGINE_SECONDS;
  return (
    <div className={`notice engine-status${slow ? ' slow' : ''}`} role="status" aria-live="polite" data-testid="engine-status" data-state={slow ? 'slow' : 'starting'}>
      {slow ? t.slow(seconds) : t.starting}
      {progress}
    </div>
  );
}

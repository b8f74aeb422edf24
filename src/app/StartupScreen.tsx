import { app as t, tableNames } from '../i18n/zh';
import type { ProblemLike } from '../i18n/errors';
import { ProblemList } from './ProblemList';
import type { BootStep } from './use-extract';

export function StartupScreen({ step, drawing }: { step: BootStep; drawing?: boolean }) {
  const steps = [
    { key: 'engine', label: t.loadingEngine, done: step.step !== 'engine' || drawing },
    {
      key: 'tables',
      label:
        step.step === 'tables' && step.progress
          ? t.loadingTables(step.progress.done, step.progress.total, tableNames[step.progress.table] ?? step.progress.table)
          : t.loadingTables(0, 0, '…').replace(' 0/0：…', ''),
      done: drawing ?? false,
    },
    { key: 'map', label: t.loadingMap, done: false },
  ];
  const current = drawing ? 2 : step.step === 'engine' ? 0 : 1;
  return (
    <div className="startup" role="status" aria-live="polite" data-testid="startup">
      <h1>{t.title}</h1>
      <ol>
        {steps.map((s, i) => (
          <li key={s.key} className={i < current ? 'done' : i === current ? 'current' : 'todo'}>
            {s.label}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ErrorScreen({ title, problems }: { title: string; problems: readonly ProblemLike[] }) {
  return (
    <div className="startup error" role="alert" data-testid="load-error">
      <h1>{title}</h1>
      <ProblemList problems={problems} />
      <p className="hint">{t.loadFailedHint}</p>
    </div>
  );
}

import type { ReactNode } from 'react';

export function Section({ title, testId, actions, children }: { title: string; testId?: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="panel-section" data-testid={testId}>
      <div className="section-head">
        <h3>{title}</h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

import type { ReactNode } from 'react';
import type { Manifest } from '../extract/schema';
import { app as t } from '../i18n/zh';

export function Header({ manifest, children }: { manifest: Manifest; children?: ReactNode }) {
  return (
    <header className="header">
      <div className="brand">
        <span className="title">{t.title}</span>
        <span className="county" data-testid="county-name">
          {manifest.county_name}
        </span>
        <span className="subtitle">{t.subtitle}</span>
      </div>
      <div className="meta">
        <span data-testid="as-of">{t.asOf(manifest.as_of)}</span>
        {manifest.synthetic && (
          <span className="synthetic-badge" title={t.syntheticNote} data-testid="synthetic-badge">
            {t.synthetic}
          </span>
        )}
        {children}
      </div>
    </header>
  );
}

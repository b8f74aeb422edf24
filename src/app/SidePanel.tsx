import type { ReactNode } from 'react';
import { levelNames, ui } from '../i18n/zh';
import type { RegionFeature } from '../map/region-features';

/** Breadcrumbs and the scope's title, above the theme's own panel. */
export function SidePanel({ scope, trail, onSelect, children }: { scope: RegionFeature; trail: RegionFeature[]; onSelect: (code: string | null) => void; children: ReactNode }) {
  return (
    <aside className="panel" data-testid="panel">
      <nav className="breadcrumbs" aria-label={ui.areaTrail}>
        {trail.map((f, i) => (
          <span key={f.code}>
            {i > 0 && <span className="sep">›</span>}
            {i < trail.length - 1 ? (
              <button type="button" onClick={() => onSelect(i === 0 ? null : f.code)}>
                {f.name}
              </button>
            ) : (
              <span className="current">{f.name}</span>
            )}
          </span>
        ))}
      </nav>
      <h2 data-testid="scope-name">
        {scope.name} <small>{levelNames[scope.level]}</small>
      </h2>
      {children}
    </aside>
  );
}

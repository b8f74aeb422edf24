import type { RiskMixRow } from '../measures/risk-mix';
import { colourNames, formatCount, formatShare, levelNames, risk } from '../i18n/zh';
import { RISK_COLOURS } from '../map/colour-scales';
import type { RegionFeature } from '../map/region-features';

const COLOUR_KEYS = ['red', 'yellow', 'blue', 'green', 'ungraded'] as const;

export interface SidePanelProps {
  /** The area whose figures are shown (county, township or village). */
  scope: RegionFeature;
  scopeRow: RiskMixRow | null;
  /** Breadcrumb from the county down to the scope. */
  trail: RegionFeature[];
  /** Sub-areas of the scope (townships of the county, villages of a township), with their figures. */
  subAreas: RiskMixRow[];
  subLevel: 'township' | 'village' | null;
  onSelect: (code: string | null) => void;
}

export function SidePanel({ scope, scopeRow, trail, subAreas, subLevel, onSelect }: SidePanelProps) {
  const ranked = [...subAreas].sort((a, b) => (b.share_red_yellow ?? -1) - (a.share_red_yellow ?? -1) || b.children - a.children);
  return (
    <aside className="panel" data-testid="panel">
      <nav className="breadcrumbs" aria-label="区域层级">
        {trail.map((f, i) => (
          <span key={f.code}>
            {i > 0 && <span className="sep">›</span>}
            {i < trail.length - 1 ? (
              <button type="button" onClick={() => onSelect(f.level === 'county' ? null : f.code)}>
                {f.name}
              </button>
            ) : (
              <span className="current">{f.name}</span>
            )}
          </span>
        ))}
      </nav>
      <h2>
        {scope.name} <small>{levelNames[scope.level]}</small>
      </h2>
      <section className="kpis">
        <div className="kpi">
          <div className="kpi-label">{risk.children}</div>
          <div className="kpi-value" data-testid="kpi-children">
            {formatCount(scopeRow?.children ?? 0)}
            <small>{risk.childrenUnit}</small>
          </div>
        </div>
        <div className="kpi" title={risk.shareRedYellowDef}>
          <div className="kpi-label">{risk.shareRedYellow}</div>
          <div className="kpi-value" data-testid="kpi-share-red-yellow">
            {formatShare(scopeRow?.share_red_yellow ?? null)}
          </div>
        </div>
        <div className="kpi" title={risk.gradedShareDef}>
          <div className="kpi-label">{risk.gradedShare}</div>
          <div className="kpi-value" data-testid="kpi-share-graded">
            {formatShare(scopeRow?.share_graded ?? null)}
          </div>
        </div>
      </section>
      <section className="colour-counts" aria-label="四色分布">
        {COLOUR_KEYS.map((k) => (
          <div key={k} className="colour-count" data-testid={`count-${k}`} data-value={scopeRow?.[k] ?? 0}>
            <i style={{ background: RISK_COLOURS[k] }} />
            <span className="name">{colourNames[k]}</span>
            <span className="value">{formatCount(scopeRow?.[k] ?? 0)}</span>
          </div>
        ))}
        <ColourBar row={scopeRow} />
      </section>
      {subLevel && (
        <section className="sub-areas">
          <h3>
            {levelNames[subLevel]} · {risk.shareRedYellow}
          </h3>
          <table data-testid="sub-areas">
            <thead>
              <tr>
                <th>名称</th>
                <th className="num">{risk.children}</th>
                <th className="num">红</th>
                <th className="num">黄</th>
                <th className="num">{risk.shareRedYellow}</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((r) => (
                <tr key={r.code} onClick={() => onSelect(r.code)} data-code={r.code}>
                  <td>{r.name}</td>
                  <td className="num">{formatCount(r.children)}</td>
                  <td className="num">{formatCount(r.red)}</td>
                  <td className="num">{formatCount(r.yellow)}</td>
                  <td className="num">{formatShare(r.share_red_yellow)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <footer className="footnotes">
        <p>{risk.shareRedYellow}：{risk.shareRedYellowDef}。</p>
        <p>{risk.gradedShare}：{risk.gradedShareDef}。</p>
        <p>{risk.countedOnce}</p>
        {subLevel === 'township' && <p>{risk.clickToZoom}</p>}
      </footer>
    </aside>
  );
}

function ColourBar({ row }: { row: RiskMixRow | null }) {
  if (!row || row.children === 0) return null;
  return (
    <div className="colour-bar" aria-hidden="true">
      {COLOUR_KEYS.map((k) => (
        <span key={k} style={{ flexGrow: row[k], background: RISK_COLOURS[k] }} />
      ))}
    </div>
  );
}

import type { Rgba } from './colour-scales';
import type { LegendSpec } from './map-theme';
import { app } from '../i18n/zh';

export const cssColour = ([r, g, b, a]: Rgba) => `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`;

/** `boundaries`: what the map's boundaries are; the schematic note shows only for schematic ones. */
export function Legend({ spec, boundaries = 'schematic' }: { spec: LegendSpec; boundaries?: 'none' | 'schematic' | 'surveyed' }) {
  return (
    <div className="legend" data-testid="legend">
      <div className="legend-title" title={spec.definition}>
        {spec.title}
      </div>
      <ul>
        {spec.items.map((item) => (
          <li key={item.label}>
            {item.shape === 'ring' ? (
              <span className="ring" style={{ borderColor: cssColour(item.colour) }} />
            ) : (
              <span className={item.shape === 'dot' ? 'dot' : 'swatch'} style={{ background: cssColour(item.colour) }} />
            )}
            {item.label}
          </li>
        ))}
      </ul>
      <div className="legend-note">{spec.definition}</div>
      {spec.notes?.map((n) => (
        <div className="legend-note" key={n}>
          {n}
        </div>
      ))}
      {boundaries === 'schematic' && <div className="legend-note schematic">{app.schematic}</div>}
    </div>
  );
}

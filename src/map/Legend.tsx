import { NO_DATA, type ColourClass, type Rgba } from './colour-scales';
import { app, risk } from '../i18n/zh';

const css = ([r, g, b, a]: Rgba) => `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`;

export function Legend({ title, classes, definition }: { title: string; classes: readonly ColourClass[]; definition: string }) {
  return (
    <div className="legend" data-testid="legend">
      <div className="legend-title" title={definition}>
        {title}
      </div>
      <ul>
        {classes.map((c) => (
          <li key={c.label}>
            <span className="swatch" style={{ background: css(c.colour) }} />
            {c.label}
          </li>
        ))}
        <li>
          <span className="swatch" style={{ background: css(NO_DATA) }} />
          {risk.noChildren}
        </li>
      </ul>
      <div className="legend-note">{definition}</div>
      <div className="legend-note schematic">{app.schematic}</div>
    </div>
  );
}

import { levelNames } from '../i18n/zh';

export interface TooltipContent {
  title: string;
  subtitle?: string;
  lines: [string, string][];
  note?: string;
}

/** Text only: names from an extract are rendered as text, never as HTML. */
export function Tooltip({ x, y, content }: { x: number; y: number; content: TooltipContent }) {
  return (
    <div className="tooltip" style={{ left: x + 14, top: y + 14 }} data-testid="tooltip">
      <div className="tooltip-title">
        {content.title}
        {content.subtitle && <span className="tooltip-level">{content.subtitle}</span>}
      </div>
      {content.lines.map(([label, value]) => (
        <div key={label} className="tooltip-line">
          <span>{label}</span>
          <b>{value}</b>
        </div>
      ))}
      {content.note && <div className="tooltip-note">{content.note}</div>}
    </div>
  );
}

export { levelNames };

import type { AreaValues } from './area-values';
import type { HoverInfo } from './MapView';
import { colourNames, formatCount, formatShare, levelNames, risk } from '../i18n/zh';
import { RISK_COLOURS } from './colour-scales';

const COLOUR_KEYS = ['red', 'yellow', 'blue', 'green', 'ungraded'] as const;

/** The numbers behind an area's colour. Region names are rendered as text, never as HTML. */
export function Tooltip({ hover, values }: { hover: HoverInfo; values: AreaValues | null }) {
  const { feature } = hover;
  const children = values?.get(feature.code, 'children') ?? null;
  return (
    <div className="tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="tooltip">
      <div className="tooltip-title">
        {feature.name}
        <span className="tooltip-level">{levelNames[feature.level]}</span>
      </div>
      {children === null || children === 0 ? (
        <div>{risk.noChildren}</div>
      ) : (
        <>
          <div>
            {risk.children}：<b>{formatCount(children)}</b> {risk.childrenUnit}
          </div>
          <div className="tooltip-colours">
            {COLOUR_KEYS.map((k) => (
              <span key={k}>
                <i style={{ background: RISK_COLOURS[k] }} />
                {colourNames[k]} {formatCount(values?.get(feature.code, k) ?? 0)}
              </span>
            ))}
          </div>
          <div>
            {risk.shareRedYellow}：<b>{formatShare(values?.get(feature.code, 'share_red_yellow') ?? null)}</b>
          </div>
        </>
      )}
      {!feature.polygons && <div className="tooltip-note">{risk.noBoundary}</div>}
    </div>
  );
}

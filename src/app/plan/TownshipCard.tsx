import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { rowsOf } from '../../db/connector';
import { planText, planTownshipCard as c } from '../../i18n/zh-plan';
import { planTownshipsSql, type PlanTownshipRow } from '../../measures/plan';
import { measureQuery } from '../queries';
import type { ThemeContext } from '../themes/context';
import type { Planning } from './use-plan';

/** A township clicked on the map in plan mode, and where (CSS px within the map's box). */
export interface TownshipPick {
  code: string;
  name: string;
  x: number;
  y: number;
}

/** The card's width (CSS px): it is kept inside the map's box. */
const CARD_WIDTH = 260;
/** Room kept below the card's top inside the map's box (CSS px; the card is about this tall). */
const CARD_HEIGHT = 170;

/**
 * The card a click on a township opens in plan mode: its 关爱之家 now and against its target, and three buttons:
 * plan (or unplan) its 关爱之家, enter the township (the drill a click does outside plan mode), close. Focus moves
 * to its first button; Escape closes it.
 */
export function TownshipCard({ ctx, planning, pick, onEnter, onClose }: { ctx: ThemeContext; planning: Planning; pick: TownshipPick; onEnter: () => void; onClose: () => void }) {
  const { conn, extract } = ctx;
  const status = useQuery(measureQuery(conn, extract, 'plan-townships', planTownshipsSql, { parentCode: pick.code, asOf: extract.manifest.as_of, homes: [] }));
  const row = status.data ? (rowsOf<PlanTownshipRow>(status.data).find((r) => r.code === pick.code) ?? null) : undefined;
  const planned = planning.homes.includes(pick.code);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), [pick.code]);
  // Beside the click, kept inside the map's box.
  const left = `max(8px, min(${pick.x + 12}px, calc(100% - ${CARD_WIDTH + 8}px)))`;
  const top = `max(8px, min(${pick.y + 12}px, calc(100% - ${CARD_HEIGHT + 8}px)))`;
  return (
    <div
      className="plan-card"
      role="dialog"
      aria-label={c.label(pick.name)}
      data-testid="plan-township-card"
      data-code={pick.code}
      style={{ left, top, width: CARD_WIDTH }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="plan-card-title">{pick.name}</div>
      <p className="plan-card-status" data-testid="plan-card-status">
        {row === undefined ? '…' : row === null ? c.noNeed : c.status(planText.homeStatus(row.homes_ok, row.homes_below, row.homes_unknown, row.homes_closed), planText.homeTarget(row.target_homes, row.target_from_extract))}
      </p>
      <p className={`plan-card-state${planned ? ' planned' : ''}`} data-testid="plan-card-state">
        {planned ? c.planned : c.notPlanned}
      </p>
      <div className="plan-card-actions">
        <button ref={first} type="button" onClick={() => planning.toggleHome(pick.code)} data-testid="plan-card-home">
          {planned ? c.unplan : c.plan}
        </button>
        <button type="button" onClick={onEnter} data-testid="plan-card-enter">
          {c.enter}
        </button>
        <button type="button" className="plan-card-close" onClick={onClose} aria-label={c.close} title={c.close} data-testid="plan-card-close">
          ×
        </button>
      </div>
    </div>
  );
}

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { rowsOf } from '../db/connector';
import { Chart } from '../charts/Chart';
import { complianceTrendOption, rankingOption } from '../charts/options';
import { app as t, attribution, bigScreen as b, formatDateZh, formatShare, ui } from '../i18n/zh';
import { aggregateRankingSql, aggregateVisitTrendSql } from '../measures/aggregate-read';
import { previousQuarterEnd } from '../measures/months';
import { childLevelOf } from './themes/context';
import { aggregateAreasQuery, aggregateProfile, profileAggregated, THEME_AGGREGATES } from './themes/levels';
import type { RankingRow } from '../measures/ranking';
import { visitTrendSql, type VisitTrendRow } from '../measures/visit-compliance';
import { measureQuery } from './queries';
import { HEADLINES, headlineRankingSql } from './themes/headline';
import type { ThemeContext } from './themes/context';
import { THEME_IDS, type ThemeId } from './url-state';
import { alertsSql, type AlertsRow } from '../measures/alerts';
import { alertText } from '../i18n/zh-alerts';
import { alertKindsText } from './panel/AlertsSection';
import { useShakyLine } from './quality/DataQualityLine';
import { BigPlanEffect } from './plan/BigPlanEffect';
import type { PlanItem } from '../measures/plan';

/** The design size: every length on the big screen is given at 1920×1080 and scaled with the viewport. */
const DESIGN = { width: 1920, height: 1080 };
/** Seconds between themes when the URL does not say (`tour`). */
export const DEFAULT_TOUR_SECONDS = 20;
/** The tour pauses this long after someone touches the screen, keyboard or mouse. */
const PAUSE_AFTER_INTERACTION_MS = 60_000;

/** Viewport size ÷ the 1920×1080 design size. */
export function useBigScreenScale(): number {
  const read = () => Math.min(window.innerWidth / DESIGN.width, window.innerHeight / DESIGN.height);
  const [scale, setScale] = useState(read);
  useEffect(() => {
    const onResize = () => setScale(read());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}

/** A chart drawn at its design size and scaled as a whole (charts here are for reading, not clicking). */
function Scaled({ width, height, scale, children }: { width: number; height: number; scale: number; children: ReactNode }) {
  return (
    <div style={{ width: width * scale, height: height * scale, overflow: 'hidden' }}>
      <div style={{ width, height, transform: `scale(${scale})`, transformOrigin: '0 0' }}>{children}</div>
    </div>
  );
}

export interface BigScreenProps {
  ctx: ThemeContext;
  theme: ThemeId;
  tourSeconds: number;
  onTheme: (theme: ThemeId) => void;
  onLeave: () => void;
  /** The map, sized for real by its container (never CSS-scaled, so picking stays right). */
  map: ReactNode;
  drawn: boolean;
  /** The configured basemap's attribution and 审图号, if any. */
  basemapCredit?: string | null;
  /** The plan in the URL (站点规划), or null: its expected effect replaces the trend chart at county level. */
  plan?: { plan: readonly PlanItem[]; homes: readonly string[] } | null;
}

/** 大屏: a fixed dark dashboard for a meeting room, touring the four themes. */
export function BigScreen({ ctx, theme, tourSeconds, onTheme, onLeave, map, drawn, basemapCredit = null, plan = null }: BigScreenProps) {
  const { conn, extract, month, profile, date } = ctx;
  const { manifest } = extract;
  const asOf = manifest.as_of;
  const scale = useBigScreenScale();
  const lastInteraction = useRef(0);
  const [paused, setPaused] = useState(false);
  const inputs = { month, asOf, profile };
  // The area shown: the province or city on screen (figures from the aggregates), else the county.
  const area = ctx.above ? ctx.scope : (ctx.county ?? ctx.scope);
  const above = ctx.above;
  const profileReady = !above || profileAggregated(ctx);
  // The theme panel's shaky-data line, for the area the big screen shows.
  const shaky = useShakyLine(area === ctx.scope ? ctx : { ...ctx, scope: area }, theme);
  const planShown = !above && plan !== null && plan.plan.length + plan.homes.length > 0;

  const tileQueries = useQueries({
    queries: THEME_IDS.map((id) =>
      above
        ? { ...aggregateAreasQuery(ctx, id, { level: area.level, parentCode: area.parentCode }), enabled: id !== 'visits' || profileReady }
        : measureQuery(conn, extract, `headline-${id}`, ({ scope }) => HEADLINES[id].sql(scope, inputs), { scope: { level: 'county' as const }, inputs }),
    ),
  });
  const tiles = THEME_IDS.map((id, i) => ({ id, query: tileQueries[i] }));
  const sub = childLevelOf(area) ?? 'township';
  const ranking = useQuery(
    above
      ? {
          ...measureQuery(conn, extract, 'aggregate-ranking', aggregateRankingSql, {
            table: THEME_AGGREGATES[theme],
            level: sub,
            parentCode: area.code,
            month,
            previousMonth: previousQuarterEnd(month),
            column: HEADLINES[theme].column,
            denominator: HEADLINES[theme].denominator,
            profileId: aggregateProfile(ctx, theme),
          }),
          enabled: theme !== 'visits' || profileReady,
        }
      : measureQuery(conn, extract, 'headline-ranking', headlineRankingSql, { theme, inputs, parentCode: area.code }),
  );
  // 强制报告: the county's children with an alert flag, at the extract's date (the flags carry none of their own);
  // their villages are raw rows, read once a county is entered.
  const alerts = useQuery({ ...measureQuery(conn, extract, 'alerts', alertsSql, { level: 'county' as const, asOf }), enabled: !above });
  const alertRow = alerts.data && !above ? rowsOf<AlertsRow>(alerts.data).find((r) => r.code === area.code) : undefined;
  const trendMonths = (manifest.aggregates?.months ?? []).filter((m) => m <= month).slice(-12);
  const trend = useQuery(
    above
      ? { ...measureQuery(conn, extract, 'aggregate-visit-trend', aggregateVisitTrendSql, { area: { level: area.level, code: area.code }, months: trendMonths, profileId: profile.id }), enabled: profileReady && trendMonths.length > 0 }
      : measureQuery(conn, extract, 'visit-trend', visitTrendSql, { area: { level: 'county', code: area.code }, endMonth: month, months: 12, asOf, profile }),
  );

  // The tour: the next theme every `tourSeconds`, unless someone used the screen in the last minute. The
  // current theme and callback are read through a ref, so re-renders do not restart the interval.
  const latest = useRef({ theme, onTheme });
  useEffect(() => {
    latest.current = { theme, onTheme };
  }, [theme, onTheme]);
  useEffect(() => {
    const touch = () => {
      lastInteraction.current = Date.now();
      setPaused(true);
    };
    const events = ['pointermove', 'pointerdown', 'keydown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, touch);
    const timer = tourSeconds > 0
      ? window.setInterval(() => {
          if (Date.now() - lastInteraction.current < PAUSE_AFTER_INTERACTION_MS) return;
          setPaused(false);
          const { theme: current, onTheme: go } = latest.current;
          go(THEME_IDS[(THEME_IDS.indexOf(current) + 1) % THEME_IDS.length] as ThemeId);
        }, tourSeconds * 1000)
      : undefined;
    return () => {
      for (const e of events) window.removeEventListener(e, touch);
      window.clearInterval(timer);
    };
  }, [tourSeconds]);

  const headline = HEADLINES[theme];
  const rankingRows = ranking.data ? rowsOf<RankingRow>(ranking.data).filter((r) => r.value !== null) : [];
  const trendRows = trend.data ? rowsOf<VisitTrendRow>(trend.data) : [];
  const firstRecorded = trendRows.findIndex((r) => r.compliant > 0);
  const chartCtx = { asOf: date, synthetic: manifest.synthetic, static: true };

  return (
    <div className="big" data-testid="big-screen" data-theme={theme} data-map-drawn={drawn ? 'yes' : 'no'} style={{ ['--u' as string]: `${scale}px` }}>
      <header className="big-head">
        <div className="big-title">
          {t.title} · {area.name}
        </div>
        <div className="big-theme">{ui.themes[theme]}</div>
        <div className="big-meta">
          <span data-testid="big-as-of">{t.asOf(asOf)}</span>
          {manifest.synthetic && <span className="big-synthetic">{t.synthetic}</span>}
          <button type="button" onClick={() => void document.documentElement.requestFullscreen?.()} data-testid="big-fullscreen">
            {b.fullscreen}
          </button>
          <button type="button" onClick={onLeave} data-testid="big-leave">
            {b.leave}
          </button>
        </div>
      </header>
      <section className="big-tiles">
        {tiles.map(({ id, query }) => {
          const county = query?.data ? rowsOf<Record<string, number | string | null>>(query.data).find((r) => r.code === area.code) : undefined;
          const value = county ? (county[HEADLINES[id].column] as number | null) : null;
          return (
            <button type="button" key={id} className={`big-tile${id === theme ? ' active' : ''}`} onClick={() => onTheme(id)} data-testid={`big-tile-${id}`}>
              <span className="big-tile-theme">{ui.themes[id]}</span>
              <span className="big-tile-value" data-testid={`big-value-${id}`}>
                {formatShare(value)}
              </span>
              <span className="big-tile-name">{HEADLINES[id].name}</span>
            </button>
          );
        })}
      </section>
      <main className="big-main">
        <div className="big-map">
          {map}
          {alertRow && alertRow.children_with_alert > 0 && (
            <div className="big-alert" role="alert" data-testid="big-alert-banner">
              {alertText.banner(area.name, alertRow.children_with_alert)}
              <small>{alertKindsText(alertRow)}</small>
            </div>
          )}
          {shaky && (
            <div className="big-quality" role="note" data-testid="big-quality">
              {shaky}
            </div>
          )}
          {manifest.as_of_rule && (
            <div className="big-as-of-rule" data-testid="big-as-of-rule">
              {attribution.asOfRule}
              {manifest.as_of_rule}
            </div>
          )}
        </div>
        <aside className="big-side">
          <Scaled width={620} height={470} scale={scale}>
            <Chart option={rankingOption(chartCtx, rankingRows, headline.name, '%')} height={470} testId="big-ranking" />
          </Scaled>
          {planShown && plan && ctx.county ? (
            <Scaled width={620} height={276} scale={scale}>
              <BigPlanEffect ctx={ctx} county={ctx.county} plan={plan.plan} homes={plan.homes} />
            </Scaled>
          ) : (
            <Scaled width={620} height={276} scale={scale}>
              <Chart option={complianceTrendOption(chartCtx, firstRecorded < 0 ? [] : trendRows.slice(firstRecorded), 1, profile.name)} height={276} testId="big-trend" />
            </Scaled>
          )}
        </aside>
      </main>
      <footer className="big-foot">
        <span>
          {b.source}：{manifest.source_systems.join('、')} · {b.asOfLong(formatDateZh(asOf))}
        </span>
        {basemapCredit && <span data-testid="big-basemap-credit">{basemapCredit}</span>}
        <span className="big-foot-attribution">{manifest.attribution.join(' · ')}</span>
        <span data-testid="big-tour">{tourSeconds > 0 ? (paused ? b.tourPaused : b.touring(tourSeconds)) : b.tourOff}</span>
      </footer>
    </div>
  );
}

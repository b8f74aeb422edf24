import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Connector } from '../db/connector';
import type { LoadedExtract } from '../db/load-extract';
import { app as t, attribution, levelNames, problems, ui } from '../i18n/zh';
import { profileFileProblems } from '../i18n/zh-visits';
import { Legend } from '../map/Legend';
import type { MapTheme } from '../map/map-theme';
import { MapView, type HoverInfo } from '../map/MapView';
import { countyOf, drawnGeometry, mapRootOf, regionGeometry, topArea, trailOf, type RegionFeature, type RegionGeometry } from '../map/region-features';
import { AboveAlertsNote, AboveBriefingNotice, AbovePanel, isAbove, townshipOf } from './themes/above';
import { withoutPointsNote } from './themes/levels';
import { Tooltip } from '../map/Tooltip';
import { evaluationDate, windowMonths } from '../measures/months';
import type { ProfileSet } from '../policy/custom-profiles';
import type { VisitProfile } from '../policy/profile';
import { Header } from './Header';
import { regionsQuery } from './queries';
import { SidePanel } from './SidePanel';
import { StartupScreen } from './StartupScreen';
import { Toolbar } from './Toolbar';
import type { ThemeContext } from './themes/context';
import { THEMES, useThemeMaps } from './themes/registry';
import { useView } from './use-view';
import { usePrefetchNextViews } from './prefetch';
import { knownView, prefetchEnabled, serializeView, type ViewState } from './url-state';
import { LoadData } from './LoadData';
import { MapBoundary } from './MapBoundary';
import { ProblemList } from './ProblemList';
import { BigScreen, DEFAULT_TOUR_SECONDS, useBigScreenScale } from './BigScreen';
import { Briefing } from './Briefing';
import type { BriefingScope } from '../briefing/queries';
import { ExportContext, type ExportPage } from '../charts/ChartExportButtons';
import { MapExportButton, useMapExport } from './MapExport';
import { formatMonthZh } from '../measures/months';
import { periodMonths } from '../measures/change';
import { visitTheme } from '../i18n/zh-visits';
import { exportText } from '../i18n/zh-export';
import { alertText } from '../i18n/zh-alerts';
import { AlertsSection } from './panel/AlertsSection';
import { useAlertVillages, withAlertVillages } from './alert-layer';
import { useChangeMap } from './compare/use-change-map';
import { ComparePanel } from './compare/ComparePanel';
import { CompareControls } from './compare/CompareControls';
import { allPeriods, comparedPeriods, defaultCompare } from './compare/figures';
import { compareText, formatPeriodZh } from '../i18n/zh-compare';
import { SplitMaps, useSplitExport } from './compare/SplitMaps';
import { useBasemap } from '../map/basemap';
import { basemapText } from '../i18n/zh-basemap';
import { QualityPanel } from './quality/QualityPanel';
import { DataQualityLine } from './quality/DataQualityLine';
import { qualityText } from '../i18n/zh-quality';
import { planFillKey, usePlanning, withPlanVillages } from './plan/use-plan';
import { PlanPanel } from './plan/PlanPanel';
import { PlanToggle } from './plan/PlanToggle';
import { TownshipCard, type TownshipPick } from './plan/TownshipCard';
import { CountyDrill, failedFillKey, useAreaPending, useFailedCounties, useHeldGeometry, withFailedCounties } from './county-data';

/** Big screen: room above the fitted map for the 强制报告 banner (design pixels). */
const BIG_ALERT_ROOM = 100;
/** Big screen, 两期并排: room below the fitted maps for their one legend, laid out in a row (design pixels). */
const BIG_SPLIT_LEGEND_ROOM = 130;
/** 两期并排 on the desktop: the pair fitted under their period labels and above their one legend (CSS px, split.css). */
const SPLIT_PADDING = { top: 92, right: 48, bottom: 150, left: 48 };
/** Big screen, 两期并排: room above the fitted pair for the banner and the period labels under it (split.css). */
const BIG_SPLIT_LABEL_ROOM = 152;
/** Big screen: room below the fitted map for a combined extract's as-of rule (design pixels). */
const BIG_AS_OF_RULE_ROOM = 110;

export interface DashboardProps {
  conn: Connector;
  extract: LoadedExtract;
  profiles: ProfileSet;
  /** Another extract was loaded in the page (it has already replaced the tables). */
  onLoaded: (extract: LoadedExtract) => void;
  /** Shown at the top of the side panel: the analysis engine's state while the first view is drawn without it. */
  status?: ReactNode;
}

export function Dashboard({ conn, extract, profiles, onLoaded, status }: DashboardProps) {
  // A county's own regions arriving: the map stays as it is meanwhile.
  const regions = useQuery({ ...regionsQuery(conn, extract), placeholderData: (previous, query) => (query?.queryKey[2] === extract.id ? previous : undefined) });
  const geometry = useMemo(() => (regions.data ? regionGeometry(regions.data) : null), [regions.data]);
  if (regions.error) throw regions.error;
  if (!geometry) return <StartupScreen step={{ step: 'tables', progress: null }} drawing />;
  const top = topArea(geometry, extract.manifest.area_code);
  if (!top) throw new Error(problems.noCountyRow);
  return <Atlas conn={conn} extract={extract} geometry={geometry} regionsBehind={regions.isPlaceholderData} top={top} profileSet={profiles} onLoaded={onLoaded} status={status} />;
}

interface AtlasProps {
  conn: Connector;
  extract: LoadedExtract;
  geometry: RegionGeometry;
  /** `geometry` is that of the regions before a county's load queued since (its own regions not read yet). */
  regionsBehind: boolean;
  /** The extract's top area (a province, city or county): the view with no area selected. */
  top: RegionFeature;
  profileSet: ProfileSet;
  onLoaded: (extract: LoadedExtract) => void;
  status?: ReactNode;
}

function Atlas({ conn, extract, geometry, regionsBehind, top, profileSet, onLoaded, status }: AtlasProps) {
  const { manifest } = extract;
  const [view, setView] = useView();
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [drawnKey, setDrawnKey] = useState<unknown>(null);
  const [alertVillagesOn, setAlertVillagesOn] = useState(false);

  const months = useMemo(() => windowMonths(manifest.as_of), [manifest.as_of]);
  const month = view.month && months.includes(view.month) ? view.month : (months[months.length - 1] as string);
  const profiles = profileSet.profiles;
  const defaultProfile = profiles[0] as VisitProfile;
  const profile = profiles.find((p) => p.id === view.profile) ?? defaultProfile;
  const selected = view.area ? (geometry.byCode.get(view.area) ?? null) : null;
  const township = townshipOf(selected);
  const mapRoot = mapRootOf(geometry, selected ?? top);
  const mapGeometry = useHeldGeometry(useMemo(() => drawnGeometry(geometry, mapRoot), [geometry, mapRoot]), mapRoot, regionsBehind);
  const aboveCounty = isAbove(selected ?? top);
  // Selecting an area keeps the rest of the view as it is when the click happens (read through a ref, so that the
  // callback, and with it the panel's context, does not change with every view).
  const viewRef = useRef(view);
  useEffect(() => {
    viewRef.current = view;
  }, [view]);
  const select = useCallback((code: string | null) => setView({ ...viewRef.current, area: code === top.code ? null : code }), [setView, top]);
  // A month, area or profile this extract does not have is shown as the default, and taken out of the address bar.
  const areaPending = useAreaPending(geometry.byCode);
  const choices = useMemo(
    () => ({ months, hasArea: (code: string) => geometry.byCode.has(code) || areaPending(code), profiles: profiles.map((p) => p.id), periods: allPeriods(months) }),
    [months, geometry, profiles, areaPending],
  );
  const known = knownView(view, choices);
  const unknownInView = known.month !== view.month || known.area !== view.area || known.profile !== view.profile || known.compare !== view.compare || Boolean(known.split) !== Boolean(view.split);
  useEffect(() => {
    if (unknownInView) setView(knownView(viewRef.current, choices), { replace: true });
  }, [unknownInView, setView, choices]);

  const contextOf = useCallback(
    (v: ViewState): ThemeContext => {
      const m = v.month && months.includes(v.month) ? v.month : (months[months.length - 1] as string);
      const sel = v.area ? (geometry.byCode.get(v.area) ?? null) : null;
      const scope = sel ?? top;
      return {
        conn,
        extract,
        geometry,
        month: m,
        date: evaluationDate(m, manifest.as_of),
        township: townshipOf(sel),
        scope,
        above: isAbove(scope),
        mapRoot: mapRootOf(geometry, scope),
        county: countyOf(geometry, scope),
        profile: profiles.find((p) => p.id === v.profile) ?? defaultProfile,
        profiles,
        select,
      };
    },
    [conn, extract, geometry, top, profiles, defaultProfile, select, manifest, months],
  );
  const ctx = contextOf(view);
  // No map query while the briefing, which has no map, is shown.
  const mapShown = view.screen !== 'briefing';
  // 两期对比: the change map replaces the theme's map (whose queries then do not run); above the county it is read
  // from the aggregates.
  const comparing = view.compare !== null && view.screen === null;
  // 两期并排: the pair of maps of periods A and B, from the change map's rows (on the big screen too).
  const splitShown = Boolean(view.split) && view.compare !== null && mapShown;
  const changeShown = comparing || splitShown;
  const themes = useThemeMaps(ctx, view.theme, mapShown && !changeShown);
  const changeMap = useChangeMap(ctx, view.theme, view.compare, mapShown && changeShown);
  const active = changeShown ? changeMap : themes[view.theme];
  // 站点规划: the plan's villages drawn over the map; a click on a village puts it in or out of the plan.
  const planning = usePlanning(ctx);
  const planShown = planning.on && view.screen === null;
  const failedCounties = useFailedCounties();
  const activeKey = planFillKey(failedFillKey(active.map.fillKey, failedCounties), planShown, planning.plan, planning.homes);
  // The map keeps showing the last theme whose data was ready until the new one's is: no frame is spent drawing
  // a map without data between the two (on a software renderer each frame is expensive).
  const [shown, setShown] = useState<MapTheme>(active.map);
  if (active.ready && shown !== active.map) setShown(active.map);
  const alertVillages = useAlertVillages(ctx, alertVillagesOn && view.screen !== 'briefing' && !aboveCounty);
  const themeShown = active.ready ? active.map : shown;
  const mapTheme = useMemo(
    () => withPlanVillages(withFailedCounties(withoutPointsNote(withAlertVillages(themeShown, alertVillages), aboveCounty && !comparing, view.theme), failedCounties), planShown, planning.plan, geometry, planning.homes),
    [themeShown, alertVillages, aboveCounty, comparing, view.theme, failedCounties, planShown, planning.plan, geometry, planning.homes],
  );
  const leaveCounty = useCallback(() => setView({ ...viewRef.current, area: null }, { replace: true }), [setView]);
  const mapExport = useMapExport(mapTheme, manifest.small_cell_threshold);
  const onDrawn = (key: unknown) => {
    setDrawnKey(key);
    mapExport.onDrawn();
  };
  // In plan mode a click on a township opens its card (plan its 关爱之家, or enter it), as a village's click plans it.
  // The card belongs to the view it was opened in (the area drilled into or selected).
  const [openCard, setTownshipPick] = useState<(TownshipPick & { area: string | null }) | null>(null);
  const townshipPick = openCard?.area === view.area ? openCard : null;
  const onMapSelect = (f: RegionFeature, at?: { x: number; y: number }) => {
    setTownshipPick(planShown && f.level === 'township' ? { code: f.code, name: f.name, x: at?.x ?? 0, y: at?.y ?? 0, area: view.area } : null);
    if (planShown && f.level === 'village') planning.toggleVillage(f.code);
    else if (!(planShown && f.level === 'township')) select(f.code);
  };
  const [pairShown, setPairShown] = useState(changeMap.pair);
  if (changeMap.ready && pairShown !== changeMap.pair) setPairShown(changeMap.pair);
  const pairPeriods = view.compare ? comparedPeriods(view.theme, view.compare, manifest.as_of) : { a: month, b: month };
  const splitExport = useSplitExport(changeMap.ready ? changeMap.pair : pairShown, pairPeriods, manifest.small_cell_threshold);

  // A map that failed (its place says why) holds nothing up: the panel follows the view once the data is ready.
  const [mapFailed, setMapFailed] = useState(false);
  const drawn = active.ready && (mapFailed || drawnKey === activeKey);
  // The side panel follows a theme, month or profile change once the map has drawn it: the map's queries and its
  // frame come first, then the panel's render, charts and queries (rankings, trends, lists). An area change is
  // followed at once: the map only flies there, and the panel's figures for the area are what the user waits for.
  const [followed, setFollowed] = useState(view);
  const target = drawn ? view : followed.area === view.area ? followed : { ...followed, area: view.area };
  if (target !== followed) setFollowed(target);
  // Rendered in a later, interruptible render than the one that says the map is drawn (an area change at once).
  const deferred = useDeferredValue(followed);
  const panelView = deferred.area === followed.area ? deferred : followed;
  const panelCtx = useMemo(() => contextOf(panelView), [contextOf, panelView]);
  const panelSelected = panelView.area ? (geometry.byCode.get(panelView.area) ?? null) : null;
  const trail = trailOf(geometry, top, panelSelected);
  const panelAbove = isAbove(panelSelected ?? top);
  const Panel = panelAbove ? AbovePanel : THEMES[panelView.theme].Panel;
  // The same element while the panel's view is unchanged, so the map's renders do not re-render the panel.
  const panelCompare = panelView.screen === null ? panelView.compare : null;
  // 数据质量 replaces the theme's panel (not while comparing); its list is in the URL too.
  const panelQuality = panelView.screen === null && !panelCompare ? (panelView.quality ?? null) : null;
  const openQuality = useCallback((q: ViewState['quality']) => setView({ ...viewRef.current, quality: q }), [setView]);
  const panel = useMemo(
    () =>
      panelCompare ? (
        <ComparePanel ctx={panelCtx} figure={panelView.theme} compare={panelCompare} />
      ) : panelQuality ? (
        <QualityPanel ctx={panelCtx} list={panelQuality === 'on' ? null : panelQuality} onList={(l) => openQuality(l ?? 'on')} />
      ) : (
        <>
          <DataQualityLine ctx={panelCtx} theme={panelView.theme} onOpen={() => openQuality('on')} />
          <Panel ctx={panelCtx} theme={panelView.theme} />
        </>
      ),
    [Panel, panelCtx, panelCompare, panelView.theme, panelQuality, openQuality],
  );
  const alertsSection = useMemo(() => (panelAbove ? <AboveAlertsNote /> : <AlertsSection ctx={panelCtx} />), [panelCtx, panelAbove]);

  // Then, while the user looks, the views most often opened next (other themes, neighbouring months).
  const prefetchContext = useCallback((m: string) => contextOf({ ...viewRef.current, month: m }), [contextOf]);
  const prefetchFrom = useMemo(() => ({ theme: view.theme, month }), [view.theme, month]);
  usePrefetchNextViews(prefetchFrom, months, prefetchContext, mapShown && !comparing && drawn && prefetchEnabled(window.location.search));

  if (active.error) throw active.error;
  const tooltip =
    hover?.picked.kind === 'region'
      ? {
          title: hover.picked.feature.name,
          subtitle: levelNames[hover.picked.feature.level],
          lines: mapTheme.describe(hover.picked.feature),
          note: hover.picked.feature.polygons ? undefined : t.noBoundary,
        }
      : hover?.picked.kind === 'point'
        ? { title: hover.picked.point.title, lines: hover.picked.point.lines }
        : null;

  const bigScale = useBigScreenScale();
  const { basemap, problem: basemapProblem } = useBasemap();
  const basemapCredit = basemap ? basemapText.credit(basemap.attribution, basemap.approvalNumber) : null;
  const mapView = splitShown ? (
    <SplitMaps
      geometry={mapGeometry}
      split={splitExport}
      periods={pairPeriods}
      township={township}
      focus={selected?.code ?? null}
      onSelect={onMapSelect}
      onDrawn={setDrawnKey}
      drawnKey={activeKey}
      onFailure={setMapFailed}
      basemap={basemap}
      boundaries={mapGeometry.boundaries}
      dark={view.screen === 'big'}
      scale={view.screen === 'big' ? bigScale : 1}
      padding={view.screen === 'big' ? { top: BIG_SPLIT_LABEL_ROOM * bigScale, right: 24 * bigScale, bottom: BIG_SPLIT_LEGEND_ROOM * bigScale, left: 24 * bigScale } : SPLIT_PADDING}
    />
  ) : (
    <MapBoundary onFailure={setMapFailed}>
    <MapView
      geometry={mapGeometry}
      theme={mapExport.theme}
      township={township}
      captureRef={mapExport.captureRef}
      basemap={basemap}
      focus={township !== null ? (selected?.code ?? null) : null}
      onSelect={onMapSelect}
      onHover={setHover}
      onDrawn={onDrawn}
      dark={view.screen === 'big'}
      scale={view.screen === 'big' ? bigScale : 1}
      padding={view.screen === 'big' ? { top: BIG_ALERT_ROOM * bigScale, right: 30 * bigScale, bottom: (manifest.as_of_rule ? BIG_AS_OF_RULE_ROOM : 30) * bigScale, left: 340 * bigScale } : undefined}
    />
    </MapBoundary>
  );
  // No legend or tooltip over the message of a failed map; the pair of maps has its own.
  const mapOverlays = mapFailed || splitShown ? null : (
    <>
      <Legend spec={mapTheme.legend} boundaries={mapGeometry.boundaries} />
      {hover && tooltip && !(townshipPick && hover.picked.kind === 'region' && hover.picked.feature.code === townshipPick.code) && <Tooltip x={hover.x} y={hover.y} content={tooltip} />}
    </>
  );

  const onMonth = (m: string) => setView({ ...view, month: m === months[months.length - 1] ? null : m });

  if (view.screen === 'briefing' && aboveCounty && !(manifest.aggregates?.profiles.includes(profile.id) ?? false)) {
    return <AboveBriefingNotice profile={profile.name} onLeave={() => setView({ ...view, screen: null })} />;
  }
  if (view.screen === 'briefing') {
    // The briefing covers the area on screen: the province, city or county, or the township drilled into (also when
    // one of its villages is selected).
    const area = (township ? geometry.byCode.get(township) : undefined) ?? selected ?? top;
    const scope: BriefingScope = { level: area.level as BriefingScope['level'], code: area.code, name: area.name, parentCode: area.parentCode };
    return (
      <Briefing
        conn={conn}
        extract={extract}
        scope={scope}
        month={month}
        months={months}
        profile={profile}
        onMonth={onMonth}
        onLeave={() => setView({ ...view, screen: null })}
        compare={view.compare}
        plan={planning.on ? { plan: planning.plan, homes: planning.homes } : null}
      />
    );
  }

  if (view.screen === 'big') {
    return (
      <BigScreen
        // With the pair of maps, the tiles, ranking and trend are of period B's (last) month, as the right map is.
        ctx={splitShown ? contextOf({ ...view, month: periodMonths(pairPeriods.b, manifest.as_of).at(-1) ?? null }) : ctx}
        theme={view.theme}
        tourSeconds={view.tour ?? DEFAULT_TOUR_SECONDS}
        onTheme={(theme) => setView({ ...view, theme }, { replace: true })}
        onLeave={() => setView({ ...view, screen: null, tour: null })}
        drawn={drawn}
        basemapCredit={basemapCredit}
        plan={planning.on ? { plan: planning.plan, homes: planning.homes } : null}
        map={
          <>
            {mapView}
            {mapOverlays}
          </>
        }
      />
    );
  }

  const exportedOn = localDate(new Date());
  const shownCompare = comparing && view.compare ? comparedPeriods(view.theme, view.compare, manifest.as_of) : null;
  const comparedSubtitle = shownCompare ? `${formatPeriodZh(shownCompare.a)} → ${formatPeriodZh(shownCompare.b)}` : null;
  const exportPage: ExportPage = {
    meta: { asOf: manifest.as_of, sources: manifest.source_systems, exportedOn },
    fileStem: selected ? `${top.name}_${selected.name}` : top.name,
  };
  return (
    <ExportContext value={exportPage}>
    <div className="layout" data-testid="dashboard" data-theme={view.theme} data-map-drawn={drawn ? 'yes' : 'no'} data-map-failed={mapFailed ? 'yes' : undefined}>
      <Header manifest={manifest}>
        <LoadData
          conn={conn}
          onLoaded={(loaded) => {
            // The new extract's areas differ: start from its top area.
            window.history.replaceState(null, '', `${window.location.pathname}${serializeView({ ...view, area: null }, window.location.search)}`);
            onLoaded(loaded);
          }}
        />
      </Header>
      <Toolbar
        theme={view.theme}
        month={month}
        months={months}
        profile={profile}
        profiles={profiles}
        onTheme={(theme) => setView({ ...view, theme, quality: null })}
        onMonth={onMonth}
        onProfile={(id) => setView({ ...view, profile: id === defaultProfile.id ? null : id })}
        onBigScreen={() => setView({ ...view, screen: 'big' })}
        onBriefing={() => setView({ ...view, screen: 'briefing' })}
        quality={comparing ? undefined : { open: Boolean(view.quality), onToggle: () => setView({ ...view, quality: view.quality ? null : 'on' }), label: qualityText.button, title: qualityText.buttonTitle }}
        compare={{
          comparing,
          controls: (
            <CompareControls
              figure={view.theme}
              months={months}
              compare={view.compare ? comparedPeriods(view.theme, view.compare, manifest.as_of) : null}
              onCompare={(c) => setView({ ...view, compare: c, split: c !== null && view.split })}
              onStart={() => setView({ ...view, compare: defaultCompare(month) })}
              split={Boolean(view.split)}
              onSplit={(on) => setView({ ...view, split: on })}
            />
          ),
        }}
      />
      {basemapProblem && (
        <div className="notice" role="alert" data-testid="basemap-problem">
          <ProblemList problems={[basemapProblem]} />
        </div>
      )}
      {profileSet.problems.length > 0 && (
        <div className="notice" role="alert" data-testid="profile-problems">
          <b>{profileFileProblems.title}</b>
          <ProblemList problems={profileSet.problems} />
        </div>
      )}
      <main className="main">
        <div className="map-wrap">
          <div className="map-area">
            {mapView}
            <div className="map-title">
              {ui.themes[view.theme]} · {splitShown ? `${compareText.modeSplit} · ${pairShown.a.legend.title}` : mapTheme.legend.title}
              {mapGeometry.boundaries === 'schematic' && <span className="schematic-tag">{t.schematicShort}</span>}
            </div>
            {mapOverlays}
            <CountyDrill area={view.area} onRefused={leaveCounty} awaiting={status ? manifest : null} />
            {!splitShown && !aboveCounty && (
            <label className="map-toggle" title={alertText.mapToggleTitle}>
              <input type="checkbox" checked={alertVillagesOn} onChange={(e) => setAlertVillagesOn(e.target.checked)} data-testid="alert-villages-toggle" />
              {alertText.mapToggle}
              {alertVillages && <span data-testid="alert-villages-count">{alertText.mapToggleCount(alertVillages.points.length)}</span>}
            </label>
            )}
            {!aboveCounty && !splitShown && <PlanToggle planning={planning} onStart={() => setView({ ...view, theme: 'stations', compare: null })} />}
            {planShown && !splitShown && townshipPick && (
              <TownshipCard ctx={ctx} planning={planning} pick={townshipPick} onClose={() => setTownshipPick(null)} onEnter={() => {
                setTownshipPick(null);
                select(townshipPick.code);
              }} />
            )}
            <MapExportButton
              capture={splitShown ? splitExport.capture : mapExport.capture}
              manifest={manifest}
              title={`${(selected ?? top).name} · ${ui.themes[view.theme]}`}
              subtitle={[comparedSubtitle ?? formatMonthZh(month), view.theme === 'visits' ? `${visitTheme.profileLabel}：${profile.name}` : null].filter(Boolean).join(' · ')}
              fileParts={[exportPage.fileStem, ui.themes[view.theme], exportText.mapFile, ...(splitShown ? [compareText.modeSplit] : []), ...(shownCompare ? [shownCompare.a, shownCompare.b] : [month])]}
              exportedOn={exportedOn}
              basemapCredit={basemapCredit}
              boundaries={mapGeometry.boundaries}
            />
          </div>
          <div className="attribution" data-testid="attribution">
            {manifest.attribution.map((line) => (
              <span key={line}>{line}</span>
            ))}
            <span>{attribution.divisions}</span>
            {basemapCredit && <span data-testid="basemap-credit">{basemapCredit}</span>}
          </div>
          {manifest.as_of_rule && (
            <div className="as-of-rule" data-testid="as-of-rule">
              {attribution.asOfRule}
              {manifest.as_of_rule}
            </div>
          )}
        </div>
        <SidePanel scope={panelSelected ?? top} trail={trail} onSelect={select}>
          {status}
          {alertsSection}
          {planning.on ? <PlanPanel ctx={panelCtx} planning={planning} /> : panel}
        </SidePanel>
      </main>
    </div>
    </ExportContext>
  );
}

/** YYYY-MM-DD in the machine's time zone. */
function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

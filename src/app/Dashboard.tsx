import { useCallback, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Connector } from '../db/connector';
import type { LoadedExtract } from '../db/load-extract';
import { app as t, attribution, levelNames, problems, ui } from '../i18n/zh';
import { profileFileProblems } from '../i18n/zh-visits';
import { Legend } from '../map/Legend';
import { MapView, type HoverInfo } from '../map/MapView';
import { regionGeometry, type RegionFeature, type RegionGeometry } from '../map/region-features';
import { Tooltip } from '../map/Tooltip';
import { evaluationDate, monthOf, monthsEnding } from '../measures/months';
import type { ProfileSet } from '../policy/custom-profiles';
import type { VisitProfile } from '../policy/profile';
import { Header } from './Header';
import { regionsQuery } from './queries';
import { SidePanel } from './SidePanel';
import { StartupScreen } from './StartupScreen';
import { Toolbar } from './Toolbar';
import type { ThemeContext, ThemeMapResult } from './themes/context';
import { RiskPanel, useRiskMap } from './themes/risk';
import { StationsPanel, useStationsMap } from './themes/stations';
import { useVisitsMap, VisitsPanel } from './themes/visits';
import { useWaterMap, WaterPanel } from './themes/water';
import { useView } from './use-view';
import { serializeView, type ThemeId } from './url-state';
import { LoadData } from './LoadData';
import { BigScreen, DEFAULT_TOUR_SECONDS, useBigScreenScale } from './BigScreen';
import { Briefing } from './Briefing';
import type { BriefingScope } from '../briefing/queries';
import { ExportContext, type ExportPage } from '../charts/ChartExportButtons';
import { MapExportButton, useMapExport } from './MapExport';
import { formatMonthZh } from '../measures/months';
import { visitTheme } from '../i18n/zh-visits';
import { exportText } from '../i18n/zh-export';

const MONTHS_SHOWN = 12;

export interface DashboardProps {
  conn: Connector;
  extract: LoadedExtract;
  profiles: ProfileSet;
  /** Another extract was loaded in the page (it has already replaced the tables). */
  onLoaded: (extract: LoadedExtract) => void;
}

export function Dashboard({ conn, extract, profiles, onLoaded }: DashboardProps) {
  const regions = useQuery(regionsQuery(conn, extract));
  const geometry = useMemo(() => (regions.data ? regionGeometry(regions.data) : null), [regions.data]);
  if (regions.error) throw regions.error;
  if (!geometry) return <StartupScreen step={{ step: 'tables', progress: null }} drawing />;
  if (!geometry.county) throw new Error(problems.noCountyRow);
  return <Atlas conn={conn} extract={extract} geometry={geometry} county={geometry.county} profileSet={profiles} onLoaded={onLoaded} />;
}

interface AtlasProps {
  conn: Connector;
  extract: LoadedExtract;
  geometry: RegionGeometry;
  county: RegionFeature;
  profileSet: ProfileSet;
  onLoaded: (extract: LoadedExtract) => void;
}

function Atlas({ conn, extract, geometry, county, profileSet, onLoaded }: AtlasProps) {
  const { manifest } = extract;
  const [view, setView] = useView();
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [drawnKey, setDrawnKey] = useState<unknown>(null);

  const months = monthsEnding(monthOf(manifest.as_of), MONTHS_SHOWN);
  const month = view.month && months.includes(view.month) ? view.month : (months[months.length - 1] as string);
  const profiles = profileSet.profiles;
  const defaultProfile = profiles[0] as VisitProfile;
  const profile = profiles.find((p) => p.id === view.profile) ?? defaultProfile;
  const selected = view.area ? (geometry.byCode.get(view.area) ?? null) : null;
  const township = selected ? (selected.level === 'village' ? selected.parentCode : selected.code) : null;
  const select = useCallback((code: string | null) => setView({ ...view, area: code }), [setView, view]);

  const ctx: ThemeContext = {
    conn,
    extract,
    geometry,
    month,
    date: evaluationDate(month, manifest.as_of),
    township,
    scope: selected ?? county,
    profile,
    profiles,
    select,
  };
  // Every theme's hook runs on every render (hooks may not be conditional); only the active one queries, and none
  // while the briefing, which has no map, is shown.
  const mapShown = view.screen !== 'briefing';
  const themes: Record<ThemeId, ThemeMapResult> = {
    risk: useRiskMap(ctx, mapShown && view.theme === 'risk'),
    visits: useVisitsMap(ctx, mapShown && view.theme === 'visits'),
    stations: useStationsMap(ctx, mapShown && view.theme === 'stations'),
    water: useWaterMap(ctx, mapShown && view.theme === 'water'),
  };
  const active = themes[view.theme];
  const mapExport = useMapExport(active.map, manifest.small_cell_threshold);
  const activeKey = active.map.fillKey;
  const onDrawn = () => {
    setDrawnKey(activeKey);
    mapExport.onDrawn();
  };
  const onMapSelect = (f: RegionFeature) => select(f.code);

  if (active.error) throw active.error;

  const trail = [county, ...(township ? [geometry.byCode.get(township)] : []), ...(selected?.level === 'village' ? [selected] : [])].filter(
    (f): f is RegionFeature => f !== undefined,
  );
  const drawn = active.ready && drawnKey === activeKey;
  const Panel = { risk: RiskPanel, visits: VisitsPanel, stations: StationsPanel, water: WaterPanel }[view.theme];
  const tooltip =
    hover?.picked.kind === 'region'
      ? {
          title: hover.picked.feature.name,
          subtitle: levelNames[hover.picked.feature.level],
          lines: active.map.describe(hover.picked.feature),
          note: hover.picked.feature.polygons ? undefined : t.noBoundary,
        }
      : hover?.picked.kind === 'point'
        ? { title: hover.picked.point.title, lines: hover.picked.point.lines }
        : null;

  const bigScale = useBigScreenScale();
  const mapView = (
    <MapView
      geometry={geometry}
      theme={mapExport.theme}
      township={township}
      captureRef={mapExport.captureRef}
      focus={selected?.code ?? null}
      onSelect={onMapSelect}
      onHover={setHover}
      onDrawn={onDrawn}
      dark={view.screen === 'big'}
      scale={view.screen === 'big' ? bigScale : 1}
      padding={view.screen === 'big' ? { top: 30 * bigScale, right: 30 * bigScale, bottom: 30 * bigScale, left: 340 * bigScale } : undefined}
    />
  );
  const mapOverlays = (
    <>
      <Legend spec={active.map.legend} />
      {hover && tooltip && <Tooltip x={hover.x} y={hover.y} content={tooltip} />}
    </>
  );

  const onMonth = (m: string) => setView({ ...view, month: m === months[months.length - 1] ? null : m });

  if (view.screen === 'briefing') {
    // The briefing covers the county, or the township drilled into (also when one of its villages is selected).
    const town = township ? geometry.byCode.get(township) : undefined;
    const scope: BriefingScope = town
      ? { level: 'township', code: town.code, name: town.name, parentCode: town.parentCode }
      : { level: 'county', code: county.code, name: county.name, parentCode: null };
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
      />
    );
  }

  if (view.screen === 'big') {
    return (
      <BigScreen
        ctx={ctx}
        theme={view.theme}
        tourSeconds={view.tour ?? DEFAULT_TOUR_SECONDS}
        onTheme={(theme) => setView({ ...view, theme }, { replace: true })}
        onLeave={() => setView({ ...view, screen: null, tour: null })}
        drawn={drawn}
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
  const exportPage: ExportPage = {
    meta: { asOf: manifest.as_of, sources: manifest.source_systems, exportedOn },
    fileStem: ctx.scope.level === 'county' ? county.name : `${county.name}_${ctx.scope.name}`,
  };
  return (
    <ExportContext value={exportPage}>
    <div className="layout" data-testid="dashboard" data-theme={view.theme} data-map-drawn={drawn ? 'yes' : 'no'}>
      <Header manifest={manifest}>
        <LoadData
          conn={conn}
          onLoaded={(loaded) => {
            // The new extract's areas differ: start from its whole county.
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
        onTheme={(theme) => setView({ ...view, theme })}
        onMonth={onMonth}
        onProfile={(id) => setView({ ...view, profile: id === defaultProfile.id ? null : id })}
        onBigScreen={() => setView({ ...view, screen: 'big' })}
        onBriefing={() => setView({ ...view, screen: 'briefing' })}
      />
      {profileSet.problems.length > 0 && (
        <div className="notice" role="alert" data-testid="profile-problems">
          <b>{profileFileProblems.title}</b>
          <ul>
            {profileSet.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <main className="main">
        <div className="map-wrap">
          <div className="map-area">
            {mapView}
            <div className="map-title">
              {ui.themes[view.theme]} · {active.map.legend.title}
              <span className="schematic-tag">{t.schematicShort}</span>
            </div>
            {mapOverlays}
            <MapExportButton
              capture={mapExport.capture}
              manifest={manifest}
              title={`${ctx.scope.name} · ${ui.themes[view.theme]}`}
              subtitle={[formatMonthZh(month), view.theme === 'visits' ? `${visitTheme.profileLabel}：${profile.name}` : null].filter(Boolean).join(' · ')}
              fileParts={[exportPage.fileStem, ui.themes[view.theme], exportText.mapFile, month]}
              exportedOn={exportedOn}
            />
          </div>
          <div className="attribution" data-testid="attribution">
            {manifest.attribution.map((line) => (
              <span key={line}>{line}</span>
            ))}
            <span>{attribution.divisions}</span>
          </div>
        </div>
        <SidePanel scope={ctx.scope} trail={trail} onSelect={select}>
          <Panel ctx={ctx} />
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

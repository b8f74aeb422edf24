import { useCallback, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Connector } from '../db/connector';
import { rowsOf } from '../db/connector';
import type { LoadedExtract } from '../db/load-extract';
import type { RiskMixRow } from '../measures/risk-mix';
import { AreaValues } from '../map/area-values';
import { RISK_SHARE_CLASSES } from '../map/colour-scales';
import { Legend } from '../map/Legend';
import { MapView, type HoverInfo } from '../map/MapView';
import { regionGeometry, type RegionFeature } from '../map/region-features';
import { Tooltip } from '../map/Tooltip';
import { app as t, attribution, risk } from '../i18n/zh';
import { Header } from './Header';
import { regionsQuery, riskMixQuery } from './queries';
import { SidePanel } from './SidePanel';
import { StartupScreen } from './StartupScreen';
import { useView } from './use-view';

export function Dashboard({ conn, extract }: { conn: Connector; extract: LoadedExtract }) {
  const { manifest } = extract;
  const asOf = manifest.as_of;
  const [view, setView] = useView();
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [drawn, setDrawn] = useState(false);

  const regions = useQuery(regionsQuery(conn, extract));
  const geometry = useMemo(() => (regions.data ? regionGeometry(regions.data) : null), [regions.data]);
  const county = useQuery(riskMixQuery(conn, extract, { level: 'county', asOf }));
  const townships = useQuery(riskMixQuery(conn, extract, { level: 'township', asOf }));
  const villages = useQuery(riskMixQuery(conn, extract, { level: 'village', asOf }));

  const townshipValues = useMemo(() => (townships.data ? new AreaValues(townships.data) : null), [townships.data]);
  const villageValues = useMemo(() => (villages.data ? new AreaValues(villages.data) : null), [villages.data]);

  const selected = view.area && geometry ? (geometry.byCode.get(view.area) ?? null) : null;
  const township = selected ? (selected.level === 'village' ? selected.parentCode : selected.code) : null;

  const select = useCallback((code: string | null) => setView({ ...view, area: code }), [setView, view]);
  const onMapSelect = useCallback((f: RegionFeature | null) => f && select(f.code), [select]);
  const onDrawn = useCallback(() => setDrawn(true), []);

  const error = regions.error ?? county.error ?? townships.error ?? villages.error;
  if (error) throw error;
  if (!geometry || !geometry.county || !county.data || !townships.data || !villages.data) {
    return <StartupScreen step={{ step: 'tables', progress: null }} drawing />;
  }

  const scope = selected ?? geometry.county;
  const trail = [geometry.county, ...(township ? [geometry.byCode.get(township)] : []), ...(selected?.level === 'village' ? [selected] : [])].filter(
    (f): f is RegionFeature => f !== undefined,
  );
  const townshipRows = rowsOf<RiskMixRow>(townships.data);
  const villageRows = rowsOf<RiskMixRow>(villages.data);
  const scopeRow =
    scope.level === 'county'
      ? (rowsOf<RiskMixRow>(county.data)[0] ?? null)
      : ((scope.level === 'township' ? townshipRows : villageRows).find((r) => r.code === scope.code) ?? null);
  const subLevel = scope.level === 'county' ? 'township' : scope.level === 'township' ? 'village' : null;
  const subAreas = scope.level === 'county' ? townshipRows : villageRows.filter((r) => geometry.byCode.get(r.code)?.parentCode === scope.code);

  return (
    <div className="layout" data-testid="dashboard" data-map-drawn={drawn ? 'yes' : 'no'}>
      <Header manifest={manifest} />
      <main className="main">
        <div className="map-wrap">
          <div className="map-area">
            <MapView
              geometry={geometry}
              townshipValues={townshipValues}
              villageValues={villageValues}
              column="share_red_yellow"
              classes={RISK_SHARE_CLASSES}
              township={township}
              onSelect={onMapSelect}
              onHover={setHover}
              onDrawn={onDrawn}
            />
            <div className="map-title">
              {risk.themeName} · {risk.legendTitle}
              <span className="schematic-tag">{t.schematicShort}</span>
            </div>
            <Legend title={risk.legendTitle} classes={RISK_SHARE_CLASSES} definition={risk.shareRedYellowDef} />
            {hover && <Tooltip hover={hover} values={hover.feature.level === 'township' ? townshipValues : villageValues} />}
          </div>
          <div className="attribution" data-testid="attribution">
            {manifest.attribution.map((line) => (
              <span key={line}>{line}</span>
            ))}
            <span>{attribution.divisions}</span>
          </div>
        </div>
        <SidePanel
          scope={scope}
          scopeRow={scopeRow}
          trail={trail}
          subAreas={subAreas}
          subLevel={subLevel}
          onSelect={select}
        />
      </main>
    </div>
  );
}

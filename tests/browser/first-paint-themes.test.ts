import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { guardianshipSql, type GuardianshipRow } from '../../src/measures/guardianship';
import { waterSafetySql, type WaterSafetyRow } from '../../src/measures/water-safety';
import { inspectionIntervalDays } from '../../src/policy/settings';
import { stationCoverageSql, type StationCoverageRow } from '../../src/measures/station-coverage';
import { visitComplianceSql, type VisitComplianceRow } from '../../src/measures/visit-compliance';
import { DEFAULT_SETTINGS } from '../../src/policy/settings';
import { GUANYUN_2022 } from '../../src/policy/profiles';
import { DEMO, isLocal, SCREENSHOTS } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openFirstViewHeld } from '../support/engine-hold';
import { openOracle } from '../support/oracle';

/**
 * A page opened on another theme than risk draws its first view from that theme's aggregate table before DuckDB
 * can answer: DuckDB's wasm is held back, and the map, tiles, township table and legend must show the demo's
 * figures as native DuckDB computes them from the raw tables.
 */

const AS_OF = '2026-10-31';
const COUNTY = '320682';
const FIRST_VIEW_MS = 120_000;

const suite = browserSuite({ oracle: () => openOracle(DEMO, ['regions', 'children', 'colour_assessments', 'visits', 'stations', 'staff', 'water_points']) });
const num = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));
const share = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Opens the demo at `search` with DuckDB's wasm held until the returned release() (always called at the end). */
const openHeld = (search: string) => openFirstViewHeld(suite.browser, `${suite.url}${search}`, FIRST_VIEW_MS);

/** Hovers the map's middle: the tooltip names a township; returns its code and the tooltip's text. */
async function hoverMiddle(page: Page, townships: { code: string; name: string }[]) {
  const box = await page.getByTestId('map').boundingBox();
  if (!box) throw new Error('no map');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tooltip = page.getByTestId('tooltip');
  await tooltip.waitFor({ timeout: 20_000 });
  const text = (await tooltip.textContent()) ?? '';
  const hovered = townships.find((t) => text.startsWith(`${t.name}乡镇（街道）`));
  expect(hovered, text).toBeDefined();
  await page.mouse.move(box.x + 5, box.y + box.height - 5);
  return { code: hovered?.code, text };
}

describe('the first view of another theme, with DuckDB held back', () => {
  it('guardianship: map, tiles, every township’s row, legend and tooltip show the demo’s figures before DuckDB answers', async () => {
    const held = await openHeld('?theme=guardianship');
    const { page } = held;
    try {
      const params = { asOf: AS_OF, staleMonths: DEFAULT_SETTINGS.recordUpdate.intervalMonths };
      const [county] = await suite.oracle.rows<GuardianshipRow>(guardianshipSql({ level: 'county', ...params }));
      const towns = await suite.oracle.rows<GuardianshipRow>(guardianshipSql({ level: 'township', parentCode: COUNTY, ...params }));
      expect(county?.code).toBe(COUNTY);
      expect(await page.getByTestId('kpi-agreement-rate').textContent()).toBe(share(county?.agreement_rate ?? null));
      expect(await page.getByTestId('kpi-pairing-rate').textContent()).toBe(share(county?.pairing_rate ?? null));
      expect(num(await page.getByTestId('kpi-left-behind').textContent())).toBe(county?.left_behind);
      expect(num(await page.getByTestId('kpi-colour-never').textContent())).toBe(county?.colour_never);
      const table = page.getByTestId('sub-areas');
      // The table lists the townships with children on the roll.
      const listed = towns.filter((t) => t.children > 0);
      expect(listed.length).toBeGreaterThan(10);
      expect(await table.locator('tbody tr').count()).toBe(listed.length);
      for (const t of listed) {
        const cells = await table.locator(`[data-code="${t.code}"] td`).allTextContents();
        expect([cells[0], num(cells[1] ?? ''), cells[2], cells[3]], t.name).toEqual([t.name, t.left_behind, share(t.agreement_rate), share(t.pairing_rate)]);
      }
      expect(await page.getByTestId('legend').locator('.legend-title').textContent()).toBe('委托照护协议签订率');
      const hovered = await hoverMiddle(page, towns);
      const town = towns.find((t) => t.code === hovered.code);
      expect(hovered.text).toContain(`委托照护协议签订率${share(town?.agreement_rate ?? null)}`);
      await page.screenshot({ path: `${SCREENSHOTS}/first-view-guardianship-engine-held.png` });
      expect(held.requests.filter((u) => !isLocal(u))).toEqual([]);
      expect(held.errors).toEqual([]);
    } finally {
      held.release();
      await page.context().close();
    }
  }, 300_000);

  it('visits: the default profile’s tiles, legend and tooltip show the demo’s October figures before DuckDB answers', async () => {
    const held = await openHeld('?theme=visits');
    const { page } = held;
    try {
      const params = { month: '2026-10', asOf: AS_OF, profile: GUANYUN_2022 };
      const [county] = await suite.oracle.rows<VisitComplianceRow>(visitComplianceSql({ level: 'county', ...params }));
      const towns = await suite.oracle.rows<VisitComplianceRow>(visitComplianceSql({ level: 'township', parentCode: COUNTY, ...params }));
      expect(await page.getByTestId('kpi-rate').textContent()).toBe(share(county?.rate ?? null));
      expect(num(await page.getByTestId('kpi-due').textContent())).toBe(county?.due);
      expect(num(await page.getByTestId('kpi-compliant').textContent())).toBe(county?.compliant);
      expect(num(await page.getByTestId('kpi-overdue').textContent())).toBe(county?.overdue);
      expect(await page.getByTestId('legend').locator('.legend-title').textContent()).toContain('走访合规率');
      const hovered = await hoverMiddle(page, towns);
      const town = towns.find((t) => t.code === hovered.code);
      expect(hovered.text).toContain(`走访合规率${share(town?.rate ?? null)}`);
      await page.screenshot({ path: `${SCREENSHOTS}/first-view-visits-engine-held.png` });
      expect(held.errors).toEqual([]);
    } finally {
      held.release();
      await page.context().close();
    }
  }, 300_000);

  it('stations: the map and tiles show before DuckDB answers (station points, raw rows, wait for it), and stay once it has', async () => {
    const held = await openHeld('?theme=stations');
    const { page } = held;
    try {
      const [county] = await suite.oracle.rows<StationCoverageRow>(stationCoverageSql({ level: 'county', asOf: AS_OF }));
      expect(await page.getByTestId('kpi-share-with-station').textContent()).toBe(share(county?.share_with_station ?? null));
      expect(await page.getByTestId('kpi-share-with-director').textContent()).toBe(share(county?.share_with_director ?? null));
      await page.screenshot({ path: `${SCREENSHOTS}/first-view-stations-engine-held.png` });
      held.release();
      await page.waitForFunction(() => !document.querySelector('[data-testid="engine-status"]'), undefined, { timeout: FIRST_VIEW_MS });
      await page.waitForSelector('[data-testid="dashboard"][data-map-drawn="yes"]', { timeout: FIRST_VIEW_MS });
      expect(await page.getByTestId('kpi-share-with-station').textContent()).toBe(share(county?.share_with_station ?? null));
      expect(held.errors).toEqual([]);
    } finally {
      held.release();
      await page.context().close();
    }
  }, 300_000);

  it('water: the map and tiles show before DuckDB answers (water points, raw rows, wait for it)', async () => {
    const held = await openHeld('?theme=water');
    const { page } = held;
    try {
      const [county] = await suite.oracle.rows<WaterSafetyRow>(waterSafetySql({ level: 'county', asOf: AS_OF, intervalDays: inspectionIntervalDays(DEFAULT_SETTINGS, AS_OF) }));
      expect(county?.points).toBeGreaterThan(0);
      expect(num(await page.getByTestId('kpi-points').textContent())).toBe(county?.points);
      expect(await page.getByTestId('kpi-share-complete').textContent()).toBe(share(county?.share_complete ?? null));
      expect(held.errors).toEqual([]);
    } finally {
      held.release();
      await page.context().close();
    }
  }, 300_000);
});

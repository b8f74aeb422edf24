import { describe, expect, it } from 'vitest';
import { guardianshipSql } from '../../src/measures/guardianship';
import { riskMixSql } from '../../src/measures/risk-mix';
import { riskTransitionsSql } from '../../src/measures/risk-history';
import { stationCoverageSql } from '../../src/measures/station-coverage';
import { visitComplianceSql } from '../../src/measures/visit-compliance';
import { waterSafetySql } from '../../src/measures/water-safety';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';
import { CITY, cityManifest, cityTables, PROVINCE, QIDONG, RUGAO } from '../fixtures/two-county-city';
import { loadedFixture } from '../support/loaded-fixture';

const fixture = loadedFixture(cityManifest, cityTables());
const asOf = '2026-10-31';

// Answers worked by hand from tests/fixtures/two-county-city.ts.
describe('measures above the county, in an extract of two counties', () => {
  it('puts each village in its own county, and both counties in the city and the province', async () => {
    const risk = (level: 'province' | 'city' | 'county') =>
      fixture.rows<{ code: string; children: number; red: number; yellow: number; blue: number; green: number; ungraded: number }>(
        `SELECT code, children, red, yellow, blue, green, ungraded FROM (${riskMixSql({ level, asOf })}) ORDER BY code`,
      );
    expect(await risk('county')).toEqual([
      { code: QIDONG, children: 5, red: 1, yellow: 1, blue: 1, green: 1, ungraded: 1 },
      { code: RUGAO, children: 3, red: 2, yellow: 0, blue: 0, green: 1, ungraded: 0 },
    ]);
    const whole = { children: 8, red: 3, yellow: 1, blue: 1, green: 2, ungraded: 1 };
    expect(await risk('city')).toEqual([{ code: CITY, ...whole }]);
    expect(await risk('province')).toEqual([{ code: PROVINCE, ...whole }]);
  });

  it('lists the counties of the city as its children', async () => {
    const rows = await fixture.rows<{ code: string; name: string; children: number }>(`SELECT code, name, children FROM (${riskMixSql({ level: 'county', parentCode: CITY, asOf })})`);
    expect(rows).toEqual([
      { code: QIDONG, name: '启东市', children: 5 },
      { code: RUGAO, name: '如皋市', children: 3 },
    ]);
  });

  it('counts stations, care homes and directors per county and for the city', async () => {
    const rows = await fixture.rows<Record<string, number | string | null>>(
      `SELECT code, villages, villages_with_station, villages_with_director, townships, townships_home_ok, target_village_stations, active_village_stations, directors, children, children_no_station
       FROM (${stationCoverageSql({ level: 'county', asOf })}) UNION ALL
       SELECT code, villages, villages_with_station, villages_with_director, townships, townships_home_ok, target_village_stations, active_village_stations, directors, children, children_no_station
       FROM (${stationCoverageSql({ level: 'city', asOf })}) ORDER BY code`,
    );
    expect(rows).toEqual([
      { code: CITY, villages: 3, villages_with_station: 2, villages_with_director: 2, townships: 2, townships_home_ok: 1, target_village_stations: 3, active_village_stations: 2, directors: 2, children: 8, children_no_station: 2 },
      { code: QIDONG, villages: 2, villages_with_station: 1, villages_with_director: 1, townships: 1, townships_home_ok: 1, target_village_stations: 2, active_village_stations: 1, directors: 1, children: 5, children_no_station: 2 },
      { code: RUGAO, villages: 1, villages_with_station: 1, villages_with_director: 1, townships: 1, townships_home_ok: 0, target_village_stations: 1, active_village_stations: 1, directors: 1, children: 3, children_no_station: 0 },
    ]);
  });

  it('counts water points and their missing items per county and for the province', async () => {
    const rows = await fixture.rows<Record<string, number | string>>(
      `SELECT code, points, complete, missing_ring FROM (${waterSafetySql({ level: 'county', asOf, intervalDays: 30 })}) UNION ALL
       SELECT code, points, complete, missing_ring FROM (${waterSafetySql({ level: 'province', asOf, intervalDays: 30 })}) ORDER BY code`,
    );
    expect(rows).toEqual([
      { code: PROVINCE, points: 2, complete: 1, missing_ring: 1 },
      { code: QIDONG, points: 1, complete: 1, missing_ring: 0 },
      { code: RUGAO, points: 1, complete: 0, missing_ring: 1 },
    ]);
  });

  it('adds the counties up for visits and guardianship at the city level', async () => {
    const profile = BUILTIN_PROFILES[0]!;
    const visits = async (level: 'city' | 'county') =>
      fixture.rows<{ code: string; due: number; compliant: number }>(`SELECT code, due, compliant FROM (${visitComplianceSql({ level, month: '2026-10', asOf, profile })}) ORDER BY code`);
    const counties = await visits('county');
    const [city] = await visits('city');
    expect(counties.map((r) => r.code)).toEqual([QIDONG, RUGAO]);
    expect(city).toEqual({ code: CITY, due: counties[0]!.due + counties[1]!.due, compliant: counties[0]!.compliant + counties[1]!.compliant });
    expect(city!.due).toBeGreaterThan(0);
    const guardianship = await fixture.rows<{ code: string; children: number; left_behind: number; colour_never: number }>(
      `SELECT code, children, left_behind, colour_never FROM (${guardianshipSql({ level: 'city', asOf, staleMonths: 3 })})`,
    );
    expect(guardianship).toEqual([{ code: CITY, children: 8, left_behind: 8, colour_never: 1 }]);
  });

  it("follows one county's children through its colour transitions", async () => {
    const rows = await fixture.rows<{ from_colour: string; to_colour: string; children: number }>(
      riskTransitionsSql({ area: { level: 'county', code: RUGAO }, from: '2026-08-31', to: asOf }),
    );
    // On 2026-08-31 no child of 如皋市 still on the roll had been assessed (k9 had left); by the as-of date k6, k7 red and k8 green.
    expect(rows.map((r) => `${r.from_colour}→${r.to_colour} ${r.children}`).sort()).toEqual(['ungraded→green 1', 'ungraded→red 2']);
  });
});

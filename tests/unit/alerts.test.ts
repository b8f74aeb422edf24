import { describe, expect, it } from 'vitest';
import { loadedFixture } from '../support/loaded-fixture';
import { alertsSql, type AlertsRow } from '../../src/measures/alerts';
import { A1, A2, A3, B1, B2, B3, COUNTY, DUTIES_AS_OF, F1, T1, T2, T3, dutiesManifest, dutiesTables } from '../fixtures/duties-county';

// Answers worked out by hand from tests/fixtures/duties-county.ts (its header lists every child's flags).
// On the roll at 2026-07-15 with an alert: k01, k02 (two kinds), k04 (one kind listed twice), k07, k08, k18.
// Not counted: k03 (empty list), k06 (NULL), k05 (left in June), k12 (enrols in August).
const fixture = loadedFixture(dutiesManifest, dutiesTables());

/** [code, children with an alert, living alone / missing, guardian unable, suspected violence, injury]. */
const counts = (r: AlertsRow) => [r.code, r.children_with_alert, r.living_alone_or_missing, r.guardian_unable, r.suspected_violence, r.injury_or_harm];

describe('强制报告 alerts', () => {
  it('counts each village once per child, and once per kind', async () => {
    const rows = await fixture.rows<AlertsRow>(alertsSql({ level: 'village', asOf: DUTIES_AS_OF }));
    // Most alerts first, then by code; villages without any are listed with zeros.
    expect(rows.map(counts)).toEqual([
      [A1, 2, 1, 1, 1, 0],
      [A2, 1, 0, 0, 0, 1],
      [A3, 1, 0, 1, 0, 0],
      [B1, 1, 1, 0, 0, 0],
      [F1, 1, 0, 1, 0, 0],
      [B2, 0, 0, 0, 0, 0],
      [B3, 0, 0, 0, 0, 0],
    ]);
    expect(rows.find((r) => r.code === A1)).toMatchObject({ name: '甲一村', parent_code: T1 });
  });

  it('totals townships and the county without double counting a child with two kinds', async () => {
    const towns = await fixture.rows<AlertsRow>(alertsSql({ level: 'township', asOf: DUTIES_AS_OF }));
    // T1: k01, k02, k04, k07 → 4 children; kinds 1 + 2 + 1 + 1 = 5 flags. T2: k08. T3: k18.
    expect(towns.map(counts)).toEqual([
      [T1, 4, 1, 2, 1, 1],
      [T2, 1, 1, 0, 0, 0],
      [T3, 1, 0, 1, 0, 0],
    ]);
    const county = await fixture.rows<AlertsRow>(alertsSql({ level: 'county', asOf: DUTIES_AS_OF }));
    expect(county.map(counts)).toEqual([[COUNTY, 6, 2, 3, 1, 1]]);
  });

  it('keeps the villages of one township', async () => {
    const rows = await fixture.rows<AlertsRow>(alertsSql({ level: 'village', parentCode: T2, asOf: DUTIES_AS_OF }));
    expect(rows.map(counts)).toEqual([
      [B1, 1, 1, 0, 0, 0],
      [B2, 0, 0, 0, 0, 0],
      [B3, 0, 0, 0, 0, 0],
    ]);
  });

  it('follows the roll: a child who has left is not counted, one who has joined is', async () => {
    // On 2026-06-15 k05 (A2, guardian unable) is still on the roll; on 2026-08-01 k12 (B2, violence) has joined.
    const june = await fixture.rows<AlertsRow>(alertsSql({ level: 'village', parentCode: T1, asOf: '2026-06-15' }));
    expect(june.find((r) => r.code === A2)).toMatchObject({ children_with_alert: 2, guardian_unable: 1, injury_or_harm: 1 });
    const august = await fixture.rows<AlertsRow>(alertsSql({ level: 'county', asOf: '2026-08-01' }));
    expect(august.map(counts)).toEqual([[COUNTY, 7, 2, 3, 2, 1]]);
  });

  it('refuses a bad date rather than pasting it into SQL', () => {
    expect(() => alertsSql({ level: 'county', asOf: "2026-07-15'; DROP TABLE children; --" })).toThrow(/ISO date/);
  });
});

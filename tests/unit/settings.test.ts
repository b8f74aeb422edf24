import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, inFloodSeason, inspectionIntervalDays, trainingWindowStart, type Settings } from '../../src/policy/settings';

describe('settings', () => {
  it('uses 15 days in the flood season (June–September) and 30 days otherwise', () => {
    const cases: [string, number][] = [
      ['2026-05-31', 30],
      ['2026-06-01', 15],
      ['2026-07-15', 15],
      ['2026-09-30', 15],
      ['2026-10-01', 30],
      ['2026-01-15', 30],
      ['2026-12-31', 30],
    ];
    expect(cases.map(([d]) => inspectionIntervalDays(DEFAULT_SETTINGS, d))).toEqual(cases.map(([, n]) => n));
  });

  it('follows a county that changes the season and the intervals', () => {
    // A southern county whose flood season runs April–October, patrolling weekly in it and fortnightly otherwise.
    const south: Settings = {
      ...DEFAULT_SETTINGS,
      waterInspection: { ...DEFAULT_SETTINGS.waterInspection, intervalDays: 14, floodSeasonIntervalDays: 7, floodSeasonMonths: [4, 5, 6, 7, 8, 9, 10] },
    };
    expect(inspectionIntervalDays(south, '2026-04-01')).toBe(7);
    expect(inspectionIntervalDays(south, '2026-10-31')).toBe(7);
    expect(inspectionIntervalDays(south, '2026-11-01')).toBe(14);
    expect(inFloodSeason(south, '2026-03-31')).toBe(false);
  });

  it('says in Chinese that the patrol numbers are settings, not policy', () => {
    const w = DEFAULT_SETTINGS.waterInspection;
    expect(w.basis).toBe('setting');
    expect(w.source).toContain('003');
    expect(w.note).toMatch(/设置项/);
    expect(w.note).toMatch(/汛期/);
    expect(DEFAULT_SETTINGS.training.basis).toBe('policy');
    expect(DEFAULT_SETTINGS.stationTargets.from).toBe('extract');
  });

  it('starts the training year on 1 January of the as-of year', () => {
    expect(trainingWindowStart(DEFAULT_SETTINGS, '2026-07-15')).toBe('2026-01-01');
    expect(trainingWindowStart(DEFAULT_SETTINGS, '2025-01-01')).toBe('2025-01-01');
  });

  it('refuses a date that is not an ISO date', () => {
    expect(() => inspectionIntervalDays(DEFAULT_SETTINGS, '2026-7-15')).toThrow(/ISO date/);
    expect(() => inspectionIntervalDays(DEFAULT_SETTINGS, '2026-13-01')).toThrow(/ISO date/);
  });
});

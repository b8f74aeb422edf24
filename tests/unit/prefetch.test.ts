import { describe, expect, it } from 'vitest';
import { nextViews } from '../../src/app/prefetch';

const MONTHS = ['2026-08', '2026-09', '2026-10'];

describe('nextViews: what the map fetches ahead', () => {
  it('the other themes in the same month first, then the same theme in the months before and after', () => {
    expect(nextViews({ theme: 'visits', month: '2026-09' }, MONTHS)).toEqual([
      { theme: 'risk', month: '2026-09' },
      { theme: 'stations', month: '2026-09' },
      { theme: 'water', month: '2026-09' },
      { theme: 'guardianship', month: '2026-09' },
      { theme: 'visits', month: '2026-08' },
      { theme: 'visits', month: '2026-10' },
    ]);
  });

  it('no month beyond the months shown', () => {
    expect(nextViews({ theme: 'risk', month: '2026-10' }, MONTHS).filter((v) => v.theme === 'risk')).toEqual([{ theme: 'risk', month: '2026-09' }]);
    expect(nextViews({ theme: 'risk', month: '2026-08' }, MONTHS).filter((v) => v.theme === 'risk')).toEqual([{ theme: 'risk', month: '2026-09' }]);
    expect(nextViews({ theme: 'risk', month: '2025-01' }, MONTHS).filter((v) => v.theme === 'risk')).toEqual([]);
  });
});

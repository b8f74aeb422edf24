import { describe, expect, it } from 'vitest';
import { SHAKY_KINDS, shakyLine } from '../../src/app/quality/shaky';
import { DEFAULT_SETTINGS } from '../../src/policy/settings';

describe('the shaky-data line of a theme panel', () => {
  it('appears once a doubtful share reaches the setting, and names the shares that do', () => {
    expect(DEFAULT_SETTINGS.dataQuality.shakyShare).toBe(0.05);
    expect(DEFAULT_SETTINGS.dataQuality.basis).toBe('setting');
    // 12 of 100 ungraded: 12.0%; 4 of 100 is under 5%; 5 of 100 reaches it.
    expect(shakyLine([{ kind: 'ungraded', doubtful: 12, total: 100 }])).toBe('数据提示：12.0% 的在册儿童未评估（提示阈值 5%），本页数字可能不准。');
    expect(shakyLine([{ kind: 'ungraded', doubtful: 4, total: 100 }])).toBeNull();
    expect(shakyLine([{ kind: 'ungraded', doubtful: 5, total: 100 }])).not.toBeNull();
    // Only the parts at or above the threshold are named.
    expect(
      shakyLine([
        { kind: 'ungraded', doubtful: 4, total: 100 },
        { kind: 'stale', doubtful: 20, total: 100 },
      ]),
    ).toBe('数据提示：20.0% 的在册儿童四色评估超过一个季度未更新（提示阈值 5%），本页数字可能不准。');
    expect(shakyLine([{ kind: 'stationsNoCoords', doubtful: 1, total: 3 }])).toContain('33.3% 的关爱阵地没有坐标');
    expect(shakyLine([{ kind: 'pointsOutside', doubtful: 0, total: 0 }])).toBeNull();
    expect(shakyLine([{ kind: 'ungraded', doubtful: 3, total: 100 }], 0.02)).toContain('提示阈值 2%');
  });

  it('names the figures of doubt of each theme', () => {
    expect(SHAKY_KINDS).toEqual({ risk: ['ungraded', 'stale'], visits: ['ungraded', 'stale'], guardianship: ['ungraded', 'stale'], stations: ['stationsNoCoords'], water: ['pointsOutside'] });
  });
});

import { describe, expect, it } from 'vitest';
import { withCustomProfiles } from '../../src/policy/custom-profiles';
import { BUILTIN_PROFILES } from '../../src/policy/profiles';

const own = {
  id: 'rugao-2026',
  name: '如皋市2026年走访办法（示例）',
  source: '如皋市民政局2026年工作要点（示例）',
  rules: [{ id: 'red', categories: 'any', colours: ['red'], visitsPerMonth: 2, modes: ['home'], clause: '第3条：“红色儿童每月入户走访不少于2次”' }],
};

describe('a county’s own visit profiles', () => {
  it('keeps the built-in profiles when there is no file', () => {
    expect(withCustomProfiles(BUILTIN_PROFILES, null)).toEqual({ profiles: BUILTIN_PROFILES, problems: [] });
  });

  it('adds a valid profile, given alone or in a list', () => {
    expect(withCustomProfiles(BUILTIN_PROFILES, own).profiles.map((p) => p.id)).toEqual(['guanyun-2022', 'qidong-2024', 'rugao-2026']);
    expect(withCustomProfiles(BUILTIN_PROFILES, [own]).problems).toEqual([]);
  });

  it('leaves out a broken profile and says why, in Chinese, naming the field', () => {
    const broken = { ...own, id: 'broken', rules: [{ ...own.rules[0], visitsPerMonth: 40 }] };
    const set = withCustomProfiles(BUILTIN_PROFILES, [own, broken]);
    expect(set.profiles.map((p) => p.id)).toEqual(['guanyun-2022', 'qidong-2024', 'rugao-2026']);
    expect(set.problems).toHaveLength(1);
    expect(set.problems[0]).toMatch(/^visit-profiles\.json：第 2 个方案（broken）未载入——rules\[0\]\.visitsPerMonth：每月走访次数应为0至10之间的整数，实际为 40$/);
  });

  it('takes visitor roles, and names the file, profile, rule and field of an unknown role', () => {
    const withRoles = { ...own, rules: [{ ...own.rules[0], roles: ['child_director', 'supervisor'] }], unrecordedRole: 'exclude' };
    const set = withCustomProfiles(BUILTIN_PROFILES, withRoles);
    expect(set.problems).toEqual([]);
    expect([set.profiles[2]?.rules[0]?.roles, set.profiles[2]?.unrecordedRole]).toEqual([['child_director', 'supervisor'], 'exclude']);
    const wrong = withCustomProfiles(BUILTIN_PROFILES, [{ ...own, rules: [{ ...own.rules[0], roles: ['director'] }] }]);
    expect(wrong.profiles).toHaveLength(2);
    expect(wrong.problems).toEqual([
      'visit-profiles.json：第 1 个方案（rugao-2026）未载入——rules[0].roles[0]：取值 director 不在允许范围内，允许的取值为：child_director、supervisor、village_cadre、social_worker、volunteer、other',
    ]);
  });

  it('refuses a profile that reuses a built-in id', () => {
    const set = withCustomProfiles(BUILTIN_PROFILES, { ...own, id: 'guanyun-2022' });
    expect(set.profiles).toHaveLength(2);
    expect(set.problems).toEqual(['visit-profiles.json：第 1 个方案的编号 guanyun-2022 与已有方案重复，未载入']);
  });
});

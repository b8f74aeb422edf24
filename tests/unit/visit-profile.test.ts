import { describe, expect, it } from 'vitest';
import type { Category } from '../../src/extract/schema';
import { overdueAfterDays, parseVisitProfile, rankRules, requirementFor, unrecordedRoleOf, type VisitProfile } from '../../src/policy/profile';
import { DEFAULT_SETTINGS } from '../../src/policy/settings';
import { BUILTIN_PROFILES, GUANYUN_2022, QIDONG_2024, profileById } from '../../src/policy/profiles';

const CJK = /[\u4e00-\u9fff]/;

/** A valid profile as a county would write it, to break one field at a time. */
const sample = () => ({
  id: 'my-county',
  name: '某县走访规则',
  source: '《某县工作要点》第3条',
  rules: [
    { id: 'base', categories: ['left_behind'], colours: 'any', visitsPerMonth: 1, modes: ['home', 'phone'], clause: '第3条：“每月走访一次”' },
    { id: 'red', categories: 'any', colours: ['red'], visitsPerMonth: 2, modes: ['home'], clause: '第3条：“红色儿童每月入户两次”', note: '次数为设置值' },
  ],
});

const errorsOf = (json: unknown) => {
  const r = parseVisitProfile(json);
  return r.ok ? [] : r.errors;
};

describe('built-in profiles', () => {
  it('parse with parseVisitProfile, unchanged', () => {
    for (const profile of BUILTIN_PROFILES) {
      const r = parseVisitProfile(JSON.parse(JSON.stringify(profile)));
      expect(r).toEqual({ ok: true, profile });
    }
  });

  it('cite a clause in every rule, in Chinese, quoting the source', () => {
    for (const profile of BUILTIN_PROFILES) {
      expect(profile.name).toMatch(CJK);
      expect(profile.source).toMatch(CJK);
      for (const rule of profile.rules) {
        expect(rule.clause).toMatch(CJK);
        expect(rule.clause).toContain('“');
      }
    }
    expect(GUANYUN_2022.rules.every((r) => r.clause.includes('灌云县') && r.clause.includes('第7条'))).toBe(true);
    expect(QIDONG_2024.rules.every((r) => r.clause.includes('启东市'))).toBe(true);
  });

  it('say in a note where a number is a setting, or where a category needs no visit', () => {
    for (const rule of QIDONG_2024.rules.filter((r) => r.visitsPerMonth === 2)) {
      expect(rule.note).toMatch(/加大走访频次/);
      expect(rule.note).toMatch(/设置值/);
    }
    for (const profile of BUILTIN_PROFILES) {
      const institution = profile.rules.find((r) => r.categories !== 'any' && r.categories.includes('orphan_institution'));
      expect(institution?.visitsPerMonth).toBe(0);
      expect(institution?.note).toMatch(/集中供养孤儿/);
    }
  });

  it('are found by id', () => {
    expect(profileById('guanyun-2022')).toBe(GUANYUN_2022);
    expect(profileById('qidong-2024')).toBe(QIDONG_2024);
    expect(profileById('nowhere')).toBeUndefined();
  });

  it('encode the two texts', () => {
    const g = (categories: Category[]) => requirementFor(GUANYUN_2022, { categories, colours: ['ungraded'] });
    expect(g(['orphan_scattered'])?.modes).toEqual(['home']);
    expect(g(['de_facto_unsupported'])?.modes).toEqual(['home']);
    expect(g(['left_behind'])?.modes).toEqual(['home', 'phone', 'video', 'third_party']);
    expect(g(['severe_disability_illness'])?.visitsPerMonth).toBe(1);
    expect(g(['orphan_institution'])).toBeNull();
    const q = (flags: object) => requirementFor(QIDONG_2024, { categories: ['left_behind'], colours: ['red'], ...flags });
    expect([q({})?.visitsPerMonth, q({})?.modes]).toEqual([1, ['home']]);
    expect(q({ child_disabled: true })?.visitsPerMonth).toBe(2);
    expect(q({ parent_disabled: true })?.visitsPerMonth).toBe(2);
    expect(q({ behavioural_concern: true })?.visitsPerMonth).toBe(2);
    expect(q({ child_disabled: false, parent_disabled: null })?.visitsPerMonth).toBe(1);
    expect(requirementFor(QIDONG_2024, { categories: ['orphan_institution'], colours: ['red'], child_disabled: true })).toBeNull();
  });

  it('name the visitor roles where the texts name them', () => {
    // 000 §7: 各镇（街）民政办督促指导儿童督导员、儿童主任对…走访: every 灌云 rule asking for visits names both.
    for (const rule of GUANYUN_2022.rules.filter((r) => r.visitsPerMonth > 0)) {
      expect(rule.roles).toEqual(['supervisor', 'child_director']);
      expect(rule.clause).toContain('各镇（街）民政办督促指导儿童督导员、儿童主任对本辖区社会散居孤儿、事实无人抚养儿童至少每月走访一次');
    }
    // 003 task 1: the monthly visit names no visitor; "儿童主任要加大走访频次" names the director for the extra ones.
    const q = (flags: object) => requirementFor(QIDONG_2024, { categories: ['left_behind'], colours: ['red'], ...flags });
    expect(q({})?.roles).toBeUndefined();
    expect(q({ child_disabled: true })?.roles).toEqual(['child_director']);
    for (const rule of QIDONG_2024.rules.filter((r) => r.roles)) expect(rule.clause).toContain('儿童主任要加大走访频次');
  });

  it('count a visit with no role recorded unless the profile says otherwise (a setting)', () => {
    expect(DEFAULT_SETTINGS.unrecordedVisitorRole.treatment).toBe('count');
    expect(DEFAULT_SETTINGS.unrecordedVisitorRole.basis).toBe('setting');
    expect(unrecordedRoleOf(GUANYUN_2022)).toBe('count');
    expect(unrecordedRoleOf({ ...GUANYUN_2022, unrecordedRole: 'exclude' })).toBe('exclude');
  });
});

describe('precedence: the strictest matching rule', () => {
  const p: VisitProfile = {
    id: 'p',
    name: '测试',
    source: '测试',
    rules: [
      { id: 'lb-any', categories: ['left_behind'], colours: 'any', visitsPerMonth: 1, modes: ['home', 'phone', 'video'], clause: '甲' },
      { id: 'orphan-home', categories: ['orphan_scattered'], colours: 'any', visitsPerMonth: 1, modes: ['home'], clause: '乙' },
      { id: 'other-phone', categories: ['other_difficulty'], colours: 'any', visitsPerMonth: 1, modes: ['phone'], clause: '丙' },
      { id: 'red', categories: 'any', colours: ['red'], visitsPerMonth: 2, modes: ['home', 'phone'], clause: '丁' },
      { id: 'disabled', categories: 'any', colours: 'any', when: { child_disabled: true, behavioural_concern: true }, visitsPerMonth: 3, modes: ['home', 'video'], clause: '戊' },
      { id: 'none', categories: ['orphan_institution'], colours: 'any', visitsPerMonth: 0, modes: [], clause: '己' },
    ],
  };
  const req = (categories: Parameters<typeof requirementFor>[1]['categories'], colours: Parameters<typeof requirementFor>[1]['colours'], flags = {}) =>
    requirementFor(p, { categories, colours, ...flags })?.id ?? null;

  it('takes the highest visitsPerMonth', () => {
    expect(req(['left_behind'], ['red'])).toBe('red');
    expect(req(['left_behind'], ['green', 'red'])).toBe('red');
    expect(req(['left_behind'], ['red'], { child_disabled: true, behavioural_concern: true })).toBe('disabled');
  });

  it('needs every condition of `when`', () => {
    expect(req(['left_behind'], ['green'], { child_disabled: true })).toBe('lb-any');
    expect(req(['left_behind'], ['green'], { child_disabled: true, behavioural_concern: null })).toBe('lb-any');
  });

  it('on a tie takes the rule with fewer qualifying modes, then the first listed', () => {
    expect(req(['left_behind', 'orphan_scattered'], ['green'])).toBe('orphan-home');
    expect(req(['orphan_scattered', 'other_difficulty'], ['green'])).toBe('orphan-home');
    expect(rankRules(p).map((r) => r.id)).toEqual(['disabled', 'red', 'orphan-home', 'other-phone', 'lb-any']);
  });

  it('on a further tie takes the rule accepting fewer visitor roles (none named: every role)', () => {
    const withRoles: VisitProfile = {
      ...p,
      rules: [
        { id: 'any-role', categories: 'any', colours: 'any', visitsPerMonth: 1, modes: ['home'], clause: '甲' },
        { id: 'two-roles', categories: ['left_behind'], colours: 'any', visitsPerMonth: 1, modes: ['home'], roles: ['child_director', 'supervisor'], clause: '乙' },
        { id: 'one-role', categories: ['orphan_scattered'], colours: 'any', visitsPerMonth: 1, modes: ['home'], roles: ['child_director'], clause: '丙' },
      ],
    };
    expect(rankRules(withRoles).map((r) => r.id)).toEqual(['one-role', 'two-roles', 'any-role']);
    expect(requirementFor(withRoles, { categories: ['left_behind', 'orphan_scattered'], colours: ['green'] })?.id).toBe('one-role');
    expect(requirementFor(withRoles, { categories: ['other_difficulty'], colours: ['green'] })?.id).toBe('any-role');
  });

  it('needs no visit when no rule, or only a 0 rule, matches', () => {
    expect(req(['orphan_institution'], ['green'])).toBeNull();
    expect(req(['de_facto_unsupported'], ['ungraded'])).toBeNull();
    expect(req(['orphan_institution'], ['red'])).toBe('red');
  });

  it('allows ceil(31 / visitsPerMonth) days between visits', () => {
    expect([1, 2, 3, 4, 10].map((n) => overdueAfterDays({ visitsPerMonth: n }))).toEqual([31, 16, 11, 8, 4]);
  });
});

describe('parseVisitProfile', () => {
  it('accepts a county profile and keeps only known fields', () => {
    const r = parseVisitProfile(sample());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.profile.rules.map((x) => [x.id, x.visitsPerMonth, x.note ?? null])).toEqual([
      ['base', 1, null],
      ['red', 2, '次数为设置值'],
    ]);
  });

  it('refuses what is not an object, or has no rules', () => {
    expect(errorsOf('{')).toEqual(['走访规则方案文件不是有效的 JSON 对象']);
    expect(errorsOf([])).toEqual(['走访规则方案文件不是有效的 JSON 对象']);
    expect(errorsOf({ ...sample(), rules: [] })).toEqual(['rules：至少需要一条规则']);
  });

  it('names the field of every problem, in Chinese', () => {
    const bad = sample() as Record<string, unknown>;
    bad.name = '';
    bad.id = 'my county!';
    bad.colour = 'red';
    bad.rules = [
      { id: 'base', categories: ['left_behind', 'orphans'], colours: 'all', visitsPerMonth: 1.5, modes: ['home', 'email'], clause: '' },
      { id: 'base', categories: [], colours: ['red', 'orange'], when: { child_disabled: false, disabled: true }, visitsPerMonth: 2, modes: [], clause: '第3条' },
      { id: 'x', categories: 'any', colours: 'any', visitsPerMonth: 11, modes: 'home', clause: '第3条', visitPerMonth: 1 },
      'rule',
    ];
    const errors = errorsOf(bad);
    const expected = [
      'colour：未知字段',
      'id：编号应为',
      'name：方案名称不能为空',
      'rules[0].categories[1]：取值 orphans 不在允许范围内',
      'rules[0].colours：应为 "any" 或非空列表',
      'rules[0].visitsPerMonth：每月走访次数应为0至10之间的整数，实际为 1.5',
      'rules[0].modes[1]：取值 email 不在允许范围内',
      'rules[0].clause：条款出处不能为空',
      'rules[1].categories：应为 "any" 或非空列表',
      'rules[1].colours[1]：取值 orange 不在允许范围内',
      'rules[1].when.child_disabled：条件只能写 true',
      'rules[1].when.disabled：未知条件',
      'rules[1].modes：每月走访次数大于0时，至少需要一种认可的走访方式',
      'rules[1].id：规则编号 base 与 rules[0] 重复',
      'rules[2].visitPerMonth：未知字段',
      'rules[2].visitsPerMonth：每月走访次数应为0至10之间的整数，实际为 11',
      'rules[2].modes：应为走访方式列表',
      'rules[3]：应为 JSON 对象',
    ];
    for (const e of expected) expect(errors.some((x) => x.startsWith(e)), `${e}\n${errors.join('\n')}`).toBe(true);
    expect(errors).toHaveLength(expected.length);
    for (const e of errors) expect(e).toMatch(CJK);
  });

  it('accepts a rule asking for no visit without modes, but not a negative count or a missing one', () => {
    const ok = sample();
    ok.rules.push({ id: 'inst', categories: ['orphan_institution'], colours: 'any', visitsPerMonth: 0, modes: [], clause: '第4条' });
    expect(parseVisitProfile(ok).ok).toBe(true);
    const bad = sample() as { rules: Record<string, unknown>[] };
    bad.rules[0]!.visitsPerMonth = -1;
    delete bad.rules[1]!.visitsPerMonth;
    expect(errorsOf(bad)).toEqual([
      'rules[0].visitsPerMonth：每月走访次数应为0至10之间的整数，实际为 -1',
      'rules[1].visitsPerMonth：每月走访次数应为0至10之间的整数，实际为 undefined',
    ]);
  });

  it('accepts visitor roles and the treatment of visits with no role, and names what is wrong with them', () => {
    const ok = sample() as Record<string, unknown> & { rules: Record<string, unknown>[] };
    ok.rules[0]!.roles = ['child_director', 'supervisor'];
    ok.unrecordedRole = 'exclude';
    const r = parseVisitProfile(ok);
    expect(r.ok && [r.profile.rules[0]?.roles, r.profile.rules[1]?.roles, r.profile.unrecordedRole]).toEqual([['child_director', 'supervisor'], undefined, 'exclude']);

    const bad = sample() as Record<string, unknown> & { rules: Record<string, unknown>[] };
    bad.rules[0]!.roles = ['child_director', 'teacher', 'child_director'];
    bad.rules[1]!.roles = [];
    bad.unrecordedRole = 'maybe';
    expect(errorsOf(bad)).toEqual([
      'rules[0].roles[1]：取值 teacher 不在允许范围内，允许的取值为：child_director、supervisor、village_cadre、social_worker、volunteer、other',
      'rules[0].roles[2]：取值 child_director 重复',
      'rules[1].roles：应为非空的走访人角色列表（不限角色时请删去此项），取值为：child_director、supervisor、village_cadre、social_worker、volunteer、other',
      'unrecordedRole：取值 maybe 不在允许范围内，允许的取值为：count、exclude',
    ]);
    const notList = sample() as { rules: Record<string, unknown>[] };
    notList.rules[0]!.roles = 'child_director';
    expect(errorsOf(notList)).toEqual([expect.stringMatching(/^rules\[0\]\.roles：应为非空的走访人角色列表/)]);
  });

  it('refuses duplicate values and an empty clause of spaces', () => {
    const bad = sample() as { rules: Record<string, unknown>[] };
    bad.rules[0]!.modes = ['home', 'home'];
    bad.rules[1]!.clause = '   ';
    expect(errorsOf(bad)).toEqual(['rules[0].modes[1]：取值 home 重复', 'rules[1].clause：条款出处不能为空']);
  });
});

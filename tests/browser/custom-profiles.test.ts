import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { visitComplianceSql, type VisitComplianceRow } from '../../src/measures/visit-compliance';
import type { VisitProfile } from '../../src/policy/profile';
import { DEMO } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { openOracle } from '../support/oracle';

const OWN: VisitProfile = {
  id: 'rugao-2026',
  name: '如皋市2026年走访办法（测试）',
  source: '测试用方案',
  rules: [
    { id: 'red', categories: 'any', colours: ['red'], visitsPerMonth: 3, modes: ['home'], clause: '第3条：“红色儿童每月入户走访不少于3次”（测试）' },
    { id: 'all', categories: 'any', colours: 'any', visitsPerMonth: 1, modes: ['home'], roles: ['child_director'], clause: '第2条：“儿童主任每月入户走访1次”（测试）' },
  ],
};

let dir: string;
const suite = browserSuite({
  setup: () => {
    dir = mkdtempSync(join(tmpdir(), 'care-atlas-profiles-'));
    const badRole = { ...OWN, id: 'bad-role', rules: [OWN.rules[0], { ...OWN.rules[1], roles: ['teacher'] }] };
    writeFileSync(join(dir, 'visit-profiles.json'), JSON.stringify([OWN, { ...OWN, id: 'broken', rules: [] }, badRole]));
  },
  routes: () => ({ '/visit-profiles.json': join(dir, 'visit-profiles.json') }),
  oracle: () => openOracle(DEMO, ['regions', 'children', 'colour_assessments', 'visits']),
  teardown: () => rmSync(dir, { recursive: true, force: true }),
});

describe('a county’s own visit profile, placed beside the app', () => {
  it('is offered next to the built-in ones, and the broken one is reported, not loaded', async () => {
    const { page } = await suite.openMap('?theme=visits&profile=rugao-2026');
    const options = await page.getByTestId('profile').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(['guanyun-2022', 'qidong-2024', 'rugao-2026']);
    expect(await page.getByTestId('profile').inputValue()).toBe('rugao-2026');
    const problems = await page.getByTestId('profile-problems').textContent();
    expect(problems).toContain('visit-profiles.json：第 2 个方案（broken）未载入——rules：至少需要一条规则');
    expect(problems).toContain('visit-profiles.json：第 3 个方案（bad-role）未载入——rules[1].roles[0]：取值 teacher 不在允许范围内');
    const rows = await suite.oracle.rows<VisitComplianceRow>(visitComplianceSql({ level: 'county', month: '2026-10', asOf: '2026-10-31', profile: OWN }));
    const county = rows.find((r) => r.code === '320682');
    expect(await page.getByTestId('kpi-rate').textContent()).toBe(`${((county?.rate ?? NaN) * 100).toFixed(1)}%`);
    expect(await page.getByTestId('profile-rules').textContent()).toContain('红色儿童每月入户走访不少于3次');
    expect(await page.getByTestId('profile-rules').textContent()).toContain('仅认可儿童主任的走访');
    expect(await page.getByTestId('kpi-role-excluded').textContent()).toBe(`${(county?.role_excluded_visits ?? NaN).toLocaleString('en-US')}次`);
  });
});

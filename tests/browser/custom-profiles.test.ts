import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitComplianceSql, type VisitComplianceRow } from '../../src/measures/visit-compliance';
import type { VisitProfile } from '../../src/policy/profile';
import { DIST, launchChromium, openPage, serveStatic, waitForMap, type OpenedPage } from '../support/browser';
import { openOracle, type Oracle } from '../support/oracle';

const DEMO = resolve(import.meta.dirname, '../../data/demo');
const OWN: VisitProfile = {
  id: 'rugao-2026',
  name: '如皋市2026年走访办法（测试）',
  source: '测试用方案',
  rules: [
    { id: 'red', categories: 'any', colours: ['red'], visitsPerMonth: 3, modes: ['home'], clause: '第3条：“红色儿童每月入户走访不少于3次”（测试）' },
    { id: 'all', categories: 'any', colours: 'any', visitsPerMonth: 1, modes: ['home'], clause: '第2条：“每月入户走访1次”（测试）' },
  ],
};

let dir: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let oracle: Oracle;
let opened: OpenedPage | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'care-atlas-profiles-'));
  writeFileSync(join(dir, 'visit-profiles.json'), JSON.stringify([OWN, { ...OWN, id: 'broken', rules: [] }]));
  server = await serveStatic(DIST, { '/visit-profiles.json': join(dir, 'visit-profiles.json') });
  browser = await launchChromium();
  oracle = await openOracle(DEMO, ['regions', 'children', 'colour_assessments', 'visits']);
});
afterAll(async () => {
  await opened?.context.close();
  await browser?.close();
  await server?.close();
  oracle?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a county’s own visit profile, placed beside the app', () => {
  it('is offered next to the built-in ones, and the broken one is reported, not loaded', async () => {
    opened = await openPage(browser, `${server.url}?theme=visits&profile=rugao-2026`);
    const { page } = opened;
    await waitForMap(page);
    const options = await page.getByTestId('profile').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(['guanyun-2022', 'qidong-2024', 'rugao-2026']);
    expect(await page.getByTestId('profile').inputValue()).toBe('rugao-2026');
    expect(await page.getByTestId('profile-problems').textContent()).toContain('visit-profiles.json：第 2 个方案未载入——rules：至少需要一条规则');
    const rows = await oracle.rows<VisitComplianceRow>(visitComplianceSql({ level: 'county', month: '2026-10', asOf: '2026-10-31', profile: OWN }));
    const county = rows.find((r) => r.code === '320682');
    expect(await page.getByTestId('kpi-rate').textContent()).toBe(`${((county?.rate ?? NaN) * 100).toFixed(1)}%`);
    expect(await page.getByTestId('profile-rules').textContent()).toContain('红色儿童每月入户走访不少于3次');
  });
});

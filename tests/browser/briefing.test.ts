import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatCount, formatPointChangeZh, formatShare } from '../../src/i18n/zh';
import { DEMO, isLocal, SCREENSHOTS, waitForMap, type OpenedPage } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { colourCountsByTownshipSql, openOracle } from '../support/oracle';

const AS_OF = '2026-10-31';
/** 搬经镇, a township of the demo county. */
const BANJING = '320682116';
const suite = browserSuite({
  oracle: () => openOracle(DEMO, ['regions', 'children', 'colour_assessments', 'visits', 'stations', 'staff', 'water_points']),
});

async function openBriefing(query: string): Promise<OpenedPage> {
  const p = await suite.view(`?screen=briefing&${query}`, { width: 1100, height: 1400 });
  await p.page.waitForSelector('[data-testid="briefing"][data-ready="yes"]', { timeout: 120_000 });
  return p;
}

const paragraphs = (page: Page, theme: string) => page.locator(`[data-testid="brief-${theme}"] .brief-p`).allTextContents();

// ---------------------------------------------------------------------------------------------------------
// Direct queries of the demo's Parquet by native DuckDB, written here from the definitions (DOMAIN.md, the
// profile 灌云2022 of src/policy/profiles.ts), not with the app's measure builders.
// ---------------------------------------------------------------------------------------------------------

const onRoll = (from: string, to: string) =>
  `coalesce(c.enrolled_on, DATE '1900-01-01') <= DATE '${from}' AND coalesce(c.exited_on, DATE '2999-12-31') > DATE '${to}'`;
/** 灌云2022: scattered orphans and de-facto-unsupported children need a home visit; left-behind, other and severely ill children any mode. */
const NEED = `CASE WHEN list_has_any(c.categories, ['orphan_scattered', 'de_facto_unsupported']) THEN 'home'
  WHEN list_has_any(c.categories, ['left_behind', 'other_difficulty', 'severe_disability_illness']) THEN 'any' END`;
/** 灌云2022 (000 §7): visits by 儿童督导员 and 儿童主任; one with no role recorded counts (the default setting). */
const BY_ROLE = (x: string) => `(${x}.visitor_role IS NULL OR ${x}.visitor_role IN ('supervisor', 'child_director'))`;

/** Children due a visit in a month (E = its last day here) and those visited as the rule asks, per township. */
async function visitCompliance(month: string, end: string): Promise<{ township: string; name: string; due: number; compliant: number }[]> {
  return suite.oracle.rows(`WITH due AS (
  SELECT c.child_key, v.parent_code AS township, ${NEED} AS need
  FROM children c JOIN regions v ON v.code = c.village_code
  WHERE ${onRoll(`${month}-01`, end)}
)
SELECT d.township, t.name, count(*)::INTEGER AS due,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits x WHERE x.child_key = d.child_key
    AND x.visited_on BETWEEN DATE '${month}-01' AND DATE '${end}' AND (d.need = 'any' OR x.mode = 'home') AND ${BY_ROLE('x')}))::INTEGER AS compliant
FROM due d JOIN regions t ON t.code = d.township WHERE d.need IS NOT NULL GROUP BY ALL ORDER BY d.township`);
}

const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((a, r) => a + f(r), 0);
/** Tenths of a point, as printed (one decimal). */
const tenths = (share: number) => Math.round(Number((share * 100).toFixed(1)) * 10);

/** Pages of a PDF as Chromium writes it: the page objects in order. */
const pageCount = (pdf: string) => pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;

/**
 * On which page (from 1) each chart was printed: the test puts a link to https://marker.invalid/<chart's test id>
 * at the top of each figure (out of the flow), and Chromium writes a link annotation on the page that holds it.
 */
async function chartPages(page: Page): Promise<Map<string, number>> {
  await page.evaluate(() => {
    for (const f of document.querySelectorAll<HTMLElement>('.brief-figure')) {
      const a = document.createElement('a');
      a.href = `https://marker.invalid/${f.querySelector('[data-testid]')?.getAttribute('data-testid') ?? ''}`;
      a.textContent = '.';
      a.style.cssText = 'position:absolute;font-size:4px;color:transparent';
      f.style.position = 'relative';
      f.prepend(a);
    }
  });
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
  const object = (n: string) => pdf.slice(pdf.indexOf(`\n${n} 0 obj`) + 1).split('endobj')[0] ?? '';
  const kids = [.../\/Kids\s*\[([^\]]*)\]/.exec(pdf)![1]!.matchAll(/(\d+) 0 R/g)].map((m) => m[1]!);
  const out = new Map<string, number>();
  kids.forEach((kid, i) => {
    for (const annot of /\/Annots\s*\[([^\]]*)\]/.exec(object(kid))?.[1]?.matchAll(/(\d+) 0 R/g) ?? []) {
      const uri = /marker\.invalid\/([\w-]+)/.exec(object(annot[1]!))?.[1];
      if (uri) out.set(uri, i + 1);
    }
  });
  return out;
}

describe('the briefing (简报)', () => {
  it('writes the county’s October sentences from the same numbers a direct query gives', async () => {
    const { page, requests, errors } = await openBriefing('month=2026-10');
    expect(await page.getByTestId('brief-title').textContent()).toBe('如皋市儿童关爱服务工作简报（2026年10月）');
    expect(await page.getByTestId('brief-synthetic').textContent()).toBe('示例数据（虚构）');
    expect(await page.getByTestId('brief-date').textContent()).toBe('2026年10月31日');
    expect(await page.getByTestId('brief-profile').textContent()).toBe('灌云县2022年定期走访制度');

    // 一、风险分色
    const colours = await suite.oracle.rows<{ children: number; red: number; yellow: number; ungraded: number }>(colourCountsByTownshipSql(AS_OF));
    const [children, red, yellow, ungraded] = [sum(colours, (r) => r.children), sum(colours, (r) => r.red), sum(colours, (r) => r.yellow), sum(colours, (r) => r.ungraded)];
    expect(Math.min(children, red, yellow)).toBeGreaterThanOrEqual(5); // the demo's county figures are not small cells
    const graded = ungraded === 0 ? '在册儿童已全部完成四色评估。' : `四色评估覆盖率${formatShare((children - ungraded) / children)}，尚有${ungraded < 5 ? '不足5名' : `${formatCount(ungraded)}名`}儿童未评估。`;
    expect(await paragraphs(page, 'risk')).toEqual([
      `截至2026年10月31日，全市纳入关爱的困境及留守儿童共${formatCount(children)}名，其中红色${formatCount(red)}名、黄色${formatCount(yellow)}名。${graded}`,
    ]);

    // 二、定期走访: October and September, the change in points as printed, townships below 90% worst first.
    const oct = await visitCompliance('2026-10', '2026-10-31');
    const sep = await visitCompliance('2026-09', '2026-09-30');
    const rate = (rows: typeof oct) => sum(rows, (r) => r.compliant) / sum(rows, (r) => r.due);
    const change = formatPointChangeZh((tenths(rate(oct)) - tenths(rate(sep))) / 1000);
    const below = oct.filter((r) => r.due >= 5 && tenths(r.compliant / r.due) < 900).sort((a, b) => a.compliant / a.due - b.compliant / b.due);
    expect(below.length).toBeGreaterThan(0); // two townships lag in the demo
    const names = below.length <= 5 ? below.map((r) => r.name).join('、') : `${below.slice(0, 5).map((r) => r.name).join('、')}等${below.length}个乡镇（街道）`;
    const visits = await paragraphs(page, 'visits');
    expect(visits[0]).toBe(
      `10月，按“灌云县2022年定期走访制度”，全市应访儿童${formatCount(sum(oct, (r) => r.due))}名，走访合规率${formatShare(rate(oct))}，较9月${change}。${names}低于90%。` +
        (oct.some((r) => r.due > 0 && r.due < 5) ? `另有${oct.filter((r) => r.due > 0 && r.due < 5).length}个乡镇（街道）应访儿童不足5名，未作比较。` : ''),
    );
    const [overdue] = await suite.oracle.rows<{ overdue: number; never: number }>(`WITH need AS (
  SELECT c.child_key, ${NEED} AS need FROM children c WHERE ${onRoll(AS_OF, AS_OF)}
), last AS (
  SELECT n.child_key, max(x.visited_on) FILTER (WHERE (n.need = 'any' OR x.mode = 'home') AND ${BY_ROLE('x')}) AS last_ok, count(x.child_key) AS visits
  FROM need n LEFT JOIN visits x ON x.child_key = n.child_key AND x.visited_on <= DATE '${AS_OF}'
  WHERE n.need IS NOT NULL GROUP BY n.child_key
)
SELECT count(*) FILTER (WHERE last_ok IS NULL OR date_diff('day', last_ok, DATE '${AS_OF}') > 31)::INTEGER AS overdue,
  count(*) FILTER (WHERE visits = 0)::INTEGER AS never FROM last`);
    const persons = (n: number) => (n > 0 && n < 5 ? '不足5名' : `${formatCount(n)}名`);
    expect(visits[1]).toBe(`截至2026年10月31日，逾期未访儿童${persons(overdue!.overdue)}${overdue!.never > 0 ? `，其中从未走访${persons(overdue!.never)}` : ''}。`);

    // 三、阵地: villages with an active village station opened by then, and with a child director.
    const [st] = await suite.oracle.rows<{ villages: number; station: number; director: number }>(`SELECT count(*)::INTEGER AS villages,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM stations s WHERE s.region_code = v.code AND s.kind = 'village_station' AND s.active
    AND coalesce(s.opened_on, DATE '1900-01-01') <= DATE '${AS_OF}'))::INTEGER AS station,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM staff f WHERE f.region_code = v.code AND f.role = 'child_director'))::INTEGER AS director
FROM regions v WHERE v.level = 'village'`);
    const stations = await paragraphs(page, 'stations');
    expect(stations[0]).toContain(
      `全市共有村（社区）${st!.villages}个，已建成村级儿童关爱站点的${st!.station}个，覆盖率${formatShare(st!.station / st!.villages)}；配备儿童主任的${st!.director}个，覆盖率${formatShare(st!.director / st!.villages)}。`,
    );
    expect(stations[0]).toContain(`尚未建成村级站点的村（社区）${st!.villages - st!.station}个`);
    expect(stations[0]).toContain(`未配备儿童主任的村（社区）${st!.villages - st!.director}个`);

    // 四、防溺水: points, complete, each missing item; patrols every 30 days outside the flood season.
    const [w] = await suite.oracle.rows<Record<string, number>>(`SELECT count(*)::INTEGER AS points,
  count(*) FILTER (WHERE has_sign AND has_ring AND has_rope AND has_pole)::INTEGER AS complete,
  count(*) FILTER (WHERE NOT has_sign)::INTEGER AS sign, count(*) FILTER (WHERE NOT has_ring)::INTEGER AS ring,
  count(*) FILTER (WHERE NOT has_rope)::INTEGER AS rope, count(*) FILTER (WHERE NOT has_pole)::INTEGER AS pole,
  count(*) FILTER (WHERE last_inspected_on IS NULL
    OR (last_inspected_on <= DATE '${AS_OF}' AND date_diff('day', last_inspected_on, DATE '${AS_OF}') > 30))::INTEGER AS overdue,
  count(*) FILTER (WHERE last_inspected_on > DATE '${AS_OF}')::INTEGER AS unknown
FROM water_points`);
    const items = ([['警示牌', 'sign'], ['救生圈', 'ring'], ['救生绳', 'rope'], ['救生杆', 'pole']] as const)
      .filter(([, k]) => w![k]! > 0)
      .map(([name, k]) => `缺${name}${w![k]}处`)
      .join('、');
    const water = await paragraphs(page, 'water');
    expect(water[0]).toContain(
      `全市登记临水危险点位${formatCount(w!.points!)}处，“四个一”设施齐全的${formatCount(w!.complete!)}处，齐全率${formatShare(w!.complete! / w!.points!)}；${w!.points! - w!.complete!}处缺项，其中${items}（一处可缺多项）。`,
    );
    expect(w!.unknown).toBe(0); // nothing after the as-of date in the demo
    expect(water[1]).toBe(`截至2026年10月31日，${w!.overdue}处超过30天未巡查。`);

    // Charts drawn as SVG, inside the A4 text width, none taller than a page.
    const charts = await page.locator('.print-chart svg').evaluateAll((els) => els.map((e) => [e.getBoundingClientRect().width, e.getBoundingClientRect().height, e.querySelectorAll('text').length]));
    expect(charts.length).toBe(5);
    for (const [width, height, texts] of charts) {
      expect(width).toBeLessThanOrEqual(681);
      expect(height).toBeLessThan(1000);
      expect(texts).toBeGreaterThan(10);
    }
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(errors).toEqual([]);

    await page.screenshot({ path: `${SCREENSHOTS}/briefing-screen.png` });
    // Print media at the A4 text width (180 mm = 680 px): what the printed page lays out.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 680, height: 1000 });
    expect(await page.getByTestId('briefing-print').isVisible()).toBe(false);
    for (const id of ['risk', 'visits', 'stations', 'water']) await page.getByTestId(`brief-${id}`).screenshot({ path: `${SCREENSHOTS}/briefing-print-${id}.png` });
    await page.locator('.brief-head').screenshot({ path: `${SCREENSHOTS}/briefing-print-head.png` });
    // A real print to PDF (A4 from @page): the sections run on (7 pages for four themes when each started one, 5
    // then; 6 with the fifth theme, 监护落实).
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(resolve(SCREENSHOTS, 'briefing-county.pdf'), pdf);
    const pages = pageCount(pdf.toString('latin1'));
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(6);
    expect((await chartPages(page)).get('brief-chart-colour-mix')).toBe(1);
  });

  it('covers a township drilled into, printing no small count of children', async () => {
    const { page, errors } = await openBriefing(`month=2026-10&area=${BANJING}`);
    expect(await page.getByTestId('brief-title').textContent()).toBe('如皋市搬经镇儿童关爱服务工作简报（2026年10月）');
    const [row] = await suite.oracle.rows<{ children: number; red: number; yellow: number }>(
      `SELECT children, red, yellow FROM (${colourCountsByTownshipSql(AS_OF)}) WHERE township = '${BANJING}'`,
    );
    const persons = (n: number) => (n > 0 && n < 5 ? '不足5名' : `${formatCount(n)}名`);
    expect((await paragraphs(page, 'risk'))[0]).toMatch(
      new RegExp(`^截至2026年10月31日，搬经镇纳入关爱的困境及留守儿童共${persons(row!.children)}，其中红色${persons(row!.red)}、黄色${persons(row!.yellow)}。`),
    );
    // Nothing in the sections says 1 to 4 children (the footnote explains "<5" as 0 至 4 名), and the colour table
    // shows no count below 5.
    const text = (await page.locator('.brief-head, .brief-section').allInnerTexts()).join('\n');
    expect(text).not.toMatch(/(^|[^\d,.])[1-4]\s*名/);
    const cells = await page.locator('[data-testid="brief-table-risk"] tbody td.num').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c, c).toMatch(/^(0|<5|\*|\d{1,3}(,\d{3})*)$/);
    expect(cells.filter((c) => /^[1-4]$/.test(c))).toEqual([]);
    expect(cells).toContain('<5');
    expect(errors).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 680, height: 1000 });
    await page.getByTestId('brief-risk').screenshot({ path: `${SCREENSHOTS}/briefing-township-risk.png` });
    // 30-odd villages: every chart still fits on a page.
    for (const h of await page.locator('.print-chart svg').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) expect(h).toBeLessThan(1000);
    writeFileSync(resolve(SCREENSHOTS, 'briefing-township.pdf'), await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  });

  it('prints 搬经镇’s September on four A4 pages, its villages grouped by red and yellow share on page 1', async () => {
    const { page, errors } = await openBriefing(`month=2026-09&area=${BANJING}`);
    // Per village, red + yellow and children, from the Parquet directly; the township's share splits them.
    const villages = await suite.oracle.rows<{ ry: number; children: number }>(`WITH cur AS (
  SELECT c.village_code, (SELECT a.colour FROM colour_assessments a WHERE a.child_key = c.child_key AND a.assessed_on <= DATE '2026-09-30'
    ORDER BY a.assessed_on DESC LIMIT 1) AS colour
  FROM children c JOIN regions v ON v.code = c.village_code
  WHERE v.parent_code = '${BANJING}' AND coalesce(c.enrolled_on, DATE '1900-01-01') <= DATE '2026-09-30' AND coalesce(c.exited_on, DATE '2999-12-31') > DATE '2026-09-30'
)
SELECT count(*) FILTER (WHERE colour IN ('red', 'yellow'))::INTEGER AS ry, count(*)::INTEGER AS children FROM cur GROUP BY village_code`);
    const R = sum(villages, (v) => v.ry);
    const C = sum(villages, (v) => v.children);
    const above = villages.filter((v) => v.ry * C > R * v.children);
    const below = villages.filter((v) => v.ry > 0 && v.ry * C <= R * v.children);
    // What made the old chart mostly marks: no village has five red and yellow children; the bands do.
    expect(Math.max(...villages.map((v) => v.ry))).toBeLessThan(5);
    expect(Math.min(sum(above, (v) => v.ry), sum(below, (v) => v.ry), sum(above, (v) => v.children - v.ry), sum(below, (v) => v.children - v.ry))).toBeGreaterThanOrEqual(5);
    expect(await page.getByTestId('brief-chart-colour-mix').count()).toBe(0);
    const texts = await page.locator('[data-testid="brief-chart-bands"] svg text').allTextContents();
    const joined = texts.join('|');
    expect(joined).toContain(`高于搬经镇占比|${above.length}个村（社区）`);
    expect(joined).toContain(`不高于搬经镇占比|${below.length}个村（社区）`);
    expect(joined).toContain(`搬经镇红黄儿童占比${formatShare(R / C)}；无红黄儿童的村（社区）${villages.filter((v) => v.ry === 0).length}个`);
    for (const n of [sum(above, (v) => v.ry), sum(below, (v) => v.ry), sum(above, (v) => v.children - v.ry), sum(below, (v) => v.children - v.ry)]) expect(texts).toContain(formatCount(n));
    expect(texts.filter((t) => /<5|\*/.test(t))).toEqual([]);
    expect(errors).toEqual([]);

    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 680, height: 1000 });
    await page.getByTestId('brief-risk').screenshot({ path: `${SCREENSHOTS}/briefing-township-bands.png` });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(resolve(SCREENSHOTS, 'briefing-township-2026-09.pdf'), pdf);
    // 6 pages when every section started a page and the 35 villages' colour mix did not fit under the header.
    expect(pageCount(pdf.toString('latin1'))).toBe(4);
    const at = await chartPages(page);
    expect(at.get('brief-chart-bands')).toBe(1);
    expect([...at.values()].every((p) => p <= 4)).toBe(true);
    expect(new Set(at.values()).size).toBeGreaterThan(1); // the markers tell pages apart
  });

  it('opens from the dashboard’s 生成简报 for the month and area on screen, and goes back', async () => {
    const p = await suite.view(`?month=2026-09&area=${BANJING}`, { width: 1600, height: 900 });
    await waitForMap(p.page, 120_000);
    await p.page.getByTestId('briefing-open').click();
    await p.page.waitForSelector('[data-testid="briefing"][data-ready="yes"]', { timeout: 120_000 });
    expect(new URL(p.page.url()).searchParams.get('screen')).toBe('briefing');
    expect(await p.page.getByTestId('brief-title').textContent()).toBe('如皋市搬经镇儿童关爱服务工作简报（2026年9月）');
    expect(await p.page.title()).toBe('如皋市搬经镇儿童关爱服务工作简报（2026年9月）');
    // The month picker re-writes the briefing for another month.
    await p.page.getByTestId('briefing-month').selectOption('2026-08');
    await p.page.waitForFunction(() => document.querySelector('[data-testid="brief-title"]')?.textContent?.includes('2026年8月'));
    await p.page.waitForSelector('[data-testid="briefing"][data-ready="yes"]', { timeout: 120_000 });
    expect((await paragraphs(p.page, 'visits'))[0]).toMatch(/^8月，/);
    await p.page.getByTestId('briefing-leave').click();
    await waitForMap(p.page, 120_000);
    expect(new URL(p.page.url()).searchParams.get('screen')).toBeNull();
    expect(p.errors).toEqual([]);
  });
});

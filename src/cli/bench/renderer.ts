/**
 * Which renderer draws the region polygons cheapest here (issue #15, item 4): the floor page (./floor/) drawing the
 * same boundaries with maplibre's own fill and line layers, and with deck.gl's PolygonLayer through MapboxOverlay
 * (what the app does, src/map/region-layers.ts), alternating in the same Chromium, each on a fresh profile: the
 * first draw (navigation → first frame with every polygon) and the repaint after new fill colours.
 *
 *   npx tsx src/cli/bench/renderer.ts [--rounds 3] [--repaints 7] [--out bench/renderer.json]
 *
 * Geographies: the demo county's 14 townships and its villages, the 南通市 city demo's townships and its 2,005
 * villages (data/demo, data/demo-nantong). Prints, per geography, p50/p95 of both and deck ÷ maplibre.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../tests/support/browser';
import { staticHandler } from '../serve';
import { buildFloorPage, measureFloor, writeTownshipsGeoJson } from './floor';
import { summarize, type Summary } from './stats';

const ROOT = resolve(import.meta.dirname, '../../..');
const GEOGRAPHIES = [
  { id: 'county-townships', extract: 'data/demo', level: 'township' },
  { id: 'county-villages', extract: 'data/demo', level: 'village' },
  { id: 'city-townships', extract: 'data/demo-nantong', level: 'township' },
  { id: 'city-villages', extract: 'data/demo-nantong', level: 'village' },
] as const;
const RENDERERS = ['maplibre', 'deck'] as const;
/** The app's map size at 1600×1000 (bench/results.json, mapSize). */
const SIZE = { w: 1160, h: 878 };

interface Row {
  geography: string;
  polygons: number;
  firstDraw: Record<(typeof RENDERERS)[number], Summary | null>;
  repaint: Record<(typeof RENDERERS)[number], Summary | null>;
  /** deck ÷ maplibre, p50 of the first draw and p95 of the repaints. */
  ratio: { firstDrawP50: number | null; repaintP95: number | null };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, repaints: { type: 'string', default: '7' }, out: { type: 'string', default: 'bench/renderer.json' } } });
  const rounds = Number(values.rounds);
  const repaints = Number(values.repaints);
  const work = mkdtempSync(join(tmpdir(), 'care-atlas-renderer-'));
  const page = join(work, 'page');
  const data = join(work, 'data');
  mkdirSync(data);
  await buildFloorPage(page);
  const counts: Record<string, number> = {};
  for (const g of GEOGRAPHIES) counts[g.id] = await writeTownshipsGeoJson(resolve(ROOT, g.extract), join(data, `${g.id}.geojson`), g.level);
  const pageHandler = staticHandler(page, { base: '/page/', policyHeader: false });
  const dataHandler = staticHandler(data, { base: '/data/', policyHeader: false });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => ((req.url ?? '').startsWith('/data/') ? dataHandler : pageHandler)(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const times: Record<string, { first: number[]; repaint: number[] }> = {};
  try {
    for (let round = 0; round < rounds; round++) {
      for (const g of GEOGRAPHIES) {
        for (const renderer of round % 2 === 0 ? RENDERERS : [...RENDERERS].reverse()) {
          const profile = mkdtempSync(join(tmpdir(), 'care-atlas-renderer-profile-'));
          const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
          try {
            const url = `${base}page/index.html?data=${encodeURIComponent(`../data/${g.id}.geojson`)}&w=${SIZE.w}&h=${SIZE.h}&renderer=${renderer}`;
            const visit = await measureFloor(context, url, repaints, 180_000);
            const key = `${g.id} ${renderer}`;
            times[key] ??= { first: [], repaint: [] };
            times[key].first.push(visit.firstMapAt);
            times[key].repaint.push(...visit.repaints);
            console.log(`${key}: first draw ${Math.round(visit.firstMapAt)} ms, repaints ${visit.repaints.map(Math.round).join(' ')} ms`);
          } finally {
            await context.close();
            rmSync(profile, { recursive: true, force: true });
          }
        }
      }
    }
  } finally {
    server.closeAllConnections();
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
  const rows: Row[] = GEOGRAPHIES.map((g) => {
    const first = { maplibre: summarize(times[`${g.id} maplibre`]?.first ?? []), deck: summarize(times[`${g.id} deck`]?.first ?? []) };
    const repaint = { maplibre: summarize(times[`${g.id} maplibre`]?.repaint ?? []), deck: summarize(times[`${g.id} deck`]?.repaint ?? []) };
    const ratio = (a: number | undefined, b: number | undefined) => (a && b ? Math.round((a / b) * 100) / 100 : null);
    return { geography: g.id, polygons: counts[g.id] ?? 0, firstDraw: first, repaint, ratio: { firstDrawP50: ratio(first.deck?.p50, first.maplibre?.p50), repaintP95: ratio(repaint.deck?.p95, repaint.maplibre?.p95) } };
  });
  const out = resolve(ROOT, values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), rounds, repaints, size: SIZE, rows }, null, 2)}\n`);
  for (const r of rows) {
    console.log(
      `${r.geography} (${r.polygons}): first draw p50 maplibre ${r.firstDraw.maplibre?.p50} · deck ${r.firstDraw.deck?.p50} ms (deck ÷ maplibre ${r.ratio.firstDrawP50}); ` +
        `repaint p95 maplibre ${r.repaint.maplibre?.p95} · deck ${r.repaint.deck?.p95} ms (${r.ratio.repaintP95})`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

/**
 * Reads what the first view draws, without an SQL engine: the manifest, the regions table and the risk theme's
 * aggregate table, decoded from Parquet by parquet-wasm and read as Arrow in the page, then checked (./validate.ts).
 */
import { tableFromIPC } from 'apache-arrow';
import type { ParquetDecoder } from '../../db/connector';
import type { ExtractSource } from '../../db/load-extract';
import { decodedRefusal, footerRefusal, type MemoryBudget } from '../../db/memory-budget';
import { parseManifest } from '../../extract/manifest';
import type { Manifest } from '../../extract/schema';
import { windowMonths } from '../../measures/months';
import { aggregateFile, tableFile } from './files';
import { checkRegions, checkRiskAggregate, NotDrawable, type RegionRow, type RiskAggRow } from './validate';
import { BUILTIN_PROFILES } from '../../policy/profiles';
import type { ThemeId } from '../url-state';
import { checkThemeAggregate, THEME_SEEDS, type AggRow, type OtherTheme } from './themes';
import { ABOVE_LEVELS, type AboveRow } from './above';

export interface FirstPaintData {
  manifest: Manifest;
  /** Checked, ordered as the map reads them. */
  regions: RegionRow[];
  /** Checked agg_risk rows of `months` (none when the first view is another theme's). */
  risk: RiskAggRow[];
  /** The first view of another theme: its aggregate's checked rows of `months` (visits: of the built-in profiles). */
  other?: { theme: OtherTheme; rows: AggRow[] };
  /**
   * An extract of several counties: the theme's aggregate rows above the county (province, city, county), checked,
   * of every month the aggregates hold (visits: of the built-in profiles); `regions` is then its top regions file.
   */
  above?: { theme: ThemeId; rows: AboveRow[] };
  /** The months the app offers that the aggregate holds, oldest first. */
  months: string[];
}

/** Why there is no first view before DuckDB: `none` when the extract has no aggregates (an older extract). */
export type FirstPaintResult = { ok: true; data: FirstPaintData } | { ok: false; why: string };

/**
 * An extract source whose `file` is read once and handed to two readers: `share(file)` gives the first view a copy,
 * and the loader's `readFile(file)` then gets the bytes themselves (which its decoder may take away).
 */
export function sharing(source: ExtractSource): ExtractSource & { share(file: string): Promise<Uint8Array> } {
  const kept = new Map<string, Promise<Uint8Array>>();
  return {
    readManifest: () => source.readManifest(),
    readFile: (file) => {
      const p = kept.get(file);
      kept.delete(file);
      return p ?? source.readFile(file);
    },
    share: (file) => {
      let p = kept.get(file);
      if (!p) {
        p = source.readFile(file);
        p.catch(() => undefined);
        kept.set(file, p);
      }
      return p.then((bytes) => bytes.slice());
    },
  };
}

async function decodeTable(file: string, bytes: Uint8Array, decode: ParquetDecoder, budget: MemoryBudget) {
  const footer = footerRefusal(file, bytes, budget);
  if (footer) throw new NotDrawable(file, '*', 'over the memory budget');
  const ipc = await decode(bytes);
  if (decodedRefusal(file, ipc, budget)) throw new NotDrawable(file, '*', 'over the memory budget');
  return tableFromIPC(ipc);
}

/**
 * The first view's data for `theme` (the one the page's address names), or why there is none: no aggregates in the manifest, a file that cannot be read or
 * decoded, or a check failed. Never throws: whatever goes wrong here, the loader meets again and reports in Chinese.
 */
export async function readFirstPaint(
  source: ExtractSource & { share(file: string): Promise<Uint8Array> },
  decoder: Promise<ParquetDecoder>,
  budget: MemoryBudget,
  theme: ThemeId = 'risk',
  area: string | null = null,
): Promise<FirstPaintResult> {
  try {
    const parsed = parseManifest(await source.readManifest());
    if (!parsed.ok) return { ok: false, why: 'manifest refused' };
    const manifest = parsed.manifest;
    if (manifest.counties.length > 1) return await readAboveFirstPaint(source, decoder, budget, manifest, theme, area);
    const regionsFile = tableFile(manifest, 'regions');
    const riskFile = aggregateFile(manifest, theme === 'risk' ? 'agg_risk' : THEME_SEEDS[theme].table);
    if (!regionsFile || !riskFile) return { ok: false, why: 'no aggregates' };
    const listed = new Set(manifest.aggregates?.months ?? []);
    const months = windowMonths(manifest.as_of).filter((m) => listed.has(m));
    if (months.length === 0) return { ok: false, why: 'no aggregated month the app offers' };
    // Both files download at once; regions is decoded first.
    const regionBytes = source.share(regionsFile);
    const riskBytes = source.readFile(riskFile);
    riskBytes.catch(() => undefined);
    const decode = await decoder;
    const regions = checkRegions(await decodeTable(regionsFile, await regionBytes, decode, budget), manifest, budget.maxRowsPerTable);
    const aggregate = await decodeTable(riskFile, await riskBytes, decode, budget);
    if (theme !== 'risk') {
      const builtIn = BUILTIN_PROFILES.map((p) => p.id).filter((id) => manifest.aggregates?.profiles.includes(id));
      const rows = checkThemeAggregate(theme, aggregate, riskFile, manifest, regions, months, builtIn, budget.maxRowsPerTable);
      if (rows.length === 0) return { ok: false, why: 'no built-in visit profile aggregated' };
      return { ok: true, data: { manifest, regions, risk: [], months, other: { theme, rows } } };
    }
    const risk = checkRiskAggregate(aggregate, riskFile, manifest, regions, months, budget.maxRowsPerTable);
    return { ok: true, data: { manifest, regions, risk, months } };
  } catch (e) {
    return { ok: false, why: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** The performance mark whose `detail` is the {@link AboveReadStats} of a first view of several counties. */
export const ABOVE_READ_MARK = 'care-atlas:first-view-read';

/** What a first view of several counties read (bytes, rows, when each file had arrived since the read began) and how long decoding and checking took. */
export interface AboveReadStats {
  files: { file: string; bytes: number; rows: number; readMs: number }[];
  decodeMs: number;
  /** Checking the regions, then the aggregate's rows above the county. */
  checkMs: { regions: number; aggregate: number };
}

/**
 * The first view of an extract of several counties, at its top or at a province or city the address names (an area
 * in a county needs that county's raw rows, fetched after DuckDB): the `regions` file the manifest lists (all
 * levels, or only those above the township when the townships and villages are in per-county files) and the
 * theme's aggregate table, of which the rows above the county are read and checked.
 */
async function readAboveFirstPaint(
  source: ExtractSource & { share(file: string): Promise<Uint8Array> },
  decoder: Promise<ParquetDecoder>,
  budget: MemoryBudget,
  manifest: Manifest,
  theme: ThemeId,
  area: string | null,
): Promise<FirstPaintResult> {
  if (area !== null && area.length >= 6) return { ok: false, why: 'the address names an area in a county' };
  const regionsFile = tableFile(manifest, 'regions');
  const table = theme === 'risk' ? 'agg_risk' : THEME_SEEDS[theme].table;
  const aggFile = aggregateFile(manifest, table);
  if (!regionsFile || !aggFile) return { ok: false, why: 'no aggregates' };
  const listed = manifest.aggregates?.months ?? [];
  const months = windowMonths(manifest.as_of).filter((m) => listed.includes(m));
  if (months.length === 0) return { ok: false, why: 'no aggregated month the app offers' };
  const started = performance.now();
  const timed = (file: string, p: Promise<Uint8Array>) => p.then((bytes) => ({ file, bytes, readMs: performance.now() - started }));
  const regionBytes = timed(regionsFile, source.share(regionsFile));
  const aggBytes = timed(aggFile, source.readFile(aggFile));
  aggBytes.catch(() => undefined);
  const decode = await decoder;
  const r = await regionBytes;
  const a = await aggBytes;
  const sizes = [r.bytes.byteLength, a.bytes.byteLength];
  const t0 = performance.now();
  const regionTable = await decodeTable(regionsFile, r.bytes, decode, budget);
  const aggTable = await decodeTable(aggFile, a.bytes, decode, budget);
  const t1 = performance.now();
  const regions = checkRegions(regionTable, manifest, budget.maxRowsPerTable, true);
  if (area !== null && !regions.some((x) => x.code === area && (x.level === 'province' || x.level === 'city'))) return { ok: false, why: `no province or city ${area}` };
  const t2 = performance.now();
  const top = regions.filter((x) => ABOVE_LEVELS.has(x.level));
  let rows: AboveRow[];
  if (theme === 'risk') rows = checkRiskAggregate(aggTable, aggFile, manifest, top, listed, budget.maxRowsPerTable, ABOVE_LEVELS) as unknown as AboveRow[];
  else {
    const builtIn = BUILTIN_PROFILES.map((p) => p.id).filter((id) => manifest.aggregates?.profiles.includes(id));
    rows = checkThemeAggregate(theme, aggTable, aggFile, manifest, top, listed, builtIn, budget.maxRowsPerTable, ABOVE_LEVELS) as AboveRow[];
    if (rows.length === 0) return { ok: false, why: 'no built-in visit profile aggregated' };
  }
  const stats: AboveReadStats = {
    files: [
      { file: regionsFile, bytes: sizes[0] as number, rows: regionTable.numRows, readMs: r.readMs },
      { file: aggFile, bytes: sizes[1] as number, rows: aggTable.numRows, readMs: a.readMs },
    ],
    decodeMs: t1 - t0,
    checkMs: { regions: t2 - t1, aggregate: performance.now() - t2 },
  };
  // For the benchmark and the browser tests: what was read, and how long each step took.
  performance.mark(ABOVE_READ_MARK, { detail: stats });
  return { ok: true, data: { manifest, regions, risk: [], months, above: { theme, rows } } };
}

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

export interface FirstPaintData {
  manifest: Manifest;
  /** Checked, ordered as the map reads them. */
  regions: RegionRow[];
  /** Checked agg_risk rows of `months` (none when the first view is another theme's). */
  risk: RiskAggRow[];
  /** The first view of another theme: its aggregate's checked rows of `months` (visits: of the built-in profiles). */
  other?: { theme: OtherTheme; rows: AggRow[] };
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
): Promise<FirstPaintResult> {
  try {
    const parsed = parseManifest(await source.readManifest());
    if (!parsed.ok) return { ok: false, why: 'manifest refused' };
    const manifest = parsed.manifest;
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

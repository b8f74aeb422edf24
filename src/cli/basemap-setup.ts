/**
 * Configuring the basemap of a built app (Node only): the page's Content-Security-Policy is a meta tag fixed in
 * index.html, so a tile server named in config.json is allowed by rewriting that tag to name it, and nothing else.
 * Used by `npm run configure-basemap` (on dist/) and by the build (public/config.json).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBasemapConfig, type Basemap } from '../map/basemap-config';
import { metaPolicy, serverPolicy } from '../security/csp';

/**
 * A page address standing for wherever the app is hosted (never requested): a PMTiles path must resolve to the
 * page's own origin. Loopback, so that shipped code names no host outside this machine.
 */
const ANY_PAGE = 'http://127.0.0.1/index.html';

const META = /<meta http-equiv="Content-Security-Policy" content="[^"]*" \/>/g;

/** A configuration that cannot be used, told in Chinese. */
export class SetupError extends Error {}

/** The tile origins a config.json's JSON asks the policy to allow (none for no basemap or a PMTiles file); throws a SetupError for a bad file. */
export function tileOriginsOf(json: unknown): { basemap: Basemap | null; tileOrigins: string[] } {
  const { basemap, problem } = parseBasemapConfig(json, ANY_PAGE);
  if (problem) throw new SetupError(problem.text);
  return { basemap, tileOrigins: basemap?.origin ? [basemap.origin] : [] };
}

/** Reads a config.json file as JSON, or throws a SetupError naming it. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SetupError(`${path}：无法读取此文件`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new SetupError(`${path}：不是有效的 JSON 文件（${(e as Error).message}）`);
  }
}

/** The meta tag of the policy allowing `tileOrigins`. */
export function policyMetaTag(tileOrigins: readonly string[]): string {
  return `<meta http-equiv="Content-Security-Policy" content="${metaPolicy({ tileOrigins }).replaceAll('"', '&quot;')}" />`;
}

/** index.html with its one policy tag replaced by the policy allowing `tileOrigins`; throws if it has not exactly one. */
export function withTileOrigins(html: string, tileOrigins: readonly string[]): string {
  const found = html.match(META)?.length ?? 0;
  if (found !== 1) throw new SetupError(`index.html：应有一个内容安全策略（Content-Security-Policy）标签，实际有 ${found} 个；请先运行 npm run build`);
  return html.replace(META, policyMetaTag(tileOrigins));
}

export interface SetupResult {
  basemap: Basemap | null;
  tileOrigins: string[];
  /** The policy for the server's Content-Security-Policy header. */
  serverPolicy: string;
}

/**
 * Writes `json` as `dist`/config.json and rewrites `dist`/index.html's policy to allow its tile server (or, for
 * null, removes config.json's basemap and allows none). Nothing is written when the configuration is refused.
 */
export function configureBasemap(dist: string, json: unknown): SetupResult {
  const { basemap, tileOrigins } = json === null ? { basemap: null, tileOrigins: [] } : tileOriginsOf(json);
  const indexFile = join(dist, 'index.html');
  if (!existsSync(indexFile)) throw new SetupError(`${indexFile}：找不到此文件；请先运行 npm run build`);
  if (basemap?.kind === 'pmtiles') {
    const file = decodeURIComponent(new URL(basemap.url).pathname.replace(/^\//, ''));
    if (!existsSync(join(dist, file))) throw new SetupError(`basemap.url：${join(dist, file)} 不存在；请先把 PMTiles 文件复制到 ${dist} 中的这个位置`);
  }
  const html = withTileOrigins(readFileSync(indexFile, 'utf8'), tileOrigins);
  writeFileSync(join(dist, 'config.json'), `${JSON.stringify(json ?? { basemap: null }, null, 2)}\n`);
  writeFileSync(indexFile, html);
  return { basemap, tileOrigins, serverPolicy: serverPolicy({ tileOrigins }) };
}

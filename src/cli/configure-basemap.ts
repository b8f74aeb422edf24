/**
 * `npm run configure-basemap -- --config <file.json> [--dist dist]`: installs a basemap configuration in a built
 * app without rebuilding it: checks the file as the app will, writes it as <dist>/config.json, rewrites
 * <dist>/index.html's Content-Security-Policy to allow that one tile server, and prints the header the web server
 * should send. `--none` takes the basemap out again. Exits 1, writing nothing, when the file is refused.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configureBasemap, readConfigFile, SetupError } from './basemap-setup';

const USAGE = `用法：npm run configure-basemap -- --config <底图配置.json> [--dist <目录>]
      npm run configure-basemap -- --none [--dist <目录>]

  --config  底图配置文件（格式见 README“The basemap (底图, config.json)”一节），检查后写为 <目录>/config.json
  --none    不用底图：写入 {"basemap": null}，内容安全策略恢复为不允许任何瓦片服务器
  --dist    已构建的系统目录（默认 dist）；其中的 index.html 的内容安全策略（CSP）随之改为只允许该瓦片服务器`;

function main(): number {
  let values: { config?: string; dist?: string; none?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { config: { type: 'string' }, dist: { type: 'string' }, none: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.config === !values.none) {
    console.error(USAGE);
    return 1;
  }
  const dist = resolve(values.dist ?? 'dist');
  try {
    const json = values.none ? null : readConfigFile(resolve(values.config as string));
    const result = configureBasemap(dist, json);
    if (result.basemap) {
      console.log(`已写入 ${dist}/config.json：底图 ${result.basemap.kind}，${result.basemap.attribution}，审图号 ${result.basemap.approvalNumber}`);
    } else console.log(`已写入 ${dist}/config.json：不用底图`);
    console.log(
      result.tileOrigins.length > 0
        ? `index.html 的内容安全策略已改为允许瓦片服务器 ${result.tileOrigins.join(' ')}（且只允许它）。`
        : 'index.html 的内容安全策略不允许任何外部服务器。',
    );
    console.log('\n若 Web 服务器也发送 Content-Security-Policy 响应头（README“Security (for administrators)”），请改为：');
    console.log(result.serverPolicy);
    return 0;
  } catch (e) {
    if (e instanceof SetupError) {
      console.error(`${e.message}\n未写入任何文件。`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main();

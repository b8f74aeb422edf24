/** maplibre's own words on its controls (its `locale` option): the zoom buttons' tooltips and the scale bar's units. */
export const mapControlsLocale: Record<string, string> = {
  'NavigationControl.ZoomIn': '放大',
  'NavigationControl.ZoomOut': '缩小',
  'NavigationControl.ResetBearing': '恢复正北朝上',
  'ScaleControl.Meters': '米',
  'ScaleControl.Kilometers': '公里',
};

/** The Chinese strings of the configured basemap (config.json; src/map/basemap-config.ts, src/map/basemap.ts). */
export const basemapText = {
  /** The whole refusal: what is wrong, then what the map does instead. */
  refused: (why: string) => `config.json：${why}。底图未启用，地图照常显示（不含底图）。`,
  unreadable: 'config.json：无法读取，底图未启用，地图照常显示（不含底图）。',
  notJson: 'config.json：不是有效的 JSON 文件，底图未启用，地图照常显示（不含底图）。',
  notObject: '文件内容应为一个 JSON 对象，例如 {"basemap": {…}}',
  unknownTopKey: (key: string) => `不认识的设置项“${key}”（只可写 basemap）`,
  basemapNotObject: 'basemap 应为一个 JSON 对象（或 null 表示不用底图）',
  unknownKey: (key: string, allowed: string) => `basemap.${key}：不认识的设置项（可写：${allowed}）`,
  missing: (key: string) => `basemap.${key}：缺少此项`,
  notText: (key: string) => `basemap.${key}：应为非空文字`,
  tooLong: (key: string) => `basemap.${key}：文字过长（至多 500 个字符）`,
  notInteger: (key: string, min: number, max: number) => `basemap.${key}：应为 ${min} 到 ${max} 之间的整数`,
  badType: (type: string) => `basemap.type：取值“${type}”不在允许范围内（xyz、wmts 或 pmtiles）`,
  badScheme: (scheme: string) => `basemap.scheme：取值“${scheme}”不在允许范围内（xyz 或 tms）`,
  badTileSize: (size: number) => `basemap.tileSize：瓦片边长应为 256 或 512 像素，而不是 ${size}`,
  zoomOrder: (min: number, max: number) => `basemap.minZoom（${min}）大于 basemap.maxZoom（${max}）`,
  wmtsOnly: (key: string, type: string) => `basemap.${key}：只用于 wmts 类型的底图，而本底图的类型是 ${type}`,
  offsetCrs: (crs: string) =>
    `basemap.crs：坐标系“${crs}”是经过偏移的坐标系（GCJ-02 用于高德、腾讯地图，BD-09 用于百度地图），与本系统的 WGS84/CGCS2000 坐标相差数百米，叠加后乡镇、村边界和点位会错位，因此不能使用。请改用 WGS84 或 CGCS2000 的瓦片（如天地图）`,
  unknownCrs: (crs: string) => `basemap.crs：不认识坐标系“${crs}”（应为 WGS84 或 CGCS2000；本系统的边界和点位均为 WGS84/CGCS2000 坐标）`,
  badUrl: (key: string, url: string) => `basemap.${key}：“${url}”不是有效的网址`,
  notHttp: (key: string, protocol: string) => `basemap.${key}：只能使用 http 或 https 网址，而不是 ${protocol.replace(/:$/, '')}`,
  credentials: (key: string) => `basemap.${key}：网址中不得包含用户名或密码`,
  offsetHost: (key: string, host: string, provider: string, crs: string) =>
    `basemap.${key}：${host} 是${provider}地图的瓦片服务器，其瓦片采用偏移坐标系 ${crs}，与本系统的 WGS84/CGCS2000 坐标相差数百米，叠加后乡镇、村边界和点位会错位，因此不能使用。请改用 WGS84 或 CGCS2000 的瓦片（如天地图）`,
  notAbsolute: (url: string) => `basemap.url：“${url}”应为以 http:// 或 https:// 开头的完整网址`,
  placeholder: (p: string) => `basemap.url：xyz 瓦片网址中缺少 ${p}（应含 {z}、{x}、{y} 三个占位符）`,
  wmtsPlaceholders: 'basemap.url：wmts 类型的网址应为服务地址（如 https://t0.tianditu.gov.cn/vec_w/wmts?tk=密钥），不含 {z}、{x}、{y}；请求参数由 layer、tileMatrixSet 等项生成',
  notMercator: (set: string) =>
    `basemap.tileMatrixSet：瓦片矩阵集“${set}”不是 Web 墨卡托网格，地图无法显示（天地图请使用 _w 服务和矩阵集 w，而不是 _c 服务和矩阵集 c）`,
  pmtilesElsewhere: (origin: string) => `basemap.url：PMTiles 文件须放在本系统所在的服务器上（与 index.html 同一服务器），而不是 ${origin}`,
  notPmtiles: (url: string) => `basemap.url：“${url}”不是 .pmtiles 文件`,
  notAllowedByPolicy: (origin: string) =>
    `config.json：瓦片服务器 ${origin} 不在本页面的内容安全策略（CSP）中，浏览器会拦截它的瓦片。请系统管理员运行 npm run configure-basemap 写入配置并更新 index.html 和服务器的 CSP（见 README）。底图未启用，地图照常显示（不含底图）。`,
  vectorPmtiles: (file: string) => `config.json：${file} 是矢量瓦片，本系统只能显示栅格（图片）瓦片。底图未启用，地图照常显示（不含底图）。`,
  tilesFailed: (where: string) => `底图瓦片未能载入（${where}）：请检查底图服务器是否可以访问、密钥是否有效。地图的统计与边界不受影响。`,
  /** The on-screen and exported credit line. */
  credit: (attribution: string, approvalNumber: string) => `底图：${attribution} · 审图号：${approvalNumber}`,
};

/** The first view, drawn before the analysis engine is ready, and the engine's state while it starts. */
export const firstPaintText = {
  starting: '地图和指标先按数据抽取中的预先汇总表显示；分析引擎（DuckDB）正在后台启动，切换专题、月份、下钻、导出和载入数据等操作的结果将在引擎就绪后显示。',
  step: (done: number, total: number) => (total > 0 ? `（已载入数据表 ${done}/${total}）` : ''),
  slow: (seconds: number) =>
    `分析引擎（DuckDB）启动已超过 ${seconds} 秒，仍未就绪。地图和指标为预先汇总数据；切换专题、月份、下钻、导出和载入数据需等待引擎。若一直无响应，请管理员检查服务器上 assets 目录中的 .wasm 文件是否完整，并以 application/wasm 类型发送（见 README“Security (for administrators)”一节）。`,
  failed: '地图和指标为数据抽取中的预先汇总数据，仍可查看；其余统计、切换专题和月份、下钻、导出和载入数据需要分析引擎，暂时无法使用。',
  wasmUnavailable: (file: string, status: number) =>
    `分析引擎（DuckDB）无法启动：服务器未能提供 ${file}（HTTP ${status}）。请管理员检查构建目录中的 assets 文件夹是否完整复制到服务器、访问权限是否正确。`,
  wasmWrongType: (file: string, type: string | null) =>
    `分析引擎（DuckDB）无法启动：服务器以 ${type ?? '未声明的类型'} 而不是 application/wasm 发送 ${file}。请管理员在服务器上为 .wasm 文件配置 application/wasm 类型（见 README“Security (for administrators)”一节）。`,
};

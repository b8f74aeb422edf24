/** 站点规划 (station what-if plan): every string of the plan mode, its file and its 建设计划 export. */
import type { PlanAction } from '../measures/plan';

/** Column headers of the candidate list. */
export const planActionShort: Record<PlanAction, string> = {
  station: '建站',
  director: '配主任',
  training: '培训',
};

export const planActionNames: Record<PlanAction, string> = {
  station: '新建站点',
  director: '配备儿童主任',
  training: '培训',
};

export const planText = {
  toggle: '站点规划',
  toggleTitle: '规划下一步在哪些村（社区）新建关爱站点、配备儿童主任或开展培训，并查看对覆盖率和目标完成的影响',
  leave: '退出规划',
  title: '站点规划',
  baseline: (date: string) => `以${date}的现状为基线，计划中的站点按建成并运行、儿童主任按到岗计算。`,
  withinCounty: '站点规划在一个县（市、区）内进行：请先在地图上进入一个县（市、区）。',
  mapHint: '规划模式下点击地图上的村（社区），按建议加入或移出计划；点击乡镇（街道），可规划或取消其关爱之家，或进入该乡镇。',
  mapLegend: '已列入计划的村（社区）、乡镇（街道）',
  beforeAfter: '规划前后',
  before: '现状',
  after: '规划后',
  change: '变化',
  childCoverage: '儿童所在村有站点的比例',
  childCoverageDef: '在册儿童中，居住村（社区）有正常运行关爱站点的人数 ÷ 在册儿童数。',
  newlyCovered: '新覆盖儿童',
  newlyCoveredDef: '计划新建站点的村（社区）中原本没有站点的在册儿童数。',
  townshipTargets: '各乡镇（街道）目标完成情况',
  township: '乡镇（街道）',
  stations: '站点（目标）',
  progress: '目标完成率',
  directorShare: '主任配备率',
  townshipTableNote:
    '各列为“现状→规划后”；站点为运行中的村级关爱站点数，括号内为目标数。列出设有目标或计划涉及的乡镇（街道）；关爱之家未达到目标的乡镇（街道）在名称下注明关爱之家“现状→规划后”。',
  reached: '达标',
  candidates: '候选村（社区）（按建议顺序）',
  rank: '序',
  village: '村（社区）',
  children: '在册儿童',
  lacks: '缺口',
  lackStation: '无站点',
  lackDirector: '无主任',
  lackTraining: (n: number) => `${n}人未训`,
  lacksTitle: '无站点：无正常运行的关爱站点；无主任：无儿童主任；未训：本年度未培训的儿童主任人数。',
  nothingLacking: '—',
  orderRule:
    '建议顺序：先无站点的村（社区）；其中所在乡镇（街道）站点数未达目标的在前；再按在册儿童从多到少；' +
    '儿童数相同时，所在乡镇（街道）目标完成率低的在前，再先无儿童主任的。',
  emptyCandidates: '没有缺站点、缺儿童主任或有未培训儿童主任的村（社区）。',
  planSize: (villages: number, townships: number, items: number) =>
    `计划：${villages}个村（社区）${townships > 0 ? `、${townships}个乡镇（街道）` : ''}，${items}项`,
  planEmpty: '计划为空：在候选列表中勾选，或在地图上点击村（社区）、乡镇（街道）。',
  clear: '清空计划',
  save: '保存规划文件',
  load: '载入规划文件',
  exportXlsx: '导出建设计划（XLSX）',
  loaded: (file: string, villages: number) => `已载入“${file}”：${villages}个村（社区）。`,
  fileRefused: (file: string) => `规划文件“${file}”未载入，当前计划保持不变：`,
  trainingNoDirector: '该村（社区）没有儿童主任，培训只对计划同时配备的儿童主任有效。',
  urlDropped: '地址中的规划参数格式不正确，已忽略。',
  urlUnknown: (n: number) => `地址中的规划有${n}个村（社区）不在当前数据中，已忽略。`,
  targetsNote: (note: string) => note,
  /** The township action. */
  homeAction: '建设达省标关爱之家',
  homeShort: '建关爱之家',
  townshipsHome: '关爱之家达标乡镇（街道）',
  townshipsHomeDef: '设有关爱之家目标的乡镇（街道）中，正常运行且达到省级标准的关爱之家不少于目标数的个数 / 设有目标的乡镇（街道）数。',
  ofTownships: (ok: number, all: number) => `${ok}/${all}`,
  homeColumn: '关爱之家',
  homeReached: '达标',
  homeShortOf: '未达标',
  homeCandidates: '乡镇（街道）关爱之家（按建议顺序）',
  homeOrderRule: '建议顺序：先未达到关爱之家目标的乡镇（街道），再按在册儿童从多到少。计划中的关爱之家按建成、运行并达到省级标准计算。',
  homeStatusTitle: '现状：正常运行且达到省级标准的关爱之家个数；未达省标、是否达标未填报、未运行的另列。',
  homeStatus: (ok: number, below: number, unknown: number, closed: number) => {
    const parts = [
      ...(ok > 0 ? [`达标${ok}个`] : []),
      ...(below > 0 ? [`未达省标${below}个`] : []),
      ...(unknown > 0 ? [`达标情况未填报${unknown}个`] : []),
      ...(closed > 0 ? [`未运行${closed}个`] : []),
    ];
    return parts.length > 0 ? parts.join('，') : '无关爱之家';
  },
  homeTarget: (target: number, fromExtract: boolean) => (fromExtract ? `目标${target}个` : `目标${target}个（按规定）`),
  homeEmpty: '各乡镇（街道）的关爱之家均已达到目标。',
  homeUnknown: (n: number) =>
    `${n}个乡镇（街道）的关爱之家在数据中未填写是否达到省级标准（meets_standard 为空），按未达标计：现状达标数可能偏低，请核实后再列入计划。`,
  homeTargetNote: (note: string) => note,
};

/** Why a plan file was refused: `file：field：problem`. */
export const planFileProblems = {
  at: (file: string, field: string, problem: string) => `${file}：${field}：${problem}`,
  tooLarge: (file: string, limit: string) => `${file}：文件过大（超过${limit}），不是规划文件`,
  notJson: (file: string) => `${file}：不是有效的 JSON 文件`,
  /** The field named when the whole file is wrong. */
  wholeFile: '（文件）',
  notObject: '应为一个 JSON 对象',
  format: '不是本系统的规划文件（format 应为 "care-atlas-plan"）',
  version: (v: string) => `版本 ${v} 不受支持（本系统读取版本 1 和 2）`,
  otherCounty: (code: string, name: string) => `规划属于另一个县（${code}），当前数据为${name}`,
  notList: '应为列表',
  tooMany: (max: number) => `计划项过多（最多${max}个村（社区））`,
  villageCode: '应为12位村级区划代码',
  unknownVillage: (code: string) => `村（社区）${code} 不在当前数据中`,
  duplicateVillage: (code: string) => `村（社区）${code} 出现了不止一次`,
  actions: '应为非空列表，取值为 station（新建站点）、director（配备儿童主任）、training（培训）',
  duplicateAction: (a: string) => `${a} 重复`,
  townshipCode: '应为9位乡镇级区划代码',
  unknownTownship: (code: string) => `乡镇（街道）${code} 不在当前数据中`,
  duplicateTownship: (code: string) => `乡镇（街道）${code} 出现了不止一次`,
  townshipActions: '应为 ["home"]（建设达省标关爱之家）',
};

/** The 建设计划 workbook. */
export const planExport = {
  fileWord: '建设计划',
  sheet: '建设计划',
  title: (area: string) => `${area}儿童关爱阵地建设计划`,
  baseline: (date: string) => `现状截至：${date}`,
  header: ['序号', '乡镇（街道）', '村（社区）', '区划代码', '建设内容', '受益儿童（人）', '目标效果'],
  stationEffect: (township: string, before: number, after: number, target: number | null) =>
    target === null ? `${township}村级站点 ${before}→${after} 个（未设目标）` : `${township}村级站点 ${before}→${after} 个，目标 ${target} 个${after >= target ? '（达标）' : `（尚差 ${target - after} 个）`}`,
  directorEffect: (township: string, before: string, after: string) => `${township}儿童主任配备率 ${before}→${after}`,
  trainingEffect: (township: string, before: string, after: string) => `${township}儿童主任培训率 ${before}→${after}`,
  homeEffect: (township: string, before: number, after: number, target: number) =>
    `${township}达省标关爱之家 ${before}→${after} 个，目标 ${target} 个${after >= target ? '（达标）' : `（尚差 ${target - after} 个）`}`,
  /** The village column of a township's row. */
  wholeTownship: '（全乡镇）',
  townshipChildrenNote: '乡镇（街道）关爱之家一行的受益儿童为该乡镇（街道）截至基线日期的在册儿童数，不计入合计。',
  childrenNote: '受益儿童：该村（社区）截至基线日期的在册儿童数，同一村（社区）的多项计划显示同一人数；合计为计划内各村（社区）在册儿童之和，每村只计一次。新覆盖儿童：计划新建站点、原本没有站点的村（社区）的在册儿童数。',
  summary: (label: string, before: string, after: string) => `${label}：现状 ${before}，规划后 ${after}`,
};

/** "由A提高到B", or "保持A" when the plan does not move it. */
const rise = (before: string, after: string) => (before === after ? `保持${before}` : `由${before}提高到${after}`);

/** The briefing's 站点规划 section (src/briefing/plan-sentences.ts). */
export const planBriefing = {
  section: '六、站点规划（拟建计划）预期效果',
  baseline: (date: string) => `以${date}的现状为基线测算，计划中的站点按建成并运行、儿童主任按到岗计算。`,
  tableTitle: '建设计划',
  stations: (n: number) => `新建${n}个村级关爱站点`,
  directors: (n: number) => `为${n}个村（社区）配备儿童主任`,
  trainings: (n: number) => `培训${n}个村（社区）的儿童主任`,
  homes: (n: number) => `在${n}个乡镇（街道）建设达省标关爱之家`,
  fewer: (threshold: number) => `不足${threshold}名`,
  persons: (n: string) => `${n}名`,
  empty: (area: string) => `${area}的站点规划目前为空。`,
  effect: (what: readonly string[], area: string, clauses: readonly string[]) => `按本计划${what.join('、')}后，${area}${clauses.join('；')}。`,
  childCoverage: (before: string, after: string) => `儿童所在村有站点的比例${rise(before, after)}`,
  childCoverageHidden: '儿童所在村有站点的比例因涉及儿童人数较少不予显示',
  newlyCovered: (n: string) => `新覆盖儿童${n}`,
  stationShare: (before: string, after: string, short: number) =>
    `村（社区）关爱站点覆盖率${rise(before, after)}，${short > 0 ? `距全覆盖目标尚差${short}个村（社区）` : '达到全覆盖目标'}`,
  targetProgress: (before: string, after: string, stations: number, target: number) =>
    `村级站点建设目标完成率${rise(before, after)}（${stations}个，目标${target}个）`,
  directorShare: (before: string, after: string) => `儿童主任配备率${rise(before, after)}`,
  trainingRate: (before: string, after: string) => `儿童主任培训率${rise(before, after)}`,
  homesEffect: (before: number, after: number, all: number) =>
    `建成后，关爱之家达到目标的乡镇（街道）由${before}个增至${after}个（共${all}个），${after >= all ? '各乡镇（街道）均达到关爱之家建设目标。' : `尚差${all - after}个。`}`,
};

/** The big screen's 规划预期效果 block. */
export const planBig = {
  title: '规划预期效果',
  subtitle: (villages: number, townships: number) => `计划：${villages}个村（社区）${townships > 0 ? `、${townships}个乡镇（街道）` : ''}`,
  before: '现状',
  after: '规划后',
  /** A rate of children not shown: too few children on one side. */
  hidden: '不显示',
  hiddenNote: (threshold: number) => `“不显示”：涉及儿童不足${threshold}名，不予显示。`,
};

/** The card a click on a township opens in plan mode. */
export const planTownshipCard = {
  label: (name: string) => `${name}：站点规划`,
  planned: '已列入计划：建设达省标关爱之家',
  notPlanned: '未列入计划',
  plan: '规划乡镇关爱之家',
  unplan: '取消规划',
  enter: '进入该乡镇',
  close: '关闭',
  status: (status: string, target: string) => `关爱之家现状：${status}；${target}`,
  noNeed: '关爱之家已达到目标，或未设目标。',
};

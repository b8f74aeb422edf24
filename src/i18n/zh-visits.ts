/**
 * The Chinese strings of visit compliance (走访合规) and of visit-rule profiles. Each figure's definition says
 * exactly what `src/measures/visit-compliance.ts` computes; change them together.
 */
import type { VisitMode, VISITOR_ROLES } from '../extract/schema';

export interface FigureLabel {
  /** 名称 */
  readonly name: string;
  /** 单位 */
  readonly unit: string;
  /** 定义: one sentence, matching the SQL. */
  readonly definition: string;
}

/** The figures of visit compliance, keyed by the column they label. */
export const visitFigures = {
  rate: {
    name: '走访合规率',
    unit: '%',
    definition: '已合规儿童人数 ÷ 应访儿童人数；当月无应访儿童时不计算（显示为“—”）。',
  },
  due: {
    name: '应访儿童',
    unit: '名',
    definition:
      '当月整月在册（纳入日期为空或不晚于当月1日，且评估日仍未退出）、按所选走访规则当月至少需走访1次的儿童人数；评估日为当月最后一天与数据截止日期中较早的一天，月中纳入或退出的儿童当月不计入。',
  },
  compliant: {
    name: '已合规',
    unit: '名',
    definition: '应访儿童中，当月1日至评估日期间规则认可方式（及规则限定的走访人角色）的走访次数达到规则要求次数的人数。',
  },
  overdue: {
    name: '逾期未访',
    unit: '名',
    definition:
      '截至评估日（往月为当月最后一天，本月为数据截止日期）在册且需走访的儿童中，评估日前从未有规则认可的走访，或最近一次认可的走访距评估日超过“31 ÷ 每月要求次数”（向上取整）天的人数。',
  },
  never_visited: {
    name: '从未走访',
    unit: '名',
    definition: '截至评估日在册且需走访的儿童中，评估日前没有任何走访或询访记录（不论方式和走访人）的人数。',
  },
  due_now: {
    name: '需走访儿童',
    unit: '名',
    definition: '截至评估日在册（纳入日期为空或不晚于该日，且未退出）、按所选走访规则每月至少需走访1次的儿童人数（以该日的分色计）。',
  },
  role_excluded_visits: {
    name: '走访人不符未计入',
    unit: '次',
    definition:
      '当月对应访儿童的走访中，方式为规则认可、但走访人角色不在规则限定范围内（如村干部、社工、志愿者）而未计入合规的次数；方案设为不计未记录角色的走访时，也包括这些走访。',
  },
  role_unrecorded_visits: {
    name: '未记录走访人的走访',
    unit: '次',
    definition: '当月对应访儿童、在限定走访人角色的规则下，未记录走访人角色而按设置计入的走访次数。',
  },
} as const satisfies Record<string, FigureLabel>;

/** How a child's requirement is chosen, for the legend and the rule panel. */
export const visitRuleNotes = {
  strictest: '一名儿童同时符合多条规则（多个类别或情形）时，按要求最严格的一条计：每月次数最多者优先；次数相同时，认可方式最少者优先。',
  colour: '当月内分色有变化的，按当月所持各颜色中要求最严格的计；从未评估的按“未评估”计。',
  noRule: '不符合任何规则、或规则要求每月0次的儿童不计入应访儿童。',
  overdueInterval: (days: number) => `超过 ${days} 天未按要求走访即为逾期`,
} as const;

export const visitTheme = {
  themeName: '走访合规',
  trendTitle: '走访合规率趋势',
  period: (month: string, date: string) => `${visitTheme.month(month)}（评估日 ${date}）`,
  and: '且',
  or: '或',
  exportName: '逾期未访清单',
  trendStarts: (month: string) => `数据中的走访记录自${visitTheme.month(month)}起，此前月份不显示。`,
  overdueListTitle: '逾期未访儿童较多的村（社区）',
  profileLabel: '走访规则方案',
  sourceLabel: '依据',
  clauseLabel: '条款',
  noteLabel: '说明',
  perMonth: (n: number) => (n === 0 ? '不要求每月走访' : `每月至少 ${n} 次`),
  anyCategory: '全部类别',
  anyColour: '不限分色',
  noDue: '当月无应访儿童',
  /** 2026-10 → 2026年10月 */
  month: (ym: string) => {
    const m = /^(\d{4})-(\d{2})$/.exec(ym);
    return m ? `${m[1]}年${Number(m[2])}月` : ym;
  },
} as const;

export const visitorRoleNames: Record<(typeof VISITOR_ROLES)[number], string> = {
  child_director: '儿童主任',
  supervisor: '儿童督导员',
  village_cadre: '村（居）干部',
  social_worker: '社工',
  volunteer: '志愿者',
  other: '其他人员',
};

/** The visitor-role rule and the setting for visits with no role, on the panel. */
export const visitRoles = {
  label: '走访人',
  anyRole: '不限走访人',
  only: (names: string) => `仅认可${names}的走访`,
  unrecorded: (counted: boolean, n: number) =>
    counted ? `未记录走访人角色的走访计入合规（当月计入 ${n} 次）` : '未记录走访人角色的走访不计入合规',
  settingBasis: '系统设置项',
  profileBasis: '本方案设定',
} as const;

export const visitModeNames: Record<VisitMode, string> = {
  home: '入户走访',
  phone: '电话询访',
  video: '视频（微信）询访',
  third_party: '校园或第三方询访',
};

export { categoryNames } from './zh';

export const conditionNames = {
  child_disabled: '儿童本人残疾',
  parent_disabled: '父母一方或双方残疾',
  behavioural_concern: '存在心理或行为异常',
} as const;

/** Problems with a profile JSON file, each naming the field. */
export const profileProblems = {
  profileNotObject: '走访规则方案文件不是有效的 JSON 对象',
  noRules: 'rules：至少需要一条规则',
  notObject: (field: string) => `${field}：应为 JSON 对象`,
  unknownField: (field: string) => `${field}：未知字段（请检查拼写）`,
  badId: (field: string) => `${field}：编号应为1至40位英文字母、数字、下划线或连字符`,
  duplicateRuleId: (field: string, id: string, first: string) => `${field}：规则编号 ${id} 与 ${first} 重复`,
  missingText: (field: string, what: string) => `${field}：${what}不能为空`,
  badChoice: (field: string, allowed: readonly string[]) => `${field}：应为 "any" 或非空列表，列表取值为：${allowed.join('、')}`,
  badValue: (field: string, value: string, allowed: readonly string[]) => `${field}：取值 ${value} 不在允许范围内，允许的取值为：${allowed.join('、')}`,
  duplicateValue: (field: string, value: string) => `${field}：取值 ${value} 重复`,
  unknownCondition: (field: string, allowed: readonly string[]) => `${field}：未知条件，允许的条件为：${allowed.join('、')}`,
  conditionNotTrue: (field: string) => `${field}：条件只能写 true（不需要该条件时请删去此项）`,
  badVisitsPerMonth: (field: string, value: string, max: number) => `${field}：每月走访次数应为0至${max}之间的整数，实际为 ${value}`,
  modesNotList: (field: string, allowed: readonly string[]) => `${field}：应为走访方式列表，取值为：${allowed.join('、')}`,
  rolesNotList: (field: string, allowed: readonly string[]) => `${field}：应为非空的走访人角色列表（不限角色时请删去此项），取值为：${allowed.join('、')}`,
  modesEmpty: (field: string) => `${field}：每月走访次数大于0时，至少需要一种认可的走访方式`,
  badTargetRate: (field: string, value: string) => `${field}：走访合规率目标应为大于0、不超过1的小数（如 0.9 表示90%），实际为 ${value}`,
  defaultTargetNote: '本方案未设走访合规率目标，按文件“每月走访全覆盖”的要求以100%计。',
} as const;

/** Problems with the county's own profiles file (visit-profiles.json beside the app). */
export const profileFileProblems = {
  invalid: (file: string, n: number, id: string | null, problem: string) => `${file}：第 ${n} 个方案${id ? `（${id}）` : ''}未载入——${problem}`,
  duplicateId: (file: string, n: number, id: string) => `${file}：第 ${n} 个方案的编号 ${id} 与已有方案重复，未载入`,
  unreadable: (file: string) => `${file}：无法读取，未载入自定义走访方案`,
  notJson: (file: string) => `${file}：不是有效的 JSON 文件，未载入自定义走访方案`,
  title: '自定义走访方案有问题',
} as const;

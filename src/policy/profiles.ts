/**
 * The built-in visit-rule profiles, each rule citing the clause it comes from (sources: DOMAIN.md §5, seeds
 * `000` 灌云县 2022 and `003` 启东市 2024–2026). Where the text fixes no number, the rule's `note` says the number
 * is a setting. A county adds its own profile as JSON (see `parseVisitProfile`).
 */
import { VISIT_MODES } from '../extract/schema';
import type { VisitProfile } from './profile';

/**
 * Neither text sets a compliance rate below 100% ("每月…走访", "一月一访" for every child): the 90% line under which
 * the briefing names an area is a setting, chosen here and said so.
 */
const BRIEFING_TARGET = {
  rate: 0.9,
  note: '文件要求每月走访全覆盖，未规定通报线；简报对走访合规率低于90%的区域点名，90%为本系统设置值，可在自定义方案中调整。',
};

const GUANYUN_DOC = '《灌云县2022年未成年人保护和儿童福利工作要点》';
/** The subject of item 7: who is to visit. */
const GUANYUN_WHO = '各镇（街）民政办督促指导儿童督导员、儿童主任对本辖区社会散居孤儿、事实无人抚养儿童至少每月走访一次';
const GUANYUN_ROLES: ['supervisor', 'child_director'] = ['supervisor', 'child_director'];
const GUANYUN_ROLE_NOTE = '第7条由儿童督导员、儿童主任走访：村干部、社工、志愿者等其他人员的走访不计入；未记录走访人角色的走访按系统设置处理（见面板说明）。';
const QIDONG_DOC = '《启东市农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案》（2024—2026年）';

/**
 * 灌云2022, from `000` item 7 (落实定期走访制度). "走访" for scattered orphans and de-facto-unsupported children is
 * read as in person (the next sentence contrasts it with "走访或询访"); severely disabled or ill children are
 * children in difficulty by item 1 and so fall under "其他困境儿童"; institutional orphans are not named by item 7
 * and live in a welfare institution, so they need no monthly visit (a 0 rule, with the reason in its note).
 * Item 7 names who visits: 儿童督导员 and 儿童主任, so only their visits count (`roles`).
 */
export const GUANYUN_2022: VisitProfile = {
  id: 'guanyun-2022',
  name: '灌云县2022年定期走访制度',
  source: `${GUANYUN_DOC}第7条“落实定期走访制度”`,
  complianceTarget: BRIEFING_TARGET,
  rules: [
    {
      id: 'scattered-orphan-unsupported',
      categories: ['orphan_scattered', 'de_facto_unsupported'],
      colours: 'any',
      visitsPerMonth: 1,
      modes: ['home'],
      roles: GUANYUN_ROLES,
      clause: `${GUANYUN_DOC}第7条：“${GUANYUN_WHO}”`,
      note: `原文对这两类儿童只写“走访”，与下一句对其他儿童的“走访或询访”相区别，故只认可入户走访；电话、视频和第三方询访不计。${GUANYUN_ROLE_NOTE}`,
    },
    {
      id: 'left-behind-other-difficulty',
      categories: ['left_behind', 'other_difficulty'],
      colours: 'any',
      visitsPerMonth: 1,
      modes: [...VISIT_MODES],
      roles: GUANYUN_ROLES,
      clause: `${GUANYUN_DOC}第7条：“${GUANYUN_WHO}；对农村留守儿童和其他困境儿童至少每月走访或询访一次”`,
      note: `“询访”包括电话、视频（微信）和向学校等第三方了解情况，与入户走访同样认可。${GUANYUN_ROLE_NOTE}`,
    },
    {
      id: 'severe-disability-illness',
      categories: ['severe_disability_illness'],
      colours: 'any',
      visitsPerMonth: 1,
      modes: [...VISIT_MODES],
      roles: GUANYUN_ROLES,
      clause:
        `${GUANYUN_DOC}第7条：“${GUANYUN_WHO}；对农村留守儿童和其他困境儿童至少每月走访或询访一次”；` +
        '第1条：“事实无人抚养儿童、重残重病儿童等困境儿童”',
      note: `第7条未单独点名重残重病儿童。第1条将其列为困境儿童，第7条已单列事实无人抚养儿童，故重残重病儿童按“其他困境儿童”每月走访或询访一次。${GUANYUN_ROLE_NOTE}`,
    },
    {
      id: 'institution-orphan',
      categories: ['orphan_institution'],
      colours: 'any',
      visitsPerMonth: 0,
      modes: [],
      clause:
        `${GUANYUN_DOC}第7条：“对本辖区社会散居孤儿、事实无人抚养儿童至少每月走访一次”（只点名社会散居孤儿）；` +
        '第10条将“孤儿、事实无人抚养儿童”与“农村留守儿童、困境儿童”分列',
      note: '集中供养孤儿在儿童福利机构养育，第7条只要求走访社会散居孤儿，没有要求对集中供养孤儿每月走访，故不计入应访儿童。',
    },
  ],
};

const QIDONG_CLAUSE_MONTHLY =
  `${QIDONG_DOC}重点任务第1条“强化服务对象精准”：“建立‘一年两排’‘一月一访’制度，民政部门要组织区镇（街道）` +
  '对辖区内农村留守儿童和困境儿童每年开展2次全面摸底排查、一月1次入户巡访关爱”';
const QIDONG_CLAUSE_MORE =
  `${QIDONG_DOC}重点任务第1条：“对父母双方或一方存在严重身体或智力残疾、儿童自身存在身体或智力残疾、` +
  '有心理或行为异常的，儿童主任要加大走访频次”';
const QIDONG_MORE_NOTE =
  '原文只写“加大走访频次”，未规定次数：每月2次入户走访是县里选定的设置值，不是文件规定，可按本地实际调整。以数据中的残疾、心理行为标记为准。' +
  '原文写明由“儿童主任”加大走访频次，故这些儿童只认可儿童主任的入户走访；未记录走访人角色的走访按系统设置处理（见面板说明）。';
const QIDONG_CATEGORIES: VisitProfile['rules'][number]['categories'] = [
  'orphan_scattered',
  'de_facto_unsupported',
  'severe_disability_illness',
  'left_behind',
  'other_difficulty',
];

/**
 * 启东2024, from `003` task 1 ("一月一访"): one home visit (入户) a month for every left-behind child and child in
 * difficulty (scattered orphans, de-facto-unsupported and severely disabled or ill children included); more
 * where the child or a parent is disabled or the child shows psychological or behavioural problems, which the
 * text leaves unnumbered (2 a month is a setting, said in the note). Institutional orphans: no home to visit, so
 * a 0 rule. The text also asks to adjust the frequency when a child's colour changes but gives no numbers, so
 * no rule here depends on colour. Roles: the monthly visit is organised by 区镇（街道） with no visitor named, so
 * any role counts; the extra visits are the child director's ("儿童主任要加大走访频次"), so those rules name it.
 */
export const QIDONG_2024: VisitProfile = {
  id: 'qidong-2024',
  name: '启东市“一月一访”（2024—2026年）',
  source: `${QIDONG_DOC}重点任务第1条“一月一访”`,
  complianceTarget: BRIEFING_TARGET,
  rules: [
    {
      id: 'monthly-home-visit',
      categories: QIDONG_CATEGORIES,
      colours: 'any',
      visitsPerMonth: 1,
      modes: ['home'],
      clause: QIDONG_CLAUSE_MONTHLY,
      note:
        '只认可入户走访。社会散居孤儿、事实无人抚养儿童、重残重病儿童按困境儿童计（方案第3条把“孤儿助学工程”列为农村留守儿童和困境儿童的资助项目）。' +
        '原文还要求“根据儿童分色变动情况及时调整走访频次”，但未规定各颜色的频次，本方案不按分色区分；县里可在自定义方案中按颜色设置。' +
        '原文由民政部门组织区镇（街道）开展“一月一访”，未限定走访人员，故不限走访人角色。',
    },
    {
      id: 'child-disabled',
      categories: QIDONG_CATEGORIES,
      colours: 'any',
      when: { child_disabled: true },
      visitsPerMonth: 2,
      modes: ['home'],
      roles: ['child_director'],
      clause: QIDONG_CLAUSE_MORE,
      note: QIDONG_MORE_NOTE,
    },
    {
      id: 'parent-disabled',
      categories: QIDONG_CATEGORIES,
      colours: 'any',
      when: { parent_disabled: true },
      visitsPerMonth: 2,
      modes: ['home'],
      roles: ['child_director'],
      clause: QIDONG_CLAUSE_MORE,
      note: QIDONG_MORE_NOTE,
    },
    {
      id: 'behavioural-concern',
      categories: QIDONG_CATEGORIES,
      colours: 'any',
      when: { behavioural_concern: true },
      visitsPerMonth: 2,
      modes: ['home'],
      roles: ['child_director'],
      clause: QIDONG_CLAUSE_MORE,
      note: QIDONG_MORE_NOTE,
    },
    {
      id: 'institution-orphan',
      categories: ['orphan_institution'],
      colours: 'any',
      visitsPerMonth: 0,
      modes: [],
      clause: `${QIDONG_CLAUSE_MONTHLY}；第8条：“持续推进儿童福利机构优化提质工作”`,
      note: '集中供养孤儿由儿童福利机构养育，没有可“入户”的家庭；第8条对机构养育另有要求。本方案不要求对其每月入户走访，不计入应访儿童。',
    },
  ],
};

export const BUILTIN_PROFILES: VisitProfile[] = [GUANYUN_2022, QIDONG_2024];

/** A built-in profile by id, or undefined. */
export function profileById(id: string): VisitProfile | undefined {
  return BUILTIN_PROFILES.find((p) => p.id === id);
}

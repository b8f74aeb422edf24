/**
 * Settings the measures depend on, with their defaults. Each setting says where its default comes from: a
 * policy text (the codes `000`…`004` are the county and provincial work plans the product is built from), the
 * extract itself, or nothing at all, in which case it is plainly a setting and the `note` says so in Chinese.
 * Measures never hard-code these numbers; they take them as parameters.
 */
import type { UNIT_TYPES } from '../extract/schema';

type UnitType = (typeof UNIT_TYPES)[number];

/** Where a setting's default comes from. */
export type SettingBasis = 'policy' | 'extract' | 'setting';

interface SettingMeta {
  readonly basis: SettingBasis;
  /** The source clause, e.g. `003 §10`. */
  readonly source: string;
  /** What the user is told about the setting, in Chinese. */
  readonly note: string;
}

export interface WaterInspectionSettings extends SettingMeta {
  /** Days between patrols of a water point outside the flood season. */
  readonly intervalDays: number;
  /** Days between patrols inside the flood season (汛期). */
  readonly floodSeasonIntervalDays: number;
  /** Calendar months (1–12) of the flood season. */
  readonly floodSeasonMonths: readonly number[];
}

export interface TrainingSettings extends SettingMeta {
  /**
   * `calendar_year`: a child director counts as trained when `last_trained_on` falls in the calendar year of the
   * as-of date, on or before it (100% of child directors trained every year).
   */
  readonly window: 'calendar_year';
}

export interface StationTargetSettings extends SettingMeta {
  /** Targets are read from the extract's township rows (`target_township_homes`, `target_village_stations`). */
  readonly from: 'extract';
}

export interface CoverageTargetSettings extends SettingMeta {
  /** Share of villages with an active village station to reach (1 = every village). */
  readonly villageStationShare: number;
  /** Share of villages with at least one child director to reach. */
  readonly villageDirectorShare: number;
  /** Share of child directors trained in the training window to reach. */
  readonly directorTrainingShare: number;
  /**
   * 关爱之家 meeting the provincial standard each township-level unit of these unit types must have, where the
   * extract sets no `target_township_homes` of its own (an extract's target, 0 included, always wins).
   */
  readonly townshipHomes: { readonly perTownship: number; readonly unitTypes: readonly UnitType[]; readonly note: string };
}

/** Whether a visit with no visitor role recorded counts under a rule that names the roles that qualify. */
export const UNRECORDED_ROLE_TREATMENTS = ['count', 'exclude'] as const;
export type UnrecordedRoleTreatment = (typeof UNRECORDED_ROLE_TREATMENTS)[number];

export interface UnrecordedRoleSettings extends SettingMeta {
  /** The default; a profile may set its own (`unrecordedRole`). */
  readonly treatment: UnrecordedRoleTreatment;
}

export interface RecordUpdateSettings extends SettingMeta {
  /** Months after which a child's latest colour assessment is out of date (older than the quarter). */
  readonly intervalMonths: number;
}

export interface DataQualitySettings extends SettingMeta {
  /**
   * A theme panel says its figures rest on shaky data when at least this share of what they count is in doubt:
   * children on the roll never assessed (risk, visits, guardianship), stations without coordinates (stations),
   * water points outside their village's surveyed boundary (water).
   */
  readonly shakyShare: number;
}

export interface Settings {
  readonly waterInspection: WaterInspectionSettings;
  readonly dataQuality: DataQualitySettings;
  readonly recordUpdate: RecordUpdateSettings;
  readonly training: TrainingSettings;
  readonly stationTargets: StationTargetSettings;
  /** The coverage targets a station plan (站点规划) is measured against. */
  readonly coverageTargets: CoverageTargetSettings;
  readonly unrecordedVisitorRole: UnrecordedRoleSettings;
}

export const DEFAULT_SETTINGS: Settings = {
  waterInspection: {
    // 003 §10 asks for patrols of rivers, lakes and open channels, stepped up in the flood season, at weekends
    // and on holidays, but fixes no interval and no season: all three numbers below are settings.
    basis: 'setting',
    source: '003 §10',
    intervalDays: 30,
    floodSeasonIntervalDays: 15,
    floodSeasonMonths: [6, 7, 8, 9],
    note:
      '巡查间隔为本系统设置项，非文件规定：文件（启东市三年行动方案第10条）只要求加强河湖明渠巡查，' +
      '突出加强汛期和周末、节假日等关键节点防范。默认平时每30天至少巡查一次，汛期（6月至9月）每15天至少巡查一次，可按本地实际调整。',
  },
  dataQuality: {
    // The plans ask for every child to be graded (四色管理全覆盖, 000, 001, 003) but say nothing of when a figure stops
    // being trustworthy: the share is plainly a setting. 5% is where a red-and-yellow share or a coverage rate of
    // a township of 100 children can move by a whole class of the map's scale (5 points) with the ungraded ones.
    basis: 'setting',
    source: '000, 001, 003: 四色评估全覆盖',
    shakyShare: 0.05,
    note:
      '数据提示的阈值为本系统设置项，非文件规定：文件要求在册儿童四色评估全覆盖（灌云县、如皋市、启东市方案），但未规定缺项多少时数字不可信。' +
      '默认缺项（未评估儿童、无坐标站点、在所属村界外的点位）达到5%即提示，因为这足以使地图上的比率跨过一个分档（5个百分点）。',
  },
  recordUpdate: {
    // 000 §10: 对系统中农村留守儿童、困境儿童……信息每季度至少更新一次.
    basis: 'policy',
    source: '000 §10',
    intervalMonths: 3,
    note: '儿童信息每季度至少更新一次（灌云县工作要点第10条）：最近一次风险评估早于截至日期前3个月，即计为超过一个季度未更新。',
  },
  training: {
    // 000 §11: 村（居）儿童主任年参训率达到100%; 003 §15: 每年对儿童主任培训全覆盖.
    basis: 'policy',
    source: '000 §11; 003 §15',
    window: 'calendar_year',
    note: '儿童主任每年培训全覆盖（灌云县工作要点、启东市三年行动方案）：最近培训日期在截至日期所在年度内（且不晚于截至日期）即计为已培训。',
  },
  stationTargets: {
    // 001 annex 1 lists the targets per township; an extract carries them on its township rows.
    basis: 'extract',
    source: '001 annex 1 (per extract: manifest targets_source)',
    from: 'extract',
    note: '关爱之家和村（居）关爱站点的目标数取自数据抽取中各乡镇（街道）的目标值，来源见数据说明。',
  },
  coverageTargets: {
    // 001 一(四): 村（居）实现儿童关爱点全覆盖; 003 §15: 每个村（社区）择优选任至少一名儿童主任…每年对儿童主任培训全覆盖;
    // 000 §11: 村（居）儿童主任年参训率达到100%.
    basis: 'policy',
    source: '001 一(四); 003 §15; 000 §11',
    villageStationShare: 1,
    villageDirectorShare: 1,
    directorTrainingShare: 1,
    // 001 一(四): 确保"十四五"末每个镇（区、街道）至少建有一个符合省标准的儿童"关爱之家" (and annex 1's closing
    // quotation of the provincial 14th five-year plan). 镇、区、街道: towns, zones and streets, not farms or institutes.
    townshipHomes: {
      perTownship: 1,
      unitTypes: ['town', 'street', 'zone'],
      note:
        '每个镇（区、街道）至少建有一个符合省标准的儿童“关爱之家”（如皋市2021年儿童福利工作要点一（四），附件1引江苏省儿童福利事业发展“十四五”规划）：' +
        '数据抽取未给出乡镇（街道）关爱之家目标数时，镇、街道和园区按1个计，农场、研究所等不计。',
    },
    note:
      '规划目标：村（居）儿童关爱站点全覆盖（如皋市2021年儿童福利工作要点一（四）），每个村（社区）至少一名儿童主任、儿童主任每年培训全覆盖' +
      '（启东市三年行动方案第15条，灌云县工作要点第11条）；各乡镇（街道）村级站点目标数取自数据抽取。',
  },
  unrecordedVisitorRole: {
    // No text says what to do with a visit whose visitor is not recorded; the extract format makes
    // visits.visitor_role optional, because some source systems and ledgers do not keep it. Excluding such
    // visits would report a missing field as a missing visit, so they count by default, and the panel says
    // how many were counted.
    basis: 'setting',
    source: 'extract format: visits.visitor_role optional',
    treatment: 'count',
    note:
      '未记录走访人角色的走访默认计入（本系统设置项，非文件规定）：数据格式中走访人角色为选填，部分来源系统和台账不记录角色，' +
      '一律不计会把数据缺项当成未走访。面板列出当月按此计入的次数；县里可在自定义方案中设为不计（"unrecordedRole": "exclude"）。',
  },
};

const ISO_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function parseIso(asOf: string): { year: number; month: number } {
  const m = ISO_DATE.exec(asOf);
  if (!m) throw new Error(`not an ISO date: ${asOf}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** True when `asOf` (ISO date) falls in a flood-season month. */
export function inFloodSeason(settings: Settings, asOf: string): boolean {
  return settings.waterInspection.floodSeasonMonths.includes(parseIso(asOf).month);
}

/** The patrol interval, in days, that applies on `asOf` (ISO date): shorter in the flood season. */
export function inspectionIntervalDays(settings: Settings, asOf: string): number {
  const w = settings.waterInspection;
  return inFloodSeason(settings, asOf) ? w.floodSeasonIntervalDays : w.intervalDays;
}

/** The first day (ISO date) on which a training counts as this year's for `asOf`: 1 January of its year. */
export function trainingWindowStart(settings: Settings, asOf: string): string {
  switch (settings.training.window) {
    case 'calendar_year':
      return `${String(parseIso(asOf).year).padStart(4, '0')}-01-01`;
  }
}

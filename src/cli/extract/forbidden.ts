/**
 * Source column headers that look like a direct identifier or free text. Such a column is never written into an
 * extract, whatever a mapping asks; it may only be *read* as a child's or staff member's identity (an ID number or
 * a system number), which is turned into a salted key and dropped.
 *
 * Starts from the schema's FORBIDDEN_COLUMN_PATTERNS (the validator's list, via isForbiddenColumn) and adds the
 * words county spreadsheets actually use for them.
 */
import { FORBIDDEN_COLUMN_PATTERNS } from '../../extract/schema';
import { isForbiddenColumn } from '../../extract/validate-tables';

export type IdentifierKind = 'name' | 'id_number' | 'phone' | 'address' | 'school' | 'account' | 'certificate' | 'free_text' | 'contact' | 'photo';

export const IDENTIFIER_KIND_ZH: Record<IdentifierKind, string> = {
  name: '姓名',
  id_number: '身份证号码',
  phone: '电话号码',
  address: '地址',
  school: '学校',
  account: '银行账号',
  certificate: '证件号码',
  free_text: '自由文本',
  contact: '其他联系方式',
  photo: '照片或附件',
};

/** Chinese (and a few English) header words, by kind; matched against the normalized header. */
const EXTRA_PATTERNS: readonly [IdentifierKind, RegExp][] = [
  ['name', /姓名|名字|昵称|^(父亲|母亲|监护人|委托监护人|联系人|负责人|责任人|户主|走访人|填报人|填表人|经办人|调查人|评估人|儿童主任|督导员|儿童督导员|包保人|帮扶人)$/i],
  ['id_number', /身份证|身份号码|公民身份|证件号|id_?(card|number|no)|sfz/i],
  ['phone', /电话|手机|联系方式|phone|mobile|^tel|tel$/i],
  ['contact', /微信|qq|邮箱|e-?mail/i],
  ['address', /住址|地址|住所|门牌|详细位置|address/i],
  ['school', /学校|学籍|就读|班级|school/i],
  ['account', /银行|账号|帐号|账户|帐户|卡号|bank|account/i],
  ['certificate', /证号|证件|残疾证|护照|出生证|户口簿|户口本|社保卡|医保卡|certificate/i],
  ['free_text', /备注|说明|描述|详情|情况说明|具体情况|内容|意见|记录$|note|remark|comment/i],
  ['photo', /照片|图片|附件|photo|image/i],
];

/** Normalizes a header for matching: NFKC (full-width → half-width), whitespace and line breaks removed. */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * Which kind of identifier a source header looks like, or null. `table` is the extract table the column would go
 * to, so the schema's own exceptions (regions.name) apply.
 */
export function identifierKind(header: string, table = 'source'): IdentifierKind | null {
  const h = normalizeHeader(header);
  for (const [kind, re] of EXTRA_PATTERNS) if (re.test(h)) return kind;
  if (isForbiddenColumn(table, h)) {
    // One of the schema's patterns that the list above does not name: say which, in the schema's order.
    const kinds: IdentifierKind[] = ['name', 'id_number', 'phone', 'address', 'school', 'account', 'certificate', 'free_text'];
    const i = FORBIDDEN_COLUMN_PATTERNS.findIndex((re) => re.test(h));
    return kinds[i] ?? 'free_text';
  }
  return null;
}

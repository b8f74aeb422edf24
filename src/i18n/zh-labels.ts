/**
 * How a map label shortens a long area name that does not fit its area (src/map/label-text.ts): the customary short
 * forms of development-zone and park names, the trailing characters of an administrative name left out when it is
 * used as a prefix (如皋市 → 如皋), and the brackets of an alternative name.
 */

/** Long endings of an area's name and their customary short forms, longest first. */
export const SHORT_ENDINGS: readonly (readonly [string, string])[] = [
  ['高新技术产业开发区', '高新区'],
  ['经济技术开发区', '经开区'],
  ['经济开发区', '经开区'],
  ['工业园区', '工业园'],
  ['科技园区', '科技园'],
  ['产业园区', '产业园'],
];

/** Last characters of an administrative name that its short form leaves out (如皋市 → 如皋, 海门区 → 海门). */
export const ADMIN_ENDINGS: readonly string[] = ['省', '市', '县', '区'];

/** An alternative name in brackets at the end of a name: 三星镇（叠石桥家纺产业园区）. */
export const BRACKETED_ENDING = /[（(][^（()）]*[）)]$/u;

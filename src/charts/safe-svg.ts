/**
 * A check that an SVG string is only drawing, before it is put into the page as markup (PrintChart). ECharts
 * escapes the text it writes, names of areas included; this check does not rely on that: the markup is read tag
 * by tag, and anything not plainly an SVG drawing element with plain attributes makes the whole string unsafe.
 */

const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'title', 'desc',
  'clipPath', 'linearGradient', 'radialGradient', 'stop', 'pattern', 'mask', 'style',
]);

/** One tag: a name, then attributes whose values are double-quoted and hold no quote or angle bracket. */
const TAG = /^<(\/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][A-Za-z0-9_:.-]*="[^"<>]*")*)\s*(\/?)>/;
const ATTRIBUTE = /([A-Za-z_:][A-Za-z0-9_:.-]*)="([^"]*)"/g;

/** True when `svg` holds nothing but allowed SVG elements, attributes that are not event handlers, and local links. */
export function isSafeSvg(svg: string): boolean {
  let rest = svg.replace(/^\s*<\?xml[^<>]*\?>/, '').replace(/^\s*<!DOCTYPE svg[^<>]*>/, '');
  for (let at = rest.indexOf('<'); at !== -1; at = rest.indexOf('<')) {
    rest = rest.slice(at);
    const tag = TAG.exec(rest);
    if (!tag) return false;
    const [whole, , name, attributes] = tag;
    if (!ELEMENTS.has(name as string)) return false;
    for (const [, attr, value] of (attributes ?? '').matchAll(ATTRIBUTE)) {
      const key = (attr as string).toLowerCase();
      if (key.startsWith('on')) return false;
      if ((key === 'href' || key === 'xlink:href') && !(value as string).startsWith('#')) return false;
      if (/url\(\s*['"]?(?!#)/i.test(value as string) || /javascript:|expression\(/i.test(value as string)) return false;
    }
    rest = rest.slice(whole.length);
    if (name === 'style' && !tag[1]) {
      // ECharts' hover and animation rules: CSS only, with no import or outside URL.
      const css = /^\s*<!\[CDATA\[([^<]*?)\]\]>\s*<\/style>/.exec(rest);
      if (!css || /@import|url\(\s*['"]?(?!#)|expression\(|javascript:/i.test(css[1] as string)) return false;
      rest = rest.slice(css[0].length);
    }
  }
  return true;
}

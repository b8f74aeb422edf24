import { describe, expect, it } from 'vitest';
import { colourMixByAreaOption, colourTransitionsOption, complianceTrendOption, missingItemsOption, rankingOption, targetProgressOption, type ChartContext } from '../../src/charts/options';
import { withFont } from '../../src/charts/render-svg';
import { renderOptionToSvg } from '../../src/charts/render-svg';
import { isSafeSvg } from '../../src/charts/safe-svg';

const ctx: ChartContext = { asOf: '2026-10-31', synthetic: true, static: true };
const HOSTILE = ['"><script>alert(1)</script>', '" onload="alert(2)', "' onmouseover='x", '<img src=x onerror=alert(3)>', ']]></style><script>x</script>'];

describe('SVG put into the page as markup (PrintChart)', () => {
  it('charts of areas with hostile names render to safe SVG, the names shown as escaped text', () => {
    const rows = HOSTILE.map((name, i) => ({ name, red: i + 1, yellow: 2, blue: 3, green: 4, ungraded: 0 }));
    const svg = renderOptionToSvg(colourMixByAreaOption(ctx, rows, HOSTILE[0]), 700, 400);
    expect(isSafeSvg(svg)).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x');
    expect(svg).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    const ranking = renderOptionToSvg(rankingOption(ctx, HOSTILE.map((name, i) => ({ name, value: i / 10, previous: null })), HOSTILE[1] as string, '%'), 700, 400);
    expect(isSafeSvg(ranking)).toBe(true);
    expect(ranking).toContain('&quot; onload=&quot;alert(2)');
  });

  it('passes every chart the briefing prints, as PrintChart renders it (so none is left blank)', () => {
    const names = ['如城街道', '东陈镇', '经济技术开发区（城南街道）'];
    const options = [
      colourMixByAreaOption({ ...ctx, synthetic: false }, names.map((name, i) => ({ name, red: i, yellow: 3, blue: 10, green: 20, ungraded: 1, marks: i === 0 ? { red: '<5' } : undefined }))),
      colourTransitionsOption(ctx, [{ from: 'yellow', to: 'red', children: 3, mark: '<5' }, { from: 'green', to: 'green', children: 40 }], '2026-Q3'),
      complianceTrendOption(ctx, ['2026-08', '2026-09', '2026-10'].map((month, i) => ({ month, rate: i === 1 ? null : 0.8 + i / 20, due: 100 })), 0.9, '江苏省"两个清单"'),
      rankingOption(ctx, names.map((name, i) => ({ name, value: i / 3, previous: i === 0 ? null : 0.5 })), '走访合规率', '%'),
      targetProgressOption(ctx, names.map((name, i) => ({ name, target: i === 2 ? null : 10, actual: 7 + i })), '阵地建设进度'),
      missingItemsOption(ctx, names.map((name) => ({ name, missing_sign: 1, missing_ring: 0, missing_rope: 2, missing_pole: 0 })), '缺项'),
    ];
    for (const option of options) expect(isSafeSvg(renderOptionToSvg(withFont(option), 700, 360))).toBe(true);
  });

  it('refuses markup that is more than drawing', () => {
    const svg = (inner: string) => `<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg">${inner}</svg>`;
    expect(isSafeSvg(svg('<rect width="10" height="10" fill="red"></rect><text x="1">a &lt; b</text>'))).toBe(true);
    expect(isSafeSvg(svg('<script>alert(1)</script>'))).toBe(false);
    expect(isSafeSvg(svg('<rect width="10" onload="alert(1)"></rect>'))).toBe(false);
    expect(isSafeSvg(svg('<rect width="10" ONCLICK="alert(1)"></rect>'))).toBe(false);
    // An attribute value that breaks out of its quotes, as an unescaped name would.
    expect(isSafeSvg(svg('<text x=""><script>alert(1)</script>"></text>'))).toBe(false);
    expect(isSafeSvg(svg('<text x="1" y=2>a</text>'))).toBe(false);
    expect(isSafeSvg(svg('<foreignObject><div>x</div></foreignObject>'))).toBe(false);
    expect(isSafeSvg(svg('<a href="javascript:alert(1)"><text>x</text></a>'))).toBe(false);
    expect(isSafeSvg(svg('<use href="https://example.com/x.svg#a"></use>'))).toBe(false);
    expect(isSafeSvg(svg('<rect fill="url(https://example.com/x)"></rect>'))).toBe(false);
    expect(isSafeSvg(svg('<style><![CDATA[@import url(https://example.com/x.css);]]></style>'))).toBe(false);
    expect(isSafeSvg(svg('<style><![CDATA[.a { fill: red; }]]></style>'))).toBe(true);
    expect(isSafeSvg(svg('<style>.a{}</style><script>x</script>'))).toBe(false);
    expect(isSafeSvg('a < b')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { renderInlineMarkdown, renderMarkdown } from './markdown';

/* The about text comes from anyone (a shared link, an imported file): what it may become. */

const hostile = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<iframe src="https://evil.example/"></iframe>',
  '<svg onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '[a](javascript:alert(1))',
  '[b](JaVaScRiPt:alert(1))',
  '[c](&#106;avascript:alert(1))',
  '[d](java&#x09;script:alert(1))',
  '[e](vbscript:msgbox(1))',
  '[f](data:text/html;base64,PHNjcmlwdD4=)',
  '[g](file:///etc/passwd)',
  '[h](//evil.example/x)',
  '[i][ref]\n\n[ref]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '![pic](https://evil.example/x.png)',
  '![pic][p]\n\n[p]: https://evil.example/y.png',
];

describe('markdown of scenario text', () => {
  for (const text of hostile) {
    it(`makes no script, frame, image or unsafe link from ${JSON.stringify(text.split('\n')[0])}`, () => {
      for (const html of [renderMarkdown(text), renderInlineMarkdown(text)]) {
        expect(html).not.toMatch(/<(script|img|iframe|svg|object|embed|style|form|input|base|meta|link)\b/i);
        expect(html).not.toMatch(/<[^>]*\son\w+=/i); // an event handler inside a real tag
        for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(https?:|mailto:)/);
      }
    });
  }

  it('keeps safe links, opened without a handle on this page', () => {
    expect(renderInlineMarkdown('[docs](https://man7.org/linux/man-pages/man8/ip.8.html) and <mailto:a@b.example>')).toBe(
      '<a href="https://man7.org/linux/man-pages/man8/ip.8.html" target="_blank" rel="noopener noreferrer nofollow">docs</a> and <a href="mailto:a@b.example" target="_blank" rel="noopener noreferrer nofollow">mailto:a@b.example</a>',
    );
  });

  it('shows raw HTML as the text it is', () => {
    expect(renderMarkdown('<b>x</b> & <i>y</i>')).toBe('<p>&lt;b&gt;x&lt;/b&gt; &amp; &lt;i&gt;y&lt;/i&gt;</p>\n');
  });
});

import { render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestEnvironment } from '../../test/setup';
import { Markdown } from './Markdown';

/** Model output that tries to run code or load something; none of it may survive as markup. */
const corpus = [
  '<script>window.__xss = 1</script>',
  'Inline <script>window.__xss = 1</script> text',
  '<img src=x onerror="window.__xss = 1">',
  '<svg onload="window.__xss = 1"><script>window.__xss = 1</script></svg>',
  '<svg><a xlink:href="javascript:window.__xss = 1"><text>x</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss = 1">',
  '<iframe srcdoc="<script>window.__xss = 1</script>"></iframe>',
  '<a href="javascript:window.__xss = 1">html link</a>',
  '<div style="background:url(javascript:window.__xss = 1)">styled</div>',
  '<form action="javascript:window.__xss = 1"><button formaction="javascript:1">go</button></form>',
  '<object data="javascript:window.__xss = 1"></object><embed src="javascript:1">',
  '<details open ontoggle="window.__xss = 1">',
  '[click](javascript:window.__xss=1)',
  '[click](  JaVaScRiPt:window.__xss=1)',
  '[click](java\tscript:window.__xss=1)',
  '[click](&#106;avascript:window.__xss=1)',
  '[click](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '![img](javascript:window.__xss=1)',
  '![img](data:image/svg+xml,<svg onload=window.__xss=1>)',
  '[ref][x]\n\n[x]: javascript:window.__xss=1',
  '<javascript:window.__xss=1>',
  '&lt;script&gt;window.__xss = 1&lt;/script&gt;',
  '&#60;img src=x onerror=window.__xss=1&#62;',
  '```html\n<script>window.__xss = 1</script>\n```',
  '`<img src=x onerror=window.__xss=1>`',
  '**unclosed <b onmouseover="window.__xss=1">bold',
  '[unclosed link](https://example.com "title" onclick="x"',
  '| a | <img src=x onerror=1> |\n|---|---|\n| <script>1</script> | b |',
  '<<script>script>window.__xss=1<</script>/script>',
  '<!-- <script>window.__xss=1</script> -->',
  '<scr<script>ipt>window.__xss=1</script>',
];

// The app's own icons (the code block's copy button) are the only SVG allowed.
const dangerousElements = 'script, iframe, object, embed, svg:not(.icon), math, style, form, img, link, meta, base, frame, frameset, input, textarea';

function dangerousAttributes(root: Element): string[] {
  const found: string[] = [];
  for (const element of root.querySelectorAll('*')) {
    for (const { name, value } of element.attributes) {
      const lower = name.toLowerCase();
      if (lower.startsWith('on') || ['style', 'srcdoc', 'formaction', 'action', 'src', 'xlink:href', 'data'].includes(lower)) found.push(`${element.tagName} ${name}`);
      if (lower === 'href' && !/^(https?:|mailto:)/i.test(value.trim())) found.push(`${element.tagName} href=${value}`);
    }
  }
  return found;
}

describe('Markdown against an XSS corpus', () => {
  useTestEnvironment();
  afterEach(() => {
    delete (window as { __xss?: number }).__xss;
  });

  for (const [index, text] of corpus.entries()) {
    it(`runs nothing and keeps no dangerous markup: #${index + 1} ${JSON.stringify(text.slice(0, 40))}`, () => {
      for (const view of [<Markdown key="done" text={text} />, <Markdown key="streaming" text={text} streaming />]) {
        const { container, unmount } = render(view);
        expect(container.querySelector(dangerousElements)).toBeNull();
        expect(dangerousAttributes(container)).toEqual([]);
        expect((window as { __xss?: number }).__xss).toBeUndefined();
        unmount();
      }
    });
  }
});

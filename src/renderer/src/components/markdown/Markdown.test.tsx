import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useTestEnvironment } from '../../test/setup';
import { Markdown } from './Markdown';
import { safeUrl } from './safe-url';

describe('Markdown', () => {
  useTestEnvironment();

  it('drops raw HTML and scripts', () => {
    const { container } = render(
      <Markdown
        text={
          '<script>window.blockScript = 1</script>\n\nHello <script>inlineText()</script>\n\n' +
          '<img src=x onerror="window.hacked = 1">\n\n<b onclick="x()">bold?</b>\n\n<iframe src="https://evil.example"></iframe>'
        }
      />,
    );
    expect(container.querySelector('script, img, iframe, b, [onerror], [onclick], [src]')).toBeNull();
    // A block of HTML disappears; inline tags go and what was between them is inert text.
    expect(container.textContent).not.toContain('blockScript');
    expect(container.textContent).not.toContain('onerror');
    expect(container.textContent).toContain('Hello inlineText()');
  });

  it('neutralises javascript:, data: and file: links and opens web links outside', () => {
    const { container } = render(
      <Markdown
        text={
          '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html,<script>1</script>) [d](file:///etc/passwd) ' +
          '[e](https://example.com/x) [f](mailto:ana@example.com) ![g](https://tracker.example/p.png)'
        }
      />,
    );
    const hrefs = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://example.com/x', 'mailto:ana@example.com', 'https://tracker.example/p.png']);
    const web = screen.getByRole('link', { name: 'e' });
    expect(web.getAttribute('target')).toBe('_blank');
    expect(web.getAttribute('rel')).toBe('noopener noreferrer');
    // Images never load: they become links.
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('a').tagName).toBe('SPAN');
  });

  it('highlights a fenced code block and gives it a copy button', () => {
    const { container } = render(<Markdown text={'```js\nconst x = 1; // one\n```'} />);
    expect(container.querySelector('pre code.hljs.language-js')).not.toBeNull();
    expect(container.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(container.querySelector('.hljs-comment')?.textContent).toBe('// one');
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeTruthy();
  });

  it('renders GitHub tables but skips highlighting while streaming', () => {
    const { container } = render(<Markdown highlight={false} text={'| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nconst x = 1;\n```'} />);
    expect(container.querySelector('table td')?.textContent).toBe('1');
    expect(container.querySelector('.hljs-keyword')).toBeNull();
  });
});

describe('safeUrl', () => {
  it('allows only http, https and mailto', () => {
    expect(safeUrl(' https://a.b ')).toBe('https://a.b');
    expect(safeUrl('http://a.b')).toBe('http://a.b');
    expect(safeUrl('mailto:x@y.z')).toBe('mailto:x@y.z');
    for (const bad of ['javascript:alert(1)', ' jAvAsCrIpT:x', 'data:text/html,x', 'file:///etc/passwd', '/relative', '#frag', 'vbscript:x']) {
      expect(safeUrl(bad)).toBe('');
    }
  });
});

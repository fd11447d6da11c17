import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useTestEnvironment } from '../../test/setup';
import { Markdown } from './Markdown';

const parsed: string[] = [];

// Counts parses (react-markdown renders) by the text each was given, the rest is the real thing.
vi.mock('react-markdown', async (importOriginal) => {
  const actual = await importOriginal<typeof import('react-markdown')>();
  const Counted = (props: Parameters<typeof actual.default>[0]) => {
    parsed.push(String(props.children));
    return actual.default(props);
  };
  return { ...actual, default: Counted };
});

describe('Markdown while streaming', () => {
  useTestEnvironment();

  it('parses a finished block once however many deltas follow; only the open block is parsed again', () => {
    const first = 'A first paragraph that is done.\n';
    let text = `${first}\n`;
    const { container, rerender } = render(<Markdown text={text} streaming />);
    for (const word of ['The', ' second', ' one', ' grows', ' word', ' by', ' word.']) {
      text += word;
      rerender(<Markdown text={text} streaming />);
    }
    expect(parsed.filter((p) => p === first)).toHaveLength(1);
    expect(parsed.filter((p) => p.startsWith('The')).length).toBe(7);
    expect(container.querySelectorAll('p')).toHaveLength(2);
    expect(container.textContent).toBe('A first paragraph that is done.The second one grows word by word.');
  });

  it('when the reply ends, parses again only the blocks with code (to highlight them)', () => {
    const paragraph = 'A paragraph of the finished reply.';
    const code = '```js\nconst x = 1;\n```';
    const text = `${paragraph}\n\n${code}\n\nThe end.`;
    const { container, rerender } = render(<Markdown text={text} streaming />);
    parsed.length = 0;
    rerender(<Markdown text={text} />);
    expect(parsed).toEqual([`${code}\n`]);
    expect(container.querySelector('code.hljs')).not.toBeNull();
    expect(container.querySelector('.is-streaming')).toBeNull();
  });

  it('keeps a long reply in groups of finished blocks: full groups are not drawn again as it grows', () => {
    let text = '';
    for (let i = 0; i < 70; i++) text += `Paragraph ${i}.\n\n`;
    const { container, rerender } = render(<Markdown text={text} streaming />);
    const groups = () => [...container.querySelectorAll('.markdown-group')];
    expect(groups().map((g) => g.children.length)).toEqual([32, 32, 6]);
    const [full] = groups();
    const firstParagraph = full?.firstElementChild;
    parsed.length = 0;
    text += 'Paragraph 70.\n\nThe open one';
    rerender(<Markdown text={text} streaming />);
    // The same elements, untouched; only the last group gained a block, and the open one is parsed.
    expect(groups()[0]).toBe(full);
    expect(groups()[0]?.firstElementChild).toBe(firstParagraph);
    expect(groups().map((g) => g.children.length)).toEqual([32, 32, 7]);
    expect(parsed).toEqual(['Paragraph 70.\n', 'The open one']);
    expect(container.querySelectorAll('p')).toHaveLength(72);
  });

  it('parses a finished text with link references whole, so the references resolve', () => {
    const { container } = render(<Markdown text={'See [the docs][1].\n\nMore text.\n\n[1]: https://example.com/docs'} />);
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://example.com/docs');
  });
});

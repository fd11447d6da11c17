import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useTestEnvironment } from '../../test/setup';
import { StreamingMarkdown } from './Markdown';

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

describe('StreamingMarkdown', () => {
  useTestEnvironment();

  it('parses a finished block once however many deltas follow; only the open block is parsed again', () => {
    const first = 'A first paragraph that is done.\n';
    let text = `${first}\n`;
    const { container, rerender } = render(<StreamingMarkdown text={text} />);
    for (const word of ['The', ' second', ' one', ' grows', ' word', ' by', ' word.']) {
      text += word;
      rerender(<StreamingMarkdown text={text} />);
    }
    expect(parsed.filter((p) => p === first)).toHaveLength(1);
    expect(parsed.filter((p) => p.startsWith('The')).length).toBe(7);
    expect(container.querySelectorAll('p')).toHaveLength(2);
    expect(container.textContent).toBe('A first paragraph that is done.The second one grows word by word.');
  });
});

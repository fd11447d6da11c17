import { describe, expect, it } from 'vitest';
import { splitStreamingBlocks } from './stream-blocks';

describe('splitStreamingBlocks', () => {
  it('keeps paragraphs that a blank line closed, and the last one open', () => {
    expect(splitStreamingBlocks('First.\n\nSecond line\nstill second\n\nThird is wri')).toEqual({
      done: ['First.\n', 'Second line\nstill second\n'],
      open: 'Third is wri',
    });
  });

  it('does not split inside a code fence, blank lines included, until it closes', () => {
    const code = '```py\ndef a():\n\n    return 1\n';
    expect(splitStreamingBlocks(`Intro\n\n${code}`)).toEqual({ done: ['Intro\n'], open: code });
    const closed = `${code}\`\`\`\n\nAfter`;
    expect(splitStreamingBlocks(closed)).toEqual({ done: [`${code}\`\`\`\n`], open: 'After' });
    // A shorter or different marker does not close a fence.
    expect(splitStreamingBlocks('````\n```\n\nstill code').done).toEqual([]);
    expect(splitStreamingBlocks('~~~\n```\n\nstill code').done).toEqual([]);
  });

  it('puts the text back together exactly, whatever arrives', () => {
    for (const text of ['', '\n\n', 'a\n\n\n\nb', 'x\n\n```\n\n', '# T\n\n- a\n- b\n\n1. c\n\n> q\n\n']) {
      const { done, open } = splitStreamingBlocks(text);
      expect([...done, open].join('').replace(/\n/g, ''), JSON.stringify(text)).toBe(text.replace(/\n/g, ''));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { splitStreamingBlocks } from './stream-blocks';

describe('splitStreamingBlocks', () => {
  it('keeps paragraphs that a blank line closed, and the last one open', () => {
    expect(splitStreamingBlocks('First.\n\nSecond line\nstill second\n\nThird is wri')).toMatchObject({
      done: ['First.\n', 'Second line\nstill second\n'],
      open: 'Third is wri',
    });
  });

  it('does not split inside a code fence, blank lines included, until it closes', () => {
    const code = '```py\ndef a():\n\n    return 1\n';
    expect(splitStreamingBlocks(`Intro\n\n${code}`)).toMatchObject({ done: ['Intro\n'], open: code });
    const closed = `${code}\`\`\`\n\nAfter`;
    expect(splitStreamingBlocks(closed)).toMatchObject({ done: [`${code}\`\`\`\n`], open: 'After' });
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

  it('goes on from the split before a delta, and gives what splitting the whole text gives', () => {
    const reply = 'Intro.\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\n- one\n- two\n\nThe end of it.\n\n';
    let split = splitStreamingBlocks('');
    // Deltas of every size, cutting blank lines and fences in two.
    for (let at = 0; at < reply.length; ) {
      at = Math.min(reply.length, at + 1 + (at % 4));
      const next = splitStreamingBlocks(reply.slice(0, at), split);
      expect(next, reply.slice(0, at)).toEqual(splitStreamingBlocks(reply.slice(0, at)));
      // Finished blocks are the same strings, so their parsed output is kept.
      split.done.forEach((block, i) => expect(next.done[i]).toBe(block));
      split = next;
    }
    // A text that is not the previous one grown (another message, an edit) is split whole.
    expect(splitStreamingBlocks('Other.\n\nText', split).done).toEqual(['Other.\n']);
  });
});

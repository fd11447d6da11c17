import { describe, expect, it } from 'vitest';
import { ReplyStream } from './reply-stream';

describe('ReplyStream', () => {
  it('sends the first token at once, then coalesces a burst into one numbered delta', async () => {
    const deltas: { seq: number; text: string; tokens: number }[] = [];
    const stream = new ReplyStream((d) => deltas.push(d), 10);
    for (const word of ['Once', ' upon', ' a', ' time']) stream.push(word, 1);
    expect(deltas).toEqual([{ seq: 1, text: 'Once', tokens: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(deltas).toEqual([
      { seq: 1, text: 'Once', tokens: 1 },
      { seq: 2, text: ' upon a time', tokens: 3 },
    ]);
    stream.push(',', 1);
    stream.flush();
    expect(deltas.at(-1)).toEqual({ seq: 3, text: ',', tokens: 1 });
    expect(stream.text).toBe('Once upon a time,');
  });

  it('sends nothing when flushed empty', () => {
    const deltas: unknown[] = [];
    const stream = new ReplyStream((d) => deltas.push(d));
    stream.flush();
    expect(deltas).toEqual([]);
  });
});

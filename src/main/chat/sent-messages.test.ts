import { describe, expect, it } from 'vitest';
import type { Message, MessageRole } from '../../shared/domain';
import { sentMessages } from './sent-messages';

function branch(...specs: string[]): Message[] {
  // "u1*": the user's first message, pinned.
  return specs.map((spec, position) => {
    const role: MessageRole = spec.startsWith('u') ? 'user' : 'assistant';
    return {
      id: spec.replace('*', ''),
      chatId: 'c',
      parentId: null,
      versionIds: [],
      position,
      role,
      content: spec,
      status: 'done',
      error: null,
      modelPath: null,
      sampling: null,
      promptTokens: null,
      completionTokens: null,
      firstTokenMs: null,
      durationMs: null,
      contextSize: null,
      evaluatedTokens: null,
      reusedTokens: null,
      pinned: spec.endsWith('*'),
      createdAt: 0,
      updatedAt: 0,
    };
  });
}

const ids = (messages: Message[]) => messages.map((m) => m.id);

describe('the messages sent to the model', () => {
  it('sends the whole branch when nothing was dropped, pinned or not', () => {
    expect(ids(sentMessages(branch('u1*', 'a1', 'u2', 'a2'), 0))).toEqual(['u1', 'a1', 'u2', 'a2']);
  });

  it('keeps pinned messages from before the cut, each with its partner, in order', () => {
    const history = branch('u1', 'a1*', 'u2', 'a2', 'u3*', 'a3', 'u4', 'a4', 'u5');
    expect(ids(sentMessages(history, 6))).toEqual(['u1', 'a1', 'u3', 'a3', 'u4', 'a4', 'u5']);
    expect(ids(sentMessages(history, 4))).toEqual(['u1', 'a1', 'u3', 'a3', 'u4', 'a4', 'u5']);
    expect(ids(sentMessages(history, 2))).toEqual(['u1', 'a1', 'u2', 'a2', 'u3', 'a3', 'u4', 'a4', 'u5']);
  });

  it('keeps a pinned message whose partner is missing alone, and nothing unpinned before the cut', () => {
    // A question whose reply was deleted, followed by another question.
    expect(ids(sentMessages(branch('u1*', 'u2', 'a2', 'u3'), 3))).toEqual(['u1', 'u3']);
    expect(ids(sentMessages(branch('u1', 'a1', 'u2', 'a2', 'u3'), 4))).toEqual(['u3']);
  });
});

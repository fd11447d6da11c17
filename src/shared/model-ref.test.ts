import { describe, expect, it } from 'vitest';
import { isRemoteModelRef, parseModelRef, remoteModelRef } from './model-ref';

describe('model references', () => {
  it('tells local paths from remote models, whose ids may hold slashes and colons', () => {
    expect(parseModelRef('/home/ana/models/qwen.gguf')).toEqual({ kind: 'local', path: '/home/ana/models/qwen.gguf' });
    expect(parseModelRef('C:\\models\\qwen.gguf')).toEqual({ kind: 'local', path: 'C:\\models\\qwen.gguf' });
    const ref = remoteModelRef('srv-1', 'openai/gpt-4.1:latest');
    expect(ref).toBe('remote:srv-1:openai/gpt-4.1:latest');
    expect(parseModelRef(ref)).toEqual({ kind: 'remote', serverId: 'srv-1', model: 'openai/gpt-4.1:latest' });
    expect(isRemoteModelRef(ref)).toBe(true);
    expect(isRemoteModelRef('/m.gguf')).toBe(false);
    expect(isRemoteModelRef(null)).toBe(false);
  });
});

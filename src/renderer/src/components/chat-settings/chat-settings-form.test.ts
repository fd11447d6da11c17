import { describe, expect, it } from 'vitest';
import { draftOf, parseChatSettings } from './chat-settings-form';

describe('chat settings form', () => {
  it('keeps only the settings that are set, so the rest follow the defaults', () => {
    const draft = draftOf({ systemPrompt: 'Sé breve.', fewShot: [{ user: 'Hola', assistant: 'Hello' }], sampling: { temperature: 0.2, seed: 7 } });
    expect(draft.sampling.temperature).toBe('0.2');
    expect(draft.sampling.topK).toBe('');
    expect(parseChatSettings({ ...draft, sampling: { ...draft.sampling, topK: '20', seed: '' } })).toEqual({
      value: { systemPrompt: 'Sé breve.', fewShot: [{ user: 'Hola', assistant: 'Hello' }], sampling: { temperature: 0.2, topK: 20 } },
    });
  });

  it('says which fields are wrong: out of range, not a whole number, an example with an empty side', () => {
    const draft = draftOf({ systemPrompt: '', fewShot: [{ user: 'x', assistant: ' ' }], sampling: {} });
    const result = parseChatSettings({ ...draft, sampling: { ...draft.sampling, temperature: '9', topK: '2.5', maxTokens: '1,5e3' } });
    expect(result).toEqual({
      errors: {
        temperature: { key: 'settings.range', min: 0, max: 5 },
        topK: { key: 'settings.rangeInteger', min: 0, max: 1000 },
        'fewShot.0': { key: 'settings.required' },
      },
    });
  });
});

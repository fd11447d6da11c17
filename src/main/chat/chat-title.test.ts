import { describe, expect, it } from 'vitest';
import { cleanTitle, TITLE_LENGTH, titleFrom } from './chat-title';

describe('chat titles', () => {
  it('takes the first line of the first message, cut to fit', () => {
    expect(titleFrom('  ¿Qué visitar en Lisboa?\nTengo tres días.')).toBe('¿Qué visitar en Lisboa?');
    const long = titleFrom('a'.repeat(100));
    expect(long).toHaveLength(TITLE_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });

  it('cleans what the model wrote into one line of title', () => {
    expect(cleanTitle('Title: "Trip to Lisbon"')).toBe('Trip to Lisbon');
    expect(cleanTitle('**Título:** «Viaje a Lisboa».')).toBe('Viaje a Lisboa');
    expect(cleanTitle('# Receta de paella\n\nEsta conversación trata…')).toBe('Receta de paella');
    expect(cleanTitle('\n\n  “Sorting   a list in Python”  \n')).toBe('Sorting a list in Python');
    expect(cleanTitle('<think>The user asks about bread.</think>\nBaking sourdough bread')).toBe('Baking sourdough bread');
    expect(cleanTitle('Chat title - `git rebase` explained')).toBe('git rebase explained');
    expect(cleanTitle('x'.repeat(80))).toHaveLength(TITLE_LENGTH);
  });

  it('gives nothing when no words are left', () => {
    expect(cleanTitle('')).toBe('');
    expect(cleanTitle('"**"')).toBe('');
    expect(cleanTitle('Title: ""')).toBe('');
    // A reasoning model stopped at the token limit before it answered.
    expect(cleanTitle('<think>Let me think about what the user')).toBe('');
  });
});

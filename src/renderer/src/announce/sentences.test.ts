import { describe, expect, it } from 'vitest';
import { completedSentences, SentenceAnnouncer } from './sentences';

describe('sentence splitter', () => {
  it('ends sentences at . ! ? … and line breaks, not inside numbers or addresses', () => {
    const text = 'Pi is 3.14 here! See example.com, please. ¿Qué tal? Bien… Then\n- a list item\nand the rest';
    expect(completedSentences(text, 0)).toEqual({
      sentences: ['Pi is 3.14 here!', 'See example.com, please.', '¿Qué tal?', 'Bien…', 'Then', 'a list item'],
      next: text.indexOf('and the rest'),
    });
  });

  it('waits for the space after a full stop: it could still be "3.1"', () => {
    expect(completedSentences('It is 3.', 0).sentences).toEqual([]);
    expect(completedSentences('It is 3.1 ', 0).sentences).toEqual([]);
  });

  it('drops Markdown marks a screen reader would spell out', () => {
    expect(completedSentences('## A **bold** `claim`.\n', 0).sentences).toEqual(['A bold claim.']);
  });
});

describe('SentenceAnnouncer', () => {
  it('turns a reply streamed as 120 fragments into one announcement per finished sentence, and the rest at the end', () => {
    const reply = 'The lamp burns oil. It gives a warm light! Does it smoke? A little, when the wick is too long';
    const fragments = Array.from({ length: 120 }, (_, i) => reply.slice(Math.floor((i * reply.length) / 120), Math.floor(((i + 1) * reply.length) / 120)));
    const announcer = new SentenceAnnouncer();
    const said: string[] = [];
    let text = '';
    for (const fragment of fragments) {
      text += fragment;
      const sentence = announcer.feed('m1', text);
      if (sentence) said.push(sentence);
    }
    expect(said).toEqual(['The lamp burns oil.', 'It gives a warm light!', 'Does it smoke?']);
    expect(announcer.finish('m1', text)).toBe('A little, when the wick is too long');
    // Forgotten once finished: a later reply with the same id starts from the beginning.
    expect(announcer.feed('m1', 'Again. ')).toBe('Again.');
  });

  it('keeps messages apart and says nothing at the end when every sentence was read', () => {
    const announcer = new SentenceAnnouncer();
    expect(announcer.feed('a', 'One. Two')).toBe('One.');
    expect(announcer.feed('b', 'Uno. ')).toBe('Uno.');
    expect(announcer.feed('a', 'One. Two. ')).toBe('Two.');
    expect(announcer.finish('a', 'One. Two. ')).toBeNull();
  });
});

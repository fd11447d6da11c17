/** Titles are shown in one line of the sidebar. */
export const TITLE_LENGTH = 60;

/** Asked as one more turn of the chat, so the model reads the conversation it already holds. */
export const TITLE_INSTRUCTION =
  'Write a title for our conversation so far: at most six words, in the language of the conversation. Answer with the title only, without quotes.';

/** A title is a few words: more would only cost time. */
export const TITLE_TOKENS = 16;

const PREFIX = /^(?:(?:chat|conversation|conversación)\s+)?(?:title|título|titulo|tema|topic)\s*[:：-]\s*/iu;
const QUOTES = /^["'«»“”‘’„`]+|["'«»“”‘’„`]+$/gu;

/** The first line of the first message, cut to fit: what a chat is called before the model names it. */
export function titleFrom(content: string): string {
  return fit(content.trim().split('\n')[0] ?? '');
}

/**
 * What the model wrote, as a title: its reasoning (`<think>…`) left out, the first line with
 * words in it, without Markdown, a "Title:" label, quotes or a final full stop. Empty when
 * nothing usable is left (then the chat keeps the first words of its first message).
 */
export function cleanTitle(text: string): string {
  const answer = text.replace(/<think>[\s\S]*?(?:<\/think>|$)/giu, '');
  const line = answer.split('\n').find((l) => /[\p{L}\p{N}]/u.test(l)) ?? '';
  let title = line
    .replace(/^\s*(?:#+|[-*+>]|\d+[.)])\s+/u, '')
    .replace(/[*_`~]+/gu, '')
    .trim();
  // A label, quotes and a full stop can wrap one another ("Title: «…».", «Title: …»): peel until nothing changes.
  for (let before = ''; before !== title; ) {
    before = title;
    title = title.replace(PREFIX, '').replace(/[.。]+$/u, '').replace(QUOTES, '').trim();
  }
  title = title.replace(/\s+/gu, ' ');
  return /[\p{L}\p{N}]/u.test(title) ? fit(title) : '';
}

function fit(line: string): string {
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line;
}

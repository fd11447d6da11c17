/**
 * Where a sentence ends in a streamed reply: . ! ? … (with closing quotes or brackets) followed by
 * white space, or a line break (list items, headings and code lines end without a full stop).
 * "3.14" and "example.com" have no space after the dot, so they are not ends.
 */
const sentenceEnd = /[.!?…]+["'”’»)\]]*(?=\s)|\n/g;

/** Markdown marks read aloud as "asterisk" or "number sign" mean nothing to a listener. */
function clean(sentence: string): string {
  return sentence
    .replace(/`{3}\w*|[*_`#>|]/g, '')
    .replace(/^\s*(?:[-+]|\d+\.)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The sentences finished in `text` after offset `from`, and the offset where the next one starts. */
export function completedSentences(text: string, from: number): { sentences: string[]; next: number } {
  const sentences: string[] = [];
  let start = from;
  sentenceEnd.lastIndex = from;
  for (let match = sentenceEnd.exec(text); match; match = sentenceEnd.exec(text)) {
    const end = match.index + match[0].length;
    const sentence = clean(text.slice(start, end));
    if (sentence) sentences.push(sentence);
    start = end;
  }
  return { sentences, next: start };
}

/** Per streamed message, what was read out so far; gives only what is new. */
export class SentenceAnnouncer {
  private readonly read = new Map<string, number>();

  /** The sentences the text finished since the last call, joined, or null when none did. */
  feed(messageId: string, text: string): string | null {
    const { sentences, next } = completedSentences(text, this.read.get(messageId) ?? 0);
    this.read.set(messageId, next);
    return sentences.length > 0 ? sentences.join(' ') : null;
  }

  /** The unfinished last sentence once the reply ends (null if there is none), and forgets the message. */
  finish(messageId: string, text: string): string | null {
    const from = this.read.get(messageId) ?? 0;
    this.read.delete(messageId);
    const { sentences, next } = completedSentences(text, from);
    const rest = clean(text.slice(next));
    const all = rest ? [...sentences, rest] : sentences;
    return all.length > 0 ? all.join(' ') : null;
  }
}

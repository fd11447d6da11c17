import { TextCoalescer } from '../streaming/text-coalescer';

/**
 * The streamed reply as main sees it: the whole text so far, and numbered deltas sent at most
 * every few milliseconds (resending the whole reply each time would grow with its length). The
 * window draws them once per frame however many arrive, so a short interval costs it nothing and
 * keeps a fast model's text moving at the model's pace.
 */
export class ReplyStream {
  private seq = 0;
  private readonly batch: TextCoalescer;
  text = '';
  tokens = 0;

  constructor(emit: (delta: { seq: number; text: string; tokens: number }) => void, intervalMs = 5) {
    this.batch = new TextCoalescer((text, tokens) => {
      this.seq += 1;
      emit({ seq: this.seq, text, tokens });
    }, intervalMs);
  }

  push(text: string, tokens: number): void {
    this.text += text;
    this.tokens += tokens;
    this.batch.push(text, tokens);
  }

  flush(): void {
    this.batch.flush();
  }
}

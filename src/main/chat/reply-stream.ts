import { TextCoalescer } from '../streaming/text-coalescer';

/**
 * The streamed reply as main sees it: the whole text so far, and numbered deltas sent about once
 * a frame (resending the whole reply each time would grow with its length).
 */
export class ReplyStream {
  private seq = 0;
  private readonly batch: TextCoalescer;
  text = '';
  tokens = 0;

  constructor(emit: (delta: { seq: number; text: string; tokens: number }) => void, intervalMs = 16) {
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

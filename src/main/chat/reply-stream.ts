/**
 * Gathers streamed tokens and hands them on about once a frame: one IPC message per token
 * would flood the renderer, and resending the whole reply each time grows with its length.
 * The first text goes out at once, so coalescing never delays the first visible token.
 */
export class ReplyStream {
  private pending = '';
  private pendingTokens = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  text = '';
  tokens = 0;

  constructor(
    private readonly emit: (delta: { seq: number; text: string; tokens: number }) => void,
    private readonly intervalMs = 16,
  ) {}

  push(text: string, tokens: number): void {
    this.text += text;
    this.tokens += tokens;
    this.pending += text;
    this.pendingTokens += tokens;
    if (this.seq === 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    this.seq += 1;
    this.emit({ seq: this.seq, text: this.pending, tokens: this.pendingTokens });
    this.pending = '';
    this.pendingTokens = 0;
  }
}

/**
 * Gathers streamed text and hands it on at most once per interval; the first piece goes out at
 * once so batching never delays the first visible token. Used twice on a reply's way: in the
 * worker (one process message per token would cost both processes CPU the decoder could use)
 * and in main (one IPC message per token would flood the renderer).
 */
export class TextCoalescer {
  private text = '';
  private tokens = 0;
  private sent = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (text: string, tokens: number) => void,
    private readonly intervalMs: number,
  ) {}

  push(text: string, tokens: number): void {
    this.text += text;
    this.tokens += tokens;
    if (!this.sent) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.text && !this.tokens) return;
    this.sent = true;
    const { text, tokens } = this;
    this.text = '';
    this.tokens = 0;
    this.send(text, tokens);
  }
}

/**
 * Decides whether a crashed worker may restart on its own: yes, unless it crashed
 * `limit` times within `windowMs` (VS Code's extension host policy). Then a person decides.
 */
export class CrashTracker {
  private crashes: number[] = [];

  constructor(
    private readonly limit = 3,
    private readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  record(): { mayRestart: boolean; recent: number; backoffMs: number } {
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c < this.windowMs);
    this.crashes.push(t);
    const recent = this.crashes.length;
    return { mayRestart: recent < this.limit, recent, backoffMs: 250 * 2 ** (recent - 1) };
  }

  get recent(): number {
    const t = this.now();
    return this.crashes.filter((c) => t - c < this.windowMs).length;
  }

  reset(): void {
    this.crashes = [];
  }
}

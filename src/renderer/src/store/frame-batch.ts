/**
 * Collects items and hands them on together at most once per animation frame: a reply can
 * stream a hundred deltas a second, and the window draws sixty frames; rendering each delta
 * would spend the time typing needs. `maxWaitMs` bounds the wait where frames are not drawn
 * (a hidden window), so announcements and state keep up there too.
 */
export interface FrameBatch<T> {
  push(item: T): void;
  /** Hands on what is waiting now (before an event that must come after it). */
  flush(): void;
}

export function frameBatch<T>(apply: (items: T[]) => void, maxWaitMs = 100): FrameBatch<T> {
  let items: T[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = null;
    timer = null;
    if (items.length === 0) return;
    const batch = items;
    items = [];
    apply(batch);
  };
  return {
    push(item) {
      items.push(item);
      frame ??= requestAnimationFrame(flush);
      timer ??= setTimeout(flush, maxWaitMs);
    },
    flush,
  };
}

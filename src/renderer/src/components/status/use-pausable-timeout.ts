import { useEffect, useRef } from 'react';

/** Calls `onDone` after `ms` of not being paused; pausing keeps the time left for later. */
export function usePausableTimeout(onDone: () => void, ms: number, paused: boolean): void {
  const remaining = useRef(ms);
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timer = setTimeout(() => done.current(), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current = Math.max(0, remaining.current - (Date.now() - started));
    };
  }, [paused]);
}

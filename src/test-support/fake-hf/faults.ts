import type { Fault, FaultAction, FaultMatcher, FaultStage, FaultTarget } from './types';

interface Entry {
  matcher: FaultMatcher;
  fault: Fault;
  remaining: number;
}

/** Faults registered by tests, consumed by the requests they match (oldest first, one per request). */
export class FaultRegistry {
  private entries: Entry[] = [];

  add(matcher: FaultMatcher, fault: Fault): void {
    this.entries.push({ matcher, fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.entries = [];
  }

  /** Returns the fault to apply to this request, if any, and uses up one of its `times`. */
  take(target: FaultTarget): FaultAction | null {
    const entry = this.entries.find((e) => e.remaining > 0 && appliesTo(e, target));
    if (!entry) return null;
    entry.remaining -= 1;
    return entry.fault;
  }
}

function appliesTo(entry: Entry, target: FaultTarget): boolean {
  const stage = entry.fault.stage ?? defaultStage(entry.fault.type);
  if (stage !== 'any' && stage !== target.stage) return false;
  const { matcher } = entry;
  if (typeof matcher === 'function') return matcher(target);
  return matcher === target.filePath || matcher === target.urlPath || matcher === `${target.repoId}/${target.filePath}`;
}

function defaultStage(type: Fault['type']): FaultStage {
  if (type === 'status') return 'any';
  if (type === 'direct') return 'resolve';
  return 'body';
}

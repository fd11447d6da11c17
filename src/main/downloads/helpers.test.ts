import { describe, expect, it } from 'vitest';
import { parseRange } from '../../test-support/fake-hf/serve-file';
import { backoffDelay } from './backoff';
import { formatBytes } from './format';
import { isStrongEtag, sha256FromEtag } from './remote-file';
import { SpeedMeter } from './speed-meter';
import { parseRetryAfter } from './retry-after';
import { parseContentRange } from './transfer';

describe('download helpers', () => {
  it('parses Content-Range', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, end: 9, total: null });
    expect(parseContentRange('bytes */1000')).toBeNull();
    expect(parseContentRange(null)).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores what is neither', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:30:30 GMT', now)).toBe(150_000);
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:29:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).toBe(0);
    for (const junk of [null, '', '-5', '1.5', 'soon', '1e3', '9'.repeat(400)]) expect(parseRetryAfter(junk, now)).toBeNull();
  });

  it('reads a SHA-256 out of an X-Linked-Etag and tells strong from weak ETags', () => {
    const sha = 'ab'.repeat(32);
    expect(sha256FromEtag(`"${sha}"`)).toBe(sha);
    expect(sha256FromEtag(`W/"${sha.toUpperCase()}"`)).toBe(sha);
    expect(sha256FromEtag('"0123abcd"')).toBeNull();
    expect(isStrongEtag('"x"')).toBe(true);
    expect(isStrongEtag('W/"x"')).toBe(false);
    expect(isStrongEtag(null)).toBe(false);
  });

  it('backs off exponentially up to a cap, with bounded jitter', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 100, 500, () => 0))).toEqual([100, 200, 400, 500]);
    expect(backoffDelay(1, 100, 500, () => 1)).toBe(120);
  });

  it('measures speed over a sliding window and derives an ETA', () => {
    let now = 0;
    const meter = new SpeedMeter(1_000, () => now);
    expect(meter.bytesPerSecond()).toBe(0);
    for (let t = 0; t <= 2_000; t += 100) {
      now = t;
      meter.sample(t * 1_000);
    }
    expect(meter.bytesPerSecond()).toBeCloseTo(1_000_000, -3);
    expect(meter.etaSeconds(2_000_000, 5_000_000)).toBe(3);
    expect(meter.etaSeconds(2_000_000, null)).toBeNull();
  });

  it('formats sizes for messages', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3_145_728)).toBe('3.1 MB');
    expect(formatBytes(4_200_000_000)).toBe('4.2 GB');
  });

  it('parses Range headers the way the fake CDN serves them', () => {
    expect(parseRange('bytes=10-', 100)).toEqual({ start: 10, end: 99 });
    expect(parseRange('bytes=10-2000', 100)).toEqual({ start: 10, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange(undefined, 100)).toBeNull();
  });
});

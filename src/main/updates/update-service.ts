import type { UpdateStatus } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { fetchLatestRelease, type HttpGet } from './release-feed';
import { isNewerVersion } from './version-order';

export interface UpdateServiceOptions {
  http: HttpGet;
  /** GitHub's latest-release address for Candil's repository (see release-feed.ts). */
  url: string;
  currentVersion: string;
  /** The user's setting, read at each check: nothing is asked while it is off. */
  enabled: () => boolean;
  onChange: (status: UpdateStatus) => void;
  timeoutMs?: number;
}

/** Whether a newer Candil exists, asked only when the user allowed it. Nothing is downloaded. */
export class UpdateService {
  private current: UpdateStatus;
  private startCheck: Promise<void> | null = null;

  constructor(private readonly o: UpdateServiceOptions) {
    this.current = { current: o.currentVersion, available: null, checkedAt: null };
  }

  status(): UpdateStatus {
    return structuredClone(this.current);
  }

  /** The user's "Check now": fails with the reason, so Settings can say why it could not tell. */
  async check(): Promise<UpdateStatus> {
    if (!this.o.enabled()) throw new AppError('BAD_REQUEST', 'Update checks are off; turn them on in Settings first.', { reason: 'updatesOff' });
    const latest = await fetchLatestRelease(this.o.http, this.o.url, this.o.timeoutMs ?? 10_000);
    this.current = {
      current: this.o.currentVersion,
      available: isNewerVersion(latest.version, this.o.currentVersion) ? latest : null,
      checkedAt: Date.now(),
    };
    this.o.onChange(this.status());
    return this.status();
  }

  /**
   * The check each start makes while the setting is on: at most one per run, and a failure only
   * goes to the log — nobody asked just then, so nobody is interrupted.
   */
  checkOncePerStart(): Promise<void> {
    if (!this.o.enabled()) return Promise.resolve();
    this.startCheck ??= this.check().then(
      () => undefined,
      (error: unknown) => console.warn(`[candil] update check failed: ${(error as Error).message}`),
    );
    return this.startCheck;
  }
}

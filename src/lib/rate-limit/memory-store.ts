import type { RateLimitStore, WindowCount } from './store';

export interface MemoryStoreOptions {
  /** Most keys kept at once; beyond it expired keys are swept, then the oldest dropped. */
  maxKeys?: number;
  /** How often expired windows are swept. */
  sweepIntervalMs?: number;
  now?: () => number;
}

/**
 * Counters in this process (the default without REDIS_URL). Each instance counts on its own, so
 * with several instances the effective limit is the per-instance limit times the instance count.
 * Bounded: at most `maxKeys` entries, expired ones swept periodically and whenever it is full.
 */
export class MemoryStore implements RateLimitStore {
  readonly kind = 'memory' as const;
  private readonly windows = new Map<string, { count: number; expiresAt: number }>();
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 60_000);
    this.timer.unref();
  }

  get size(): number {
    return this.windows.size;
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    let entry = this.windows.get(key);
    if (!entry || entry.expiresAt <= now) {
      if (entry) this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.makeRoom(now);
      entry = { count: 0, expiresAt: now + windowMs };
      this.windows.set(key, entry);
    }
    entry.count += 1;
    return { count: entry.count, resetInMs: entry.expiresAt - now };
  }

  sweep(now = this.now()): void {
    for (const [key, entry] of this.windows) if (entry.expiresAt <= now) this.windows.delete(key);
  }

  private makeRoom(now: number): void {
    this.sweep(now);
    // Still full: drop the oldest windows (a Map iterates in insertion order). Dropping a counter
    // only ever lets its key through early; it never blocks anyone.
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.windows.clear();
  }
}

import { logger } from '../logger';
import type { RateLimitStore } from './store';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (for Retry-After); 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateLimitRule {
  /** Hits allowed per window. */
  limit: number;
  windowMs: number;
}

/**
 * Fixed-window limiter: at most `limit` hits per key per window. Simple, one counter per key and
 * window (one Redis round trip); a client can reach up to twice the limit across a window boundary,
 * which is acceptable for abuse protection (not for billing).
 *
 * A store failure lets the request through (fail open): rate limiting protects capacity, and
 * refusing every request while Redis is down would turn a cache outage into a full API outage.
 * The failure is logged by the store; the store bounds how long it may take.
 */
export class FixedWindowLimiter {
  constructor(readonly store: RateLimitStore) {}

  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    try {
      const { count, resetInMs } = await this.store.hit(key, rule.windowMs);
      const allowed = count <= rule.limit;
      return {
        allowed,
        limit: rule.limit,
        remaining: Math.max(0, rule.limit - count),
        retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(resetInMs / 1000)),
      };
    } catch (error) {
      logger.warn({ err: error, store: this.store.kind }, 'rate limit store failed: request allowed');
      return { allowed: true, limit: rule.limit, remaining: rule.limit, retryAfterSeconds: 0 };
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

import { FixedWindowLimiter } from './limiter';
import { MemoryStore } from './memory-store';
import { RedisStore } from './redis-store';

export { FixedWindowLimiter, type RateLimitDecision, type RateLimitRule } from './limiter';
export { MemoryStore } from './memory-store';
export { RedisStore } from './redis-store';
export type { RateLimitStore, WindowCount } from './store';

/** Redis when a URL is given (counters shared by every instance), else this process's memory. */
export function createLimiter(options: { redisUrl?: string; keyPrefix?: string; timeoutMs: number }): FixedWindowLimiter {
  const store = options.redisUrl
    ? new RedisStore({ url: options.redisUrl, keyPrefix: options.keyPrefix, timeoutMs: options.timeoutMs })
    : new MemoryStore();
  return new FixedWindowLimiter(store);
}

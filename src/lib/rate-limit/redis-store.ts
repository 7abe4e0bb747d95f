import { Redis } from 'ioredis';
import { logger } from '../logger';
import type { RateLimitStore, WindowCount } from './store';
import { withTimeout } from '../timeout';

/**
 * INCR and PEXPIRE in one atomic step: the first hit of a window sets its expiry, and a key that
 * somehow lost its expiry gets one again (so a counter can never stick forever).
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }
`;

type ScriptedRedis = Redis & { rateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

export interface RedisStoreOptions {
  url: string;
  /** Prefix of every key, e.g. `rl:`. */
  keyPrefix?: string;
  /** Bound on connecting and on each command; past it the hit rejects (and the limiter fails open). */
  timeoutMs: number;
}

/** Counters in Redis, shared by every instance of the API. */
export class RedisStore implements RateLimitStore {
  readonly kind = 'redis' as const;
  private readonly redis: ScriptedRedis;
  private readonly timeoutMs: number;
  private down = false;

  constructor(options: RedisStoreOptions) {
    this.timeoutMs = options.timeoutMs;
    this.redis = new Redis(options.url, {
      keyPrefix: options.keyPrefix ?? 'rl:',
      connectTimeout: options.timeoutMs,
      commandTimeout: options.timeoutMs,
      // Bounds how long a closed client may keep a dead socket's timer (and the process) alive.
      disconnectTimeout: options.timeoutMs,
      // Fail queued commands after one reconnection attempt instead of holding them for 20.
      maxRetriesPerRequest: 1,
      // Keep trying to reconnect in the background, at most every 2 s.
      retryStrategy: (times) => Math.min(times * 200, 2_000),
      lazyConnect: false,
    }) as ScriptedRedis;
    this.redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    // Without a listener ioredis prints every connection error; log state changes once instead.
    this.redis.on('error', (error: Error) => {
      if (this.down) return;
      this.down = true;
      logger.error({ err: error }, 'rate limit: Redis unavailable, letting requests through (fail open)');
    });
    this.redis.on('ready', () => {
      if (this.down) logger.info('rate limit: Redis reachable again');
      this.down = false;
    });
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    // commandTimeout bounds a sent command; this also bounds time spent in the offline queue.
    const [count, ttl] = await withTimeout(
      this.redis.rateLimitHit(key, windowMs),
      this.timeoutMs,
      `Redis did not answer within ${this.timeoutMs} ms`,
    );
    return { count: Number(count), resetInMs: Math.max(0, Number(ttl)) };
  }

  async close(): Promise<void> {
    // QUIT only on a live connection; otherwise it would wait in the offline queue.
    if (this.redis.status === 'ready') {
      await withTimeout(this.redis.quit(), this.timeoutMs, 'Redis QUIT timed out').catch(() => undefined);
    }
    this.redis.disconnect();
  }
}

/** One fixed-window counter: how many hits the key has in the current window, and when it ends. */
export interface WindowCount {
  count: number;
  /** Milliseconds until the window (and the count) expires. */
  resetInMs: number;
}

/**
 * Where counters live. `hit` adds one to the key's counter, starting a window of `windowMs` when
 * the key has none, and returns the new count. It may reject (e.g. Redis down): the limiter then
 * lets the request through.
 */
export interface RateLimitStore {
  readonly kind: 'memory' | 'redis';
  hit(key: string, windowMs: number): Promise<WindowCount>;
  close(): Promise<void>;
}

import type { IncomingMessage } from 'node:http';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer';
import type { FixedWindowLimiter } from '../rate-limit';

export interface RateLimitSettings {
  limiter: FixedWindowLimiter;
  perMinuteUser: number;
  perMinuteIp: number;
  trustProxy: boolean;
  windowMs?: number;
}

/** Used when no socket is known: in-process calls (yoga.fetch in tests) share one counter. */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * The caller's address. Behind a trusted proxy (TRUST_PROXY=true), the last x-forwarded-for
 * entry: the one that proxy appended; earlier entries are whatever the client claimed. Otherwise
 * the socket's peer address, which a client cannot fake.
 */
export function clientAddress(request: Request, serverContext: unknown, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for');
    const last = forwarded?.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last) return last;
  }
  const req = (serverContext as { req?: IncomingMessage } | undefined)?.req;
  return req?.socket?.remoteAddress ?? UNKNOWN_ADDRESS;
}

/**
 * Counts one GraphQL operation against the signed-in user (RATE_LIMIT_PER_MINUTE_USER) or, for
 * anonymous callers, their address (RATE_LIMIT_PER_MINUTE_IP). Over the limit: HTTP 429 with
 * Retry-After and the GraphQL error code RATE_LIMITED.
 */
export async function enforceRateLimit(
  settings: RateLimitSettings,
  viewer: Viewer | null,
  request: Request,
  serverContext: unknown,
): Promise<void> {
  const key = viewer
    ? `user:${viewer.userId}`
    : `ip:${clientAddress(request, serverContext, settings.trustProxy)}`;
  const limit = viewer ? settings.perMinuteUser : settings.perMinuteIp;
  const decision = await settings.limiter.consume(key, { limit, windowMs: settings.windowMs ?? 60_000 });
  if (decision.allowed) return;
  throw createGraphQLError(`Too many requests: try again in ${decision.retryAfterSeconds} s.`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds: decision.retryAfterSeconds,
      http: { status: 429, headers: { 'Retry-After': String(decision.retryAfterSeconds) } },
    },
  });
}

/** Closes the limiter's store (the Redis connection) when the yoga instance is disposed. */
export function disposeLimiterPlugin(limiter: FixedWindowLimiter): Plugin {
  return { onDispose: () => limiter.close() };
}

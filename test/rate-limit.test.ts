import { afterAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { Viewer } from '../src/lib/auth/viewer';
import { FixedWindowLimiter, MemoryStore, RedisStore } from '../src/lib/rate-limit';
import { createApp, type App, type RateLimitOptions } from '../src/yoga';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN = `rl-test:${process.pid}:${Date.now().toString(36)}:`;

type Body = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** Viewers picked per request by an x-test-user header, so one app (one store) serves several users. */
const resolveViewer = async (request: Request): Promise<Viewer | null> => {
  const userId = request.headers.get('x-test-user');
  return userId ? { userId, organizationId: null, role: null } : null;
};

const apps: App[] = [];
function appWith(rateLimit: RateLimitOptions) {
  const app = createApp({ resolveViewer, graphiql: false, rateLimit });
  apps.push(app);
  return (user?: string) =>
    app.fetch(new URL('/graphql', 'http://localhost'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(user ? { 'x-test-user': user } : {}) },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
}

afterAll(async () => {
  await Promise.all(apps.map((app) => app.dispose()));
});

async function expectLimited(response: Response) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const body = (await response.json()) as Body;
  expect(body.data).toBeUndefined();
  expect(body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
}

describe('rate limiting, in-memory store', () => {
  it('answers the 4th request in a minute with 429 and Retry-After; another user is unaffected', async () => {
    const send = appWith({ redisUrl: null, perMinuteIp: 3, perMinuteUser: 3 });
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(200);
    await expectLimited(await send());
    // Signed-in users are counted by user id, not by the (shared) address.
    for (let i = 0; i < 3; i++) expect((await send('user-a')).status).toBe(200);
    await expectLimited(await send('user-a'));
    expect((await send('user-b')).status).toBe(200);
  });

  it('counts a real HTTP client by its socket address, and by x-forwarded-for only behind a trusted proxy', async () => {
    const serve = async (trustProxy: boolean) => {
      const app = createApp({ resolveViewer, graphiql: false, rateLimit: { redisUrl: null, perMinuteIp: 2, trustProxy } });
      apps.push(app);
      const server = createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      const send = (forwardedFor: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
      return { server, send };
    };
    const close = (server: Server) => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    };

    const direct = await serve(false);
    try {
      expect((await direct.send('10.0.0.1')).status).toBe(200);
      expect((await direct.send('10.0.0.2')).status).toBe(200);
      // A made-up x-forwarded-for does not buy a fresh counter.
      await expectLimited(await direct.send('10.0.0.3'));
    } finally {
      await close(direct.server);
    }

    const proxied = await serve(true);
    try {
      expect((await proxied.send('203.0.113.9, 10.0.0.1')).status).toBe(200);
      expect((await proxied.send('10.0.0.1')).status).toBe(200);
      await expectLimited(await proxied.send('198.51.100.7, 10.0.0.1'));
      expect((await proxied.send('10.0.0.2')).status).toBe(200);
    } finally {
      await close(proxied.server);
    }
  });

  it('keeps the memory store bounded and sweeps expired windows', async () => {
    let now = 1_000;
    const store = new MemoryStore({ maxKeys: 3, now: () => now });
    try {
      for (const key of ['a', 'b', 'c', 'd']) await store.hit(key, 1_000);
      expect(store.size).toBe(3);
      expect((await store.hit('d', 1_000)).count).toBe(2);
      now += 1_001;
      store.sweep();
      expect(store.size).toBe(0);
      expect(await store.hit('d', 1_000)).toEqual({ count: 1, resetInMs: 1_000 });
    } finally {
      await store.close();
    }
  });
});

describe('rate limiting, Redis store', () => {
  it(`reaches Redis at ${REDIS_URL}`, async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      const pong = await Promise.race([
        redis.connect().then(() => redis.ping()),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 3_000).unref()),
      ]).catch((error: Error) => {
        throw new Error(`Redis is not reachable at ${REDIS_URL} (${error.message}): the Redis rate-limit tests need it (set TEST_REDIS_URL)`);
      });
      expect(pong).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });

  it('shares one counter between instances, with an expiring key, and answers 429 past the limit', async () => {
    const keyPrefix = `${RUN}shared:`;
    const first = appWith({ redisUrl: REDIS_URL, keyPrefix, perMinuteUser: 3, timeoutMs: 2_000 });
    const second = appWith({ redisUrl: REDIS_URL, keyPrefix, perMinuteUser: 3, timeoutMs: 2_000 });
    expect((await first('user-r')).status).toBe(200);
    expect((await second('user-r')).status).toBe(200);
    expect((await first('user-r')).status).toBe(200);
    await expectLimited(await second('user-r'));
    expect((await first('user-s')).status).toBe(200);

    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      expect(await redis.get(`${keyPrefix}user:user-r`)).toBe('4');
      const ttl = await redis.pttl(`${keyPrefix}user:user-r`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      await redis.del(`${keyPrefix}user:user-r`, `${keyPrefix}user:user-s`);
    } finally {
      redis.disconnect();
    }
  });

  it('fails open, quickly, when Redis is unreachable', async () => {
    const send = appWith({ redisUrl: 'redis://127.0.0.1:1', perMinuteIp: 1, perMinuteUser: 1, timeoutMs: 200 });
    const started = Date.now();
    for (let i = 0; i < 3; i++) expect((await send('user-x')).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('a limiter whose store throws lets the request through', async () => {
    const store = new RedisStore({ url: 'redis://127.0.0.1:1', timeoutMs: 100, keyPrefix: RUN });
    const limiter = new FixedWindowLimiter(store);
    try {
      expect(await limiter.consume('k', { limit: 1, windowMs: 60_000 })).toMatchObject({ allowed: true });
    } finally {
      await limiter.close();
    }
  });
});

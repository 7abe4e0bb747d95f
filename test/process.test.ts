import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { parseEnv } from '../src/lib/env';
import { spawnServer, startServerProcess } from './support/server-process';

function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('process did not exit in time'));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('configuration', () => {
  it('names every missing or malformed setting', () => {
    expect(() => parseEnv({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/,
    );
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgresql/);
  });

  it('applies defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 4000, DATABASE_POOL_MAX: 10, GRAPHIQL: true, DATABASE_APPLICATION_NAME: 'influencer-api' });
    expect(() => parseEnv({ DATABASE_APPLICATION_NAME: "api'; DROP" })).toThrow(/DATABASE_APPLICATION_NAME/);
    // The Clerk secret key goes with every Backend API call: no plain HTTP off this machine in production.
    const production = { NODE_ENV: 'production', SURVEY_TOKEN_SECRET: 's'.repeat(32), SURVEY_BASE_URL: 'https://survey.example.com/s' };
    expect(() => parseEnv({ ...production, CLERK_API_URL: 'http://clerk-proxy.internal' })).toThrow(/CLERK_API_URL/);
    expect(parseEnv({ ...production, CLERK_API_URL: 'http://127.0.0.1:8080' }).CLERK_API_URL).toBe('http://127.0.0.1:8080');
    expect(parseEnv({ ...production, CLERK_API_URL: 'https://clerk-proxy.internal' }).CLERK_API_URL).toBe('https://clerk-proxy.internal');
    expect(parseEnv({ NODE_ENV: 'production', SURVEY_TOKEN_SECRET: 's'.repeat(32), SURVEY_BASE_URL: 'https://survey.example.com/s' }).GRAPHIQL).toBe(false);
  });

  it('stops the process at start with a message naming the bad setting', async () => {
    const server = spawnServer({ DATABASE_URL: process.env.TEST_DATABASE_URL!, PORT: 'not-a-port' });
    expect(await exitOf(server.child, 20_000)).toBe(1);
    expect(server.output()).toMatch(/PORT/);
  });
});

describe('process lifecycle', () => {
  it('serves, then shuts down cleanly on SIGTERM', async () => {
    const server = await startServerProcess({ DATABASE_URL: process.env.TEST_DATABASE_URL! });
    try {
      const port = new URL(server.base).port;
      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(ready.status).toBe(200);
      server.child.kill('SIGTERM');
      expect(await exitOf(server.child, 15_000)).toBe(0);
      expect(server.output()).toMatch(/shutting down/);
      expect(server.output()).toMatch(/"msg":"stopped"/);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('lets a request that is in flight at SIGTERM finish before exiting', async () => {
    const server = await startServerProcess({ DATABASE_URL: process.env.TEST_DATABASE_URL! });
    try {
      const port = Number(new URL(server.base).port);
      const body = JSON.stringify({
        query: '{ marketplaceInfluencers(first: 1) { ... on MarketplaceInfluencerConnection { totalCount } } }',
      });
      const socket = connect(port, '127.0.0.1');
      let response = '';
      socket.on('data', (d) => (response += d.toString()));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      // Headers and half the body now, SIGTERM, then the rest of the body.
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
      );
      // Give the server time to parse the headers: the request must be in flight, not an idle socket.
      await new Promise((r) => setTimeout(r, 1000));
      server.child.kill('SIGTERM');
      await waitFor(() => /shutting down/.test(server.output()), 5_000);
      socket.write(body.slice(10));
      const exit = exitOf(server.child, 15_000);
      await waitFor(() => response.includes('"totalCount":'), 10_000);
      expect(response).toMatch(/^HTTP\/1\.1 200/);
      expect(response).not.toContain('"errors"');
      expect(await exit).toBe(0);
      socket.destroy();
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('exits cleanly at SIGTERM right after clients hang up on requests still working in the database', async () => {
    // A name of its own: the other test workers' pools on this database are named influencer-api.
    const name = `process-test-${process.pid}-${Date.now().toString(36)}`;
    const server = await startServerProcess({ DATABASE_URL: process.env.TEST_DATABASE_URL!, DATABASE_POOL_MAX: '4', DATABASE_APPLICATION_NAME: name });
    try {
      const port = Number(new URL(server.base).port);
      // Requests whose queries wait on a lock held here, so they are still inside their database
      // transactions when the clients hang up and SIGTERM comes; the lock goes a moment later.
      const query = '{ marketplaceInfluencers(search: "fitness", first: 5) { ... on MarketplaceInfluencerConnection { totalCount } } }';
      const post = (signal?: AbortSignal) =>
        fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
          signal,
        });
      // Four connections opened first (a new backend's start reads catalogs the lock would hold up).
      for (const response of await Promise.all(Array.from({ length: 4 }, () => post()))) expect(response.status).toBe(200);
      const locker = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL! });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE "MarketplaceInfluencer" IN ACCESS EXCLUSIVE MODE');
      const abort = new AbortController();
      const requests = Array.from({ length: 8 }, () => post(abort.signal).catch(() => undefined));
      try {
        const blocked = async () =>
          (await locker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [name])).rows[0].n as number;
        const deadline = Date.now() + 10_000;
        while ((await blocked()) < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(await blocked()).toBe(4); // every pooled connection is inside a transaction
        abort.abort();
        await Promise.all(requests);
        server.child.kill('SIGTERM');
        await waitFor(() => /shutting down/.test(server.output()), 5_000);
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
      }
      expect(await exitOf(server.child, 20_000)).toBe(0);
      expect(server.output()).not.toMatch(/Cannot use a pool after calling end|Transaction not found/);
      // No transaction of the server's is left open in the database.
      const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL! });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
          [name],
        );
        expect(rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});

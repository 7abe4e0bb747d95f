import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { createDb, setDb } from './lib/db/client';
import { createReadReplica, setReadReplica } from './lib/db/replica';
import type { EmbeddedDatabase } from './lib/db/embedded';
import { ensureDatabase, migrateDeploy } from './lib/db/migrate';
import { ConfigError, env } from './lib/env';
import { logger } from './lib/logger';
import { serviceName, startTelemetry } from './lib/telemetry';
import { withTimeout } from './lib/timeout';

async function main() {
  const settings = env();
  // Traces when an OTLP endpoint is configured (src/lib/telemetry.ts); without one nothing is loaded.
  const telemetry = await startTelemetry(settings, {
    warn: (message) => logger.warn({ component: 'opentelemetry' }, message),
  });
  if (telemetry) {
    logger.info({ endpoint: telemetry.endpoint, serviceName: serviceName(settings), sampler: settings.OTEL_TRACES_SAMPLER },
      'tracing on: spans are exported over OTLP/HTTP');
  }
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = settings.DATABASE_URL;
  if (!databaseUrl) {
    const { startEmbeddedPostgres } = await import('./lib/db/embedded');
    embedded = await startEmbeddedPostgres({
      dataDir: settings.EMBEDDED_PG_DIR,
      port: settings.EMBEDDED_PG_PORT,
      log: (line) => logger.info(line),
    });
    databaseUrl = embedded.urlFor('influencer');
    logger.info({ dataDir: settings.EMBEDDED_PG_DIR, port: settings.EMBEDDED_PG_PORT },
      'DATABASE_URL is not set: using the embedded PostgreSQL');
    if (await ensureDatabase(databaseUrl)) logger.info('created database "influencer" on the embedded PostgreSQL');
    await migrateDeploy(databaseUrl);
    logger.info('embedded database migrated');
  }

  const handle = createDb(databaseUrl);
  setDb(handle);
  // Query operations read from the replica when one is configured (src/lib/db/replica.ts).
  const replica = settings.DATABASE_REPLICA_URL
    ? createReadReplica(createDb(settings.DATABASE_REPLICA_URL), {
        primary: () => handle.prisma,
        maxLagMs: settings.DATABASE_REPLICA_MAX_LAG_MS,
      })
    : undefined;
  if (replica) {
    setReadReplica(replica);
    logger.info({ maxLagMs: settings.DATABASE_REPLICA_MAX_LAG_MS ?? null }, 'query operations read from the replica (DATABASE_REPLICA_URL)');
  }
  const retention = await scheduleRetention(settings.RETENTION_INTERVAL_HOURS, handle.role);
  const identityDeletions = await scheduleIdentityDeletions(settings.IDENTITY_DELETION_INTERVAL_MINUTES);

  // The marker is written only after the seed completed, so a first start interrupted mid-seed
  // seeds again next time (the seed is idempotent), while data a developer later deletes stays gone.
  const seededMarker = `${path.resolve(settings.EMBEDDED_PG_DIR)}.seeded`;
  if (embedded && settings.SEED_ON_FIRST_START && !existsSync(seededMarker)) {
    logger.info('first start: seeding demo data (scale dev)');
    const { seed } = await import('../prisma/seed');
    await seed({ databaseUrl, scale: 'dev', log: (line) => logger.info(line) });
    writeFileSync(seededMarker, `${new Date().toISOString()}\n`);
    logger.info('demo data seeded');
  }

  // Imported after the database is set so module-level code never races it.
  const { createApp } = await import('./yoga');
  const app = createApp();
  // Requests still being worked on. A client that hangs up does not stop its request's resolvers
  // (and their database work), so shutdown waits for these, not only for the sockets to close.
  let inFlight = 0;
  const server = createServer((request, response) => {
    inFlight += 1;
    void Promise.resolve(app(request, response)).finally(() => {
      inFlight -= 1;
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve) => server.listen(settings.PORT, settings.HOST, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.PORT;
  logger.info({ port }, `API ready at http://localhost:${port}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => {
      logger.warn('grace period over: closing remaining connections');
      for (const socket of sockets) socket.destroy();
    }, settings.SHUTDOWN_GRACE_MS);
    grace.unref();
    await closed;
    if (retention) clearInterval(retention);
    if (identityDeletions) clearInterval(identityDeletions);
    // Closing the pool under a running transaction would leave that transaction's connection
    // checked out and pool.end() waiting for it forever: wait (bounded) until requests and the
    // pools are idle, then close each pool with a deadline. Exiting ends any connection left.
    const deadline = Date.now() + settings.SHUTDOWN_GRACE_MS;
    const pools = [handle.pool, ...(replica ? [replica.handle.pool] : [])];
    const busy = () => inFlight > 0 || pools.some((p) => p.totalCount > p.idleCount || p.waitingCount > 0);
    while (busy() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (busy()) logger.warn({ inFlight }, 'requests still running at the end of the grace period: closing the database anyway');
    const closeWithin = (what: string, close: () => Promise<unknown>) =>
      withTimeout(close(), 5_000, 'did not close within 5 s: exiting anyway').catch((err: unknown) =>
        logger.warn({ err, what }, 'closing failed'),
      );
    if (replica) await closeWithin('read replica', () => replica.close());
    await closeWithin('database', () => handle.close());
    // Exports the spans still buffered; a collector that does not answer cannot hold up the exit.
    if (telemetry) await closeWithin('trace exporter (the last spans)', () => telemetry.shutdown());
    if (embedded) await embedded.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * The retention job on a timer. It deletes old audit entries, which the runtime role may not do
 * (the audit log is append-only for it), so with DATABASE_RUNTIME_ROLE set it stays a separate
 * job (`npm run jobs:retention` as the login role). Concurrent runs skip (advisory lock).
 */
async function scheduleRetention(hours: number, runtimeRole: string | null) {
  if (hours === 0) return undefined;
  if (runtimeRole) {
    logger.warn('RETENTION_INTERVAL_HOURS ignored with DATABASE_RUNTIME_ROLE: run `npm run jobs:retention` as the login role');
    return undefined;
  }
  const { runRetention } = await import('./modules/privacy/retention.service');
  const timer = setInterval(() => {
    runRetention().then(
      (report) => logger.info({ report }, 'retention run'),
      (err: unknown) => logger.error({ err }, 'retention run failed'),
    );
  }, hours * 3_600_000);
  timer.unref();
  logger.info({ hours }, 'retention job scheduled');
  return timer;
}

/**
 * Retries, on a timer, the deletions at Clerk that did not go through right after an erasure
 * (src/modules/privacy/identity-deletion.ts). Off without CLERK_SECRET_KEY: nothing to delete there.
 */
async function scheduleIdentityDeletions(minutes: number) {
  const { defaultDeleter, deletePendingIdentities } = await import('./modules/privacy/identity-deletion');
  const deleter = defaultDeleter();
  if (!deleter) {
    if (env().NODE_ENV === 'production') {
      logger.warn('no CLERK_SECRET_KEY: erasures cannot delete the accounts at Clerk (README, Privacy)');
    }
    return undefined;
  }
  if (minutes === 0) return undefined;
  let running = false; // one run at a time (a slow Clerk must not stack runs up)
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deletePendingIdentities(deleter)
      .then(
        (report) => (report.deleted || report.failed ? logger.info({ report }, 'identity deletions at Clerk') : undefined),
        (err: unknown) => logger.error({ err }, 'identity deletion run failed'),
      )
      .finally(() => (running = false));
  }, minutes * 60_000);
  timer.unref();
  logger.info({ minutes }, 'identity deletions at Clerk scheduled');
  return timer;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    logger.fatal({ err: error }, 'failed to start');
  }
  process.exit(1);
});

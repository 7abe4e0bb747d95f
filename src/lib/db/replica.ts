import { AsyncLocalStorage } from 'node:async_hooks';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { logger } from '../logger';
import pg from 'pg';
import { connectionConfigOf, dbConnectionConfig, type Db, type DbHandle } from './client';
import { lazyPromise } from './lazy';
import { inCallersScope } from './tenant-scope';
import { briefCause, isConnectionFailure, isDatabaseUnavailable, isPoolCheckoutTimeout } from './unavailable';

/**
 * Read-replica routing (README: "Scaling out"). With DATABASE_REPLICA_URL set, the execution of a
 * GraphQL *query* operation reads from a streaming replica; everything else uses the primary:
 *
 * - mutations (the whole operation, so a mutation's payload reads its own write),
 * - anything outside a query's execution: the session lookup and lazy creation of users,
 *   organizations and memberships (context factory), webhooks, the survey route, jobs, scripts,
 * - inside a query: interactive transactions and model writes (the routed client sends
 *   `$transaction`, `$executeRaw*` and create/update/upsert/delete to the primary),
 * - a query operation whose request already wrote to the primary before execution (a first sign-in
 *   that created the viewer's rows): the replica may not have replayed them yet.
 *
 * A replica read that fails because the replica cannot serve it (unreachable, shutting down,
 * recovery conflict, read-only refusal, its pool saturated) is rerun on the primary and logged;
 * after a connection failure (not mere saturation) the replica is skipped for `retryAfterMs`. A
 * probe on connections of its own checks every second that the replica is still a standby (a
 * promoted one is not used); with `maxLagMs` it also measures the lag against the primary's
 * current WAL position, and reads go to the primary while it is larger (or unknown).
 *
 * The replica client is made by createDb like the primary (same pool size, timeouts, runtime
 * role, TLS) and is wrapped in the same tenant scope (withTenantScope): row-level security holds on the replica
 * too, and the transaction-local set_config calls work on a hot standby.
 */
export interface ReadReplicaOptions {
  /** The primary client reads fall back to (not routed: its writes and reads go to the primary). */
  primary: () => Db;
  /** Use the replica only while its replay lag is at most this (milliseconds). Unset: no lag check. */
  maxLagMs?: number;
  /** After a connection failure, how long reads skip the replica (milliseconds). */
  retryAfterMs?: number;
  /** How often the probe runs (milliseconds). */
  lagProbeIntervalMs?: number;
  /**
   * Connection settings for the probe's own connection to the primary (it reads the primary's
   * WAL position). Default: those of the process-wide pool (dbConnectionConfig in client.ts).
   */
  primaryConnection?: () => pg.ClientConfig;
}

export interface ReadReplica {
  handle: DbHandle;
  /** The client db() returns while a query operation runs and the replica is usable. */
  client: Db;
  /** Whether reads would go to the replica now (not marked down, lag within bounds). */
  available(): boolean;
  /** The last measured replay lag in milliseconds (null: not measured, or unknown). */
  lagMs(): number | null;
  /** Stops the lag probe and closes the replica's pool. */
  close(): Promise<void>;
}

interface RouteScope {
  replica: boolean;
}

const routing = new AsyncLocalStorage<RouteScope>();
/** Per request: did resolving the viewer write to the primary (lazy creation)? */
const writeTracking = new AsyncLocalStorage<{ wrote: boolean }>();
const wroteBeforeExecution = new WeakMap<object, boolean>();

let current: ReadReplica | undefined;

/** Installs the process-wide replica (null: none). Returns the one it replaces. */
export function setReadReplica(replica: ReadReplica | null): ReadReplica | undefined {
  const previous = current;
  current = replica ?? undefined;
  return previous;
}

const WRITE_OPERATIONS = new Set([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
  '$executeRaw',
  '$executeRawUnsafe',
]);

const RAW_READS = new Set(['$queryRaw', '$queryRawUnsafe']);
const trackedPrimaries = new WeakMap<object, Db>();

/** The SQL text of a raw call's arguments ($queryRaw*, $executeRaw*), '' when it has none. */
function rawSqlText(args: unknown): string {
  const first = Array.isArray(args) ? args[0] : args;
  // $queryRawUnsafe(text, ...values): the text; a tagged template $queryRaw`...` arrives as
  // [strings, ...values] (strings: a TemplateStringsArray); a Prisma.sql fragment has `.strings`.
  return typeof first === 'string'
    ? first
    : Array.isArray(first)
      ? first.filter((part): part is string => typeof part === 'string').join(' ')
      : Array.isArray((first as { strings?: unknown })?.strings)
        ? (first as { strings: string[] }).strings.join(' ')
        : '';
}

/** Whether the SQL of a $queryRaw / $queryRawUnsafe call may write (INSERT ... RETURNING and the like). */
export function rawSqlWrites(args: unknown): boolean {
  return /\b(insert|update|delete|merge)\b/i.test(rawSqlText(args));
}

/**
 * The primary with an extension that notes writes in the current write-tracking scope (only while
 * a request's session lookup runs; withTenantScope wraps the extended client again).
 */
function trackedPrimary(primary: Db): Db {
  let tracked = trackedPrimaries.get(primary);
  if (!tracked) {
    tracked = primary.$extends({
      name: 'replica-write-tracking',
      query: {
        async $allOperations({ operation, args, query }) {
          const store = writeTracking.getStore();
          if (store && (WRITE_OPERATIONS.has(operation) || (RAW_READS.has(operation) && rawSqlWrites(args)))) {
            store.wrote = true;
          }
          return query(args);
        },
      },
    }) as unknown as Db;
    trackedPrimaries.set(primary, tracked);
  }
  return tracked;
}

/**
 * What db() returns: the primary, unless a query operation is executing and the replica is
 * usable. Without a replica configured this is the identity (no extra work per call).
 */
export function routeDb(primary: Db): Db {
  if (!current) return primary;
  if (routing.getStore()?.replica) return current.available() ? current.client : primary;
  return writeTracking.getStore() ? trackedPrimary(primary) : primary;
}

/** Runs fn with db() on the replica (when one is configured and usable). */
export function runOnReplica<T>(fn: () => T): T {
  return routing.run({ replica: true }, fn);
}

/** Runs fn with db() on the primary, also inside a query operation (read-your-writes). */
export function runOnPrimary<T>(fn: () => T): T {
  return routing.run({ replica: false }, fn);
}

/**
 * Runs the viewer resolution of a request (which may create rows) and remembers whether it wrote,
 * so that request's query reads the primary. A no-op without a replica.
 */
export async function trackViewerWrites<T>(request: object, fn: () => Promise<T>): Promise<T> {
  if (!current) return fn();
  const store = { wrote: false };
  try {
    return await writeTracking.run(store, fn);
  } finally {
    if (store.wrote) wroteBeforeExecution.set(request, true);
  }
}

/**
 * Yoga plugin: runs the execution of query operations on the replica. Mutations (and
 * subscriptions) are left on the primary. Without a replica configured it changes nothing.
 */
export const readReplicaPlugin: Plugin = {
  onExecute({ args, executeFn, setExecuteFn }) {
    if (!current) return;
    const operation = getOperationAST(args.document, args.operationName ?? undefined);
    if (operation?.operation !== 'query') return;
    const request = (args.contextValue as { request?: object } | undefined)?.request;
    if (request && wroteBeforeExecution.get(request)) {
      logger.debug('query reads the primary: the session lookup wrote in this request');
      return;
    }
    setExecuteFn((executeArgs) => runOnReplica(() => executeFn(executeArgs)));
  },
};

type ErrorInfo = { fallback: boolean; markDown: boolean; reason: string };

/** A replica that is there but cannot be used as configured: read the primary, and say so. */
const MISCONFIGURED_KINDS = new Set(['TlsConnectionError', 'DatabaseDoesNotExist', 'AuthenticationFailed', 'DatabaseAccessDenied']);

/**
 * Decides whether a replica error means "read this from the primary instead", and whether to skip
 * the replica for a while (markDown). Only a failed connection marks it down: socket errors,
 * SQLSTATE class 08, 57P01–57P03 (isConnectionFailure), or a replica that cannot be used as
 * configured. A busy replica does not: a checkout timeout of its saturated pool, too many
 * connections or a timeout move that one read to the primary and leave the rest on the replica.
 */
export function classifyReplicaError(error: unknown, pool?: Pick<pg.Pool, 'totalCount'> & { options: { max?: number } }): ErrorInfo {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: Record<string, unknown> } } } | null)?.meta?.driverAdapterError?.cause;
  const kind = typeof cause?.kind === 'string' ? cause.kind : undefined;
  const code = typeof cause?.originalCode === 'string' ? cause.originalCode : typeof cause?.code === 'string' ? cause.code : undefined;
  const message = briefCause(error, 200);
  if (isPoolCheckoutTimeout(error)) {
    // pg-pool raises it only behind a full pool; with room left a connection attempt was stuck.
    const saturated = !pool || pool.totalCount >= (pool.options.max ?? 10);
    return { fallback: true, markDown: !saturated, reason: saturated ? 'replica pool saturated' : 'replica connection timed out' };
  }
  if (isConnectionFailure(error)) return { fallback: true, markDown: true, reason: kind ?? code ?? message };
  // Out of connections, a timeout: the replica is there but busy.
  if (isDatabaseUnavailable(error)) return { fallback: true, markDown: false, reason: kind ?? code ?? message };
  if (kind && MISCONFIGURED_KINDS.has(kind)) return { fallback: true, markDown: true, reason: kind };
  // A standby cancels queries that conflict with replay (40001) and refuses writes (25006): the
  // primary can answer both, and the replica itself is fine.
  if (code === '40001' || code === '25006') return { fallback: true, markDown: false, reason: `sqlstate ${code}` };
  return { fallback: false, markDown: false, reason: message };
}

type Method = (...args: unknown[]) => unknown;

const READ_OPERATIONS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
]);
const PRIMARY_ONLY = new Set(['$transaction', '$executeRaw', '$executeRawUnsafe']);

/**
 * Wraps a replica DbHandle (made with createDb(DATABASE_REPLICA_URL)) for routing. The handle's
 * client is already wrapped in the tenant scope, so every replica read is its own
 * `BEGIN; set_config(...); <query>; COMMIT` as on the primary.
 *
 * The fallback wraps each read call from the outside (a proxy, not a query extension): the
 * tenant scope's set_config runs first and would fail before an inner extension
 * saw the error. Reads return lazy thenables rather than Prisma's own promises, so a batch
 * `$transaction([...])` of routed reads is not supported; no code uses batch transactions (see
 * tenant-scope.ts), and `$transaction` itself always goes to the primary.
 */
export function createReadReplica(handle: DbHandle, options: ReadReplicaOptions): ReadReplica {
  const retryAfterMs = options.retryAfterMs ?? 5_000;
  const maxLagMs = options.maxLagMs;
  let downUntil = 0;
  let lag: number | null = null;

  const markDown = (reason: string) => {
    const wasUp = Date.now() >= downUntil;
    downUntil = Date.now() + retryAfterMs;
    if (wasUp) logger.warn({ reason, retryAfterMs }, 'read replica unavailable: reading from the primary');
  };

  /**
   * A read on the replica; one the replica cannot serve is rerun on the primary. Lazy like Prisma's
   * own promises: nothing runs until it is awaited (then in the caller's tenant scope).
   */
  const readWithFallback = (label: string, attempt: () => unknown, onPrimary: () => unknown): Promise<unknown> => {
    // Both run in the tenant scope of this call, not of the place the read is awaited.
    const [read, reread] = [inCallersScope(attempt), inCallersScope(onPrimary)];
    return lazyPromise('ReplicaRead', () =>
      new Promise((resolve) => resolve(read())).catch((error: unknown) => {
        const info = classifyReplicaError(error, handle.pool);
        if (!info.fallback) throw error;
        if (info.markDown) markDown(info.reason);
        else logger.info({ reason: info.reason, operation: label }, 'replica could not serve a read: rerun on the primary');
        return runOnPrimary(reread);
      }),
    );
  };

  const primaryMember = (path: string[]): Method => {
    let target = options.primary() as unknown as Record<string, unknown>;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
    const method = target[path[path.length - 1]!] as Method;
    return method.bind(target);
  };

  const base = handle.prisma as unknown as Record<string | symbol, unknown>;
  const delegates = new Map<string, unknown>();
  const client = new Proxy(base, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof property !== 'string') return value;
      // Writes and transactions never run on the replica, even when a query resolver asks for them.
      if (PRIMARY_ONLY.has(property)) return (...a: unknown[]) => runOnPrimary(() => primaryMember([property])(...a));
      if (RAW_READS.has(property)) {
        const method = (value as Method).bind(target);
        return (...a: unknown[]) => readWithFallback(property, () => method(...a), () => primaryMember([property])(...a));
      }
      if (property.startsWith('$') || value === null || typeof value !== 'object') return value;
      let delegate = delegates.get(property);
      if (!delegate) {
        const model = value as Record<string | symbol, unknown>;
        delegate = new Proxy(model, {
          get(modelTarget, operation) {
            const member = Reflect.get(modelTarget, operation) as unknown;
            if (typeof operation !== 'string' || typeof member !== 'function') return member;
            if (WRITE_OPERATIONS.has(operation)) {
              return (...a: unknown[]) => runOnPrimary(() => primaryMember([property, operation])(...a));
            }
            if (!READ_OPERATIONS.has(operation)) return member;
            const method = (member as Method).bind(modelTarget);
            return (...a: unknown[]) =>
              readWithFallback(`${property}.${operation}`, () => method(...a), () => primaryMember([property, operation])(...a));
          },
        });
        delegates.set(property, delegate);
      }
      return delegate;
    },
  }) as unknown as Db;

  // The probe has connections of its own (one to the replica, one to the primary), so a saturated
  // pool neither delays nor fails it.
  const probeConfig = (config: pg.ClientConfig): pg.PoolConfig => ({
    connectionString: config.connectionString,
    ssl: config.ssl,
    max: 1,
    connectionTimeoutMillis: (handle.pool.options as pg.PoolConfig).connectionTimeoutMillis || 5_000,
    idleTimeoutMillis: 0,
    allowExitOnIdle: true,
    statement_timeout: 5_000,
    application_name: 'influencer-api-replica-probe',
  });
  const replicaProbe = new pg.Pool(probeConfig(connectionConfigOf(handle.pool)));
  replicaProbe.on('error', () => undefined); // an idle probe connection lost: the next tick reconnects
  let primaryProbe: pg.Pool | undefined;
  const primaryProbePool = () => {
    if (!primaryProbe) {
      primaryProbe = new pg.Pool(probeConfig((options.primaryConnection ?? dbConnectionConfig)()));
      primaryProbe.on('error', () => undefined);
    }
    return primaryProbe;
  };

  let probe: NodeJS.Timeout | undefined;
  let probing = false;
  let closed = false;
  /** Not in recovery: promoted (failover) or not a standby at all. Its data may have diverged. */
  let notStandby = false;
  /** When the replica was last seen to have replayed everything the primary had written. */
  let caughtUpAt: number | null = null;

  const setNotStandby = (value: boolean) => {
    if (value && !notStandby) logger.warn('read replica is not in recovery (promoted, or not a standby): reading from the primary');
    if (!value && notStandby) logger.info('read replica is a standby again');
    notStandby = value;
  };

  /**
   * One tick. Without maxLagMs only "is it still a standby?". With it, the lag against the
   * primary: the primary's current WAL position is read first, then the replica's replay position.
   * Replayed up to it: lag 0 (an idle primary, or caught up). Behind: how stale the replica may
   * be, the smaller of two upper bounds: the age of its last replayed transaction and the time
   * since it was last seen caught up. A replica that stopped receiving WAL (disconnected from the
   * primary) thus shows a growing lag as soon as the primary writes.
   */
  const measure = async () => {
    if (probing || closed) return;
    probing = true;
    try {
      let primaryLsn: string | null = null;
      let readAt = 0;
      if (maxLagMs !== undefined) {
        try {
          readAt = Date.now();
          const { rows } = await primaryProbePool().query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
          primaryLsn = rows[0]?.lsn ?? null;
        } catch (error) {
          // The primary unreachable: the lag cannot be known (reads go to the primary, which
          // reports the outage itself). Not the replica's fault: no markDown.
          lag = null;
          logger.debug({ err: (error as Error).message }, 'replica lag probe: primary position unknown');
          return;
        }
      }
      const { rows } = await replicaProbe.query<{ recovery: boolean; caught_up: boolean | null; replay_age: string | null }>(
        `SELECT pg_is_in_recovery() AS recovery,
                CASE WHEN $1::pg_lsn IS NULL THEN NULL ELSE pg_last_wal_replay_lsn() >= $1::pg_lsn END AS caught_up,
                EXTRACT(EPOCH FROM (clock_timestamp() - pg_last_xact_replay_timestamp())) * 1000 AS replay_age`,
        [primaryLsn],
      );
      const row = rows[0];
      setNotStandby(!row?.recovery);
      if (maxLagMs === undefined) return;
      if (!row?.recovery) {
        lag = null;
        return;
      }
      if (row.caught_up) {
        caughtUpAt = readAt;
        lag = 0;
        return;
      }
      const bounds: number[] = [];
      if (row.replay_age !== null) bounds.push(Math.max(0, Number(row.replay_age)));
      if (caughtUpAt !== null) bounds.push(Date.now() - caughtUpAt);
      lag = bounds.length > 0 ? Math.min(...bounds) : null;
    } catch (error) {
      // Unknown lag keeps reads on the primary; a failed connection also starts the retry window.
      lag = null;
      const info = classifyReplicaError(error);
      if (info.markDown) markDown(info.reason);
    } finally {
      probing = false;
    }
  };
  void measure();
  probe = setInterval(() => void measure(), options.lagProbeIntervalMs ?? 1_000);
  probe.unref();

  return {
    handle,
    client,
    available() {
      if (Date.now() < downUntil || notStandby) return false;
      if (maxLagMs === undefined) return true;
      return lag !== null && lag <= maxLagMs;
    },
    lagMs: () => lag,
    async close() {
      closed = true;
      if (probe) clearInterval(probe);
      await Promise.all([replicaProbe.end().catch(() => undefined), primaryProbe?.end().catch(() => undefined)]);
      await handle.close();
    },
  };
}

/**
 * Recognises "the database cannot be reached right now" among the errors pg, pg-pool, the Prisma
 * driver adapter and the Prisma client throw: a restart, failover or network cut rather than a bug.
 * The HTTP layer (src/lib/http/errors.ts) answers those with 503 DATABASE_UNAVAILABLE and
 * Retry-After, so clients retry instead of reporting an internal error.
 *
 * Covered: connection refused/reset/timed out (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE,
 * EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EAI_AGAIN); SQLSTATE class 08 (connection exception),
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up / shutting
 * down), 53300 too_many_connections; pg's "Connection terminated…" and pg-pool's "timeout exceeded
 * when trying to connect"; the adapter's DatabaseNotReachable/ConnectionClosed/SocketTimeout/
 * TooManyConnections kinds; Prisma's P1001 (can't reach), P1002 (timed out) and P1017 (server
 * closed the connection). TLS or authentication failures are configuration errors, not outages.
 */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// The server is gone or cannot serve (isConnectionFailure) ...
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
const CONNECTION_PRISMA_CODES = new Set(['P1001', 'P1017']);
const CONNECTION_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);
const CONNECTION_MESSAGES =
  /Connection terminated|Client has encountered a connection error and is not queryable|Can't reach database server|Server has closed the connection|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)/i;
// ... or it is there but takes no more work: too_many_connections, Prisma's P1002 (timed out), a
// saturated pool (isPoolCheckoutTimeout). Both make a request fail with 503.
const BUSY_SQLSTATE = '53300';
const POOL_CHECKOUT_TIMEOUT = /timeout exceeded when trying to connect/i;

type Bag = Record<string, unknown>;

function isConnectionSqlState(code: unknown): boolean {
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && (code.startsWith('08') || CONNECTION_SQLSTATES.has(code));
}

/** Whether `test` holds for the error or anything it wraps. */
function somewhereIn(error: unknown, test: (bag: Bag) => boolean): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  // Bounded walk over cause, originalError, Prisma's meta.driverAdapterError and AggregateError.errors.
  for (let steps = 0; queue.length > 0 && steps < 32; steps += 1) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const bag = current as Bag;
    if (test(bag)) return true;
    queue.push(bag.cause, bag.originalError, (bag.meta as Bag | undefined)?.driverAdapterError);
    if (Array.isArray(bag.errors)) queue.push(...bag.errors.slice(0, 8));
  }
  return false;
}

function connectionFailed(bag: Bag): boolean {
  const code = bag.code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || CONNECTION_PRISMA_CODES.has(code) || isConnectionSqlState(code))) return true;
  if (typeof bag.kind === 'string' && CONNECTION_KINDS.has(bag.kind)) return true;
  if (typeof bag.originalCode === 'string' && isConnectionSqlState(bag.originalCode)) return true;
  return typeof bag.message === 'string' && CONNECTION_MESSAGES.test(bag.message);
}

function busy(bag: Bag): boolean {
  return (
    bag.code === BUSY_SQLSTATE ||
    bag.code === 'P1002' ||
    bag.originalCode === BUSY_SQLSTATE ||
    bag.kind === 'TooManyConnections' ||
    (typeof bag.message === 'string' && POOL_CHECKOUT_TIMEOUT.test(bag.message))
  );
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return somewhereIn(error, (bag) => connectionFailed(bag) || busy(bag));
}

/**
 * pg-pool's "timeout exceeded when trying to connect": no pooled connection became free within
 * connectionTimeoutMillis. pg-pool raises it only for a request queued behind a full pool (a
 * connection attempt that times out fails as "Connection terminated due to connection timeout"),
 * so it means the pool is saturated, not that the server is gone.
 */
export function isPoolCheckoutTimeout(error: unknown): boolean {
  return somewhereIn(error, (bag) => typeof bag.message === 'string' && POOL_CHECKOUT_TIMEOUT.test(bag.message));
}

/**
 * The narrower question for one server among several (the read replica): did the connection to
 * it fail (socket errors, SQLSTATE class 08, 57P01–57P03, connection closed or unreachable)? Not
 * a saturated pool (isPoolCheckoutTimeout), too_many_connections (53300) or a query timeout: the
 * server is there, just busy.
 */
export function isConnectionFailure(error: unknown): boolean {
  return somewhereIn(error, connectionFailed);
}

/** The last line of an error's message (drivers put the database's own words there), at most `max` characters: for log lines. */
export function briefCause(error: unknown, max = Infinity): string {
  return (error instanceof Error ? error.message : String(error)).trim().split('\n').pop()!.slice(0, max);
}

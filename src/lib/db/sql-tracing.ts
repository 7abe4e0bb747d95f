import { SpanKind, context, trace, type Attributes, type Context as OtelContext, type Span } from '@opentelemetry/api';
import type pg from 'pg';
import { markSpanFailed, tracer, tracingActive } from '../telemetry';

/**
 * SQL spans (README: Observability): one CLIENT span per statement the pool sends, with
 * `db.system`/`db.system.name` = postgresql, `db.statement` (the text as sent: Prisma and our raw
 * queries bind values as $1, $2, ..., which are never recorded), `db.operation.name`,
 * `db.namespace` and the server address. Its duration runs from sending the statement to its
 * result (through pool.query, the wait for a connection too).
 *
 * A wrapper on the pool rather than @prisma/instrumentation. Prisma 6.19's client engine can
 * report a `db_query` span per statement through that package's global helper, but the package
 * brings @opentelemetry/instrumentation and its module hooks, and sees only Prisma's statements.
 * The wrapper needs no hooks (ESM), sees every statement on the pool, Prisma's or not, and costs
 * one boolean check per statement while tracing is off.
 *
 * Only statements issued inside a span are traced: background work on the pool (the replica's
 * lag probe every second) would otherwise start a trace of its own each time.
 *
 * Parent: the span active when the statement was issued. pool.query hands its work to a pooled
 * connection through callbacks, which under a saturated pool run in whichever request released
 * the connection, so the caller's context is taken when pool.query is called (and the statement
 * is then not traced a second time by the connection's own wrapper).
 */

type QueryFn = (...args: unknown[]) => unknown;

const byPoolQuery = new WeakSet<object>();

function statementText(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { text?: unknown }).text === 'string') return (arg as { text: string }).text;
  return undefined;
}

function operationOf(text: string): string {
  const match = /^\s*(?:\/\*[\s\S]*?\*\/\s*)*([A-Za-z]+)/.exec(text);
  return match ? match[1]!.toUpperCase() : 'SQL';
}

interface Target {
  database?: string;
  host?: string;
  port?: number;
}

function startSqlSpan(text: string, target: Target, parent: OtelContext): Span {
  const operation = operationOf(text);
  const attributes: Attributes = {
    'db.system': 'postgresql',
    'db.system.name': 'postgresql',
    'db.operation.name': operation,
    'db.statement': text,
  };
  if (target.database) attributes['db.namespace'] = target.database;
  if (target.host) attributes['server.address'] = target.host;
  if (target.port) attributes['server.port'] = target.port;
  return tracer.startSpan(target.database ? `${operation} ${target.database}` : operation, { kind: SpanKind.CLIENT, attributes }, parent);
}

function endSqlSpan(span: Span, error: unknown) {
  if (error) {
    // The SQLSTATE, not the message: PostgreSQL messages can quote row values.
    const code = markSpanFailed(span, error);
    if (code) span.setAttribute('db.response.status_code', code);
  }
  span.end();
}

/** Runs a pg query call (callback, promise or submittable form) inside a span. */
function traced(original: QueryFn, self: unknown, args: unknown[], text: string, target: Target, parent: OtelContext): unknown {
  const span = startSqlSpan(text, target, parent);
  const last = args.length - 1;
  if (last >= 0 && typeof args[last] === 'function') {
    const callback = args[last] as (error: unknown, ...rest: unknown[]) => unknown;
    const wrapped = [...args];
    wrapped[last] = (error: unknown, ...rest: unknown[]) => {
      endSqlSpan(span, error);
      return callback(error, ...rest);
    };
    try {
      return original.apply(self, wrapped);
    } catch (error) {
      endSqlSpan(span, error);
      throw error;
    }
  }
  let result: unknown;
  try {
    result = original.apply(self, args);
  } catch (error) {
    endSqlSpan(span, error);
    throw error;
  }
  if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
    (result as PromiseLike<unknown>).then(
      () => endSqlSpan(span, null),
      (error: unknown) => endSqlSpan(span, error),
    );
  } else {
    // A submittable (cursor, stream): its duration is not tracked.
    endSqlSpan(span, null);
  }
  return result;
}

/** query(text, values?, callback?) as query({ text, values }, callback?): an object can be marked. */
function asConfig(args: unknown[]): unknown[] {
  const config: { text: string; values?: unknown[] } = { text: args[0] as string };
  if (Array.isArray(args[1])) {
    config.values = args[1];
    return [config, ...args.slice(2)];
  }
  return args[1] === undefined ? [config, ...args.slice(2)] : [config, ...args.slice(1)];
}

/**
 * Instruments a pool and every connection it opens. Call once, right after creating the pool.
 * While tracing is off each call costs one boolean check.
 */
export function instrumentPool(pool: pg.Pool): void {
  const options = pool.options as pg.PoolConfig;
  const target: Target = { database: options.database, host: options.host, port: options.port };
  if (options.connectionString) {
    try {
      const url = new URL(options.connectionString);
      target.database ??= decodeURIComponent(url.pathname.slice(1)) || undefined;
      target.host ??= url.hostname || undefined;
      target.port ??= url.port ? Number(url.port) : undefined;
    } catch {
      // Not a URL (a libpq keyword string): the span goes without them.
    }
  }

  const poolQuery = pool.query.bind(pool) as QueryFn;
  (pool as unknown as { query: QueryFn }).query = (...given: unknown[]) => {
    let args = given;
    if (!tracingActive()) return poolQuery(...args);
    if (typeof args[0] === 'string') args = asConfig(args);
    const text = statementText(args[0]);
    if (text === undefined) return poolQuery(...args);
    // pg-pool passes this same object on to the connection's query(), whose wrapper skips it
    // (traced here or not: its callback may run in another request's context).
    byPoolQuery.add(args[0] as object);
    const parent = context.active();
    if (!trace.getSpan(parent)) return poolQuery(...args);
    return traced(poolQuery, pool, args, text, target, parent);
  };

  pool.on('connect', (connection) => {
    const query = connection.query.bind(connection) as QueryFn;
    (connection as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
      if (!tracingActive()) return query(...args);
      const parent = context.active();
      if (!trace.getSpan(parent)) return query(...args);
      const first = args[0];
      if (typeof first === 'object' && first !== null && byPoolQuery.has(first)) return query(...args);
      const text = statementText(first);
      if (text === undefined) return query(...args);
      return traced(query, connection, args, text, target, parent);
    };
  });
}

import { GraphQLError, getOperationAST } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { briefCause, isDatabaseUnavailable } from '../db/unavailable';
import { logger } from '../logger';

export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error.';
export const DATABASE_UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable. Try again shortly.';
/** Seconds a client should wait before retrying when the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Codes of the errors this module makes, which get the request id (and a log line) added. */
const MASKED_CODES = new Set(['INTERNAL_SERVER_ERROR', 'DATABASE_UNAVAILABLE']);

/** What each masked error hid, kept off the response and logged with the request id. */
const hidden = new WeakMap<GraphQLError, unknown>();

/** A GraphQLError made on purpose (not wrapping a thrown non-GraphQL error): safe to show. */
function isIntentional(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  return error.originalError == null || isIntentional(error.originalError);
}

/**
 * yoga's maskError, with the request id added later (see requestIdInErrorsPlugin, since maskError
 * does not see the request). Shown as is: GraphQLErrors raised on purpose, i.e. validation and
 * parse errors, UNAUTHENTICATED, RATE_LIMITED, Pothos's auth errors. Typed domain errors never get
 * here: the Pothos errors plugin turns them into result types. Everything else (a database outage,
 * a bug) becomes 'Unexpected error.' with code INTERNAL_SERVER_ERROR. The database being
 * unreachable (restart, failover: src/lib/db/unavailable.ts) is not a bug but a temporary outage:
 * HTTP 503 with Retry-After and code DATABASE_UNAVAILABLE, and `extensions.retryable` (added with
 * the request id): true for queries and failures before execution, false for mutations, whose
 * outcome is unknown (the connection may have dropped after the commit).
 */
export function maskError(error: unknown, message: string = UNEXPECTED_ERROR_MESSAGE): Error {
  if (isIntentional(error)) return error as GraphQLError;
  const source = error instanceof GraphQLError ? error : undefined;
  if (isDatabaseUnavailable(error)) {
    const unavailable = createGraphQLError(DATABASE_UNAVAILABLE_MESSAGE, {
      nodes: source?.nodes,
      source: source?.source,
      positions: source?.positions,
      path: source?.path,
      extensions: {
        code: 'DATABASE_UNAVAILABLE',
        http: { status: 503, headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) } },
      },
    });
    hidden.set(unavailable, source?.originalError ?? error);
    return unavailable;
  }
  const masked = createGraphQLError(message, {
    nodes: source?.nodes,
    source: source?.source,
    positions: source?.positions,
    path: source?.path,
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      ...(source?.extensions?.http ? { http: source.extensions.http } : {}),
    },
  });
  hidden.set(masked, source?.originalError ?? error);
  return masked;
}

/**
 * Requests that executed an operation other than a query (a batch can hold several operations).
 * They decide `retryable` of DATABASE_UNAVAILABLE: a query, or anything that failed before
 * execution (session lookup, parsing), changed nothing, so the client may simply resend it. A
 * mutation may have committed before the connection was lost (the commit's answer is what got
 * lost): its outcome is unknown and the client must read the current state before trying again.
 */
const executedNonQuery = new WeakSet<object>();

function withRequestId(errors: readonly GraphQLError[], requestId: string, retryable: boolean): GraphQLError[] | undefined {
  let changed = false;
  const out = errors.map((error) => {
    if (!(error instanceof GraphQLError) || !MASKED_CODES.has(error.extensions?.code as string)) return error;
    if (error.extensions.requestId) return error;
    changed = true;
    const original = hidden.get(error);
    const extensions: Record<string, unknown> = { ...error.extensions, requestId };
    if (error.extensions.code === 'DATABASE_UNAVAILABLE') {
      extensions.retryable = retryable;
      // An outage, not a bug: one warning per failed request, without a stack trace.
      const cause = briefCause(original);
      logger.warn({ requestId, cause, path: error.path }, 'database unavailable');
    } else {
      logger.error({ requestId, err: original ?? error, path: error.path }, 'unexpected error (masked)');
    }
    return createGraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions,
    });
  });
  return changed ? out : undefined;
}

type MaybeResult = { errors?: readonly GraphQLError[] } & Record<string, unknown>;

/**
 * Adds `extensions.requestId` (the x-request-id response header) to every masked error and logs
 * what it hid under that id, so a client's bug report leads straight to the log line.
 */
export function requestIdInErrorsPlugin(requestIdOf: (request: Request) => string): Plugin {
  const fix = (result: unknown, requestId: string, retryable: boolean): unknown => {
    if (!result || typeof result !== 'object' || !('errors' in result)) return result;
    const errors = (result as MaybeResult).errors;
    if (!errors?.length) return result;
    const replaced = withRequestId(errors, requestId, retryable);
    return replaced ? { ...(result as MaybeResult), errors: replaced } : result;
  };
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: object } | undefined)?.request;
      if (!request) return;
      // Only the requests that are not plain queries are remembered (no allocation per query).
      if (getOperationAST(args.document, args.operationName ?? undefined)?.operation !== 'query') executedNonQuery.add(request);
    },
    onResultProcess({ request, result, setResult }) {
      const requestId = requestIdOf(request);
      // A batch is judged as a whole (conservative): one mutation in it makes none retryable.
      const retryable = !executedNonQuery.has(request);
      if (Array.isArray(result)) {
        setResult(result.map((r) => fix(r, requestId, retryable)) as typeof result);
      } else if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) {
        setResult(fix(result, requestId, retryable) as typeof result);
      }
    },
  };
}

import type { FetchAPI } from 'graphql-yoga';
import { briefCause, isDatabaseUnavailable } from '../db/unavailable';
import { logger } from '../logger';
import { DATABASE_RETRY_AFTER_SECONDS } from './errors';
import { readBodyUpTo } from './request-guards';

/**
 * Plumbing for the non-GraphQL routes served by yoga plugins (webhooks, survey responses): JSON
 * replies, 405, a body read with a byte limit (413), JSON parsing (400) and 503 during a database
 * outage.
 */

export type JsonBody = Record<string, unknown>;

/** A JSON response; `headers` are added to (or override) the content type. */
export function jsonResponse(fetchAPI: FetchAPI, status: number, body: JsonBody, headers: Record<string, string> = {}): Response {
  return new fetchAPI.Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** `reply(status, body, headers?)`: ends the request with a JSON response. */
export function jsonReplier(endResponse: (response: Response) => void, fetchAPI: FetchAPI) {
  return (status: number, body: JsonBody, headers: Record<string, string> = {}) =>
    endResponse(jsonResponse(fetchAPI, status, body, headers));
}

/** 405 with the `allow` header. */
export function methodNotAllowed(fetchAPI: FetchAPI, allow = 'POST'): Response {
  return jsonResponse(fetchAPI, 405, { error: 'method not allowed' }, { allow });
}

/** 413, for a body over the route's limit. */
export function payloadTooLarge(fetchAPI: FetchAPI): Response {
  return jsonResponse(fetchAPI, 413, { error: 'payload too large' });
}

/** 400, for a body that is not JSON. */
export function invalidJson(fetchAPI: FetchAPI): Response {
  return jsonResponse(fetchAPI, 400, { error: 'invalid JSON' });
}

export type LimitedBody = { tooLarge: false; bytes: Buffer } | { tooLarge: true };

/**
 * The raw body, or `{ tooLarge: true }` when it passes `maxBytes`: at once when content-length says
 * so, otherwise as soon as the bytes streamed in pass it (a lying or absent content-length).
 */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return { tooLarge: true };
  const bytes = await readBodyUpTo(request, maxBytes);
  if (!bytes) return { tooLarge: true };
  return { tooLarge: false, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

/** JSON.parse without throwing. */
export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * 503 `DATABASE_UNAVAILABLE` with Retry-After when `error` means the database cannot be reached
 * right now (src/lib/db/unavailable.ts; README: Errors), logged as one warning without a stack
 * trace; null for any other error, which the route handles itself (typically a 500).
 */
export function databaseUnavailableResponse(fetchAPI: FetchAPI, error: unknown, route: string): Response | null {
  if (!isDatabaseUnavailable(error)) return null;
  logger.warn({ route, cause: briefCause(error, 200) }, 'database unavailable');
  return jsonResponse(
    fetchAPI,
    503,
    { error: 'service temporarily unavailable', code: 'DATABASE_UNAVAILABLE' },
    { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
  );
}

import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { env } from '../../lib/env';
import { ValidationError, NotFoundError } from '../../lib/errors';
import { clientAddress } from '../../lib/http/rate-limit';
import { databaseUnavailableResponse, invalidJson, jsonReplier, methodNotAllowed, parseJson, payloadTooLarge, readBodyLimited } from '../../lib/http/route';
import { logger } from '../../lib/logger';
import { createLimiter, type FixedWindowLimiter } from '../../lib/rate-limit';
import { StudyNotCollectingError, submitSurveyResponse } from './brand-lift.responses';
import { RespondentTokenError } from './brand-lift.tokens';

export const SURVEY_RESPONSES_PATH = '/surveys/responses';
/** One respondent's answers are a few KB at most. */
export const SURVEY_RESPONSES_MAX_BYTES = 32 * 1024;

export interface SurveyResponsesOptions {
  /** A ready limiter (tests); null: no rate limiting. Default: on when RATE_LIMIT_ENABLED (Redis or memory). */
  limiter?: FixedWindowLimiter | null;
  /** Submissions per minute for one token from one address. */
  perMinutePerToken?: number;
  /** Submissions per minute from one address, whatever the token. */
  perMinutePerAddress?: number;
  trustProxy?: boolean;
  windowMs?: number;
}

/**
 * POST /surveys/responses: public (respondents are not platform users; the signed token is the
 * credential). 200 `{status: 'stored'|'duplicate'}`; 400 invalid token or answers (with
 * `issues`, nothing stored); 404 unknown study; 409 study not COLLECTING; 413 body over 32 KB;
 * 415 not JSON; 429 over the rate limit (per token and address, and per address); 503 with
 * Retry-After while the database cannot be reached.
 */
export function surveyResponsesPlugin(options: SurveyResponsesOptions = {}): Plugin {
  const settings = env();
  const limiter =
    options.limiter !== undefined
      ? options.limiter
      : settings.RATE_LIMIT_ENABLED
        ? createLimiter({ redisUrl: settings.REDIS_URL, keyPrefix: 'rl:survey:', timeoutMs: settings.REDIS_TIMEOUT_MS })
        : null;
  const perToken = options.perMinutePerToken ?? 60;
  const perAddress = options.perMinutePerAddress ?? settings.RATE_LIMIT_PER_MINUTE_IP;
  const trustProxy = options.trustProxy ?? settings.TRUST_PROXY;
  const windowMs = options.windowMs ?? 60_000;
  return {
    onDispose: () => (options.limiter === undefined && limiter ? limiter.close() : undefined),
    async onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      if (url.pathname !== SURVEY_RESPONSES_PATH) return;
      const reply = jsonReplier(endResponse, fetchAPI);

      if (request.method !== 'POST') return endResponse(methodNotAllowed(fetchAPI));
      if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
        return reply(415, { error: 'content-type must be application/json' });
      }
      const read = await readBodyLimited(request, SURVEY_RESPONSES_MAX_BYTES);
      if (read.tooLarge) return endResponse(payloadTooLarge(fetchAPI));
      const parsed = parseJson(read.bytes.toString('utf8'));
      if (!parsed.ok) return endResponse(invalidJson(fetchAPI));
      const body = parsed.value;

      if (limiter) {
        const address = clientAddress(request, serverContext, trustProxy);
        const token = typeof (body as { token?: unknown })?.token === 'string' ? (body as { token: string }).token : '';
        const tokenKey = createHash('sha256').update(token).digest('base64url').slice(0, 22);
        for (const [key, limit] of [
          [`survey:token:${tokenKey}:${address}`, perToken],
          [`survey:ip:${address}`, perAddress],
        ] as const) {
          const decision = await limiter.consume(key, { limit, windowMs });
          if (!decision.allowed) {
            const retry = String(decision.retryAfterSeconds);
            return reply(429, { error: 'too many requests', code: 'RATE_LIMITED', retryAfterSeconds: decision.retryAfterSeconds }, { 'retry-after': retry });
          }
        }
      }

      try {
        const outcome = await submitSurveyResponse(body);
        return reply(200, outcome);
      } catch (error) {
        if (error instanceof ValidationError) return reply(400, { error: error.message, code: error.code, issues: error.issues });
        if (error instanceof RespondentTokenError) return reply(400, { error: error.message, code: error.code });
        if (error instanceof NotFoundError) return reply(404, { error: 'study not found', code: error.code });
        if (error instanceof StudyNotCollectingError) return reply(409, { error: error.message, code: error.code });
        const unavailable = databaseUnavailableResponse(fetchAPI, error, SURVEY_RESPONSES_PATH);
        if (unavailable) return endResponse(unavailable);
        logger.error({ err: error }, 'survey response failed');
        return reply(500, { error: 'unexpected error' });
      }
    },
  };
}

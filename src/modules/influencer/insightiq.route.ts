import type { Plugin } from 'graphql-yoga';
import { env } from '../../lib/env';
import { databaseUnavailableResponse, invalidJson, jsonReplier, methodNotAllowed, parseJson, payloadTooLarge, readBodyLimited } from '../../lib/http/route';
import { logger } from '../../lib/logger';
import { importInsightIQPayloads, MAX_IMPORT_BATCH } from './insightiq.import';
import { hmacSha256, signatureMatches } from '../../lib/hmac';

export const INSIGHTIQ_WEBHOOK_PATH = '/webhooks/insightiq';
export const INSIGHTIQ_WEBHOOK_MAX_BYTES = 1024 * 1024;
export const INSIGHTIQ_SIGNATURE_HEADER = 'x-insightiq-signature';

export interface InsightIQWebhookOptions {
  /** Defaults to INSIGHTIQ_WEBHOOK_SECRET, read once when the plugin is built. */
  secret?: string | undefined;
}

/** `sha256=<hex>` of the raw body with the secret. */
export function signInsightIQBody(body: string | Buffer, secret: string): string {
  return `sha256=${hmacSha256(secret, body).toString('hex')}`;
}

/** Constant-time check of the signature header against the raw body. */
export function verifyInsightIQSignature(body: Buffer, header: string | null, secret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  return signatureMatches(Buffer.from(match[1]!.toLowerCase(), 'hex'), hmacSha256(secret, body));
}

/**
 * The profiles a delivery carries: `{ events: [...] }` where each event is a profile or wraps one
 * in `data` (`{ event: 'PROFILE.UPDATED', data: {...} }`), or a single profile object.
 */
function profilesOf(body: unknown): unknown[] | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const events = (body as { events?: unknown }).events;
  if (events === undefined) return [body];
  if (!Array.isArray(events)) return null;
  return events.map((e) =>
    e !== null && typeof e === 'object' && 'data' in e && !('external_id' in e) ? (e as { data: unknown }).data : e,
  );
}

/**
 * POST /webhooks/insightiq: InsightIQ profile deliveries, upserted like the admin mutation.
 *
 * 200 with per-item results (a malformed item is FAILED by index, the others are stored); 400 body
 * not JSON or of neither shape, or more than 100 profiles; 401 missing or wrong signature
 * (nothing read further, nothing stored); 405 not POST; 413 body over 1 MB; 503 no
 * INSIGHTIQ_WEBHOOK_SECRET configured, or (with Retry-After) the database cannot be reached. Runs before the global body limit, so its own 1 MB applies.
 */
export function insightIQWebhookPlugin(options: InsightIQWebhookOptions = {}): Plugin {
  const secret = 'secret' in options ? options.secret : env().INSIGHTIQ_WEBHOOK_SECRET;
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== INSIGHTIQ_WEBHOOK_PATH) return;
      const reply = jsonReplier(endResponse, fetchAPI);

      if (request.method !== 'POST') return endResponse(methodNotAllowed(fetchAPI));
      if (!secret) return reply(503, { error: 'webhooks not configured' });

      const read = await readBodyLimited(request, INSIGHTIQ_WEBHOOK_MAX_BYTES);
      if (read.tooLarge) return endResponse(payloadTooLarge(fetchAPI));
      const body = read.bytes;
      if (!verifyInsightIQSignature(body, request.headers.get(INSIGHTIQ_SIGNATURE_HEADER), secret)) {
        logger.warn({ path: INSIGHTIQ_WEBHOOK_PATH }, 'insightiq webhook rejected: bad signature');
        return reply(401, { error: 'invalid signature' });
      }

      const parsed = parseJson(body.toString('utf8'));
      if (!parsed.ok) return endResponse(invalidJson(fetchAPI));
      const profiles = profilesOf(parsed.value);
      if (!profiles || profiles.length === 0) return reply(400, { error: 'expected {"events":[...]} or a profile' });
      if (profiles.length > MAX_IMPORT_BATCH) return reply(400, { error: `at most ${MAX_IMPORT_BATCH} profiles per delivery` });

      try {
        const result = await importInsightIQPayloads(profiles);
        logger.info({ created: result.created, updated: result.updated, failed: result.failed }, 'insightiq webhook');
        return reply(200, { ok: true, ...result });
      } catch (error) {
        const unavailable = databaseUnavailableResponse(fetchAPI, error, INSIGHTIQ_WEBHOOK_PATH);
        if (unavailable) return endResponse(unavailable);
        logger.error({ err: error }, 'insightiq webhook failed');
        return reply(500, { error: 'webhook handling failed' });
      }
    },
  };
}

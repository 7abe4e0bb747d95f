import { verifyWebhook } from '@clerk/backend/webhooks';
import type { Plugin } from 'graphql-yoga';
import { env } from '../../lib/env';
import { databaseUnavailableResponse, jsonReplier, methodNotAllowed, payloadTooLarge, readBodyLimited } from '../../lib/http/route';
import { logger } from '../../lib/logger';
import { ClerkPayloadError, handleClerkEvent } from './clerk-webhook.service';

export const CLERK_WEBHOOK_PATH = '/webhooks/clerk';
/** Clerk payloads are a few KB; anything near this is not from Clerk. */
export const CLERK_WEBHOOK_MAX_BYTES = 1024 * 1024;

export interface ClerkWebhookOptions {
  /** Defaults to CLERK_WEBHOOK_SIGNING_SECRET, read once when the plugin is built. */
  signingSecret?: string | undefined;
}

/**
 * POST /webhooks/clerk: Clerk (Svix) deliveries. The signature and timestamp are checked by
 * @clerk/backend's verifyWebhook (HMAC-SHA256; timestamps more than 5 minutes off are refused,
 * which bounds replays; within the window a replay is a duplicate svix-id and changes nothing).
 *
 * 200 applied, duplicate or ignored type; 400 bad signature, stale timestamp or malformed data
 * (nothing stored); 413 body over 1 MB; 503 no signing secret configured, or (with Retry-After) the
 * database cannot be reached; 500 handling failed
 * (rolled back, Svix retries).
 */
export function clerkWebhookPlugin(options: ClerkWebhookOptions = {}): Plugin {
  const signingSecret = 'signingSecret' in options ? options.signingSecret : env().CLERK_WEBHOOK_SIGNING_SECRET;
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== CLERK_WEBHOOK_PATH) return;
      const reply = jsonReplier(endResponse, fetchAPI);

      if (request.method !== 'POST') return endResponse(methodNotAllowed(fetchAPI));
      if (!signingSecret) return reply(503, { error: 'webhooks not configured' });

      const read = await readBodyLimited(request, CLERK_WEBHOOK_MAX_BYTES);
      if (read.tooLarge) return endResponse(payloadTooLarge(fetchAPI));
      const body = read.bytes.toString('utf8');

      const deliveryId = request.headers.get('svix-id')?.trim();
      let event;
      try {
        // verifyWebhook reads the body itself: it gets a copy holding the bytes already read.
        const copy = new Request(request.url, { method: 'POST', headers: request.headers, body });
        event = await verifyWebhook(copy, { signingSecret });
      } catch (error) {
        logger.warn({ err: error, deliveryId }, 'clerk webhook rejected');
        return reply(400, { error: 'invalid signature' });
      }
      if (!deliveryId) return reply(400, { error: 'invalid signature' });

      try {
        const outcome = await handleClerkEvent(event, deliveryId);
        logger.info({ deliveryId, ...outcome }, 'clerk webhook');
        return reply(200, { ok: true, ...outcome });
      } catch (error) {
        if (error instanceof ClerkPayloadError) {
          logger.warn({ err: error, deliveryId }, 'clerk webhook payload rejected');
          return reply(400, { error: 'invalid payload' });
        }
        // Rolled back; Svix retries any non-2xx delivery.
        const unavailable = databaseUnavailableResponse(fetchAPI, error, CLERK_WEBHOOK_PATH);
        if (unavailable) return endResponse(unavailable);
        logger.error({ err: error, deliveryId, type: event.type }, 'clerk webhook failed');
        return reply(500, { error: 'webhook handling failed' });
      }
    },
  };
}

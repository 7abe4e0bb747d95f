import { verifyWebhook } from '@clerk/backend/webhooks';
import type { Plugin } from 'graphql-yoga';
import { env } from '../../lib/env';
import { logger } from '../../lib/logger';
import { ClerkPayloadError, handleClerkEvent } from './clerk-webhook.service';

export const CLERK_WEBHOOK_PATH = '/webhooks/clerk';
/** Clerk payloads are a few KB; anything near this is not from Clerk. */
export const CLERK_WEBHOOK_MAX_BYTES = 1024 * 1024;

export interface ClerkWebhookOptions {
  /** Defaults to CLERK_WEBHOOK_SIGNING_SECRET, read once when the plugin is built. */
  signingSecret?: string | undefined;
}

class BodyTooLarge extends Error {}

/** Reads the body as text, stopping as soon as it exceeds `limit` bytes. */
async function readBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * POST /webhooks/clerk: Clerk (Svix) deliveries. The signature and timestamp are checked by
 * @clerk/backend's verifyWebhook (HMAC-SHA256; timestamps more than 5 minutes off are refused,
 * which bounds replays; within the window a replay is a duplicate svix-id and changes nothing).
 *
 * 200 applied, duplicate or ignored type; 400 bad signature, stale timestamp or malformed data
 * (nothing stored); 413 body over 1 MB; 503 no signing secret configured; 500 handling failed
 * (rolled back, Svix retries).
 */
export function clerkWebhookPlugin(options: ClerkWebhookOptions = {}): Plugin {
  const signingSecret = 'signingSecret' in options ? options.signingSecret : env().CLERK_WEBHOOK_SIGNING_SECRET;
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== CLERK_WEBHOOK_PATH) return;
      const reply = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
        endResponse(
          new fetchAPI.Response(JSON.stringify(body), {
            status,
            headers: { 'content-type': 'application/json', ...headers },
          }),
        );

      if (request.method !== 'POST') return reply(405, { error: 'method not allowed' }, { allow: 'POST' });
      if (!signingSecret) return reply(503, { error: 'webhooks not configured' });

      let body: string;
      try {
        body = await readBody(request, CLERK_WEBHOOK_MAX_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLarge) return reply(413, { error: 'payload too large' });
        throw error;
      }

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
        logger.error({ err: error, deliveryId, type: event.type }, 'clerk webhook failed');
        return reply(500, { error: 'webhook handling failed' });
      }
    },
  };
}

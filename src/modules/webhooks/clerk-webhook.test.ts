import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createYoga } from 'graphql-yoga';
import { TestClient } from '../../../test/client';
import { viewerFromClaims } from '../../lib/auth/viewer-resolver';
import { db } from '../../lib/db/client';
import { env, parseEnv } from '../../lib/env';
import { schema } from '../../schema';
import { clerkWebhookPlugin } from './clerk-webhook.route';
import { withUnreachableDatabase } from '../../../test/support/unreachable-db';

// Deliveries are signed here exactly as Svix signs them: HMAC-SHA256 over
// `${svix-id}.${svix-timestamp}.${body}` with the base64-decoded part of `whsec_...`.
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const app = createYoga({ schema, plugins: [clerkWebhookPlugin({ signingSecret: SECRET })] });

const unique = () => randomBytes(5).toString('hex');
const nowSeconds = () => Math.floor(Date.now() / 1000);

function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

interface Delivery {
  id?: string;
  timestamp?: number;
  secret?: string;
  signatureOverride?: string;
}

async function deliver(type: string, data: Record<string, unknown>, options: Delivery = {}) {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? nowSeconds();
  const body = JSON.stringify({ type, object: 'event', data, timestamp: Date.now(), instance_id: 'ins_test' });
  const response = await app.fetch(new URL('/webhooks/clerk', 'http://localhost'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(timestamp),
      'svix-signature': options.signatureOverride ?? signature(options.secret ?? SECRET, id, timestamp, body),
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, id };
}

function clerkUser(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    object: 'user',
    first_name: 'Ada',
    last_name: 'Lovelace',
    image_url: `https://img.clerk.com/${id}.png`,
    primary_email_address_id: 'idn_primary',
    email_addresses: [
      { id: 'idn_other', object: 'email_address', email_address: `other-${id}@example.com` },
      { id: 'idn_primary', object: 'email_address', email_address: `${id}@example.com` },
    ],
    ...overrides,
  };
}

function clerkMembership(
  clerkUserId: string,
  org: { id: string; name: string; slug: string },
  role: string,
  updatedAt?: number,
) {
  return {
    id: `orgmem_${unique()}`,
    ...(updatedAt === undefined ? {} : { updated_at: updatedAt }),
    object: 'organization_membership',
    role,
    organization: { object: 'organization', ...org },
    public_user_data: { user_id: clerkUserId, first_name: null, last_name: null, identifier: 'x@example.com' },
  };
}

const userBy = (clerkUserId: string) => db().user.findUnique({ where: { clerkUserId } });
const orgBy = (clerkOrgId: string) => db().organization.findUnique({ where: { clerkOrgId } });
const eventsFor = (deliveryId: string) =>
  db().webhookEvent.count({ where: { source: 'CLERK', deliveryId } });

describe('POST /webhooks/clerk: verification', () => {
  it('refuses a bad signature and stores nothing', async () => {
    const clerkUserId = `user_wh_${unique()}`;
    const wrong = `whsec_${randomBytes(24).toString('base64')}`;
    const result = await deliver('user.created', clerkUser(clerkUserId), { secret: wrong });
    expect(result.status).toBe(400);
    expect(await userBy(clerkUserId)).toBeNull();
    expect(await eventsFor(result.id)).toBe(0);

    const garbage = await deliver('user.created', clerkUser(clerkUserId), { signatureOverride: 'v1,AAAA' });
    expect(garbage.status).toBe(400);
    expect(await userBy(clerkUserId)).toBeNull();
  });

  it('refuses timestamps more than 5 minutes old or ahead, and accepts one just inside', async () => {
    const clerkUserId = `user_wh_${unique()}`;
    const stale = await deliver('user.created', clerkUser(clerkUserId), { timestamp: nowSeconds() - 6 * 60 });
    expect(stale.status).toBe(400);
    const future = await deliver('user.created', clerkUser(clerkUserId), { timestamp: nowSeconds() + 6 * 60 });
    expect(future.status).toBe(400);
    expect(await userBy(clerkUserId)).toBeNull();
    expect(await eventsFor(stale.id)).toBe(0);

    const recent = await deliver('user.created', clerkUser(clerkUserId), { timestamp: nowSeconds() - 4 * 60 });
    expect(recent.status).toBe(200);
    expect(await userBy(clerkUserId)).not.toBeNull();
  });

  it('refuses missing svix headers, other methods and bodies over 1 MB', async () => {
    const url = new URL('/webhooks/clerk', 'http://localhost');
    const unsigned = await app.fetch(url, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(400);
    const get = await app.fetch(url, { method: 'GET' });
    expect(get.status).toBe(405);
    const big = await app.fetch(url, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    // No content-length (chunked): the limit is enforced while reading.
    const chunk = new Uint8Array(256 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = await app.fetch(url, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(sent).toBeLessThan(8);
  });

  it('answers 503 in the real app when no signing secret is configured', async () => {
    const response = await new TestClient().fetch('/webhooks/clerk', { method: 'POST', body: '{}' });
    if (env().CLERK_WEBHOOK_SIGNING_SECRET) {
      expect(response.status).toBe(400); // configured here: the unsigned delivery is refused
    } else {
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: 'webhooks not configured' });
    }
  });

  it('validates the secret format', () => {
    expect(() => parseEnv({ CLERK_WEBHOOK_SIGNING_SECRET: 'sk_test_nope' })).toThrow(/CLERK_WEBHOOK_SIGNING_SECRET/);
    expect(parseEnv({ CLERK_WEBHOOK_SIGNING_SECRET: SECRET }).CLERK_WEBHOOK_SIGNING_SECRET).toBe(SECRET);
  });

  it('answers 400 to a signed delivery with malformed data and stores nothing', async () => {
    const result = await deliver('user.created', { id: 42 });
    expect(result.status).toBe(400);
    expect(await eventsFor(result.id)).toBe(0);
  });
});

describe('POST /webhooks/clerk: users', () => {
  it('answers 503 with Retry-After while the database cannot be reached, so Svix retries; the retry applies', async () => {
    const clerkUserId = `user_wh_${unique()}`;
    const id = `msg_${randomUUID()}`;
    const during = await withUnreachableDatabase(() => deliver('user.created', clerkUser(clerkUserId), { id }));
    expect(during.status).toBe(503);
    expect(during.body).toEqual({ error: 'service temporarily unavailable', code: 'DATABASE_UNAVAILABLE' });
    expect(await userBy(clerkUserId)).toBeNull();
    // Svix's retry of the same delivery once the database is back.
    expect((await deliver('user.created', clerkUser(clerkUserId), { id })).status).toBe(200);
    expect(await userBy(clerkUserId)).toMatchObject({ email: `${clerkUserId}@example.com` });
  });

  it('creates, updates and erases a user, keeping the row', async () => {
    const clerkUserId = `user_wh_${unique()}`;
    expect((await deliver('user.created', clerkUser(clerkUserId))).status).toBe(200);
    expect(await userBy(clerkUserId)).toMatchObject({
      email: `${clerkUserId}@example.com`,
      name: 'Ada Lovelace',
      imageUrl: `https://img.clerk.com/${clerkUserId}.png`,
      deletedAt: null,
    });

    await deliver('user.updated', clerkUser(clerkUserId, { first_name: 'Augusta', primary_email_address_id: 'idn_other' }));
    expect(await userBy(clerkUserId)).toMatchObject({ email: `other-${clerkUserId}@example.com`, name: 'Augusta Lovelace' });

    const created = await userBy(clerkUserId);
    await deliver('user.deleted', { id: clerkUserId, object: 'user', deleted: true });
    // Erased (privacy/erasure.service.ts): the row is anonymized and unlinked from the Clerk id,
    // which lives on only in a tombstone without personal data.
    const erased = await db().user.findUniqueOrThrow({ where: { id: created!.id } });
    expect(erased).toMatchObject({ email: null, name: null, imageUrl: null });
    expect(erased.clerkUserId).toMatch(/^erased:/);
    expect(erased.deletedAt).toBeInstanceOf(Date);
    expect(await userBy(clerkUserId)).toMatchObject({ email: null, name: null, imageUrl: null, deletedAt: expect.any(Date) });

    // A late update cannot bring the erased data back, and the erased user cannot sign in.
    await deliver('user.updated', clerkUser(clerkUserId));
    expect(await userBy(clerkUserId)).toMatchObject({ email: null, name: null, imageUrl: null });
    await expect(viewerFromClaims({ clerkUserId, sessionId: 'sess_x', org: null })).rejects.toThrow();
  });

  it('applies a repeated delivery once', async () => {
    const clerkUserId = `user_wh_${unique()}`;
    const id = `msg_${randomUUID()}`;
    const first = await deliver('user.created', clerkUser(clerkUserId), { id });
    expect(first).toMatchObject({ status: 200, body: { status: 'applied' } });
    const before = await userBy(clerkUserId);

    // Same svix-id, different content (a replay): nothing changes.
    const second = await deliver('user.created', clerkUser(clerkUserId, { first_name: 'Mallory' }), { id });
    expect(second).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect(await userBy(clerkUserId)).toEqual(before);
    expect(await eventsFor(id)).toBe(1);
    const event = await db().webhookEvent.findFirstOrThrow({ where: { source: 'CLERK', deliveryId: id } });
    expect(event.type).toBe('user.created');
    expect(event.processedAt).toBeInstanceOf(Date);
  });

  it('records and acknowledges event types it does not sync', async () => {
    const result = await deliver('session.created', { id: `sess_${unique()}` });
    expect(result).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect(await eventsFor(result.id)).toBe(1);
  });
});

describe('POST /webhooks/clerk: organizations and memberships', () => {
  it('creates placeholders for a membership that arrives first; later events fill them in', async () => {
    const clerkUserId = `user_wh_${unique()}`;
    const key = unique();
    const org = { id: `org_wh_${key}`, name: `Acme ${key}`, slug: `acme-${key}` };

    expect((await deliver('organizationMembership.created', clerkMembership(clerkUserId, org, 'org:admin'))).status).toBe(200);
    const placeholderUser = await userBy(clerkUserId);
    const placeholderOrg = await orgBy(org.id);
    expect(placeholderUser).toMatchObject({ email: null, name: null });
    expect(placeholderOrg).not.toBeNull();
    const membership = await db().userOrganization.findUniqueOrThrow({
      where: { userId_organizationId: { userId: placeholderUser!.id, organizationId: placeholderOrg!.id } },
    });
    expect(membership).toMatchObject({ role: 'ADMIN', status: 'ACTIVE' });

    await deliver('user.created', clerkUser(clerkUserId));
    await deliver('organization.created', { object: 'organization', ...org, name: `Acme Inc ${key}` });
    expect(await userBy(clerkUserId)).toMatchObject({ id: placeholderUser!.id, name: 'Ada Lovelace' });
    expect(await orgBy(org.id)).toMatchObject({ id: placeholderOrg!.id, name: `Acme Inc ${key}`, slug: org.slug });

    const audit = await db().auditLog.findMany({ where: { targetId: membership.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      organizationId: placeholderOrg!.id,
      actorId: null,
      action: 'MEMBERSHIP_CHANGE',
      targetType: 'MEMBERSHIP',
      before: null,
      after: { role: 'ADMIN', status: 'ACTIVE' },
    });
  });

  it('renames and deletes an organization; a slug taken from a stale row moves it to its placeholder', async () => {
    const key = unique();
    const a = { id: `org_wh_a_${key}`, name: 'A', slug: `a-${key}` };
    const b = { id: `org_wh_b_${key}`, name: 'B', slug: `b-${key}` };
    await deliver('organization.created', a);
    await deliver('organization.created', b);
    // B takes A's slug in Clerk before A's own rename reaches us.
    await deliver('organization.updated', { ...b, slug: a.slug });
    expect((await orgBy(b.id))!.slug).toBe(a.slug);
    expect((await orgBy(a.id))!.slug).toMatch(/^org-[0-9a-f]{16}$/);
    await deliver('organization.updated', { ...a, slug: `a2-${key}` });
    expect((await orgBy(a.id))!.slug).toBe(`a2-${key}`);

    await deliver('organization.deleted', { id: b.id, object: 'organization', deleted: true });
    expect((await orgBy(b.id))!.deletedAt).toBeInstanceOf(Date);
    await deliver('organization.updated', { ...b, name: 'B revived' });
    expect(await orgBy(b.id)).toMatchObject({ name: 'B' });
  });

  it('updates and removes a membership with audit rows; a removed member loses access', async () => {
    const clerkUserId = `user_wh_${unique()}`;
    const key = unique();
    const org = { id: `org_wh_${key}`, name: `Org ${key}`, slug: `org-wh-${key}` };
    await deliver('user.created', clerkUser(clerkUserId));
    await deliver('organization.created', org);
    await deliver('organizationMembership.created', clerkMembership(clerkUserId, org, 'org:member'));

    const claims = { clerkUserId, sessionId: 'sess_x', org: { clerkOrgId: org.id, role: 'member', slug: org.slug } };
    const asMember = await viewerFromClaims(claims);
    expect(asMember.role).toBe('MEMBER');
    expect(asMember.organizationId).toBe((await orgBy(org.id))!.id);

    await deliver('organizationMembership.updated', clerkMembership(clerkUserId, org, 'org:admin'));
    expect((await viewerFromClaims(claims)).role).toBe('ADMIN');
    // The same state again is no change: no audit row.
    await deliver('organizationMembership.updated', clerkMembership(clerkUserId, org, 'org:admin'));

    await deliver('organizationMembership.deleted', clerkMembership(clerkUserId, org, 'org:admin'));
    const membership = await db().userOrganization.findFirstOrThrow({
      where: { user: { clerkUserId }, organization: { clerkOrgId: org.id } },
    });
    expect(membership).toMatchObject({ role: 'ADMIN', status: 'REMOVED' });

    const audit = await db().auditLog.findMany({ where: { targetId: membership.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((row) => [row.before, row.after])).toEqual([
      [null, { role: 'MEMBER', status: 'ACTIVE' }],
      [{ role: 'MEMBER', status: 'ACTIVE' }, { role: 'ADMIN', status: 'ACTIVE' }],
      [{ role: 'ADMIN', status: 'ACTIVE' }, { role: 'ADMIN', status: 'REMOVED' }],
    ]);
    expect(audit.every((row) => row.actorId === null && row.organizationId === membership.organizationId)).toBe(true);

    // The lazy path reads the REMOVED row and does not recreate access from the token's claims.
    expect(await viewerFromClaims(claims)).toEqual({ userId: membership.userId, organizationId: null, role: null });
    expect((await db().userOrganization.findUniqueOrThrow({ where: { id: membership.id } })).status).toBe('REMOVED');
  });

  it('ignores membership deliveries older than the state applied, and never revives a deletion', async () => {
    const clerkUserId = `user_wh_${unique()}`;
    const key = unique();
    const org = { id: `org_wh_${key}`, name: `Org ${key}`, slug: `org-wh-${key}` };
    const t0 = Date.UTC(2026, 0, 1);
    // Clerk's order: created (t0), promoted (t0+1s), deleted (t0+2s); delivered in another order.
    await deliver('organizationMembership.created', clerkMembership(clerkUserId, org, 'org:member', t0));
    await deliver('organizationMembership.deleted', clerkMembership(clerkUserId, org, 'org:admin', t0 + 2000));
    await deliver('organizationMembership.updated', clerkMembership(clerkUserId, org, 'org:admin', t0 + 1000));
    await deliver('organizationMembership.created', clerkMembership(clerkUserId, org, 'org:member', t0));
    // Same time as the deletion: the removal wins.
    await deliver('organizationMembership.updated', clerkMembership(clerkUserId, org, 'org:admin', t0 + 2000));
    const membership = await db().userOrganization.findFirstOrThrow({
      where: { user: { clerkUserId }, organization: { clerkOrgId: org.id } },
    });
    expect(membership).toMatchObject({ role: 'ADMIN', status: 'REMOVED', clerkUpdatedAt: new Date(t0 + 2000) });
    const audit = await db().auditLog.findMany({ where: { targetId: membership.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((row) => row.after)).toEqual([
      { role: 'MEMBER', status: 'ACTIVE' },
      { role: 'ADMIN', status: 'REMOVED' },
    ]);
    // A genuine re-invite, newer than the deletion, reactivates.
    await deliver('organizationMembership.created', clerkMembership(clerkUserId, org, 'org:member', t0 + 3000));
    expect(await db().userOrganization.findUniqueOrThrow({ where: { id: membership.id } })).toMatchObject({
      role: 'MEMBER',
      status: 'ACTIVE',
    });
  });

  it('converges when deliveries for one membership race', async () => {
    const clerkUserId = `user_wh_${unique()}`;
    const key = unique();
    const org = { id: `org_wh_${key}`, name: `Org ${key}`, slug: `org-race-${key}` };
    const results = await Promise.all([
      deliver('organizationMembership.created', clerkMembership(clerkUserId, org, 'org:member')),
      deliver('user.created', clerkUser(clerkUserId)),
      deliver('organization.created', org),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await userBy(clerkUserId)).toMatchObject({ name: 'Ada Lovelace' });
    expect(await orgBy(org.id)).toMatchObject({ name: org.name, slug: org.slug });
    expect(
      await db().userOrganization.count({ where: { user: { clerkUserId }, organization: { clerkOrgId: org.id } } }),
    ).toBe(1);
  });
});

import { createHmac, createSign, generateKeyPairSync, randomBytes, webcrypto } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { createMember, createOrganization, createUser } from '../../../test/factories';
import { db } from '../db/client';
import { parseEnv } from '../env';
import { createApp } from '../../yoga';
import { signDevSessionToken } from './dev-keys';
import { createClerkViewerResolver } from './viewer-resolver';

// Tokens are signed here with a key pair made for this run, shaped like Clerk's session tokens;
// the verifier gets its public half as CLERK_JWT_KEY (networkless mode), as in production.
const rsaPair = (modulusLength = 2048) =>
  generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const keys = rsaPair();
const otherKeys = rsaPair();
const ISSUER = 'https://clerk.test.example.com';
const APP = 'https://app.example.com';
const settings = parseEnv({
  NODE_ENV: 'test',
  CLERK_JWT_KEY: keys.publicKey.replace(/\n/g, '\\n'), // one-line .env form
  CLERK_ISSUER: ISSUER,
  CLERK_AUTHORIZED_PARTIES: `http://localhost:3000, ${APP}`,
});
const resolve = createClerkViewerResolver(settings);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const unique = () => randomBytes(5).toString('hex');

function sign(payload: Record<string, unknown>, options: { alg?: string; key?: string; header?: object } = {}) {
  const { alg = 'RS256', key = keys.privateKey } = options;
  const input = `${b64({ alg, typ: 'JWT', kid: 'ins_test', ...options.header })}.${b64(payload)}`;
  const rsa = { RS256: 'RSA-SHA256', RS384: 'RSA-SHA384', RS512: 'RSA-SHA512' }[alg];
  if (rsa) return `${input}.${createSign(rsa).update(input).sign(key).toString('base64url')}`;
  if (alg === 'HS256') return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
  return `${input}.`;
}

function claims(overrides: Record<string, unknown> = {}) {
  const t = now();
  const ids = { sub: `user_${unique()}`, sid: `sess_${unique()}` };
  return { ...ids, iat: t, nbf: t - 5, exp: t + 60, iss: ISSUER, azp: APP, v: 2, ...overrides };
}

const request = (token?: string, scheme = 'Bearer') =>
  new Request('http://localhost/graphql', {
    headers: token === undefined ? {} : { authorization: `${scheme} ${token}` },
  });

async function rejection(token: string | Request, resolver = resolve) {
  const error = await resolver(typeof token === 'string' ? request(token) : token).then(() => null, (e: unknown) => e);
  expect(error).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  return (error as { extensions: { reason: string } }).extensions.reason;
}

/** An existing organization and member, and a token whose org claim names it. */
async function memberToken(role: 'OWNER' | 'ADMIN' | 'MEMBER' | 'VIEWER', tokenRole = 'admin') {
  const org = await createOrganization();
  const { user, viewer } = await createMember(org.id, role);
  const token = sign(claims({ sub: user.clerkUserId, o: { id: org.clerkOrgId, rol: tokenRole, slg: org.slug } }));
  return { org, user, viewer, token };
}

describe('Clerk session tokens', () => {
  it('maps a valid token to internal ids, taking the role from the database, not the token', async () => {
    const { viewer, token } = await memberToken('MEMBER', 'admin');
    await expect(resolve(request(token))).resolves.toEqual(viewer);
  });

  it('applies a role downgrade at once, although the token still says admin', async () => {
    const { org, user, token } = await memberToken('ADMIN');
    expect((await resolve(request(token)))?.role).toBe('ADMIN');
    await db().userOrganization.update({
      where: { userId_organizationId: { userId: user.id, organizationId: org.id } },
      data: { role: 'VIEWER' },
    });
    expect((await resolve(request(token)))?.role).toBe('VIEWER');
  });

  it('gives a REMOVED member no organization, and the token cannot bring the membership back', async () => {
    const { org, user, token } = await memberToken('ADMIN');
    const where = { userId_organizationId: { userId: user.id, organizationId: org.id } };
    await db().userOrganization.update({ where, data: { status: 'REMOVED' } });
    await expect(resolve(request(token))).resolves.toEqual({ userId: user.id, organizationId: null, role: null });
    expect(await db().userOrganization.findUnique({ where })).toMatchObject({ status: 'REMOVED', role: 'ADMIN' });
  });

  it('accepts v1 organization claims (org_id, org_role, org_slug) and tokens without `v`', async () => {
    const org = await createOrganization();
    const { user } = await createMember(org.id, 'OWNER');
    const v1 = claims({ sub: user.clerkUserId, org_id: org.clerkOrgId, org_role: 'org:admin', org_slug: org.slug });
    delete (v1 as { v?: number }).v;
    const expected = { userId: user.id, organizationId: org.id, role: 'OWNER' };
    await expect(resolve(request(sign(v1)))).resolves.toEqual(expected);
    await expect(resolve(request(sign({ ...v1, v: 1 })))).resolves.toMatchObject({ organizationId: org.id });
  });

  it('creates an unknown user, organization and membership on the first request, once', async () => {
    const key = unique();
    const o = { id: `org_new_${key}`, rol: 'admin', slg: `new-${key}` };
    const token = sign(claims({ sub: `user_new_${key}`, o }));
    // Concurrent first requests race on the unique keys; ON CONFLICT DO NOTHING settles them.
    const viewers = await Promise.all([1, 2, 3, 4].map(() => resolve(request(token))));
    expect(new Set(viewers.map((v) => JSON.stringify(v))).size).toBe(1);
    await resolve(request(token));
    const users = await db().user.findMany({ where: { clerkUserId: `user_new_${key}` } });
    const orgs = await db().organization.findMany({ where: { clerkOrgId: `org_new_${key}` } });
    expect(users).toHaveLength(1);
    expect(orgs).toMatchObject([{ slug: `new-${key}` }]);
    const memberships = await db().userOrganization.findMany({ where: { userId: users[0]!.id } });
    expect(memberships).toMatchObject([{ organizationId: orgs[0]!.id, role: 'ADMIN', status: 'ACTIVE' }]);
    expect(viewers[0]).toEqual({ userId: users[0]!.id, organizationId: orgs[0]!.id, role: 'ADMIN' });
    // The membership's creation is audited exactly once, however many first requests raced.
    const audit = await db().auditLog.findMany({ where: { organizationId: orgs[0]!.id } });
    expect(audit).toMatchObject([
      { action: 'MEMBERSHIP_CHANGE', targetType: 'MEMBERSHIP', actorId: null, before: null,
        after: { role: 'ADMIN', status: 'ACTIVE' } },
    ]);
  });

  it('falls back to a placeholder slug when the claimed slug belongs to another organization', async () => {
    const taken = await createOrganization();
    const id = `org_clash_${unique()}`;
    const viewer = await resolve(request(sign(claims({ o: { id, rol: 'member', slg: taken.slug } }))));
    const created = await db().organization.findUniqueOrThrow({ where: { clerkOrgId: id } });
    expect(created.slug).toMatch(/^org-[0-9a-f]{16}$/);
    expect(viewer).toMatchObject({ organizationId: created.id, role: 'MEMBER' });
  });

  it('signs a user without an organization claim in with no organization', async () => {
    const user = await createUser();
    await expect(resolve(request(sign(claims({ sub: user.clerkUserId }))))).resolves.toEqual({
      userId: user.id,
      organizationId: null,
      role: null,
    });
  });

  it('treats a missing or empty Authorization header as anonymous, and any other scheme as invalid', async () => {
    await expect(resolve(request())).resolves.toBeNull();
    await expect(resolve(request('', ''))).resolves.toBeNull();
    expect(await rejection(request('dXNlcjpwYXNz', 'Basic'))).toBe('malformed');
    expect(await rejection('not-a-jwt')).toBe('malformed');
  });

  it.each([
    ['expired', { exp: now() - 60 }, 'expired'],
    ['not yet valid beyond the skew', { nbf: now() + 60 }, 'not-yet-valid'],
    ['issued by another Clerk instance', { iss: 'https://evil.clerk.accounts.dev' }, 'issuer'],
    ['without an issuer', { iss: undefined }, 'issuer'],
    ['for another authorized party', { azp: 'https://evil.example.com' }, 'authorized-party'],
    ['without an authorized party', { azp: undefined }, 'authorized-party'],
    ['of a pending session', { sts: 'pending' }, 'pending-session'],
    ['of an unknown version', { v: 3 }, 'version'],
  ])('rejects a token %s', async (_name, overrides, reason) => {
    expect(await rejection(sign(claims(overrides)))).toBe(reason);
  });

  it('tolerates the configured clock skew and no more', async () => {
    const token = sign(claims({ exp: now() - 2, nbf: now() + 2 }));
    await expect(resolve(request(token))).resolves.not.toBeNull();
    const strict = createClerkViewerResolver({ ...settings, CLERK_CLOCK_SKEW_MS: 0 });
    expect(await rejection(token, strict)).toBe('expired');
    await expect(resolve(request(sign(claims({ sts: 'active' }))))).resolves.not.toBeNull();
  });

  it('rejects `alg: none`, HS256 keyed with the public key, and critical header extensions', async () => {
    expect(await rejection(sign(claims(), { alg: 'none' }))).toBe('algorithm');
    expect(await rejection(sign(claims(), { alg: 'HS256', key: keys.publicKey }))).toBe('algorithm');
    expect(await rejection(sign(claims(), { header: { crit: ['exp'] } }))).toBe('malformed');
  });

  it('rejects a tampered payload and a token signed with another key', async () => {
    const victim = await createUser();
    const [header, , signature] = sign(claims()).split('.');
    expect(await rejection(`${header}.${b64(claims({ sub: victim.clerkUserId }))}.${signature}`)).toBe('signature');
    expect(await rejection(sign(claims(), { key: otherKeys.privateKey }))).toBe('signature');
  });

  it('refuses a token of a user erased from the platform', async () => {
    const { user, token } = await memberToken('MEMBER');
    await db().user.update({ where: { id: user.id }, data: { deletedAt: new Date() } });
    expect(await rejection(token)).toBe('revoked');
  });
});

describe('tokens verified before', () => {
  it('are not verified again, but still expire on time and are verified afresh after that', async () => {
    const { user, token } = await memberToken('MEMBER');
    // Its own settings object, so its own remembered tokens (they are kept per settings).
    const resolver = createClerkViewerResolver({ ...settings, CLERK_CLOCK_SKEW_MS: 0 });
    const verify = jest.spyOn(webcrypto.subtle, 'verify');
    try {
      await expect(resolver(request(token))).resolves.toMatchObject({ userId: user.id });
      await expect(resolver(request(token))).resolves.toMatchObject({ userId: user.id });
      expect(verify).toHaveBeenCalledTimes(1);
      const realNow = Date.now();
      const clock = jest.spyOn(Date, 'now').mockReturnValue(realNow + 61_000);
      try {
        expect(await rejection(token, resolver)).toBe('expired');
      } finally {
        clock.mockRestore();
      }
      await expect(resolver(request(token))).resolves.toMatchObject({ userId: user.id });
      expect(verify).toHaveBeenCalledTimes(2);
    } finally {
      verify.mockRestore();
    }
  });

  it('count for the key they were verified with only', async () => {
    const { token } = await memberToken('MEMBER');
    await expect(resolve(request(token))).resolves.not.toBeNull();
    const otherKey = createClerkViewerResolver({ ...settings, CLERK_JWT_KEY: otherKeys.publicKey });
    expect(await rejection(token, otherKey)).toBe('signature');
  });
});

describe('development key', () => {
  const devToken = async () => {
    const { org, user, viewer } = await memberToken('MEMBER');
    const claim = { clerkOrgId: org.clerkOrgId, role: 'member', slug: org.slug };
    return { token: signDevSessionToken({ clerkUserId: user.clerkUserId, org: claim }), viewer };
  };

  it('is trusted outside production when no Clerk key is configured', async () => {
    const { token, viewer } = await devToken();
    const dev = createClerkViewerResolver(parseEnv({ NODE_ENV: 'development' }));
    await expect(dev(request(token))).resolves.toEqual(viewer);
  });

  it('is refused in production, and wherever a Clerk key is configured', async () => {
    const { token } = await devToken();
    expect(await rejection(token, createClerkViewerResolver(parseEnv({ NODE_ENV: 'production', SURVEY_TOKEN_SECRET: 's'.repeat(32), SURVEY_BASE_URL: 'https://survey.example.com/s' })))).toBe(
      'not-configured',
    );
    expect(await rejection(token, resolve)).toBe('signature');
  });
});

describe('settings', () => {
  it('refuses a key Clerk cannot load and, in production, a Clerk setup without issuer and parties', () => {
    const big = rsaPair(4096).publicKey;
    expect(() => parseEnv({ CLERK_JWT_KEY: big })).toThrow(/CLERK_JWT_KEY: must be the 2048-bit RSA/);
    expect(() => parseEnv({ NODE_ENV: 'production', SURVEY_TOKEN_SECRET: 's'.repeat(32), SURVEY_BASE_URL: 'https://survey.example.com/s', CLERK_JWT_KEY: keys.publicKey })).toThrow(
      /CLERK_ISSUER: is required[\s\S]*CLERK_AUTHORIZED_PARTIES: is required/,
    );
    expect(settings.CLERK_AUTHORIZED_PARTIES).toEqual(['http://localhost:3000', APP]);
    expect(settings.CLERK_CLOCK_SKEW_MS).toBe(5000);
  });
});

describe('through the HTTP pipeline', () => {
  const app = createApp({ resolveViewer: resolve, graphiql: false });
  const query = '{ viewer { role user { email } organization { slug } } }';
  const post = (token?: string) =>
    app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
    });

  it('answers 401 UNAUTHENTICATED, unmasked, for an invalid token', async () => {
    const response = await post(sign(claims({ exp: now() - 60 })));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = (await response.json()) as { data?: unknown; errors: { message: string; extensions: object }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: 'Not authenticated: session token expired',
        extensions: { code: 'UNAUTHENTICATED', reason: 'expired' },
      },
    ]);
  });

  it('answers the viewer for a valid token, and null without one', async () => {
    const { org, user, token } = await memberToken('ADMIN');
    const response = await post(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { viewer: { role: 'ADMIN', user: { email: user.email }, organization: { slug: org.slug } } },
    });
    expect(await (await post()).json()).toEqual({ data: { viewer: null } });
  });
});

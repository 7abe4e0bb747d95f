// npm run dev:token -- --user <email> [--org <slug>] [--ttl <seconds>]
// Prints a bearer token for a seeded user, signed with the public development key
// (src/lib/auth/dev-keys.ts). A server trusts it only outside production and only while no
// CLERK_JWT_KEY / CLERK_SECRET_KEY is configured. Paste it into GraphiQL's headers as
// {"Authorization": "Bearer <token>"}, or: curl -H "Authorization: Bearer $(npm run -s dev:token -- ...)".
import { parseArgs } from 'node:util';
import { verificationMode } from '../src/lib/auth/clerk';
import { DEV_AUTHORIZED_PARTY, signDevSessionToken } from '../src/lib/auth/dev-keys';
import { createDb } from '../src/lib/db/client';
import { runWithRlsBypass } from '../src/lib/db/tenant-scope';
import { env } from '../src/lib/env';

const fail = (message: string): never => {
  console.error(`dev:token: ${message}`);
  process.exit(1);
};

const { values } = parseArgs({
  options: { user: { type: 'string' }, org: { type: 'string' }, ttl: { type: 'string' } },
});
if (!values.user) fail('usage: npm run dev:token -- --user <email> [--org <slug>] [--ttl <seconds>]');
const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);
if (ttlSeconds !== undefined && !(Number.isInteger(ttlSeconds) && ttlSeconds > 0)) {
  fail('--ttl must be a positive integer');
}

const settings = env();
if (verificationMode(settings) !== 'dev') {
  fail('the server would refuse dev tokens: NODE_ENV is production or a Clerk key is configured');
}
// Same database as `npm start`: DATABASE_URL, or the embedded PostgreSQL it starts without one.
const url =
  settings.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${settings.EMBEDDED_PG_PORT}/influencer`;
// A developer tool reading across tenants: the login role, with row-level security explicitly bypassed.
const handle = createDb(url, { role: null });
try {
  await runWithRlsBypass('dev:token lookup', async () => {
    const users = await handle.prisma.user.findMany({
      where: { email: { equals: values.user, mode: 'insensitive' }, deletedAt: null },
      select: { id: true, clerkUserId: true },
      take: 2,
  });
  if (users.length !== 1) fail(users.length ? `more than one user has email ${values.user}` : `no user ${values.user}`);
  const user = users[0]!;
  let org: { clerkOrgId: string; role: string; slug: string } | null = null;
  if (values.org) {
    const organization = await handle.prisma.organization.findUnique({
      where: { slug: values.org },
      select: { id: true, clerkOrgId: true, slug: true },
    });
    if (!organization) fail(`no organization with slug ${values.org}`);
    const membership = await handle.prisma.userOrganization.findUnique({
      where: { userId_organizationId: { userId: user.id, organizationId: organization!.id } },
      select: { role: true, status: true },
    });
    if (membership?.status !== 'ACTIVE') {
      console.error(
        `dev:token: warning: ${values.user} is not an active member of ${values.org}; ` +
          'the API will answer with no organization',
      );
    }
    // The claim mirrors Clerk's; the API ignores it and reads the role from the database.
    const role = (membership?.role ?? 'MEMBER').toLowerCase();
    org = { clerkOrgId: organization!.clerkOrgId, role, slug: organization!.slug };
  }
  const azp = settings.CLERK_AUTHORIZED_PARTIES?.[0] ?? DEV_AUTHORIZED_PARTY;
  console.log(signDevSessionToken({ clerkUserId: user.clerkUserId, org, azp, ttlSeconds }));
  });
} finally {
  await handle.close();
}

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { viewerFromClaims } from '../../src/lib/auth/viewer-resolver';
import { createDb, db, setDb, type DbHandle } from '../../src/lib/db/client';
import { runAsTenant, runWithRlsBypass, setTenantInTransaction } from '../../src/lib/db/tenant-scope';
import { eraseUserById } from '../../src/modules/privacy/erasure.service';
import { handleClerkEvent } from '../../src/modules/webhooks/clerk-webhook.service';
import { TestClient } from '../client';
import { createCampaign, createCreativeAsset, createMember, createOrganization } from '../factories';
import { tapPool } from '../sql-recorder';

/**
 * PostgreSQL row-level security (migration 20261125110000_row_level_security) as the API's runtime
 * role meets it. The harness's own connection is the superuser, which bypasses RLS; here a second
 * client runs every connection as app_runtime (DATABASE_RUNTIME_ROLE), and the queries carry NO
 * tenant filter of their own: whatever they see is what the policies let through.
 */

const url = process.env.TEST_DATABASE_URL!;
const unique = () => randomBytes(5).toString('hex');

async function sqlStateOf(operation: Promise<unknown>): Promise<string> {
  try {
    await operation;
  } catch (error) {
    const e = error as { cause?: Record<string, unknown>; meta?: { driverAdapterError?: { cause?: Record<string, unknown> } } };
    const cause = e.meta?.driverAdapterError?.cause ?? e.cause ?? {};
    return String(cause.originalCode ?? cause.code ?? (error as Error).message);
  }
  throw new Error('expected the database to reject the operation, but it succeeded');
}

let runtime: DbHandle;
/** Every SQL text the runtime pool sends, for counting statements. */
const sent: string[] = [];

type Seeded = Awaited<ReturnType<typeof seedTenant>>;
let a: Seeded;
let b: Seeded;

async function seedTenant() {
  const organization = await createOrganization();
  const { user, viewer } = await createMember(organization.id, 'ADMIN');
  const campaign = await createCampaign(organization.id, user.id);
  const asset = await createCreativeAsset(campaign, user.id);
  const audit = await db().auditLog.create({
    data: { organizationId: organization.id, actorId: user.id, action: 'CREATE', targetType: 'CAMPAIGN', targetId: campaign.id },
  });
  return { organization, user, viewer, campaign, asset, audit };
}

beforeAll(async () => {
  runtime = createDb(url, { role: 'app_runtime' });
  tapPool(runtime.pool, (text) => sent.push(text));
  [a, b] = await Promise.all([seedTenant(), seedTenant()]);
});

afterAll(async () => {
  await runtime.close();
});

describe('row-level security on the runtime role', () => {
  it('the runtime role is neither superuser nor BYPASSRLS, owns nothing, and is what the connections run as', async () => {
    const [role] = await db().$queryRaw<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }[]>`
      SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = 'app_runtime'`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
    const [owned] = await db().$queryRaw<{ n: number }[]>`
      SELECT ((SELECT count(*) FROM pg_class WHERE relowner = r.oid)
            + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
            + (SELECT count(*) FROM pg_type WHERE typowner = r.oid)
            + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid))::int AS n
      FROM pg_roles r WHERE r.rolname = 'app_runtime'`;
    expect(owned!.n).toBe(0);
    const [who] = await runtime.prisma.$queryRaw<{ current_user: string; session_user: string }[]>`SELECT current_user, session_user`;
    expect(who!.current_user).toBe('app_runtime');
  });

  it('every table with organizationId, and Organization, has forced RLS and the tenant_isolation policy', async () => {
    const rows = await db().$queryRaw<{ table: string; rls: boolean; forced: boolean; policy: boolean }[]>`
      SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
             EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation') AS policy
      FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
        AND (c.relname = 'Organization'
             OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organizationId' AND NOT a.attisdropped))
      ORDER BY 1`;
    expect(rows.length).toBeGreaterThanOrEqual(18);
    for (const row of rows) expect(row).toEqual({ table: row.table, rls: true, forced: true, policy: true });
    // Shared tables stay open: users (many organizations each) and the public marketplace.
    const open = await db().$queryRaw<{ relname: string; relrowsecurity: boolean }[]>`
      SELECT relname, relrowsecurity FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relname IN ('User', 'MarketplaceInfluencer', 'InfluencerProfile', 'WebhookEvent')`;
    expect(open.every((r) => !r.relrowsecurity)).toBe(true);
  });

  it('inside runAsTenant(A) an unfiltered findMany/count sees only organization A', async () => {
    const p = runtime.prisma;
    await runAsTenant(a.organization.id, async () => {
      expect((await p.campaignWizard.findMany()).map((r) => r.id)).toEqual([a.campaign.id]);
      expect((await p.creativeAsset.findMany()).map((r) => r.id)).toEqual([a.asset.id]);
      expect((await p.auditLog.findMany()).map((r) => r.id)).toEqual([a.audit.id]);
      const memberships = await p.userOrganization.findMany();
      expect(memberships.map((r) => r.userId)).toEqual([a.user.id]);
      expect((await p.organization.findMany()).map((r) => r.id)).toEqual([a.organization.id]);
      expect(await p.campaignWizard.count()).toBe(1);
      expect(await p.userOrganization.count()).toBe(1);
      expect(await p.auditLog.count()).toBe(1);
      expect(await p.creativeAsset.count()).toBe(1);
      // Nested reads (relation joins) are filtered too, and raw queries run in the scope.
      const users = await p.user.findMany({ where: { id: { in: [a.user.id, b.user.id] } }, include: { memberships: true } });
      expect(users.flatMap((u) => u.memberships.map((m) => m.organizationId))).toEqual([a.organization.id]);
      const [setting] = await p.$queryRaw<{ org: string }[]>`SELECT current_setting('app.organization_id', true) AS org`;
      expect(setting!.org).toBe(a.organization.id);
    });
  });

  it('an $extends-ed client keeps the scope (the replica routing extends the primary)', async () => {
    const extended = runtime.prisma.$extends({ query: { $allOperations: ({ args, query }) => query(args) } });
    const seen = await runAsTenant(a.organization.id, () => extended.campaignWizard.findMany());
    expect(seen.map((r) => r.id)).toEqual([a.campaign.id]);
  });

  it('an operation runs in the scope it was called in, however it is awaited', async () => {
    const p = runtime.prisma;
    const inA = runAsTenant(a.organization.id, () => p.campaignWizard.findMany());
    const calledInB = runAsTenant(b.organization.id, () => [p.campaignWizard.findMany()] as const);
    const [fromB] = await runAsTenant(a.organization.id, async () => calledInB);
    expect((await inA).map((r) => r.id)).toEqual([a.campaign.id]);
    expect((await fromB).map((r) => r.id)).toEqual([b.campaign.id]);
  });

  it('lookups by id of two tenants in the same tick each run in their own scope', async () => {
    // Prisma batches findUnique calls of one tick into one query unless each runs in its own
    // transaction: one tenant must not read the other's row through the other's settings.
    const p = runtime.prisma;
    const ids = [a.campaign.id, b.campaign.id];
    const [aSees, bSees] = await Promise.all([
      runAsTenant(a.organization.id, () => Promise.all(ids.map((id) => p.campaignWizard.findUnique({ where: { id } })))),
      runAsTenant(b.organization.id, () => Promise.all(ids.map((id) => p.campaignWizard.findUnique({ where: { id } })))),
    ]);
    expect(aSees.map((r) => r?.id ?? null)).toEqual([a.campaign.id, null]);
    expect(bSees.map((r) => r?.id ?? null)).toEqual([null, b.campaign.id]);
  });

  it("inside runAsTenant(A) writes to organization B's rows fail or touch nothing", async () => {
    const p = runtime.prisma;
    await runAsTenant(a.organization.id, async () => {
      await expect(
        sqlStateOf(p.campaignWizard.create({ data: { organizationId: b.organization.id, createdById: a.user.id, name: `Smuggled ${unique()}` } })),
      ).resolves.toBe('42501');
      // Moving an own row into B is refused by WITH CHECK.
      await expect(
        sqlStateOf(p.campaignWizard.update({ where: { id: a.campaign.id }, data: { organizationId: b.organization.id } })),
      ).resolves.not.toBe('');
      expect((await p.campaignWizard.updateMany({ where: { id: b.campaign.id }, data: { name: 'Hijacked' } })).count).toBe(0);
      expect((await p.creativeAsset.deleteMany({ where: { id: b.asset.id } })).count).toBe(0);
      expect((await p.userOrganization.deleteMany({ where: { userId: b.user.id } })).count).toBe(0);
      expect((await p.organization.updateMany({ where: { id: b.organization.id }, data: { name: 'Hijacked' } })).count).toBe(0);
      // Own rows can be written.
      expect((await p.campaignWizard.updateMany({ where: { id: a.campaign.id }, data: { description: 'ok' } })).count).toBe(1);
    });
    const untouched = await db().campaignWizard.findUniqueOrThrow({ where: { id: b.campaign.id } });
    expect(untouched.name).toBe(b.campaign.name);
    expect(await db().creativeAsset.count({ where: { id: b.asset.id } })).toBe(1);
    expect((await db().campaignWizard.findUniqueOrThrow({ where: { id: a.campaign.id } })).organizationId).toBe(a.organization.id);
  });

  it('without a scope the runtime role sees no tenant rows (fails closed), with runAsTenant(null) neither', async () => {
    const p = runtime.prisma;
    expect(await p.campaignWizard.findMany()).toEqual([]);
    expect(await p.userOrganization.count()).toBe(0);
    expect(await p.organization.count()).toBe(0);
    expect(await p.auditLog.findMany()).toEqual([]);
    expect(await runAsTenant(null, () => p.creativeAsset.findMany())).toEqual([]);
    // The transaction-local setting never outlives its query on the pooled connection.
    for (let i = 0; i < 5; i += 1) {
      const [row] = await p.$queryRaw<{ org: string | null }[]>`SELECT current_setting('app.organization_id', true) AS org`;
      expect(row!.org ?? '').toBe('');
    }
    // Public marketplace data needs no scope.
    await expect(p.marketplaceInfluencer.count()).resolves.toEqual(expect.any(Number));
  });

  it('runWithRlsBypass sees every tenant', async () => {
    const ids = [a.campaign.id, b.campaign.id];
    const seen = await runWithRlsBypass('rls test', () => runtime.prisma.campaignWizard.findMany({ where: { id: { in: ids } } }));
    expect(seen.map((r) => r.id).sort()).toEqual([...ids].sort());
    const orgs = await runWithRlsBypass('rls test', () =>
      runtime.prisma.organization.count({ where: { id: { in: [a.organization.id, b.organization.id] } } }),
    );
    expect(orgs).toBe(2);
  });

  it('an interactive transaction takes its scope from setTenantInTransaction, not from the enclosing scope', async () => {
    const seen = await runAsTenant(b.organization.id, () =>
      runtime.prisma.$transaction(async (tx) => {
        await setTenantInTransaction(tx, { organizationId: a.organization.id });
        return tx.campaignWizard.findMany();
      }),
    );
    expect(seen.map((r) => r.id)).toEqual([a.campaign.id]);
  });

  it('the session lookup function sees any organization’s membership, and leaves the bypass as it found it', async () => {
    const clerk = await db().organization.findUniqueOrThrow({ where: { id: b.organization.id }, select: { clerkOrgId: true } });
    const user = await db().user.findUniqueOrThrow({ where: { id: b.user.id }, select: { clerkUserId: true } });
    const [found, campaignsAfter, bypassAfter] = await runtime.prisma.$transaction(async (tx) => {
      await setTenantInTransaction(tx, { organizationId: a.organization.id });
      const rows = await tx.$queryRaw<{ organizationId: string; role: string }[]>`
        SELECT * FROM app_session_lookup(${user.clerkUserId}, ${clerk.clerkOrgId})`;
      const campaigns = await tx.campaignWizard.findMany();
      const [setting] = await tx.$queryRaw<{ bypass: string }[]>`SELECT current_setting('app.rls_bypass', true) AS bypass`;
      return [rows, campaigns, setting!.bypass] as const;
    });
    expect(found).toEqual([expect.objectContaining({ organizationId: b.organization.id, role: 'ADMIN' })]);
    expect(campaignsAfter.map((r) => r.id)).toEqual([a.campaign.id]);
    expect(bypassAfter).toBe('off');
  });

  it('the runtime role cannot UPDATE or DELETE the audit log, even its own organization, even with the bypass', async () => {
    const p = runtime.prisma;
    await runAsTenant(a.organization.id, async () => {
      await expect(sqlStateOf(p.auditLog.deleteMany({ where: { id: a.audit.id } }))).resolves.toBe('42501');
      await expect(sqlStateOf(p.auditLog.updateMany({ where: { id: a.audit.id }, data: { requestId: 'x' } }))).resolves.toBe('42501');
      // Appending works.
      await p.auditLog.create({
        data: { organizationId: a.organization.id, actorId: a.user.id, action: 'COMMENT', targetType: 'CAMPAIGN', targetId: a.campaign.id },
      });
    });
    await runWithRlsBypass('rls test', async () => {
      await expect(sqlStateOf(p.auditLog.deleteMany({ where: { id: b.audit.id } }))).resolves.toBe('42501');
    });
    expect(await db().auditLog.count({ where: { id: { in: [a.audit.id, b.audit.id] } } })).toBe(2);
  });
});

describe('the API on the runtime role', () => {
  let original: DbHandle | undefined;
  beforeAll(() => {
    original = setDb(runtime);
  });
  afterAll(() => {
    if (original) setDb(original);
  });

  it('erasing a user works on the runtime role: audit snapshots are scrubbed, rows are kept', async () => {
    // Rows are made as the superuser (factories), the erasure runs as app_runtime.
    setDb(original!);
    const org = await createOrganization();
    const { user } = await createMember(org.id, 'MEMBER');
    const entry = await db().auditLog.create({
      data: {
        organizationId: org.id, actorId: user.id, action: 'UPDATE', targetType: 'USER', targetId: user.id,
        before: { email: user.email }, after: { email: 'new@example.com' },
      },
    });
    setDb(runtime);
    await eraseUserById(user.id, { actorId: null, reason: 'rls test' });
    const superuser = original!.prisma;
    const scrubbed = await superuser.auditLog.findUniqueOrThrow({ where: { id: entry.id } });
    expect(JSON.stringify(scrubbed.before)).not.toContain(user.email!);
    expect(scrubbed.actorId).toBe(user.id);
    expect(await superuser.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email: null, name: null });
  });

  it("the operation's execution runs in the viewer's scope (resolvers see organization A)", async () => {
    const client = new TestClient(a.viewer);
    sent.length = 0;
    const data = await client.data<{ viewer: { organization: { slug: string } | null } }>(`{ viewer { organization { slug } } }`);
    expect(data.viewer.organization).toEqual({ slug: a.organization.slug });
    // Every statement of the request ran inside a scoped transaction: BEGIN, set_config, query, COMMIT.
    const statements = sent.filter((s) => !/^(BEGIN|COMMIT|ROLLBACK)$/i.test(s.trim()) && !s.includes('set_config'));
    expect(sent.filter((s) => s.includes('set_config'))).toHaveLength(statements.length);
    expect(sent.filter((s) => /^BEGIN$/i.test(s.trim()))).toHaveLength(statements.length);
    expect(sent).toHaveLength(statements.length * 4);
  });

  it("a viewer of A asking node(id) of B's organization gets null", async () => {
    const client = new TestClient(a.viewer);
    const result = await client.request(`query($id: ID!) { node(id: $id) { id ... on Organization { slug } } }`, {
      id: encodeGlobalID('Organization', b.organization.id),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.node ?? null).toBeNull();
    const own = await client.data<{ node: { slug: string } | null }>(`query($id: ID!) { node(id: $id) { ... on Organization { slug } } }`, {
      id: encodeGlobalID('Organization', a.organization.id),
    });
    expect(own.node).toEqual({ slug: a.organization.slug });
  });

  it('anonymous marketplace reads work (public tables have no RLS)', async () => {
    const data = await new TestClient(null).data<{ marketplaceInfluencers: { totalCount: number } }>(
      `{ marketplaceInfluencers(first: 1) { ... on MarketplaceInfluencerConnection { totalCount } } }`,
    );
    expect(data.marketplaceInfluencers.totalCount).toEqual(expect.any(Number));
  });

  it('the lazy creation on sign-in creates organization and membership through the bypass', async () => {
    const key = unique();
    const viewer = await viewerFromClaims({
      clerkUserId: `user_rls_${key}`,
      sessionId: `sess_${key}`,
      org: { clerkOrgId: `org_rls_${key}`, role: 'org:admin', slug: `rls-${key}` },
    });
    expect(viewer.organizationId).toEqual(expect.any(String));
    expect(viewer.role).toBe('ADMIN');
    expect(await original!.prisma.userOrganization.count({ where: { organizationId: viewer.organizationId! } })).toBe(1);
  });

  it('a Clerk webhook writes across tenants through the bypass', async () => {
    const key = unique();
    const outcome = await handleClerkEvent(
      {
        type: 'organizationMembership.created',
        data: {
          role: 'org:member',
          organization: { id: `org_rls_wh_${key}`, name: 'Webhook Org', slug: `rls-wh-${key}` },
          public_user_data: { user_id: `user_rls_wh_${key}` },
        },
      },
      `msg_rls_${key}`,
    );
    expect(outcome).toEqual({ status: 'applied', type: 'organizationMembership.created' });
    const org = await original!.prisma.organization.findUniqueOrThrow({ where: { clerkOrgId: `org_rls_wh_${key}` } });
    expect(await original!.prisma.userOrganization.count({ where: { organizationId: org.id } })).toBe(1);
    expect(await original!.prisma.auditLog.count({ where: { organizationId: org.id } })).toBe(1);
  });
});

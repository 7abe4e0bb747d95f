import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { TestClient } from '../../../test/client';
import { createMember, createOrganization, createUser } from '../../../test/factories';
import type { AuditAction, AuditTargetType } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { viewerFromClaims } from '../../lib/auth/viewer-resolver';
import { db } from '../../lib/db/client';
import { MAX_PAGE_SIZE } from '../common/pagination';
import { handleClerkEvent } from '../webhooks/clerk-webhook.service';
import { changedFields, recordAudit } from './audit.service';

const QUERY = `query($first: Int, $after: String, $filter: AuditLogFilterInput) {
  auditLog(first: $first, after: $after, filter: $filter) {
    __typename
    ... on AuditLogConnection {
      totalCount
      edges { cursor node { id action targetType targetId actorId actorName before after requestId createdAt } }
      pageInfo { hasNextPage endCursor }
    }
    ... on Error { message code }
    ... on ValidationError { issues { path message } }
  }
}`;

interface Node { id: string; action: string; targetType: string; targetId: string; actorId: string | null; actorName: string | null; before: unknown; after: unknown; createdAt: string }
interface Page {
  auditLog: {
    __typename: string;
    totalCount: number;
    edges: { cursor: string; node: Node }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    code?: string;
    issues?: { path: string[]; message: string }[];
  };
}

const BASE = Date.parse('2026-01-01T00:00:00.000Z');

/** An audit row at BASE + `minutes` (explicit times, so ordering does not depend on the clock). */
function entry(organizationId: string, minutes: number, overrides: Partial<{ actorId: string | null; action: AuditAction; targetType: AuditTargetType; targetId: string }> = {}) {
  return db().auditLog.create({
    data: {
      organizationId,
      actorId: null,
      action: 'UPDATE',
      targetType: 'CAMPAIGN',
      targetId: randomUUID(),
      before: { name: 'old' },
      after: { name: 'new' },
      createdAt: new Date(BASE + minutes * 60_000),
      ...overrides,
    },
  });
}

/** Org A with an admin, an actor, and five entries; org B with its own admin and entry. */
async function fixture() {
  const orgA = await createOrganization();
  const orgB = await createOrganization();
  const admin = await createMember(orgA.id, 'ADMIN');
  const actor = await createMember(orgA.id, 'MEMBER');
  const target = randomUUID();
  const rows = [
    await entry(orgA.id, 1, { action: 'CREATE', targetId: target, actorId: actor.user.id }),
    await entry(orgA.id, 2, { action: 'UPDATE', targetId: target, actorId: actor.user.id }),
    await entry(orgA.id, 3, { action: 'STATUS_CHANGE', targetId: target }),
    await entry(orgA.id, 4, { action: 'MEMBERSHIP_CHANGE', targetType: 'MEMBERSHIP' }),
    await entry(orgA.id, 4, { action: 'UPDATE', targetType: 'CREATIVE_ASSET' }), // same instant: tie on id
  ];
  const foreignAdmin = await createMember(orgB.id, 'ADMIN');
  const foreign = await entry(orgB.id, 5, { action: 'UPDATE' });
  // Newest first, ties broken on id descending.
  const expected = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  return { orgA, orgB, admin, actor, target, rows, expected, foreignAdmin, foreign };
}

const gid = (id: string) => encodeGlobalID('AuditLog', id);

describe('auditLog: admins read their own organization', () => {
  it('ADMIN and OWNER see their entries newest first with totalCount; foreign entries never', async () => {
    const f = await fixture();
    const owner = await createMember(f.orgA.id, 'OWNER');
    for (const viewer of [f.admin.viewer, owner.viewer]) {
      const page = await new TestClient(viewer).data<Page>(QUERY, { first: 10 });
      expect(page.auditLog.__typename).toBe('AuditLogConnection');
      expect(page.auditLog.totalCount).toBe(5);
      expect(page.auditLog.edges.map((e) => e.node.id)).toEqual(f.expected.map((r) => gid(r.id)));
      expect(JSON.stringify(page)).not.toContain(f.foreign.id);
    }
    const first = (await new TestClient(f.admin.viewer).data<Page>(QUERY, { first: 10 })).auditLog.edges.at(-1)!.node;
    expect(first).toMatchObject({
      action: 'CREATE',
      targetType: 'CAMPAIGN',
      targetId: f.target,
      actorId: encodeGlobalID('User', f.actor.user.id),
      actorName: f.actor.user.name,
      before: { name: 'old' },
      after: { name: 'new' },
      createdAt: new Date(BASE + 60_000).toISOString(),
    });
  });

  it('each filter narrows the list and the count', async () => {
    const f = await fixture();
    const client = new TestClient(f.admin.viewer);
    const ids = async (filter: Record<string, unknown>) => {
      const page = await client.data<Page>(QUERY, { first: 10, filter });
      expect(page.auditLog.totalCount).toBe(page.auditLog.edges.length);
      return page.auditLog.edges.map((e) => e.node.id);
    };
    const idsOf = (pick: (r: (typeof f.rows)[number]) => boolean) => f.expected.filter(pick).map((r) => gid(r.id));
    expect(await ids({ actions: ['UPDATE'] })).toEqual(idsOf((r) => r.action === 'UPDATE'));
    expect(await ids({ actions: ['CREATE', 'STATUS_CHANGE'] })).toEqual(idsOf((r) => ['CREATE', 'STATUS_CHANGE'].includes(r.action)));
    expect(await ids({ targetType: 'MEMBERSHIP' })).toEqual(idsOf((r) => r.targetType === 'MEMBERSHIP'));
    expect(await ids({ targetId: f.target })).toEqual(idsOf((r) => r.targetId === f.target));
    expect(await ids({ actorId: encodeGlobalID('User', f.actor.user.id) })).toEqual(idsOf((r) => r.actorId === f.actor.user.id));
    const from = new Date(BASE + 2 * 60_000).toISOString();
    const to = new Date(BASE + 3 * 60_000).toISOString();
    expect(await ids({ from, to })).toEqual(idsOf((r) => r.createdAt.toISOString() >= from && r.createdAt.toISOString() <= to));
    expect(await ids({ from: to })).toHaveLength(3);
    expect(await ids({ to: from })).toHaveLength(2);
    expect(await ids({ targetId: f.target, actions: ['UPDATE'] })).toEqual([gid(f.rows[1]!.id)]);
  });

  it('cursor pages stay stable when new entries arrive between pages', async () => {
    const f = await fixture();
    const client = new TestClient(f.admin.viewer);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Page = await client.data<Page>(QUERY, { first: 2, after });
      seen.push(...page.auditLog.edges.map((e) => e.node.id));
      after = page.auditLog.pageInfo.hasNextPage ? page.auditLog.pageInfo.endCursor : null;
      // A newer entry (and one in the same instant as the newest) lands while the client pages.
      await entry(f.orgA.id, 100 + pages++);
    } while (after);
    expect(seen).toEqual(f.expected.map((r) => gid(r.id)));
  });

  it('caps the page size at MAX_PAGE_SIZE', async () => {
    const org = await createOrganization();
    const { viewer } = await createMember(org.id, 'OWNER');
    const data = Array.from({ length: MAX_PAGE_SIZE + 1 }, () => ({ organizationId: org.id, action: 'UPDATE' as const, targetType: 'CAMPAIGN' as const, targetId: randomUUID() }));
    await db().auditLog.createMany({ data });
    const page = await new TestClient(viewer).data<Page>(QUERY, { first: 500 });
    expect(page.auditLog.edges).toHaveLength(MAX_PAGE_SIZE);
    expect(page.auditLog.totalCount).toBe(MAX_PAGE_SIZE + 1);
    expect(page.auditLog.pageInfo.hasNextPage).toBe(true);
  });

  it('a `to` before `from` is a ValidationError naming the field, with no data', async () => {
    const f = await fixture();
    const page = await new TestClient(f.admin.viewer).data<Page>(QUERY, {
      filter: { from: new Date(BASE + 60_000).toISOString(), to: new Date(BASE).toISOString() },
    });
    expect(page.auditLog).toEqual({
      __typename: 'ValidationError',
      message: 'Invalid audit log filter',
      code: 'BAD_USER_INPUT',
      issues: [{ path: ['filter', 'to'], message: expect.any(String) }],
    });
  });

  it('an actorId that is not a User global id is rejected', async () => {
    const f = await fixture();
    const result = await new TestClient(f.admin.viewer).request<Page>(QUERY, { filter: { actorId: gid(f.rows[0]!.id) } });
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.data?.auditLog ?? null).toBeNull();
  });
});

describe('auditLog: everyone else is refused', () => {
  const refused = async (viewer: Viewer | null, secret: string) => {
    const result = await new TestClient(viewer).request(QUERY, { first: 10 });
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.errors![0]!.message).toMatch(/Not authorized/);
    expect(result.data ?? null).toBeNull();
    expect(JSON.stringify(result)).not.toContain(secret);
  };

  it('MEMBER, VIEWER, anonymous and a viewer with no organization get an error and no data', async () => {
    const f = await fixture();
    await refused(f.actor.viewer, f.rows[0]!.id);
    await refused((await createMember(f.orgA.id, 'VIEWER')).viewer, f.rows[0]!.id);
    await refused(null, f.rows[0]!.id);
    await refused({ userId: f.admin.user.id, organizationId: null, role: null }, f.rows[0]!.id);
  });

  it('a REMOVED admin (viewer built from Clerk claims) is refused', async () => {
    const f = await fixture();
    const user = await createUser();
    await db().userOrganization.create({ data: { userId: user.id, organizationId: f.orgA.id, role: 'ADMIN', status: 'REMOVED' } });
    const viewer = await viewerFromClaims({
      clerkUserId: user.clerkUserId,
      sessionId: 'sess_removed',
      org: { clerkOrgId: f.orgA.clerkOrgId, role: 'admin', slug: f.orgA.slug },
    });
    expect(viewer).toEqual({ userId: user.id, organizationId: null, role: null });
    await refused(viewer, f.rows[0]!.id);
  });

  it("another organization's ADMIN sees none of A's entries, by list, node(id:) or nodes(ids:)", async () => {
    const f = await fixture();
    const client = new TestClient(f.foreignAdmin.viewer);
    const page = await client.data<Page>(QUERY, { first: 100 });
    expect(page.auditLog.edges.map((e) => e.node.id)).toEqual([gid(f.foreign.id)]);
    expect(page.auditLog.totalCount).toBe(1);

    const node = await client.request(`query($id: ID!) { node(id: $id) { id ... on AuditLog { targetId } } }`, { id: gid(f.rows[0]!.id) });
    expect(node.data?.node ?? null).toBeNull();
    expect(JSON.stringify(node)).not.toContain(f.rows[0]!.targetId);

    const nodes = await client.data<{ nodes: ({ id: string } | null)[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: [gid(f.foreign.id), gid(f.rows[0]!.id)] },
    );
    expect(nodes.nodes).toEqual([{ id: gid(f.foreign.id) }, null]);
  });

  it('node(id:) gives an admin their own entry', async () => {
    const f = await fixture();
    const result = await new TestClient(f.admin.viewer).data<{ node: { targetId: string } | null }>(
      `query($id: ID!) { node(id: $id) { ... on AuditLog { targetId actorName } } }`,
      { id: gid(f.rows[0]!.id) },
    );
    expect(result.node).toEqual({ targetId: f.target, actorName: f.actor.user.name });
  });
});

describe('recordAudit and changedFields', () => {
  it('changedFields keeps only fields whose stored values differ, ignoring updatedAt', () => {
    const at = new Date('2026-02-01T00:00:00.000Z');
    expect(changedFields({ a: 1, b: 'x', updatedAt: at }, { a: 1, b: 'y', updatedAt: new Date() })).toEqual({
      before: { b: 'x' },
      after: { b: 'y' },
    });
    expect(changedFields({ a: 1 }, { a: 1 })).toEqual({ before: {}, after: {} });
    expect(changedFields({ d: at }, { d: at.toISOString() })).toEqual({ before: {}, after: {} });
    expect(changedFields({ n: 1n, o: { x: 1, y: [1, 2] } }, { n: 2n, o: { y: [1, 2], x: 1 } })).toEqual({
      before: { n: '1' },
      after: { n: '2' },
    });
    expect(changedFields({ gone: 'v' }, { added: 'w' })).toEqual({
      before: { gone: 'v', added: null },
      after: { gone: null, added: 'w' },
    });
    expect(changedFields({ a: null }, { a: undefined })).toEqual({ before: {}, after: {} });
  });

  it('stores the diff for an edit, and whole snapshots for a create', async () => {
    const org = await createOrganization();
    const user = await createUser();
    const targetId = randomUUID();
    const edit = await recordAudit(db(), {
      organizationId: org.id,
      actorId: user.id,
      action: 'UPDATE',
      targetType: 'CAMPAIGN',
      targetId,
      before: { name: 'A', budget: '10.00', updatedAt: new Date(0) },
      after: { name: 'B', budget: '10.00', updatedAt: new Date() },
      requestId: 'req-12345678',
    });
    const created = await db().$transaction((tx) =>
      recordAudit(tx, { organizationId: org.id, actorId: null, action: 'CREATE', targetType: 'CAMPAIGN', targetId, after: { name: 'A' } }),
    );
    const rows = await db().auditLog.findMany({ where: { id: { in: [edit.id, created.id] } } });
    expect(rows.find((r) => r.id === edit.id)).toMatchObject({ before: { name: 'A' }, after: { name: 'B' }, actorId: user.id, requestId: 'req-12345678' });
    expect(rows.find((r) => r.id === created.id)).toMatchObject({ before: null, after: { name: 'A' }, actorId: null, requestId: null });
  });

  it('Clerk membership webhooks still write before/after through recordAudit', async () => {
    const key = randomUUID().slice(0, 8);
    const clerkUserId = `user_audit_${key}`;
    const organization = { id: `org_audit_${key}`, name: `Org ${key}`, slug: `org-audit-${key}` };
    const membership = (role: string) => ({ role, organization, public_user_data: { user_id: clerkUserId } });
    await handleClerkEvent({ type: 'organizationMembership.created', data: membership('org:member') }, `msg_${randomUUID()}`);
    await handleClerkEvent({ type: 'organizationMembership.updated', data: membership('org:admin') }, `msg_${randomUUID()}`);
    const org = await db().organization.findUniqueOrThrow({ where: { clerkOrgId: organization.id } });
    const rows = await db().auditLog.findMany({ where: { organizationId: org.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    expect(rows.map((r) => [r.action, r.targetType, r.actorId, r.before, r.after])).toEqual([
      ['MEMBERSHIP_CHANGE', 'MEMBERSHIP', null, null, { role: 'MEMBER', status: 'ACTIVE' }],
      ['MEMBERSHIP_CHANGE', 'MEMBERSHIP', null, { role: 'MEMBER', status: 'ACTIVE' }, { role: 'ADMIN', status: 'ACTIVE' }],
    ]);
  });
});

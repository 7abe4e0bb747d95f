import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { TestClient } from '../../../test/client';
import { createCampaign, createCreativeAsset, createMember, createOrganization } from '../../../test/factories';
import { db } from '../../lib/db/client';
import { recordAudit } from '../audit/audit.service';
import { eraseUserById } from './erasure.service';
import { PERSONAL_DATA } from './personal-data';
import { runJob } from '../../../test/support/server-process';
import { RETAINED_PREFIX, runRetention } from './retention.service';

const unique = () => randomBytes(5).toString('hex');
const DAY = 24 * 60 * 60 * 1000;

async function createStudy(campaign: { id: string; organizationId: string }, createdById: string) {
  return db().brandLiftStudy.create({
    data: {
      organizationId: campaign.organizationId,
      campaignId: campaign.id,
      name: `Study ${unique()}`,
      funnelStage: 'TOP',
      primaryKpi: 'AD_RECALL',
      createdById,
    },
  });
}

async function createResponse(study: { id: string; organizationId: string }, createdAt = new Date()) {
  return db().brandLiftResponse.create({
    data: {
      organizationId: study.organizationId,
      studyId: study.id,
      group: 'EXPOSED',
      respondentId: `resp_${unique()}`,
      ageBucket: 'AGE_25_34',
      gender: 'FEMALE',
      country: 'DE',
      submittedAt: createdAt,
      createdAt,
    },
  });
}

/** A member with authored content in their organization, audit entries naming them, and a Clerk delivery about them. */
async function memberWithHistory() {
  const org = await createOrganization();
  const { user, viewer } = await createMember(org.id, 'MEMBER');
  const { user: colleague } = await createMember(org.id, 'ADMIN');
  const campaign = await createCampaign(org.id, user.id, { name: `Erasure campaign ${unique()}` });
  const contact = await db().campaignContact.create({
    data: { organizationId: org.id, campaignId: campaign.id, name: 'Casey Contact', email: `contact-${unique()}@example.com` },
  });
  const study = await createStudy(campaign, colleague.id);
  const response = await createResponse(study);
  await db().brandLiftComment.create({ data: { organizationId: org.id, studyId: study.id, authorId: user.id, body: 'Looks good' } });
  const membership = await db().userOrganization.findFirstOrThrow({ where: { userId: user.id, organizationId: org.id } });
  // Entries naming the user in their snapshots, written by a colleague, and one the user wrote.
  const naming = await recordAudit(db(), {
    organizationId: org.id,
    actorId: colleague.id,
    action: 'UPDATE',
    targetType: 'USER',
    targetId: user.id,
    before: { email: user.email, name: user.name, note: `invited ${user.email!.toUpperCase()} yesterday` },
    after: { email: 'other@example.com', name: 'Someone Else' },
  });
  const authored = await recordAudit(db(), {
    organizationId: org.id,
    actorId: user.id,
    action: 'CREATE',
    targetType: 'CAMPAIGN',
    targetId: campaign.id,
    after: { name: campaign.name },
  });
  const webhook = await db().webhookEvent.create({
    data: {
      source: 'CLERK',
      deliveryId: `msg_${randomUUID()}`,
      type: 'user.updated',
      payload: { type: 'user.updated', data: { id: user.clerkUserId, email_addresses: [{ id: 'e', email_address: user.email }] } },
    },
  });
  return { org, user, viewer, colleague, campaign, contact, study, response, membership, naming, authored, webhook };
}

function jsonText(value: unknown) {
  return JSON.stringify(value ?? null).toLowerCase();
}

describe('eraseUser', () => {
  it('erases or anonymizes every inventoried field, keeps campaign contacts and survey data', async () => {
    const w = await memberWithHistory();
    const result = await eraseUserById(w.user.id, { actorId: null, reason: 'test' });
    expect(result).toMatchObject({ erased: true, organizations: 1 });

    const user = await db().user.findUniqueOrThrow({ where: { id: w.user.id } });
    const naming = await db().auditLog.findUniqueOrThrow({ where: { id: w.naming.id } });
    const webhook = await db().webhookEvent.findUniqueOrThrow({ where: { id: w.webhook.id } });

    // One check per 'erase'/'anonymize' entry of the inventory: a new entry needs its check here.
    const checks: Record<string, () => void> = {
      'User.email': () => expect(user.email).toBeNull(),
      'User.name': () => expect(user.name).toBeNull(),
      'User.imageUrl': () => expect(user.imageUrl).toBeNull(),
      'User.clerkUserId': () => expect(user.clerkUserId).toMatch(/^erased:[0-9a-f-]{36}$/),
      'AuditLog.before': () => {
        expect(jsonText(naming.before)).not.toContain(w.user.email!.toLowerCase());
        expect(jsonText(naming.before)).not.toContain(w.user.name!.toLowerCase());
        expect(naming.before).toEqual({ email: '[erased]', name: '[erased]', note: 'invited [erased] yesterday' });
      },
      'AuditLog.after': () => expect(naming.after).toEqual({ email: 'other@example.com', name: 'Someone Else', note: null }),
      'WebhookEvent.payload': () => expect(webhook.payload).toEqual({ type: 'user.updated', erased: true }),
    };
    const rules = Object.entries(PERSONAL_DATA).filter(([, rule]) => rule === 'erase' || rule === 'anonymize');
    expect(Object.keys(checks).sort()).toEqual(rules.map(([key]) => key).sort());
    for (const check of Object.values(checks)) check();

    expect(user.deletedAt).toBeInstanceOf(Date);
    expect(await db().userOrganization.findUniqueOrThrow({ where: { id: w.membership.id } })).toMatchObject({ status: 'REMOVED' });
    // The Clerk id survives only in a tombstone without personal data, not linked to the erased row.
    const tombstone = await db().user.findUniqueOrThrow({ where: { clerkUserId: w.user.clerkUserId } });
    expect(tombstone).toMatchObject({ email: null, name: null, imageUrl: null });
    expect(tombstone.id).not.toBe(w.user.id);
    expect(tombstone.deletedAt).toBeInstanceOf(Date);
    expect(await db().userOrganization.count({ where: { userId: tombstone.id } })).toBe(0);

    // Not the user's data: unchanged.
    expect(await db().campaignContact.findUniqueOrThrow({ where: { id: w.contact.id } })).toEqual(w.contact);
    expect(await db().brandLiftResponse.findUniqueOrThrow({ where: { id: w.response.id } })).toEqual(w.response);
    expect(await db().campaignWizard.findUniqueOrThrow({ where: { id: w.campaign.id } })).toMatchObject({ createdById: w.user.id });

    // Pseudonymized actor: the entries they wrote still point at the (anonymized) row.
    expect(await db().auditLog.findUniqueOrThrow({ where: { id: w.authored.id } })).toMatchObject({ actorId: w.user.id });
    const erase = await db().auditLog.findMany({ where: { action: 'ERASE', targetId: w.user.id } });
    expect(erase).toHaveLength(1);
    expect(erase[0]).toMatchObject({ organizationId: w.org.id, targetType: 'USER', actorId: null });
    expect(jsonText(erase[0]!.after)).not.toContain(w.user.email!.toLowerCase());
  });

  it('is idempotent: a second call changes nothing and writes no second audit entry', async () => {
    const w = await memberWithHistory();
    const org2 = await createOrganization();
    await db().userOrganization.create({ data: { userId: w.user.id, organizationId: org2.id, role: 'VIEWER', status: 'INVITED' } });
    const first = await eraseUserById(w.user.id, { actorId: w.colleague.id, reason: 'test' });
    expect(first).toMatchObject({ erased: true, organizations: 2 });
    const snapshot = async () => ({
      user: await db().user.findUniqueOrThrow({ where: { id: w.user.id } }),
      memberships: await db().userOrganization.findMany({ where: { userId: w.user.id }, orderBy: { id: 'asc' } }),
      audit: await db().auditLog.findMany({ where: { organizationId: { in: [w.org.id, org2.id] } }, orderBy: { id: 'asc' } }),
      users: await db().user.count({ where: { OR: [{ id: w.user.id }, { clerkUserId: w.user.clerkUserId }] } }),
    });
    const before = await snapshot();
    expect(before.audit.filter((a) => a.action === 'ERASE').map((a) => a.organizationId).sort()).toEqual([w.org.id, org2.id].sort());
    expect(before.audit.filter((a) => a.action === 'ERASE').every((a) => a.actorId === w.colleague.id)).toBe(true);

    const second = await eraseUserById(w.user.id, { actorId: w.colleague.id, reason: 'test' });
    expect(second).toMatchObject({ erased: false, erasedAt: first.erasedAt });
    expect(await snapshot()).toEqual(before);
  });

  it('runs on Clerk user.deleted inside the webhook transaction', async () => {
    const { handleClerkEvent } = await import('../webhooks/clerk-webhook.service');
    const w = await memberWithHistory();
    const outcome = await handleClerkEvent({ type: 'user.deleted', data: { id: w.user.clerkUserId, deleted: true } }, `msg_${randomUUID()}`);
    expect(outcome).toEqual({ status: 'applied', type: 'user.deleted' });
    expect(await db().user.findUniqueOrThrow({ where: { id: w.user.id } })).toMatchObject({ email: null, name: null });
    expect(await db().auditLog.count({ where: { action: 'ERASE', targetId: w.user.id, actorId: null } })).toBe(1);
    expect(await db().userOrganization.findUniqueOrThrow({ where: { id: w.membership.id } })).toMatchObject({ status: 'REMOVED' });
  });
});

const ERASE_ME = `mutation($confirm: Boolean!) {
  eraseMyAccount(input: { confirm: $confirm }) {
    __typename
    ... on ErasurePayload { userId alreadyErased erasedAt }
    ... on Error { message code }
    ... on ValidationError { issues { path message } }
  }
}`;

const ERASE_MEMBER = `mutation($userId: ID!) {
  eraseMember(input: { userId: $userId }) {
    __typename
    ... on ErasurePayload { userId alreadyErased }
    ... on Error { message code }
  }
}`;

type EraseResult = { __typename: string; userId?: string; alreadyErased?: boolean; code?: string; message?: string };

describe('eraseMyAccount', () => {
  it('needs confirm: true, then erases the viewer', async () => {
    const w = await memberWithHistory();
    const client = new TestClient(w.viewer);
    const refused = await client.data<{ eraseMyAccount: EraseResult & { issues: unknown[] } }>(ERASE_ME, { confirm: false });
    expect(refused.eraseMyAccount).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'confirm'] }] });
    expect(await db().user.findUniqueOrThrow({ where: { id: w.user.id } })).toMatchObject({ deletedAt: null });

    const done = await client.data<{ eraseMyAccount: EraseResult }>(ERASE_ME, { confirm: true });
    expect(done.eraseMyAccount).toMatchObject({ __typename: 'ErasurePayload', userId: encodeGlobalID('User', w.user.id), alreadyErased: false });
    expect(await db().user.findUniqueOrThrow({ where: { id: w.user.id } })).toMatchObject({ email: null, name: null });
    expect(await db().auditLog.findFirstOrThrow({ where: { action: 'ERASE', targetId: w.user.id } })).toMatchObject({ actorId: w.user.id });
  });

  it('is refused to anonymous callers', async () => {
    const r = await new TestClient(null).request(ERASE_ME, { confirm: true });
    expect(r.errors?.length).toBeGreaterThan(0);
  });

  it('refuses the only owner of an organization with other members, and changes nothing', async () => {
    const org = await createOrganization();
    const { viewer: owner, user } = await createMember(org.id, 'OWNER');
    await createMember(org.id, 'MEMBER');
    const r = await new TestClient(owner).data<{ eraseMyAccount: EraseResult }>(ERASE_ME, { confirm: true });
    expect(r.eraseMyAccount).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(r.eraseMyAccount.message).toMatch(/only owner/);
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ deletedAt: null, email: user.email });
    expect(await db().userOrganization.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ status: 'ACTIVE' });
    expect(await db().auditLog.count({ where: { action: 'ERASE', targetId: user.id } })).toBe(0);
  });

  it('lets an owner go when another owner stays, or when nobody else is left', async () => {
    const shared = await createOrganization();
    const { viewer: leaving, user: leavingUser } = await createMember(shared.id, 'OWNER');
    await createMember(shared.id, 'OWNER');
    await createMember(shared.id, 'MEMBER');
    const alone = await createOrganization();
    await db().userOrganization.create({ data: { userId: leavingUser.id, organizationId: alone.id, role: 'OWNER' } });
    const r = await new TestClient(leaving).data<{ eraseMyAccount: EraseResult }>(ERASE_ME, { confirm: true });
    expect(r.eraseMyAccount).toMatchObject({ __typename: 'ErasurePayload', alreadyErased: false });
    expect(await db().user.findUniqueOrThrow({ where: { id: leavingUser.id } })).toMatchObject({ email: null });
  });

  it('of two owners erasing themselves at once, one goes and the other is refused', async () => {
    const org = await createOrganization();
    const a = await createMember(org.id, 'OWNER');
    const b = await createMember(org.id, 'OWNER');
    await createMember(org.id, 'VIEWER');
    const results = await Promise.all(
      [a, b].map((o) => new TestClient(o.viewer).data<{ eraseMyAccount: EraseResult }>(ERASE_ME, { confirm: true })),
    );
    expect(results.map((r) => r.eraseMyAccount.__typename).sort()).toEqual(['ConflictError', 'ErasurePayload']);
    const owners = await db().userOrganization.count({ where: { organizationId: org.id, role: 'OWNER', status: 'ACTIVE' } });
    expect(owners).toBe(1);
  });

  it('an owner leaving while Clerk deletes the other owner: both finish, neither deadlocks', async () => {
    for (let round = 0; round < 5; round += 1) {
      const org = await createOrganization();
      const a = await createMember(org.id, 'OWNER');
      const b = await createMember(org.id, 'OWNER');
      await createMember(org.id, 'MEMBER');
      // One audit entry names both: both erasures scrub (and lock) it.
      await recordAudit(db(), {
        organizationId: org.id,
        actorId: null,
        action: 'UPDATE',
        targetType: 'CAMPAIGN',
        targetId: randomUUID(),
        before: { owners: [a.user.email, b.user.email] },
        after: { owners: [] },
      });
      const [mine, clerk] = await Promise.allSettled([
        new TestClient(a.viewer).data<{ eraseMyAccount: EraseResult }>(ERASE_ME, { confirm: true }),
        eraseUserById(b.user.id, { actorId: null, reason: 'clerk user.deleted' }),
      ]);
      expect(clerk.status).toBe('fulfilled');
      expect(mine.status).toBe('fulfilled');
      expect(['ErasurePayload', 'ConflictError']).toContain((mine as PromiseFulfilledResult<{ eraseMyAccount: EraseResult }>).value.eraseMyAccount.__typename);
    }
  });
});

describe('eraseMember', () => {
  async function ownerAndMember() {
    const w = await memberWithHistory();
    const { viewer: owner, user: ownerUser } = await createMember(w.org.id, 'OWNER');
    return { ...w, owner, ownerUser, id: encodeGlobalID('User', w.user.id) };
  }

  it('lets an OWNER erase a member who belongs to no other organization', async () => {
    const w = await ownerAndMember();
    const r = await new TestClient(w.owner).data<{ eraseMember: EraseResult }>(ERASE_MEMBER, { userId: w.id });
    expect(r.eraseMember).toMatchObject({ __typename: 'ErasurePayload', userId: w.id, alreadyErased: false });
    expect(await db().user.findUniqueOrThrow({ where: { id: w.user.id } })).toMatchObject({ email: null });
    expect(await db().auditLog.findFirstOrThrow({ where: { action: 'ERASE', targetId: w.user.id } })).toMatchObject({
      actorId: w.ownerUser.id,
      organizationId: w.org.id,
    });
  });

  it('is for OWNERs only', async () => {
    const w = await ownerAndMember();
    for (const role of ['ADMIN', 'MEMBER'] as const) {
      const { viewer } = await createMember(w.org.id, role);
      const r = await new TestClient(viewer).request(ERASE_MEMBER, { userId: w.id });
      expect(r.errors?.length).toBeGreaterThan(0);
    }
    expect(await db().user.findUniqueOrThrow({ where: { id: w.user.id } })).toMatchObject({ deletedAt: null });
  });

  it('refuses a member of another organization with a ForbiddenError', async () => {
    const w = await ownerAndMember();
    const other = await createOrganization();
    await db().userOrganization.create({ data: { userId: w.user.id, organizationId: other.id, role: 'MEMBER' } });
    const r = await new TestClient(w.owner).data<{ eraseMember: EraseResult }>(ERASE_MEMBER, { userId: w.id });
    expect(r.eraseMember).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(r.eraseMember.message).toMatch(/another organization/);
    expect(await db().user.findUniqueOrThrow({ where: { id: w.user.id } })).toMatchObject({ deletedAt: null });
  });

  it('of two owners erasing each other at once, one goes and the other is refused', async () => {
    const org = await createOrganization();
    const a = await createMember(org.id, 'OWNER');
    const b = await createMember(org.id, 'OWNER');
    await createMember(org.id, 'MEMBER');
    const results = await Promise.all([
      new TestClient(a.viewer).data<{ eraseMember: EraseResult }>(ERASE_MEMBER, { userId: encodeGlobalID('User', b.user.id) }),
      new TestClient(b.viewer).data<{ eraseMember: EraseResult }>(ERASE_MEMBER, { userId: encodeGlobalID('User', a.user.id) }),
    ]);
    expect(results.map((r) => r.eraseMember.__typename).sort()).toEqual(['ErasurePayload', 'ForbiddenError']);
    expect(await db().userOrganization.count({ where: { organizationId: org.id, role: 'OWNER', status: 'ACTIVE' } })).toBe(1);
  });

  it('answers NotFound for a user who is not a member of the organization', async () => {
    const w = await ownerAndMember();
    const other = await createOrganization();
    const { user: stranger } = await createMember(other.id, 'MEMBER');
    const r = await new TestClient(w.owner).data<{ eraseMember: EraseResult }>(ERASE_MEMBER, {
      userId: encodeGlobalID('User', stranger.id),
    });
    expect(r.eraseMember).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(await db().user.findUniqueOrThrow({ where: { id: stranger.id } })).toMatchObject({ deletedAt: null });
  });
});

describe('myDataExport', () => {
  it("contains the viewer's data and nothing of another user", async () => {
    const w = await memberWithHistory();
    const asset = await createCreativeAsset(w.campaign, w.user.id, { name: `Asset ${unique()}` });
    const otherCampaign = await createCampaign(w.org.id, w.colleague.id, { name: `Colleague campaign ${unique()}` });
    const r = await new TestClient(w.viewer).data<{ myDataExport: Record<string, unknown> }>(`{ myDataExport }`);
    const doc = r.myDataExport as {
      user: { id: string; email: string };
      memberships: { organization: { name: string } }[];
      campaignsCreated: { name: string }[];
      creativeAssetsCreated: { id: string }[];
      brandLiftComments: { body: string }[];
      auditEntriesAsActor: { id: string }[];
    };
    expect(doc.user).toMatchObject({ id: w.user.id, email: w.user.email });
    expect(doc.memberships).toMatchObject([{ organization: { name: w.org.name } }]);
    expect(doc.campaignsCreated.map((c) => c.name)).toEqual([w.campaign.name]);
    expect(doc.creativeAssetsCreated.map((a) => a.id)).toEqual([asset.id]);
    expect(doc.brandLiftComments).toMatchObject([{ body: 'Looks good' }]);
    expect(doc.auditEntriesAsActor.map((a) => a.id)).toEqual([w.authored.id]);
    const text = JSON.stringify(doc);
    expect(text).not.toContain(w.colleague.email!);
    expect(text).not.toContain(w.colleague.id);
    expect(text).not.toContain(otherCampaign.name);

    // Removed from the organization: their records are listed, the organization's content is not.
    await db().userOrganization.update({ where: { id: w.membership.id }, data: { status: 'REMOVED' } });
    const after = await new TestClient({ ...w.viewer, organizationId: null, role: null }).data<{ myDataExport: typeof doc }>(
      `{ myDataExport }`,
    );
    expect(after.myDataExport.memberships).toMatchObject([{ status: 'REMOVED', organization: { name: w.org.name } }]);
    expect(after.myDataExport.campaignsCreated).toMatchObject([{ id: w.campaign.id }]);
    expect(JSON.stringify(after.myDataExport)).not.toContain(w.campaign.name);
    expect(JSON.stringify(after.myDataExport)).not.toContain('Looks good');
  });

  it('is refused to anonymous callers', async () => {
    const r = await new TestClient(null).request(`{ myDataExport }`);
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(r.data ?? null).toBeNull();
  });
});

describe('runRetention', () => {
  const NOW = new Date('2026-06-01T12:00:00.000Z');

  /** An organization with `days` retention, one response and one audit entry 100 days old, one of each fresh. */
  async function organizationWithHistory(days: number) {
    const org = await db().organization.update({ where: { id: (await createOrganization()).id }, data: { dataRetentionDays: days } });
    const { user } = await createMember(org.id, 'OWNER');
    const study = await createStudy(await createCampaign(org.id, user.id), user.id);
    const old = new Date(NOW.getTime() - 100 * DAY);
    const oldResponse = await createResponse(study, old);
    const freshResponse = await createResponse(study, new Date(NOW.getTime() - DAY));
    const audit = (createdAt: Date) =>
      db().auditLog.create({
        data: { organizationId: org.id, actorId: user.id, action: 'UPDATE', targetType: 'ORGANIZATION', targetId: org.id, createdAt },
      });
    const oldAudit = await audit(old);
    const freshAudit = await audit(new Date(NOW.getTime() - DAY));
    return { org, oldResponse, freshResponse, oldAudit, freshAudit };
  }

  it("applies each organization's own setting, and a second run changes nothing", async () => {
    const short = await organizationWithHistory(30);
    const long = await organizationWithHistory(365);
    const organizationIds = [short.org.id, long.org.id];

    const first = await runRetention({ now: NOW, organizationIds });
    expect(first).toMatchObject({ skipped: false, responsesAnonymized: 1, auditEntriesDeleted: 1 });
    expect(first.organizations).toEqual({ [short.org.id]: { responsesAnonymized: 1, auditEntriesDeleted: 1 } });

    const anonymized = await db().brandLiftResponse.findUniqueOrThrow({ where: { id: short.oldResponse.id } });
    expect(anonymized.respondentId.startsWith(RETAINED_PREFIX)).toBe(true);
    expect(anonymized).toMatchObject({ ageBucket: null, gender: null, country: null, group: 'EXPOSED', studyId: short.oldResponse.studyId });
    expect(await db().auditLog.findUnique({ where: { id: short.oldAudit.id } })).toBeNull();
    // Fresh rows, and everything of the organization keeping a year, stay as they were.
    expect(await db().brandLiftResponse.findUniqueOrThrow({ where: { id: short.freshResponse.id } })).toEqual(short.freshResponse);
    expect(await db().auditLog.findUnique({ where: { id: short.freshAudit.id } })).not.toBeNull();
    expect(await db().brandLiftResponse.findUniqueOrThrow({ where: { id: long.oldResponse.id } })).toEqual(long.oldResponse);
    expect(await db().auditLog.findUnique({ where: { id: long.oldAudit.id } })).not.toBeNull();
    // Responses still count (lift aggregates unchanged).
    expect(await db().brandLiftResponse.count({ where: { organizationId: short.org.id } })).toBe(2);

    const second = await runRetention({ now: NOW, organizationIds });
    expect(second).toMatchObject({ skipped: false, responsesAnonymized: 0, auditEntriesDeleted: 0, organizations: {} });
    expect(await db().brandLiftResponse.findUniqueOrThrow({ where: { id: short.oldResponse.id } })).toEqual(anonymized);
  });

  it('two concurrent runs do the work of one, without errors', async () => {
    const orgs = [await organizationWithHistory(10), await organizationWithHistory(20), await organizationWithHistory(500)];
    const organizationIds = orgs.map((o) => o.org.id);
    const runs = await Promise.all([runRetention({ now: NOW, organizationIds }), runRetention({ now: NOW, organizationIds })]);
    const total = (key: 'responsesAnonymized' | 'auditEntriesDeleted') => runs.reduce((n, r) => n + r[key], 0);
    expect(total('responsesAnonymized')).toBe(2);
    expect(total('auditEntriesDeleted')).toBe(2);
    expect(runs.filter((r) => !r.skipped).length).toBeGreaterThanOrEqual(1);
    const responses = await db().brandLiftResponse.findMany({ where: { id: { in: orgs.map((o) => o.oldResponse.id) } } });
    expect(responses.filter((r) => r.respondentId.startsWith(RETAINED_PREFIX))).toHaveLength(2);
  });

  it('runs as `npm run jobs:retention` (scripts/jobs/retention.ts), printing the counts as JSON', async () => {
    // As of 2001 nothing is old enough: the script's wiring, not the rules, is under test here.
    expect(await runJob('scripts/jobs/retention.ts', ['--now=2001-01-01T00:00:00.000Z'])).toEqual({
      skipped: false,
      now: '2001-01-01T00:00:00.000Z',
      responsesAnonymized: 0,
      auditEntriesDeleted: 0,
      organizations: {},
    });
  });
});

import { beforeAll, describe, expect, it } from '@jest/globals';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType } from 'graphql';
import type { Viewer } from '../src/lib/auth/viewer';
import { viewerFromClaims } from '../src/lib/auth/viewer-resolver';
import { db } from '../src/lib/db/client';
import { recordAudit } from '../src/modules/audit/audit.service';
import { schema } from '../src/schema';
import { TestClient } from './client';
import { createMember, createOrganization } from './factories';

/**
 * Every root field must say how it keeps tenants apart, and prove it for a user of another
 * organization and for a removed member. Adding a Query or Mutation field without an entry here
 * fails the first test. (Mutations also need a VIEWER-write case once they exist.)
 */
interface World {
  orgA: { id: string; slug: string };
  auditIdA: string;
  otherOrgAdmin: Viewer;
  removedAdmin: Viewer;
}

type Check = (world: World) => Promise<void>;
const gql = (viewer: Viewer | null, query: string, variables?: Record<string, unknown>) =>
  new TestClient(viewer).request(query, variables);

const checks: Record<string, { otherOrganization: Check; removedMember: Check } | 'public'> = {
  'Query.marketplaceInfluencers': 'public',
  'Query.viewer': {
    otherOrganization: async (w) => {
      const r = await gql(w.otherOrgAdmin, `{ viewer { organization { id slug } } }`);
      expect(JSON.stringify(r)).not.toContain(w.orgA.slug);
    },
    removedMember: async (w) => {
      const r = await gql(w.removedAdmin, `{ viewer { role organization { slug } } }`);
      expect(r.data).toEqual({ viewer: { role: null, organization: null } });
    },
  },
  'Query.node': {
    otherOrganization: async (w) => {
      for (const id of [encodeGlobalID('Organization', w.orgA.id), encodeGlobalID('AuditLog', w.auditIdA)]) {
        const r = await gql(w.otherOrgAdmin, `query($id: ID!) { node(id: $id) { id } }`, { id });
        expect(r.data?.node ?? null).toBeNull();
      }
    },
    removedMember: async (w) => {
      const id = encodeGlobalID('Organization', w.orgA.id);
      const r = await gql(w.removedAdmin, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(r.data?.node ?? null).toBeNull();
    },
  },
  'Query.nodes': {
    otherOrganization: async (w) => {
      const ids = [encodeGlobalID('Organization', w.orgA.id), encodeGlobalID('AuditLog', w.auditIdA)];
      const r = await gql(w.otherOrgAdmin, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
      expect(JSON.stringify(r.data)).not.toMatch(/"id":"/);
    },
    removedMember: async (w) => {
      const ids = [encodeGlobalID('Organization', w.orgA.id)];
      const r = await gql(w.removedAdmin, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
      expect(JSON.stringify(r.data)).not.toMatch(/"id":"/);
    },
  },
  'Query.auditLog': {
    otherOrganization: async (w) => {
      const r = await gql(
        w.otherOrgAdmin,
        `{ auditLog(first: 100) { ... on AuditLogConnection { edges { node { id targetId } } } } }`,
      );
      expect(r.errors).toBeUndefined();
      expect(JSON.stringify(r.data)).not.toContain(w.orgA.id);
    },
    removedMember: async (w) => {
      const r = await gql(w.removedAdmin, `{ auditLog(first: 10) { __typename } }`);
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data ?? null).toBeNull();
    },
  },
};

const rootFields = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
  type && isObjectType(type) ? Object.keys(type.getFields()).map((name) => `${type.name}.${name}`) : [],
);

describe('tenant isolation of every root field', () => {
  let world: World;

  beforeAll(async () => {
    const orgA = await createOrganization();
    const orgB = await createOrganization();
    const { viewer: otherOrgAdmin } = await createMember(orgB.id, 'ADMIN');
    // A former ADMIN of org A: the token still says admin of A, the database says REMOVED.
    const { user } = await createMember(orgA.id, 'ADMIN');
    await db().userOrganization.updateMany({ where: { userId: user.id }, data: { status: 'REMOVED' } });
    const removedAdmin = await viewerFromClaims({
      clerkUserId: user.clerkUserId,
      sessionId: 'sess_isolation',
      org: { clerkOrgId: orgA.clerkOrgId, role: 'admin', slug: orgA.slug },
    });
    const audit = await recordAudit(db(), {
      organizationId: orgA.id,
      actorId: user.id,
      action: 'UPDATE',
      targetType: 'ORGANIZATION',
      targetId: orgA.id,
      before: { name: 'old' },
      after: { name: orgA.name },
    });
    world = { orgA, auditIdA: audit.id, otherOrgAdmin, removedAdmin };
  });

  it('every Query and Mutation field has an isolation entry', () => {
    expect([...rootFields].sort()).toEqual(Object.keys(checks).sort());
  });

  for (const [field, check] of Object.entries(checks)) {
    if (check === 'public') {
      it(`${field} is public data and answers anonymous requests`, async () => {
        const name = field.split('.')[1]!;
        const r = await gql(null, `{ ${name}(first: 1) { __typename } }`);
        expect(r.errors).toBeUndefined();
      });
      continue;
    }
    it(`${field}: a user of another organization gets nothing of it`, async () => check.otherOrganization(world));
    it(`${field}: a removed member gets nothing`, async () => check.removedMember(world));
  }
});

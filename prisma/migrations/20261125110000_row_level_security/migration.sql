-- Row-level security underneath the application's tenant filter (README: Authentication,
-- "Row-level security"). Hand-written: Prisma cannot express roles, grants or policies; every
-- object here is listed in prisma/sql-only-objects.json.
--
-- The API sets two transaction-local settings before each of its queries (src/lib/db/tenant-scope.ts):
--   app.organization_id  the viewer's organization (empty/unset: no tenant, nothing matches)
--   app.rls_bypass       'on' only on the explicit, logged system paths (webhooks, lazy sign-up)
-- NULLIF makes an empty or unset setting match nothing instead of failing the uuid cast.
--
-- Not protected, on purpose:
--   User                   shared across tenants (one person, many organizations) and has no
--                          organizationId; it is read by clerkUserId before any tenant is known.
--                          The API only ever exposes the viewer's own user row.
--   MarketplaceInfluencer, InfluencerProfile, InfluencerAudience*, InsightIQMapping
--                          public marketplace data shared by all tenants.
--   WebhookEvent           system table (delivery log), no tenant.

-- ---------------------------------------------------------------- runtime role
-- The role the API runs as (DATABASE_RUNTIME_ROLE=app_runtime: each pooled connection runs
-- SET ROLE app_runtime). NOLOGIN, not a superuser, no BYPASSRLS, owns nothing, so every policy
-- below applies to it. Roles are cluster-wide: created once, concurrent migrations tolerated.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_runtime') THEN
    CREATE ROLE app_runtime NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- created by a concurrent migration of another database on the same server
END $$;

-- A login role that is not a superuser may only SET ROLE to a role it is a member of. Make the
-- migrating user a member (the usual single-user setup); other login users need the same GRANT.
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
     AND NOT pg_has_role(current_user, 'app_runtime', 'MEMBER') THEN
    EXECUTE format('GRANT app_runtime TO %I', current_user);
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'could not grant app_runtime to %: grant it to the API''s login user by hand', current_user;
END $$;

GRANT USAGE ON SCHEMA public TO app_runtime;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_runtime;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO app_runtime;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO app_runtime;
-- The audit log is append-only at the privilege level too (the trigger refuses updates as well).
REVOKE UPDATE, DELETE, TRUNCATE ON "AuditLog" FROM app_runtime;
-- The migrations table is none of the API's business. (It does not exist in the shadow database
-- that `prisma migrate dev` replays migrations into, hence the check.)
DO $$ BEGIN
  IF to_regclass('"_prisma_migrations"') IS NOT NULL THEN
    REVOKE ALL ON "_prisma_migrations" FROM app_runtime;
  END IF;
END $$;

-- Tables, sequences and functions created by later migrations (run by this same user) are
-- granted automatically. A new tenant table still needs its own ENABLE/FORCE and policy.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app_runtime;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO app_runtime;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO app_runtime;

-- ---------------------------------------------------------------- tenant tables
-- FORCE: the table owner (the migrating user) is otherwise exempt. Superusers and BYPASSRLS
-- roles are always exempt: local development and the tests' own connection see everything.

ALTER TABLE "UserOrganization" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "UserOrganization" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "UserOrganization" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "CampaignWizard" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignWizard" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignWizard" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "CampaignContact" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignContact" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignContact" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "CampaignSecondaryKpi" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignSecondaryKpi" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignSecondaryKpi" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "CampaignAudienceAge" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignAudienceAge" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignAudienceAge" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "CampaignLocation" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignLocation" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignLocation" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "CampaignInfluencer" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignInfluencer" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignInfluencer" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "CreativeAsset" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CreativeAsset" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CreativeAsset" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "BrandLiftStudy" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "BrandLiftStudy" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "BrandLiftStudy" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "BrandLiftQuestion" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "BrandLiftQuestion" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "BrandLiftQuestion" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "BrandLiftQuestionOption" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "BrandLiftQuestionOption" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "BrandLiftQuestionOption" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "BrandLiftComment" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "BrandLiftComment" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "BrandLiftComment" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "BrandLiftResponse" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "BrandLiftResponse" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "BrandLiftResponse" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "BrandLiftAnswer" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "BrandLiftAnswer" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "BrandLiftAnswer" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "InfluencerList" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "InfluencerList" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "InfluencerList" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "InfluencerListItem" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "InfluencerListItem" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "InfluencerListItem" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

ALTER TABLE "AuditLog" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AuditLog" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "AuditLog" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

-- ---------------------------------------------------------------- the tenant itself
-- A session sees only its own organization; creating or finding one by its Clerk id (webhooks,
-- first sign-in) needs the bypass. Foreign-key checks are not subject to RLS.
ALTER TABLE "Organization" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Organization" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Organization" FOR ALL
  USING ("id" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("id" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');

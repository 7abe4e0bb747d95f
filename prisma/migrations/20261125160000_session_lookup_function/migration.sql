-- The per-request session lookup (src/lib/auth/viewer-resolver.ts: the user, the organization named
-- by the session's claims, and the membership between them) as one statement without a
-- transaction of its own, instead of BEGIN; set_config(...); SELECT; COMMIT.
--
-- It runs before the tenant is known, so it must see rows of any organization: the function turns
-- the row-level-security bypass on for its query and back to what it was afterwards. The setting is
-- transaction-local, so an error (which aborts the statement's transaction, or rolls back to the
-- caller's savepoint) undoes it too; it never outlives the call. SECURITY INVOKER: the caller's
-- privileges, so it reads nothing the caller could not read with the bypass it may set itself.
-- (A `SET app.rls_bypass = 'on'` clause on the function would be simpler, but PostgreSQL lets only
-- a superuser attach a custom setting to a function, and the migration role is not one.)
CREATE FUNCTION app_session_lookup(clerk_user_id text, clerk_org_id text)
RETURNS TABLE (
  "userId" uuid,
  "userDeletedAt" timestamp(3),
  "organizationId" uuid,
  "organizationDeletedAt" timestamp(3),
  role text,
  status text
)
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path FROM CURRENT
AS $$
DECLARE
  previous text := current_setting('app.rls_bypass', true);
BEGIN
  PERFORM set_config('app.rls_bypass', 'on', true);
  RETURN QUERY
    SELECT u.id, u."deletedAt", o.id, o."deletedAt", m.role::text, m.status::text
    FROM "User" u
    LEFT JOIN "Organization" o ON o."clerkOrgId" = clerk_org_id
    LEFT JOIN "UserOrganization" m ON m."userId" = u.id AND m."organizationId" = o.id
    WHERE u."clerkUserId" = clerk_user_id;
  PERFORM set_config('app.rls_bypass', coalesce(previous, ''), true);
END
$$;

REVOKE ALL ON FUNCTION app_session_lookup(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_session_lookup(text, text) TO app_runtime;

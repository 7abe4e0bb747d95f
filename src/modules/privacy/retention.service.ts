import { db } from '../../lib/db/client';
import { setTenantInTransaction } from '../../lib/db/tenant-scope';

/**
 * Retention (domain.md: "a job removes or anonymizes rows older than the organization's retention
 * setting"), per organization's dataRetentionDays, counted from createdAt:
 *
 * - BrandLiftResponse rows are anonymized, not deleted, so lift results stay what they were:
 *   respondentId becomes `retained:<random uuid>` (unlinkable, still unique per study) and the
 *   demographics (ageBucket, gender, country) are cleared. Answers are untouched.
 * - AuditLog rows are deleted (the append-only trigger guards updates only).
 *
 * Safe to run twice (an anonymized response is recognized by its prefix; a deleted entry is gone)
 * and concurrently: each run takes pg_try_advisory_xact_lock(hashtext('retention')) in its one
 * transaction, and a run that does not get it returns `skipped: true` without doing anything.
 * Deleting audit entries needs DELETE on AuditLog: run it as the owning (migrating) role, not as
 * app_runtime (scripts/jobs/retention.ts does).
 */

export const RETAINED_PREFIX = 'retained:';

export interface RetentionOptions {
  now?: Date;
  /** Limit the run to these organizations (default: all). */
  organizationIds?: string[] | null;
}

export interface RetentionReport {
  /** True when another run held the lock: this one did nothing. */
  skipped: boolean;
  now: string;
  responsesAnonymized: number;
  auditEntriesDeleted: number;
  /** Per organization id, only organizations where something changed. */
  organizations: Record<string, { responsesAnonymized: number; auditEntriesDeleted: number }>;
}

type Count = { organizationId: string; count: number };

export async function runRetention(options: RetentionOptions = {}): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const ids = options.organizationIds ?? null;
  const report: RetentionReport = { skipped: false, now: now.toISOString(), responsesAnonymized: 0, auditEntriesDeleted: 0, organizations: {} };

  return db().$transaction(
    async (tx) => {
      await setTenantInTransaction(tx, { bypass: true, reason: 'retention job (every organization)' });
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext('retention')) AS "locked"`;
      if (!lock?.locked) return { ...report, skipped: true };

      // createdAt columns are UTC timestamps without a time zone.
      const nowUtc = now.toISOString();
      const orgFilter = ids; // null: every organization
      const responses = await tx.$queryRaw<Count[]>`
        WITH changed AS (
          UPDATE "BrandLiftResponse" AS r
          SET "respondentId" = ${RETAINED_PREFIX} || gen_random_uuid()::text,
              "ageBucket" = NULL, "gender" = NULL, "country" = NULL, "updatedAt" = now()
          FROM "Organization" AS o
          WHERE r."organizationId" = o."id"
            AND (${orgFilter}::uuid[] IS NULL OR o."id" = ANY(${orgFilter}::uuid[]))
            AND r."createdAt" < (${nowUtc}::timestamptz AT TIME ZONE 'UTC') - make_interval(days => o."dataRetentionDays")
            AND r."respondentId" NOT LIKE ${RETAINED_PREFIX + '%'}
          RETURNING r."organizationId"
        )
        SELECT "organizationId", count(*)::int AS "count" FROM changed GROUP BY "organizationId"`;
      const audits = await tx.$queryRaw<Count[]>`
        WITH expired AS (
          -- Locked in id order, as an erasure locks the audit rows it scrubs: the two never deadlock.
          SELECT a."id" FROM "AuditLog" AS a
          JOIN "Organization" AS o ON a."organizationId" = o."id"
          WHERE (${orgFilter}::uuid[] IS NULL OR o."id" = ANY(${orgFilter}::uuid[]))
            AND a."createdAt" < (${nowUtc}::timestamptz AT TIME ZONE 'UTC') - make_interval(days => o."dataRetentionDays")
          ORDER BY a."id"
          FOR UPDATE OF a
        ), removed AS (
          DELETE FROM "AuditLog" AS a USING expired AS e WHERE a."id" = e."id"
          RETURNING a."organizationId"
        )
        SELECT "organizationId", count(*)::int AS "count" FROM removed GROUP BY "organizationId"`;

      const entry = (id: string) => (report.organizations[id] ??= { responsesAnonymized: 0, auditEntriesDeleted: 0 });
      for (const { organizationId, count } of responses) {
        entry(organizationId).responsesAnonymized = count;
        report.responsesAnonymized += count;
      }
      for (const { organizationId, count } of audits) {
        entry(organizationId).auditEntriesDeleted = count;
        report.auditEntriesDeleted += count;
      }
      return report;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

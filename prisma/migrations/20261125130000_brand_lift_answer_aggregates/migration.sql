-- Brand lift results at 1,000,000 responses (issue 5). Results used to join every answer to its
-- response and option on each request (3M answers: ~10 s). Instead, each submission now adds its
-- respondent to running counts in the same transaction (src/modules/brand-lift/brand-lift.counts.ts),
-- and results sum the few hundred count rows of a study. See README, "Brand lift studies".

-- CreateTable
CREATE TABLE "BrandLiftResultCount" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organizationId" UUID NOT NULL,
    "studyId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "group" "SurveyGroup" NOT NULL,
    "ageBucket" "AgeBucket",
    "gender" "Gender",
    "country" CHAR(2),
    "slot" SMALLINT NOT NULL,
    "respondents" INTEGER NOT NULL DEFAULT 0,
    "positive" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BrandLiftResultCount_pkey" PRIMARY KEY ("id"),
    -- Prisma has no CHECK constraints (prisma/sql-only-objects.json).
    CONSTRAINT "BrandLiftResultCount_counts_check" CHECK ("slot" BETWEEN 0 AND 15 AND "positive" >= 0 AND "positive" <= "respondents")
);

-- Every submission updates a few of these rows in place (respondents, positive, updatedAt: no
-- indexed column), so free room on each page lets those updates stay HOT (no new index entries).
ALTER TABLE "BrandLiftResultCount" SET (fillfactor = 70);

-- CreateIndex: one row per cell. NULLS NOT DISTINCT (PostgreSQL 15+, not expressible in Prisma):
-- respondents without an age bucket, gender or country share a cell instead of each getting a new
-- row, and INSERT ... ON CONFLICT finds it.
CREATE UNIQUE INDEX "BrandLiftResultCount_cell_key" ON "BrandLiftResultCount"("studyId", "questionId", "group", "ageBucket", "gender", "country", "slot") NULLS NOT DISTINCT;

-- CreateIndex
CREATE INDEX "BrandLiftResultCount_organizationId_studyId_idx" ON "BrandLiftResultCount"("organizationId", "studyId");

-- CreateIndex
CREATE INDEX "BrandLiftResultCount_questionId_idx" ON "BrandLiftResultCount"("questionId");

-- AddForeignKey
ALTER TABLE "BrandLiftResultCount" ADD CONSTRAINT "BrandLiftResultCount_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftResultCount" ADD CONSTRAINT "BrandLiftResultCount_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "BrandLiftStudy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandLiftResultCount" ADD CONSTRAINT "BrandLiftResultCount_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "BrandLiftQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the responses already stored, with the same rule as brand-lift.counts.ts: one count
-- per (response, question answered), positive when any chosen option is positive. The source tables
-- have FORCE ROW LEVEL SECURITY, so a migrating role that owns them without being superuser would
-- read nothing: the bypass is set for this transaction only.
SELECT set_config('app.rls_bypass', 'on', true);

INSERT INTO "BrandLiftResultCount" ("organizationId", "studyId", "questionId", "group", "ageBucket", "gender", "country", "slot", "respondents", "positive", "updatedAt")
SELECT r."organizationId", r."studyId", a."questionId", r."group", r."ageBucket", r."gender", r."country",
       (hashtext(r."respondentId") & 15)::smallint, count(*)::int, count(*) FILTER (WHERE a."isPositive")::int, now()
FROM (
  SELECT x."responseId", x."questionId", bool_or(o."isPositive") AS "isPositive"
  FROM "BrandLiftAnswer" x
  JOIN "BrandLiftQuestionOption" o ON o."id" = x."optionId"
  GROUP BY x."responseId", x."questionId"
) a
JOIN "BrandLiftResponse" r ON r."id" = a."responseId"
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

SELECT set_config('app.rls_bypass', 'off', true);

-- Row-level security, as for every tenant table (20261125110000_row_level_security). app_runtime
-- gets its grants from the default privileges set there; granted here too in case the tables are
-- created by another role than the one that set them.
ALTER TABLE "BrandLiftResultCount" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "BrandLiftResultCount" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "BrandLiftResultCount" FOR ALL
  USING ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on')
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.organization_id', true), '')::uuid
         OR current_setting('app.rls_bypass', true) = 'on');
GRANT SELECT, INSERT, UPDATE, DELETE ON "BrandLiftResultCount" TO app_runtime;

// Benchmark of brand lift results (issue 5: "a study with 1,000,000 responses must report in under
// a second"). Not part of the test suite.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<migrated scratch db> npx tsx bench/brand-lift-results.ts [--responses 1000000] [--questions 3] [--runs 5] [--keep]
//
// Seeds a scratch organization with one study: `responses` respondents (half EXPOSED, half CONTROL,
// with demographics), each answering every one of `questions` single-choice questions, all generated
// in SQL with generate_series (no rows pass through Node). Then times studyResults() unsegmented and
// segmented by gender, `runs` times each after one warm-up, and prints the times. The scratch
// organization is deleted (cascade) at the end unless --keep.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb, setDb } from '../src/lib/db/client';
import { runAsTenant } from '../src/lib/db/tenant-scope';
import type { Viewer } from '../src/lib/auth/viewer';
import { studyResults } from '../src/modules/brand-lift/brand-lift.results';

const { values } = parseArgs({
  options: {
    responses: { type: 'string', default: '1000000' },
    questions: { type: 'string', default: '3' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});
const responses = Number(values.responses);
const questions = Number(values.questions);
const runs = Number(values.runs);
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required (a migrated scratch database)');

const handle = createDb(url, { role: null });
setDb(handle);
// Seeding runs on a connection of its own without the API's statement timeout.
const seeder = new pg.Client({ connectionString: url });
await seeder.connect();
await seeder.query('SET statement_timeout = 0');
const sql = (text: string, params: unknown[] = []) => seeder.query(text, params);

async function seed(): Promise<{ organizationId: string; userId: string; studyId: string }> {
  const key = Math.random().toString(36).slice(2, 10);
  const org = await sql(`INSERT INTO "Organization" ("clerkOrgId", name, slug, "updatedAt") VALUES ($1, $2, $3, now()) RETURNING id`, [`org_bench_${key}`, `Bench ${key}`, `bench-${key}`]);
  const organizationId = org.rows[0].id as string;
  const user = await sql(`INSERT INTO "User" ("clerkUserId", email, name, "updatedAt") VALUES ($1, $2, 'Bench', now()) RETURNING id`, [`user_bench_${key}`, `bench-${key}@example.com`]);
  const userId = user.rows[0].id as string;
  await sql(`INSERT INTO "UserOrganization" ("organizationId", "userId", role, "updatedAt") VALUES ($1, $2, 'VIEWER', now())`, [organizationId, userId]);
  const campaign = await sql(`INSERT INTO "CampaignWizard" ("organizationId", "createdById", name, "updatedAt") VALUES ($1, $2, 'Bench', now()) RETURNING id`, [organizationId, userId]);
  const study = await sql(
    `INSERT INTO "BrandLiftStudy" ("organizationId", "campaignId", "createdById", name, "funnelStage", "primaryKpi", status, "updatedAt")
     VALUES ($1, $2, $3, 'Bench study', 'TOP', 'AD_RECALL', 'COLLECTING', now()) RETURNING id`,
    [organizationId, campaign.rows[0].id, userId],
  );
  const studyId = study.rows[0].id as string;
  await sql(
    `INSERT INTO "BrandLiftQuestion" ("organizationId", "studyId", text, type, position, kpi, "updatedAt")
     SELECT $1, $2, 'Question ' || p, 'SINGLE_CHOICE', p, 'AD_RECALL', now() FROM generate_series(1, $3::int) p`,
    [organizationId, studyId, questions],
  );
  // Options 1..4 per question; option 1 is positive.
  await sql(
    `INSERT INTO "BrandLiftQuestionOption" ("organizationId", "questionId", text, position, "isPositive", "updatedAt")
     SELECT $1, q.id, 'Option ' || p, p, p = 1, now() FROM "BrandLiftQuestion" q, generate_series(1, 4) p WHERE q."studyId" = $2`,
    [organizationId, studyId],
  );
  let started = Date.now();
  await sql(
    `INSERT INTO "BrandLiftResponse" ("organizationId", "studyId", "group", "respondentId", "ageBucket", gender, country, "updatedAt")
     SELECT $1, $2, (CASE WHEN i % 2 = 0 THEN 'EXPOSED' ELSE 'CONTROL' END)::"SurveyGroup", 'r' || i,
            (enum_range(NULL::"AgeBucket"))[1 + i % 3], (enum_range(NULL::"Gender"))[1 + i % 2], (ARRAY['US', 'DE', 'FR'])[1 + i % 3], now()
     FROM generate_series(1, $3::int) i`,
    [organizationId, studyId, responses],
  );
  console.log(`seeded ${responses} responses in ${Date.now() - started} ms`);
  started = Date.now();
  // Exposed respondents answer positively ~35% of the time, control ~25% (deterministic hash).
  await sql(
    `INSERT INTO "BrandLiftAnswer" ("organizationId", "responseId", "questionId", "optionId", "updatedAt")
     SELECT $1, r.id, q.id, o.id, now()
     FROM "BrandLiftResponse" r
     JOIN "BrandLiftQuestion" q ON q."studyId" = r."studyId"
     JOIN "BrandLiftQuestionOption" o ON o."questionId" = q.id AND o.position =
       CASE WHEN abs(hashtext(r.id::text || q.id::text)) % 100 < (CASE WHEN r."group" = 'EXPOSED' THEN 35 ELSE 25 END) THEN 1
            ELSE 2 + abs(hashtext(q.id::text || r.id::text)) % 3 END
     WHERE r."studyId" = $2`,
    [organizationId, studyId],
  );
  console.log(`seeded ${responses * questions} answers in ${Date.now() - started} ms`);
  await sql(`ANALYZE "BrandLiftResponse"; ANALYZE "BrandLiftAnswer"; ANALYZE "BrandLiftQuestion"; ANALYZE "BrandLiftQuestionOption"`);
  return { organizationId, userId, studyId };
}

async function time(label: string, fn: () => Promise<unknown>) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms (${runs} runs)`);
}

const { organizationId, userId, studyId } = await seed();
const viewer: Viewer = { userId, organizationId, role: 'VIEWER' };
try {
  const sample = await runAsTenant(organizationId, () => studyResults(viewer, studyId));
  for (const row of sample.rows) console.log(`  Q${row.position}: E ${row.exposed.positive}/${row.exposed.n}, C ${row.control.positive}/${row.control.n}, lift ${row.absoluteLift?.toFixed(4)}, p ${row.pValue?.toExponential(2)}`);
  await time('studyResults, unsegmented', () => runAsTenant(organizationId, () => studyResults(viewer, studyId)));
  await time('studyResults, by gender', () => runAsTenant(organizationId, () => studyResults(viewer, studyId, { segment: 'GENDER' })));
  await time('studyResults, by country', () => runAsTenant(organizationId, () => studyResults(viewer, studyId, { segment: 'COUNTRY' })));
} finally {
  if (!values.keep) {
    await sql(`DELETE FROM "Organization" WHERE id = $1`, [organizationId]);
    await sql(`DELETE FROM "User" WHERE id = $1`, [userId]);
  }
  await seeder.end();
  await handle.close();
}

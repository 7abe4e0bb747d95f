// Benchmark of brand lift results (issue 5: "a study with 1,000,000 responses must report in under
// a second"). Not part of the test suite.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bl_bench npx tsx bench/brand-lift-results.ts \
//     [--responses 1000000] [--questions 3] [--runs 7] [--submissions 2000] [--concurrency 8] [--keep] [--out bench/results/brand-lift-1m.md]
//
// DATABASE_URL names a scratch database: it is created if missing and migrated (`prisma migrate
// deploy`). The bench seeds a scratch organization with one COLLECTING study: `responses`
// respondents (half EXPOSED, half CONTROL; age bucket, gender and country independent of each
// other and of the group, each unknown for some respondents), each answering every one of
// `questions` single-choice questions. Responses, answers and their result counts are generated in
// SQL (generate_series, INSERT ... SELECT; no rows pass through Node); the counts with the same
// recount the repair path uses (rebuildStudyCounts). Then `submissions` more respondents go through
// the real submission path (submitSurveyResponse, `concurrency` at a time), which counts as it
// stores, and the counts are checked against a recount from the raw rows.
//
// Timed, p50 of `runs` runs after one warm-up: studyResults() unsegmented and per segment (age
// bucket, gender, country), and the unsegmented results through the GraphQL API in-process
// (createApp: parsing, validation, auth scopes, tenant scope, serialization). The EXPLAIN (ANALYZE,
// BUFFERS) of the results aggregate is written with the timings to `out` (markdown). The scratch
// organization is deleted (cascade) at the end unless --keep.
import { availableParallelism, cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    responses: { type: 'string', default: '1000000' },
    questions: { type: 'string', default: '3' },
    runs: { type: 'string', default: '7' },
    submissions: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results/brand-lift-1m.md' },
  },
});
const responses = Number(values.responses);
const questions = Number(values.questions);
const runs = Number(values.runs);
const submissions = Number(values.submissions);
const concurrency = Number(values.concurrency);
for (const [name, value, max] of [['responses', responses, 10_000_000], ['questions', questions, 50], ['runs', runs, 100], ['submissions', submissions, 100_000], ['concurrency', concurrency, 64]] as const) {
  if (!Number.isInteger(value) || value < (name === 'submissions' ? 0 : 1) || value > max) throw new Error(`--${name} must be an integer up to ${max}`);
}
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required (a scratch database; created and migrated if needed)');

// As the API runs in production, minus rate limits; seeding needs no statement timeout. Set before
// the app's modules read their settings (hence the dynamic imports below).
process.env.NODE_ENV = 'production';
process.env.SURVEY_TOKEN_SECRET ??= 'bench-only-secret-0123456789abcdef';
process.env.SURVEY_BASE_URL ??= 'https://survey.example.com/s'; // required in production
process.env.RATE_LIMIT_ENABLED = 'false';
process.env.LOG_LEVEL ??= 'warn';
process.env.DATABASE_STATEMENT_TIMEOUT_MS = '0';
process.env.DATABASE_POOL_MAX ??= String(Math.max(concurrency, 4));

const { ensureDatabase, migrateDeploy } = await import('../src/lib/db/migrate');
const { createDb, db, setDb } = await import('../src/lib/db/client');
const { runAsTenant, setTenantInTransaction } = await import('../src/lib/db/tenant-scope');
const { studyResults, countAnswersSql } = await import('../src/modules/brand-lift/brand-lift.results');
const { rebuildStudyCounts } = await import('../src/modules/brand-lift/brand-lift.counts');
const { submitSurveyResponse } = await import('../src/modules/brand-lift/brand-lift.responses');
const { issueRespondentToken } = await import('../src/modules/brand-lift/brand-lift.tokens');
const { createApp } = await import('../src/yoga');
const { Prisma } = await import('../src/generated/prisma/client.ts');
const { encodeGlobalID } = await import('@pothos/plugin-relay');
type Viewer = import('../src/lib/auth/viewer').Viewer;

if (await ensureDatabase(url)) console.log('created the database');
await migrateDeploy(url);

const handle = createDb(url, { role: null });
setDb(handle);
// Seeding runs on a connection of its own without the API's statement timeout.
const seeder = new pg.Client({ connectionString: url });
await seeder.connect();
await seeder.query('SET statement_timeout = 0');
const sql = (text: string, params: unknown[] = []) => seeder.query(text, params);
const log: string[] = [];
const note = (line: string) => {
  console.log(line);
  log.push(line);
};

/** Fresh statistics (and visibility maps), as autovacuum would give them after a bulk load. */
async function analyze() {
  for (const table of ['BrandLiftResponse', 'BrandLiftAnswer', 'BrandLiftResultCount', 'BrandLiftQuestion', 'BrandLiftQuestionOption']) {
    await sql(`VACUUM ANALYZE "${table}"`);
  }
}

async function seed(): Promise<{ organizationId: string; userId: string; studyId: string }> {
  const key = Math.random().toString(36).slice(2, 10);
  const org = await sql(`INSERT INTO "Organization" ("clerkOrgId", name, slug, "updatedAt") VALUES ($1, $2, $3, now()) RETURNING id`, [`org_bench_${key}`, `Bench ${key}`, `bench-${key}`]);
  const organizationId = org.rows[0].id as string;
  const user = await sql(`INSERT INTO "User" ("clerkUserId", email, name, "updatedAt") VALUES ($1, $2, 'Bench', now()) RETURNING id`, [`user_bench_${key}`, `bench-${key}@example.com`]);
  const userId = user.rows[0].id as string;
  await sql(`INSERT INTO "UserOrganization" ("organizationId", "userId", role, "updatedAt") VALUES ($1, $2, 'VIEWER', now())`, [organizationId, userId]);
  const campaign = await sql(`INSERT INTO "CampaignWizard" ("organizationId", "createdById", name, "updatedAt") VALUES ($1, $2, 'Bench', now()) RETURNING id`, [organizationId, userId]);
  const study = await sql(
    `INSERT INTO "BrandLiftStudy" ("organizationId", "campaignId", "createdById", name, "funnelStage", "primaryKpi", status, "launchedAt", "updatedAt")
     VALUES ($1, $2, $3, 'Bench study', 'TOP', 'AD_RECALL', 'COLLECTING', now(), now()) RETURNING id`,
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
  // Demographics independent of the group and of each other: 7 age buckets and 4 genders, each
  // unknown for 1 in 8 / 1 in 5; 24 countries, unknown for 1 in 25.
  await sql(
    `INSERT INTO "BrandLiftResponse" ("organizationId", "studyId", "group", "respondentId", "ageBucket", gender, country, "updatedAt")
     SELECT $1, $2, (CASE WHEN i % 2 = 0 THEN 'EXPOSED' ELSE 'CONTROL' END)::"SurveyGroup", 'r' || i,
            (enum_range(NULL::"AgeBucket"))[NULLIF((i / 2) % 8, 7) + 1],
            (enum_range(NULL::"Gender"))[NULLIF((i / 16) % 5, 4) + 1],
            (ARRAY['US','DE','FR','GB','ES','IT','NL','BE','AT','CH','SE','NO','DK','FI','PL','CZ','PT','IE','CA','AU','BR','MX','JP','IN'])[NULLIF((i / 80) % 25, 24) + 1],
            now()
     FROM generate_series(1, $3::int) i`,
    [organizationId, studyId, responses],
  );
  note(`- seeded ${responses.toLocaleString('en')} responses in ${((Date.now() - started) / 1000).toFixed(1)} s`);
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
  note(`- seeded ${(responses * questions).toLocaleString('en')} answers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await analyze();
  started = Date.now();
  await db().$transaction((tx) => rebuildStudyCounts(tx, organizationId, studyId), { timeout: 3_600_000 });
  const cells = await sql(`SELECT count(*)::int AS n FROM "BrandLiftResultCount" WHERE "studyId" = $1`, [studyId]);
  note(`- counted them into ${cells.rows[0].n.toLocaleString('en')} result cells (rebuildStudyCounts) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await analyze();
  return { organizationId, userId, studyId };
}

const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const timings: string[] = [];
async function time(label: string, fn: () => Promise<unknown>) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const line = `| ${label} | ${p(times, 0.5).toFixed(1)} | ${times[0]!.toFixed(1)} | ${times.at(-1)!.toFixed(1)} |`;
  console.log(line);
  timings.push(line);
}

/** `submissions` new respondents through submitSurveyResponse, `concurrency` at a time. */
async function submitMany(organizationId: string, studyId: string): Promise<string> {
  if (submissions === 0) return '';
  const qs = await sql(
    `SELECT q.id, array_agg(o.id ORDER BY o.position) AS options FROM "BrandLiftQuestion" q JOIN "BrandLiftQuestionOption" o ON o."questionId" = q.id
     WHERE q."studyId" = $1 GROUP BY q.id`,
    [studyId],
  );
  const expires = new Date(Date.now() + 3_600_000);
  const tokens = { EXPOSED: issueRespondentToken(studyId, 'EXPOSED', expires), CONTROL: issueRespondentToken(studyId, 'CONTROL', expires) };
  const genders = ['FEMALE', 'MALE', 'NON_BINARY', 'UNDISCLOSED'];
  const latencies: number[] = [];
  let next = 0;
  let duplicates = 0;
  // Meanwhile, the seeder's idle connection samples what the database's active backends wait on:
  // contention on the hot count rows would show as waits of type Lock.
  let sampling = true;
  const waits = { samples: 0, active: 0, lock: 0 };
  const sampler = (async () => {
    while (sampling && waits.samples < 1_000_000) {
      const r = await sql(
        `SELECT count(*)::int AS active, count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS lock
         FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
      );
      waits.samples++;
      waits.active += r.rows[0].active as number;
      waits.lock += r.rows[0].lock as number;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < submissions; i = next++) {
      // Every 10th delivery is sent twice: the second must be a duplicate and count nothing.
      const body = {
        token: tokens[i % 2 === 0 ? 'EXPOSED' : 'CONTROL'],
        respondentId: `live-${i}`,
        answers: qs.rows.map((q: { id: string; options: string[] }) => ({
          questionId: encodeGlobalID('BrandLiftQuestion', q.id),
          optionIds: [encodeGlobalID('BrandLiftQuestionOption', q.options[(i * 7 + q.id.charCodeAt(0)) % 4]!)],
        })),
        demographics: { gender: genders[i % 4], country: i % 3 === 0 ? 'DE' : 'US' },
      };
      const t0 = performance.now();
      await submitSurveyResponse(body);
      latencies.push(performance.now() - t0);
      if (i % 10 === 0 && (await submitSurveyResponse(body)).status === 'duplicate') duplicates++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  latencies.sort((a, b) => a - b);
  // The counts must equal a recount from the raw rows, per question and group.
  const check = await sql(
    `WITH raw AS (
       SELECT a."questionId", r."group", count(*)::int AS n, count(*) FILTER (WHERE a.pos)::int AS positive
       FROM (SELECT x."responseId", x."questionId", bool_or(o."isPositive") AS pos FROM "BrandLiftAnswer" x
             JOIN "BrandLiftQuestionOption" o ON o.id = x."optionId" JOIN "BrandLiftQuestion" q ON q.id = x."questionId"
             WHERE q."studyId" = $1 GROUP BY 1, 2) a
       JOIN "BrandLiftResponse" r ON r.id = a."responseId" GROUP BY 1, 2),
     counted AS (SELECT "questionId", "group", sum(respondents)::int AS n, sum(positive)::int AS positive FROM "BrandLiftResultCount" WHERE "studyId" = $1 GROUP BY 1, 2)
     SELECT count(*)::int AS mismatches FROM raw FULL JOIN counted USING ("questionId", "group")
     WHERE raw.n IS DISTINCT FROM counted.n OR raw.positive IS DISTINCT FROM counted.positive`,
    [studyId],
  );
  const mismatches = check.rows[0].mismatches as number;
  const dupExpected = Math.ceil(submissions / 10);
  const lines = [
    `Write path: ${submissions.toLocaleString('en')} respondents through \`submitSurveyResponse\` (${concurrency} concurrent, ${questions} answers each, 4 genders x 2 countries, on top of the seeded study): ` +
      `${(submissions / seconds).toFixed(0)} submissions/s, p50 ${p(latencies, 0.5).toFixed(1)} ms, p99 ${p(latencies, 0.99).toFixed(1)} ms; ` +
      `${duplicates}/${dupExpected} repeated deliveries answered \`duplicate\`; counts vs a recount from the raw rows per question and group: ${mismatches === 0 ? 'equal' : `${mismatches} MISMATCHES`}. ` +
      `pg_stat_activity sampled ${waits.samples} times meanwhile: ${waits.active} active backends seen, ${waits.lock} of them waiting on a lock (row locks on hot count cells would show here).`,
  ];
  for (const line of lines) console.log(line);
  if (mismatches !== 0 || duplicates !== dupExpected) process.exitCode = 1;
  return lines.join('\n');
}

const { organizationId, userId, studyId } = await seed();
const viewer: Viewer = { userId, organizationId, role: 'VIEWER' };
try {
  const writePath = await submitMany(organizationId, studyId);
  await analyze();
  const sample = await runAsTenant(organizationId, () => studyResults(viewer, studyId));
  const sampleLines = sample.rows.map(
    (row) => `- Q${row.position}: exposed ${row.exposed.positive.toLocaleString('en')}/${row.exposed.n.toLocaleString('en')}, control ${row.control.positive.toLocaleString('en')}/${row.control.n.toLocaleString('en')}, lift ${row.absoluteLift?.toFixed(4)}, p ${row.pValue?.toExponential(2)}`,
  );
  for (const line of sampleLines) console.log(line);

  await time('`studyResults`, whole study', () => runAsTenant(organizationId, () => studyResults(viewer, studyId)));
  for (const segment of ['AGE_BUCKET', 'GENDER', 'COUNTRY'] as const) {
    await time(`\`studyResults\`, by ${segment}`, () => runAsTenant(organizationId, () => studyResults(viewer, studyId, { segment })));
  }
  const app = createApp({ resolveViewer: async () => viewer, graphiql: false });
  const query = `query($id: ID!, $segment: ResultSegment) { node(id: $id) { ... on BrandLiftStudy { results(segment: $segment) {
    ... on BrandLiftResults { level rows { questionId segmentValue exposed { n positive rate } control { n positive rate }
      absoluteLift relativeLift headroomLift ciLow ciHigh zScore pValue adjustedPValue isSignificant belowTargetSample } } } } } }`;
  for (const segment of [null, 'COUNTRY'] as const) {
    await time(`GraphQL \`BrandLiftStudy.results\`${segment ? `(segment: ${segment})` : ''}, whole pipeline in-process`, async () => {
      const response = await app.fetch(new URL('/graphql', 'http://localhost'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { id: encodeGlobalID('BrandLiftStudy', studyId), segment } }),
      });
      const body = (await response.json()) as { data?: { node?: { results?: { rows?: unknown[] } } }; errors?: unknown };
      if (!body.data?.node?.results?.rows?.length) throw new Error(`GraphQL results failed: ${JSON.stringify(body.errors ?? body)}`);
    });
  }

  const explain = await db().$transaction(async (tx) => {
    await setTenantInTransaction(tx, { organizationId });
    return tx.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${countAnswersSql(organizationId, studyId, null)}`);
  });
  const plan = explain.map((row) => row['QUERY PLAN']).join('\n');
  console.log(plan);
  const version = (await sql('SELECT version()')).rows[0].version as string;

  const md = `# Brand lift results on a 1,000,000-response study

Generated by \`DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bl_bench npx tsx bench/brand-lift-results.ts\`
on ${new Date().toISOString().slice(0, 10)}: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}, shared with other work), Node ${process.version},
${version.split(',')[0]}, API modules in production mode. Study: ${responses.toLocaleString('en')} seeded respondents
(half EXPOSED, half CONTROL, independent age bucket / gender / country, some unknown) answering ${questions} single-choice
questions each (${(responses * questions).toLocaleString('en')} answer rows), plus ${submissions.toLocaleString('en')} submitted through the API's submission path.

Seeding:

${log.join('\n')}

${writePath}

Results (p50 of ${runs} runs after one warm-up, milliseconds). \`studyResults\` is the service function behind
\`BrandLiftStudy.results\` (study lookup with its questions, the counts aggregate, statistics, Benjamini-Hochberg);
the GraphQL rows go through parsing, validation, auth scopes, the tenant scope and serialization too.

| What | p50 ms | min ms | max ms |
| --- | --- | --- | --- |
${timings.join('\n')}

Whole-study results of this run:

${sampleLines.join('\n')}

Plan of the results aggregate (\`countAnswersSql\` in src/modules/brand-lift/brand-lift.results.ts, whole study):

\`\`\`
${plan}
\`\`\`

Before this change (same data shape, previous session): the aggregate joined 3,000,000 answers to their
responses and options on every request, about 10 s (5.5 s for the best query shape). See README, "Brand lift studies".
`;
  writeFileSync(values.out, md);
  console.log(`wrote ${values.out}`);
} finally {
  if (!values.keep) {
    await sql(`DELETE FROM "Organization" WHERE id = $1`, [organizationId]);
    await sql(`DELETE FROM "User" WHERE id = $1`, [userId]);
  }
  await seeder.end();
  await handle.close();
}

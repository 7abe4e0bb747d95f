import { expect, it } from '@jest/globals';
import { db } from '../../src/lib/db/client';
import { runAsTenant } from '../../src/lib/db/tenant-scope';

// Inside a tenant scope every query runs in a transaction (row-level security settings). Prisma's
// default 5 s transaction timeout must not cut off a legitimate slow query (e.g. lift results on a
// large study): only the statement timeout (DATABASE_STATEMENT_TIMEOUT_MS) limits queries.
it('a tenant-scoped query slower than 5 s completes', async () => {
  const rows = await runAsTenant('00000000-0000-0000-0000-000000000000', () =>
    db().$queryRaw<{ slept: string }[]>`SELECT pg_sleep(5.3)::text AS slept`,
  );
  expect(rows).toEqual([{ slept: '' }]);
}, 20_000);

// `npm run jobs:identity-deletions`: deletes at Clerk the accounts of users erased here whose
// deletion there is still to do (src/modules/privacy/identity-deletion.ts), at most --limit
// (default 100), and prints `{ deleted, failed }` as JSON. Needs CLERK_SECRET_KEY (CLERK_API_URL
// optional); without it there is nothing at Clerk to delete and the job says so. Safe to run
// twice or concurrently: a second deletion of one account is a 404 at Clerk, counted as done.
import { clerkIdentityDeleter, deletePendingIdentities } from '../../src/modules/privacy/identity-deletion';
import { argument, runJob } from './run-job';

runJob(async () => {
  const deleter = clerkIdentityDeleter();
  if (!deleter) return { skipped: true, reason: 'CLERK_SECRET_KEY is not set' };
  const limit = Number(argument('limit') ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new Error(`invalid --limit: ${argument('limit')}`);
  return deletePendingIdentities(deleter, { limit });
});

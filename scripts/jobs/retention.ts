// `npm run jobs:retention`: applies each organization's data retention once (see
// src/modules/privacy/retention.service.ts) and prints the counts as JSON. Uses DATABASE_URL, as
// the login role (deleting audit entries needs more than app_runtime may do). Safe to run while
// another run is in progress: that one holds the lock and this one reports `skipped: true`.
// Optional: --now=<ISO date> to evaluate the retention as of another instant.
import { runRetention } from '../../src/modules/privacy/retention.service';
import { argument, runJob } from './run-job';

runJob(async () => {
  const nowArg = argument('now');
  const now = nowArg ? new Date(nowArg) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`invalid --now: ${nowArg}`);
  return runRetention({ now });
});

// `npm run jobs:retention`: applies each organization's data retention once (see
// src/modules/privacy/retention.service.ts) and prints the counts as JSON. Uses DATABASE_URL, as
// the login role (deleting audit entries needs more than app_runtime may do). Safe to run while
// another run is in progress: that one holds the lock and this one reports `skipped: true`.
// Optional: --now=<ISO date> to evaluate the retention as of another instant.
import { createDb, setDb } from '../../src/lib/db/client';
import { runRetention } from '../../src/modules/privacy/retention.service';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const nowArg = process.argv.find((a) => a.startsWith('--now='))?.slice('--now='.length);
  const now = nowArg ? new Date(nowArg) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`invalid --now: ${nowArg}`);
  const handle = createDb(url, { role: null });
  setDb(handle);
  try {
    const report = await runRetention({ now });
    // One line: stdout may also carry the JSON log lines of the run (pino), the report is the last.
    console.log(JSON.stringify(report));
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

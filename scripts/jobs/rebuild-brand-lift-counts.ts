// `npm run jobs:rebuild-brand-lift-counts`: recounts the brand lift result cells
// ("BrandLiftResultCount", src/modules/brand-lift/brand-lift.counts.ts) of every study in
// COLLECTING or COMPLETED from its stored responses, one transaction per study, and prints
// `{studies, changed}` as JSON. Run once after the rolling deploy that introduced the counts
// (README: Brand lift studies): responses accepted meanwhile by instances still on the old code
// were stored without being counted. Safe to run again (a recount of correct cells changes
// nothing) and while responses arrive (each study is locked while its cells are replaced). Uses
// DATABASE_URL as the login role, like jobs:retention.
// Optional: --statuses=COLLECTING,COMPLETED,... to choose other statuses; --organization=<uuid> for
// one organization's studies only.
import { createDb, setDb } from '../../src/lib/db/client';
import { REBUILD_STATUSES, rebuildCountsOfStudies } from '../../src/modules/brand-lift/brand-lift.counts';
import type { BrandLiftStudyStatus } from '../../src/generated/prisma/client.ts';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const statusesArg = process.argv.find((a) => a.startsWith('--statuses='))?.slice('--statuses='.length);
  const statuses = statusesArg
    ? (statusesArg.split(',').map((s) => s.trim()).filter(Boolean) as BrandLiftStudyStatus[])
    : [...REBUILD_STATUSES];
  if (statuses.length === 0) throw new Error('--statuses is empty');
  const organizationId = process.argv.find((a) => a.startsWith('--organization='))?.slice('--organization='.length) || undefined;
  const handle = createDb(url, { role: null });
  setDb(handle);
  try {
    const report = await rebuildCountsOfStudies({ statuses, organizationId });
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

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
import type { BrandLiftStudyStatus } from '../../src/generated/prisma/client.ts';
import { REBUILD_STATUSES, rebuildCountsOfStudies } from '../../src/modules/brand-lift/brand-lift.counts';
import { argument, runJob } from './run-job';

runJob(async () => {
  const statusesArg = argument('statuses');
  const statuses = statusesArg
    ? (statusesArg.split(',').map((s) => s.trim()).filter(Boolean) as BrandLiftStudyStatus[])
    : [...REBUILD_STATUSES];
  if (statuses.length === 0) throw new Error('--statuses is empty');
  return rebuildCountsOfStudies({ statuses, organizationId: argument('organization') || undefined });
});

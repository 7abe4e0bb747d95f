// When things happened to a campaign, consistent with its status and with the reference day
// (every event lies before it; dates of running campaigns straddle it).
import type { CampaignStatus } from './campaign.generate';
import type { Seat } from './organization.generate';
import type { Random } from './random';

const DAY = 86_400_000;

export interface Transition {
  from: CampaignStatus;
  to: CampaignStatus;
  at: string;
  /** null: done by the system (the scheduler that starts campaigns on their start date). */
  by: Seat | null;
}

export interface Timeline {
  status: CampaignStatus;
  createdAt: string;
  startDate: string;
  endDate: string;
  submittedAt: string | null;
  approvedAt: string | null;
  activatedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  transitions: Transition[];
  completedStepCount: number;
}

/** Day offsets from the reference day (negative: in the past), fractions are times of day. */
export function timeline(rng: Random, status: CampaignStatus, reference: Date, creator: Seat): Timeline {
  const daytime = (): number => rng.float(8, 18) / 24;
  let created: number;
  let start: number;
  let end: number | null = null;
  let submitted: number | null = null;
  let approved: number | null = null;
  let activated: number | null = null;
  let paused: number | null = null;
  let completed: number | null = null;
  let cancelled: number | null = null;
  let cancelledFrom: CampaignStatus = 'DRAFT';
  let steps = 5;

  const approvalPath = (): void => {
    submitted = Math.floor(created) + rng.int(3, 10) + daytime();
    approved = Math.floor(submitted) + rng.int(1, 5) + daytime();
  };

  switch (status) {
    case 'DRAFT':
      created = -rng.int(1, 45) + daytime();
      start = rng.int(14, 120);
      steps = rng.int(0, 5);
      break;
    case 'SUBMITTED':
      created = -rng.int(8, 60) + daytime();
      submitted = -rng.int(1, 6) + daytime();
      start = rng.int(7, 90);
      break;
    case 'APPROVED':
      created = -rng.int(15, 80) + daytime();
      submitted = -rng.int(6, 12) + daytime();
      approved = -rng.int(1, 5) + daytime();
      start = rng.int(3, 60);
      break;
    case 'ACTIVE':
    case 'PAUSED':
      start = -rng.int(1, 40);
      end = rng.int(7, 90);
      created = start - rng.int(20, 60) + daytime();
      approvalPath();
      activated = start + 9 / 24;
      if (status === 'PAUSED') paused = activated + rng.float(0.1, 0.9) * -activated;
      break;
    case 'COMPLETED':
      end = -rng.int(1, 200);
      start = end - rng.int(14, 90);
      created = start - rng.int(20, 60) + daytime();
      approvalPath();
      activated = start + 9 / 24;
      completed = end + 23 / 24;
      break;
    case 'CANCELLED': {
      cancelledFrom = rng.pick<CampaignStatus>(['DRAFT', 'SUBMITTED', 'APPROVED', 'ACTIVE']);
      created = -rng.int(30, 200) + daytime();
      let last = created;
      start = Math.ceil(created) + rng.int(20, 60);
      if (cancelledFrom === 'DRAFT') steps = rng.int(0, 5);
      else {
        submitted = Math.floor(created) + rng.int(2, 8) + daytime();
        last = submitted;
      }
      if (cancelledFrom === 'APPROVED' || cancelledFrom === 'ACTIVE') {
        approved = Math.floor(last) + rng.int(1, 4) + daytime();
        last = approved;
      }
      if (cancelledFrom === 'ACTIVE') {
        start = Math.ceil(last) + rng.int(3, 15);
        activated = start + 9 / 24;
        last = activated;
      }
      cancelled = last + rng.float(0.1, 0.9) * -last;
      break;
    }
  }
  end ??= start + rng.int(14, 90);

  const iso = (d: number): string => new Date(reference.getTime() + d * DAY).toISOString();
  const maybe = (d: number | null): string | null => (d === null ? null : iso(d));
  const transitions: Transition[] = [];
  const step = (d: number | null, from: CampaignStatus, to: CampaignStatus, by: Seat | null): void => {
    if (d !== null) transitions.push({ from, to, at: iso(d), by });
  };
  step(submitted, 'DRAFT', 'SUBMITTED', creator);
  step(approved, 'SUBMITTED', 'APPROVED', rng.pick<Seat>(['owner', 'admin']));
  step(activated, 'APPROVED', 'ACTIVE', null);
  step(paused, 'ACTIVE', 'PAUSED', creator);
  step(completed, 'ACTIVE', 'COMPLETED', 'owner');
  step(cancelled, cancelledFrom, 'CANCELLED', 'owner');

  return {
    status,
    createdAt: iso(created),
    startDate: iso(start).slice(0, 10),
    endDate: iso(end).slice(0, 10),
    submittedAt: maybe(submitted),
    approvedAt: maybe(approved),
    activatedAt: maybe(activated),
    completedAt: maybe(completed),
    cancelledAt: maybe(cancelled),
    transitions,
    completedStepCount: steps,
  };
}

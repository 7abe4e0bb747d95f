import type { BrandLiftStudyStatus, FunnelStage, Kpi, MembershipRole } from '../../generated/prisma/client.ts';
import { DomainError } from '../../lib/errors';

/**
 * The brand lift study status machine, as data (like campaign.status.ts):
 * DRAFT -> PENDING_APPROVAL (request review) -> CHANGES_REQUESTED or APPROVED (reviewer) ->
 * COLLECTING (launch) -> COMPLETED -> ARCHIVED; CHANGES_REQUESTED -> PENDING_APPROVAL again.
 * Asking for review is everyday work of a MEMBER; reviewing, launching, completing and archiving
 * need an ADMIN.
 */
export type BrandLiftTransition = 'REQUEST_REVIEW' | 'REQUEST_CHANGES' | 'APPROVE' | 'LAUNCH' | 'COMPLETE' | 'ARCHIVE';

export interface BrandLiftTransitionRule {
  from: readonly BrandLiftStudyStatus[];
  to: BrandLiftStudyStatus;
  /** Minimum membership role (OWNER > ADMIN > MEMBER > VIEWER). */
  role: MembershipRole;
  stamp?: 'launchedAt' | 'completedAt';
}

export const BRAND_LIFT_TRANSITIONS: Readonly<Record<BrandLiftTransition, BrandLiftTransitionRule>> = {
  REQUEST_REVIEW: { from: ['DRAFT', 'CHANGES_REQUESTED'], to: 'PENDING_APPROVAL', role: 'MEMBER' },
  REQUEST_CHANGES: { from: ['PENDING_APPROVAL'], to: 'CHANGES_REQUESTED', role: 'ADMIN' },
  APPROVE: { from: ['PENDING_APPROVAL'], to: 'APPROVED', role: 'ADMIN' },
  LAUNCH: { from: ['APPROVED'], to: 'COLLECTING', role: 'ADMIN', stamp: 'launchedAt' },
  COMPLETE: { from: ['COLLECTING'], to: 'COMPLETED', role: 'ADMIN', stamp: 'completedAt' },
  ARCHIVE: { from: ['COMPLETED'], to: 'ARCHIVED', role: 'ADMIN' },
};

/** Questions and options can be edited only before approval. */
export const QUESTION_EDITABLE_STATUSES: readonly BrandLiftStudyStatus[] = ['DRAFT', 'CHANGES_REQUESTED'];

export function canTransitionStudy(transition: BrandLiftTransition, from: BrandLiftStudyStatus): boolean {
  return BRAND_LIFT_TRANSITIONS[transition].from.includes(from);
}

/**
 * The funnel stage a KPI belongs to, used when a study is created without one:
 * awareness KPIs are TOP, consideration KPIs MID, intent and advocacy KPIs BOTTOM.
 */
export const FUNNEL_STAGE_OF_KPI: Readonly<Record<Kpi, FunnelStage>> = {
  AD_RECALL: 'TOP',
  BRAND_AWARENESS: 'TOP',
  CONSIDERATION: 'MID',
  MESSAGE_ASSOCIATION: 'MID',
  BRAND_PREFERENCE: 'MID',
  PURCHASE_INTENT: 'BOTTOM',
  ACTION_INTENT: 'BOTTOM',
  RECOMMENDATION_INTENT: 'BOTTOM',
  ADVOCACY: 'BOTTOM',
};

/** A transition the status machine does not allow from the study's current status. */
export class BrandLiftInvalidTransitionError extends DomainError {
  override readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly transition: BrandLiftTransition,
    readonly currentStatus: BrandLiftStudyStatus,
  ) {
    super(`Cannot ${transition.toLowerCase().replace('_', ' ')} a brand lift study that is ${currentStatus}`);
  }
}

/** A question edit on a study that is past review (only DRAFT and CHANGES_REQUESTED are editable). */
export class BrandLiftNotEditableError extends DomainError {
  override readonly code = 'NOT_EDITABLE';
  constructor(readonly currentStatus: BrandLiftStudyStatus) {
    super(`Questions can be edited only in DRAFT or CHANGES_REQUESTED; this study is ${currentStatus}`);
  }
}

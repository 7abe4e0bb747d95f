import type { CampaignStatus, MembershipRole } from '../../generated/prisma/client.ts';
import { DomainError } from '../../lib/errors';

/**
 * The campaign status machine, as data: DRAFT -> SUBMITTED -> APPROVED -> ACTIVE <-> PAUSED ->
 * COMPLETED, and any non-terminal status -> CANCELLED. Clients never set a status; they ask for a
 * transition, and the server checks the current status and the viewer's role against this table.
 *
 * COMPLETE is allowed from ACTIVE as well as PAUSED: a running campaign ends without being paused
 * first. Approving, activating, completing and cancelling commit budget or end work, so they need
 * an ADMIN; submitting, pausing and resuming are everyday work of a MEMBER.
 */
export type CampaignTransition = 'SUBMIT' | 'APPROVE' | 'ACTIVATE' | 'PAUSE' | 'RESUME' | 'COMPLETE' | 'CANCEL';

type StampField = 'submittedAt' | 'approvedAt' | 'activatedAt' | 'completedAt' | 'cancelledAt';

export interface TransitionRule {
  from: readonly CampaignStatus[];
  to: CampaignStatus;
  /** Minimum membership role (OWNER > ADMIN > MEMBER > VIEWER). */
  role: MembershipRole;
  /** Timestamp column set when the transition happens. */
  stamp?: StampField;
}

export const TERMINAL_STATUSES: readonly CampaignStatus[] = ['COMPLETED', 'CANCELLED'];

export const TRANSITIONS: Readonly<Record<CampaignTransition, TransitionRule>> = {
  SUBMIT: { from: ['DRAFT'], to: 'SUBMITTED', role: 'MEMBER', stamp: 'submittedAt' },
  APPROVE: { from: ['SUBMITTED'], to: 'APPROVED', role: 'ADMIN', stamp: 'approvedAt' },
  ACTIVATE: { from: ['APPROVED'], to: 'ACTIVE', role: 'ADMIN', stamp: 'activatedAt' },
  PAUSE: { from: ['ACTIVE'], to: 'PAUSED', role: 'MEMBER' },
  RESUME: { from: ['PAUSED'], to: 'ACTIVE', role: 'MEMBER' },
  COMPLETE: { from: ['ACTIVE', 'PAUSED'], to: 'COMPLETED', role: 'ADMIN', stamp: 'completedAt' },
  CANCEL: { from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'ACTIVE', 'PAUSED'], to: 'CANCELLED', role: 'ADMIN', stamp: 'cancelledAt' },
};

/** Only drafts can be edited (wizard steps, influencers, assets). */
export const EDITABLE_STATUSES: readonly CampaignStatus[] = ['DRAFT'];

export function canTransition(transition: CampaignTransition, from: CampaignStatus): boolean {
  return TRANSITIONS[transition].from.includes(from);
}

/** A transition the status machine does not allow from the campaign's current status. */
export class InvalidTransitionError extends DomainError {
  override readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly transition: CampaignTransition,
    readonly currentStatus: CampaignStatus,
  ) {
    super(`Cannot ${transition.toLowerCase()} a campaign that is ${currentStatus}`);
  }
}

/** An edit of a campaign that is no longer a draft. */
export class NotEditableError extends DomainError {
  override readonly code = 'NOT_EDITABLE';
  constructor(readonly currentStatus: CampaignStatus) {
    super(`Only DRAFT campaigns can be edited; this one is ${currentStatus}`);
  }
}

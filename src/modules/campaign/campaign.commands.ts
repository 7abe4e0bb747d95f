/**
 * Writes of the campaigns, by concern; import them from here. The rules every write follows (one
 * tenant transaction, optimistic versions, audit before commit) are in campaign.commands.shared.ts.
 * - campaign.wizard.commands.ts: createCampaign and the step saves;
 * - campaign.lifecycle.commands.ts: the status transitions (submit, approve, ...) and duplication;
 * - campaign.influencers.commands.ts: the creators on a draft campaign;
 * - campaign.assets.commands.ts: the creative assets of a draft campaign.
 */

export type { VersionRef } from './campaign.commands.shared';
export * from './campaign.wizard.commands';
export * from './campaign.lifecycle.commands';
export * from './campaign.influencers.commands';
export * from './campaign.assets.commands';

import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder';

// The table of contents of the API: one import per module.
import './modules/common/enums.graphql';
import './modules/common/errors.graphql';
import './modules/organization/organization.graphql';
import './modules/influencer/influencer.graphql';
import './modules/influencer/insightiq.graphql';
import './modules/influencer/influencer-list.graphql';
import './modules/audit/audit.graphql';
import './modules/privacy/privacy.graphql';
import './modules/campaign/campaign.graphql';
import './modules/campaign/campaign.mutations.graphql';
import './modules/campaign/campaign.influencers.mutations.graphql';
import './modules/campaign/campaign.assets.mutations.graphql';
import './modules/campaign/campaign.aggregates.graphql';
import './modules/brand-lift/brand-lift.graphql';
import './modules/brand-lift/brand-lift.results.graphql';

builder.queryType({});

export const schema = lexicographicSortSchema(builder.toSchema());

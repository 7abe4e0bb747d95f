import { builder } from '../../builder';
import { Platform } from '../../generated/prisma/client.ts';
import { MAX_PAGE_SIZE } from '../common/pagination';
import { countMarketplaceInfluencers, listMarketplaceInfluencers } from './influencer.service';

builder.enumType(Platform, { name: 'Platform', description: 'Social platform of a creator account.' });

// Marketplace creators are public data shared by every tenant, so reading them needs no organization.
export const MarketplaceInfluencerRef = builder.prismaNode('MarketplaceInfluencer', {
  id: { field: 'id' },
  // A global id whose row does not exist (or was never of this type) resolves to null, not an error.
  nullable: true,
  authScopes: { public: true },
  fields: (t) => ({
    platform: t.expose('platform', { type: Platform }),
    username: t.exposeString('username'),
    displayName: t.exposeString('displayName'),
    bio: t.exposeString('bio', { nullable: true }),
    avatarUrl: t.exposeString('avatarUrl', { nullable: true }),
    followers: t.exposeInt('followers'),
    engagementRate: t.expose('engagementRate', {
      type: 'Decimal',
      description: 'Share of followers who engage with a typical post, a fraction from 0 to 1.',
    }),
    isVerified: t.exposeBoolean('isVerified'),
    country: t.exposeString('country', { nullable: true, description: 'ISO 3166-1 alpha-2 code.' }),
    categories: t.exposeStringList('categories'),
    audienceQualityScore: t.expose('audienceQualityScore', { type: 'Decimal', nullable: true }),
  }),
});

builder.queryFields((t) => ({
  marketplaceInfluencers: t.prismaConnection({
    type: 'MarketplaceInfluencer',
    cursor: 'id',
    authScopes: { public: true },
    description: 'Creators in the shared marketplace, largest audience first.',
    maxSize: MAX_PAGE_SIZE,
    defaultSize: 20,
    args: { platform: t.arg({ type: Platform, required: false }) },
    totalCount: (_root, args) => countMarketplaceInfluencers({ platform: args.platform ?? null }),
    resolve: (query, _root, args) => listMarketplaceInfluencers(query, { platform: args.platform ?? null }),
  }),
}));

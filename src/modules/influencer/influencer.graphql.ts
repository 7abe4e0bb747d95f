import { queryFromInfo } from '@pothos/plugin-prisma';
import { builder } from '../../builder';
import { AgeBucket, Gender, Platform } from '../../generated/prisma/client.ts';
import { ValidationError } from '../../lib/errors';
import { searchMarketplaceInfluencers } from './influencer.service';


const share = { type: 'Decimal', description: 'Share of the audience, a fraction from 0 to 1.' } as const;

// Profiles and audience shares are public marketplace data like the creator they describe.
builder.prismaObject('InfluencerAudienceAge', {
  authScopes: { public: true },
  fields: (t) => ({ bucket: t.expose('bucket', { type: AgeBucket }), share: t.expose('share', share) }),
});
builder.prismaObject('InfluencerAudienceGender', {
  authScopes: { public: true },
  fields: (t) => ({ gender: t.expose('gender', { type: Gender }), share: t.expose('share', share) }),
});
builder.prismaObject('InfluencerAudienceCountry', {
  authScopes: { public: true },
  fields: (t) => ({
    countryCode: t.exposeString('countryCode', { description: 'ISO 3166-1 alpha-2 code.' }),
    share: t.expose('share', share),
  }),
});

builder.prismaObject('InfluencerProfile', {
  authScopes: { public: true },
  description: 'Extended, slower-changing data about a creator, refreshed from the data provider.',
  fields: (t) => ({
    avgLikes: t.exposeInt('avgLikes', { nullable: true }),
    avgComments: t.exposeInt('avgComments', { nullable: true }),
    avgViews: t.exposeInt('avgViews', { nullable: true }),
    contentCategories: t.exposeStringList('contentCategories'),
    score: t.expose('score', { type: 'Decimal', nullable: true, description: 'Creator score, 0 to 100.' }),
    scoreVersion: t.exposeInt('scoreVersion', { nullable: true }),
    refreshedAt: t.expose('refreshedAt', { type: 'DateTime', nullable: true }),
    // Loaded with the creator's own statement (relation joins), so a page of creators is not N+1.
    audienceAges: t.relation('audienceAges', { query: { orderBy: { bucket: 'asc' } } }),
    audienceGenders: t.relation('audienceGenders', { query: { orderBy: { gender: 'asc' } } }),
    audienceCountries: t.relation('audienceCountries', { query: { orderBy: [{ share: 'desc' }, { countryCode: 'asc' }] } }),
  }),
});

// Marketplace creators are public data shared by every tenant, so reading them needs no organization.
export const MarketplaceInfluencerRef = builder.prismaNode('MarketplaceInfluencer', {
  id: { field: 'id' },
  // Select mode: these cheap columns always, others (the bio, decimals) only when asked for (see
  // lib/pothos/always-selected.ts).
  select: { id: true, platform: true, username: true, displayName: true, followers: true },
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
    profile: t.relation('profile', { nullable: true }),
  }),
});

const MarketplaceInfluencerOrder = builder.enumType('MarketplaceInfluencerOrder', {
  description: 'Ordering of marketplace creators, largest first; ties always break on id.',
  values: {
    RELEVANCE: { description: 'Best match of `search` first (the default with a search; needs one).' },
    FOLLOWERS: { description: 'Largest audience first (the default without a search).' },
    ENGAGEMENT: { description: 'Highest engagement rate first.' },
    SCORE: { description: 'Highest audience-quality score first; creators without one last.' },
  } as const,
});

const MarketplaceInfluencerFilter = builder.inputType('MarketplaceInfluencerFilter', {
  description: 'Every given condition must hold. Rates are fractions from 0 to 1.',
  fields: (t) => ({
    platforms: t.field({ type: [Platform], required: false, description: 'Any of these platforms.' }),
    followersMin: t.int({ required: false }),
    followersMax: t.int({ required: false }),
    engagementRateMin: t.field({ type: 'Decimal', required: false }),
    engagementRateMax: t.field({ type: 'Decimal', required: false }),
    countries: t.stringList({ required: false, description: 'Any of these ISO 3166-1 alpha-2 codes.' }),
    categories: t.stringList({ required: false, description: 'Creators with any of these category slugs.' }),
    verified: t.boolean({ required: false }),
    minAudienceQualityScore: t.field({ type: 'Decimal', required: false, description: '0 to 100.' }),
  }),
});

builder.queryFields((t) => ({
  marketplaceInfluencers: t.connection(
    {
      type: MarketplaceInfluencerRef,
      authScopes: { public: true },
      description:
        'Creators in the shared marketplace: full-text `search` over names, usernames, bio and categories ' +
        '(a username prefix matches too), `filter`, and a total ordering. Pages hold at most 100 creators.',
      errors: { types: [ValidationError], directResult: true, union: { name: 'MarketplaceInfluencerSearchResult' } },
      args: {
        search: t.arg.string({ required: false, description: 'Words to find; at most 200 characters.' }),
        filter: t.arg({ type: MarketplaceInfluencerFilter, required: false }),
        orderBy: t.arg({ type: MarketplaceInfluencerOrder, required: false }),
      },
      resolve: (_root, args, context, info) =>
        searchMarketplaceInfluencers(queryFromInfo({ context, info, path: ['edges', 'node'] }), args),
    },
    {
      name: 'MarketplaceInfluencerConnection',
      fields: (c) => ({
        totalCount: c.int({
          description: 'Creators matching search and filter, on all pages.',
          resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
        }),
      }),
    },
    { name: 'MarketplaceInfluencerEdge' },
  ),
}));

// Creators on a campaign and the creative assets they deliver.
import { CURRENCY_SCALE, type CampaignSpec, type CampaignStatus } from './campaign.generate';
import { creator, type Creator } from './creator.generate';
import type { OrgSpec, Seat } from './organization.generate';
import { type Random, rngFor } from './random';

export interface InfluencerSpec {
  creatorIndex: number;
  status: string;
  agreedFee: string | null;
  feeCurrency: string | null;
  notes: string | null;
  addedBy: Seat;
  createdAt: string;
  assets: AssetSpec[];
}

export interface AssetSpec {
  name: string;
  description: string;
  type: 'IMAGE' | 'VIDEO';
  url: string;
  mimeType: string;
  sizeBytes: number;
  width: number;
  height: number;
  durationSeconds: string | null;
  isActive: boolean;
  createdBy: Seat;
}

const STATUS_MIX: Record<CampaignStatus, readonly (readonly [string, number])[]> = {
  DRAFT: [['INVITED', 6], ['NEGOTIATING', 3], ['DECLINED', 1]],
  SUBMITTED: [['INVITED', 3], ['NEGOTIATING', 5], ['CONTRACTED', 1], ['DECLINED', 1]],
  APPROVED: [['NEGOTIATING', 3], ['CONTRACTED', 6], ['DECLINED', 1]],
  ACTIVE: [['CONTRACTED', 5], ['DELIVERED', 5]],
  PAUSED: [['CONTRACTED', 6], ['DELIVERED', 4]],
  COMPLETED: [['DELIVERED', 9], ['DECLINED', 1]],
  CANCELLED: [['INVITED', 3], ['CONTRACTED', 3], ['DECLINED', 4]],
};
const NOTES = [
  'Prefers Reels over static posts.', 'Asked for usage rights to be limited to 6 months.',
  'Exclusivity clause agreed for the category.', 'Great fit with the brand tone.',
  'Needs product samples two weeks before posting.', 'Agency-managed, contact through their manager.',
];

export interface InfluencerPlan {
  creatorCount: number;
  influencersPerCampaign: number;
  assetsPerInfluencer: readonly [min: number, max: number];
}

export function influencerSpecs(org: OrgSpec, campaign: CampaignSpec, plan: InfluencerPlan): InfluencerSpec[] {
  const rng = rngFor('campaign-influencers', org.index, campaign.index);
  const picked = pickCreators(rng, campaign, plan.creatorCount, plan.influencersPerCampaign);
  const scale = CURRENCY_SCALE[campaign.currency] ?? 1;
  return picked.map((c, slot) => {
    const status = rng.weighted(STATUS_MIX[campaign.status]);
    const hasFee = status === 'NEGOTIATING' || status === 'CONTRACTED' || status === 'DELIVERED';
    // Roughly 5-25 USD per thousand followers, between 100 and 250,000 USD.
    const fee = Math.min(250_000, Math.max(100, Math.round((c.followers / 1000) * rng.float(5, 25)))) * scale;
    const addedBy = rng.pick<Seat>([campaign.createdBy, 'member1', 'member2']);
    const createdAt = new Date(new Date(campaign.createdAt).getTime() + rng.int(1, 72) * 3_600_000).toISOString();
    const count = rng.int(plan.assetsPerInfluencer[0], plan.assetsPerInfluencer[1]);
    return {
      creatorIndex: c.index,
      status,
      agreedFee: hasFee ? fee.toFixed(2) : null,
      feeCurrency: hasFee ? campaign.currency : null,
      notes: rng.chance(0.25) ? rng.pick(NOTES) : null,
      addedBy,
      createdAt,
      assets: Array.from({ length: count }, (_, n) => influencerAsset(rng, org, campaign, c, slot, n, addedBy)),
    };
  });
}

/** Distinct creators, preferring those on the campaign's platforms. */
function pickCreators(rng: Random, campaign: CampaignSpec, creatorCount: number, wanted: number): Creator[] {
  if (creatorCount < wanted) throw new Error(`need at least ${wanted} creators, have ${creatorCount}`);
  const chosen = new Map<number, Creator>();
  for (let tries = 0; chosen.size < wanted && tries < wanted * 40; tries++) {
    const c = creator(rng.int(0, creatorCount - 1));
    if (!chosen.has(c.index) && campaign.platforms.includes(c.platform)) chosen.set(c.index, c);
  }
  for (let i = 0; chosen.size < wanted; i++) if (!chosen.has(i)) chosen.set(i, creator(i));
  return [...chosen.values()];
}

/**
 * Share of a creator's delivered assets still active (the rest superseded by later cuts). Two in
 * three: with the bench scale's 5 assets per creator, a page of 20 campaigns x 20 creators holds
 * about 1,330 active assets, and the nested query over it (campaigns, creators and their active
 * assets in `nodes`, with the connections) about the 1,788 objects the production-readiness issue
 * sets its CPU target on (1,794 in the bench's organization).
 */
const ACTIVE_SHARE = 2 / 3;

function influencerAsset(
  rng: Random, org: OrgSpec, campaign: CampaignSpec, c: Creator, slot: number, n: number, createdBy: Seat,
): AssetSpec {
  const videoOdds = c.platform === 'INSTAGRAM' ? 0.4 : 0.9;
  const video = rng.chance(videoOdds);
  const base = `https://cdn.example.com/${org.slug}/campaign-${String(campaign.index).padStart(3, '0')}`;
  const file = `${c.username}-${slot + 1}-${n + 1}`;
  if (video) {
    const duration = rng.float(6, c.platform === 'YOUTUBE' ? 600 : 90);
    const landscape = c.platform === 'YOUTUBE' && rng.chance(0.7);
    return {
      name: `${rng.pick(['Hero video', 'Unboxing', 'Tutorial cut', '15s cutdown', 'Story sequence', 'Behind the scenes'])} by @${c.username}`,
      description: `${campaign.brandName} video for ${campaign.name}, ${Math.round(duration)} s.`,
      type: 'VIDEO',
      url: `${base}/${file}.mp4`,
      mimeType: 'video/mp4',
      sizeBytes: Math.round(duration * rng.float(0.6, 1.6) * 1_000_000),
      width: landscape ? 1920 : 1080,
      height: landscape ? 1080 : 1920,
      durationSeconds: duration.toFixed(3),
      isActive: rng.chance(ACTIVE_SHARE),
      createdBy,
    };
  }
  const [width, height] = rng.pick([[1080, 1080], [1080, 1350], [1080, 1920]] as const);
  return {
    name: `${rng.pick(['Feed post', 'Carousel frame', 'Story frame', 'Product shot', 'Lifestyle photo'])} by @${c.username}`,
    description: `${campaign.brandName} still for ${campaign.name}.`,
    type: 'IMAGE',
    url: `${base}/${file}.jpg`,
    mimeType: 'image/jpeg',
    sizeBytes: rng.int(180_000, 5_000_000),
    width,
    height,
    durationSeconds: null,
    isActive: rng.chance(ACTIVE_SHARE),
    createdBy,
  };
}

/** The brand's own hero film for the campaign, not tied to a creator. */
export function brandAsset(org: OrgSpec, campaign: CampaignSpec): AssetSpec {
  const rng = rngFor('brand-asset', org.index, campaign.index);
  const duration = rng.pick([15, 20, 30, 45]);
  return {
    name: `${campaign.brandName} hero film`,
    description: `Master brand film for ${campaign.name}; creators cut their own versions from it.`,
    type: 'VIDEO',
    url: `https://cdn.example.com/${org.slug}/campaign-${String(campaign.index).padStart(3, '0')}/hero-film.mp4`,
    mimeType: 'video/mp4',
    sizeBytes: Math.round(duration * rng.float(2, 4) * 1_000_000),
    width: 1920,
    height: 1080,
    durationSeconds: duration.toFixed(3),
    isActive: true,
    createdBy: campaign.createdBy,
  };
}

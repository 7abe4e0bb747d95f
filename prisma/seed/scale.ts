// Named data volumes. A custom scale starts from a named one and overrides fields:
//   --scale bench,organizations=5,creators=2000     --scale organizations=1,campaigns=3
export interface Scale {
  name: string;
  organizations: number;
  campaignsPerOrganization: number;
  influencersPerCampaign: number;
  assetsPerInfluencer: readonly [min: number, max: number];
  /** Campaigns per organization that get a brand lift study (among those past DRAFT). */
  studiesPerOrganization: number;
  /** Responses of a completed study; a study still collecting has 70 % of them. */
  responsesPerStudy: number;
  creators: number;
  /** The first N creators get an InfluencerProfile with audience shares. */
  profiles: number;
  /** The first N creators get an InsightIQMapping. */
  insightIQMappings: number;
}

const DEV: Scale = {
  name: 'dev',
  organizations: 3,
  campaignsPerOrganization: 5,
  influencersPerCampaign: 5,
  assetsPerInfluencer: [2, 3],
  studiesPerOrganization: 2,
  responsesPerStudy: 200,
  creators: 300,
  profiles: 240,
  insightIQMappings: 150,
};

export const SCALES: Record<string, Scale> = {
  dev: DEV,
  bench: {
    name: 'bench',
    organizations: 20,
    campaignsPerOrganization: 50,
    influencersPerCampaign: 20,
    assetsPerInfluencer: [5, 5],
    studiesPerOrganization: 5,
    responsesPerStudy: 400,
    creators: 10_000,
    profiles: 2000,
    insightIQMappings: 1000,
  },
  million: { ...DEV, name: 'million', creators: 1_000_000, profiles: 2000, insightIQMappings: 1000 },
};

const KEYS: Record<string, keyof Scale> = {
  organizations: 'organizations', orgs: 'organizations',
  campaigns: 'campaignsPerOrganization', influencers: 'influencersPerCampaign',
  studies: 'studiesPerOrganization', responses: 'responsesPerStudy',
  creators: 'creators', profiles: 'profiles', insightiq: 'insightIQMappings',
};

export function resolveScale(spec = 'dev', creators?: number): Scale {
  let scale: Scale = { ...DEV };
  const parts = spec.split(',').map((p) => p.trim()).filter(Boolean);
  for (const part of parts) {
    const [key, value] = part.split('=');
    if (value === undefined) {
      const named = SCALES[part];
      if (!named) throw new Error(`unknown scale "${part}" (known: ${Object.keys(SCALES).join(', ')}, or key=value overrides)`);
      scale = { ...named };
      continue;
    }
    scale.name = spec;
    if (key === 'assets') {
      const [min, max = min] = value.split('-').map(toCount);
      scale.assetsPerInfluencer = [min ?? 0, max ?? 0];
      continue;
    }
    const field = KEYS[key ?? ''];
    if (!field) throw new Error(`unknown scale key "${key}" (known: ${[...Object.keys(KEYS), 'assets'].join(', ')})`);
    (scale as unknown as Record<string, number>)[field] = toCount(value);
  }
  if (creators !== undefined) scale.creators = toCount(String(creators));
  if (scale.creators < scale.influencersPerCampaign) {
    throw new Error(`${scale.creators} creators cannot fill ${scale.influencersPerCampaign} influencers per campaign`);
  }
  return scale;
}

function toCount(text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a count: "${text}"`);
  return n;
}
